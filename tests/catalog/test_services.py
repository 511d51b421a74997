"""Catalogue services: records from MARC, registers, copies and their statuses."""

from __future__ import annotations

import unicodedata

import pytest

from libnet.catalog import marc, services
from libnet.catalog.errors import CatalogRefused
from libnet.catalog.models import BibIsbn, Item, ItemStatus
from libnet.core.models import AuditEntry
from tests.factories import make_marc


@pytest.fixture
def register(province, lan):
    return services.create_register(
        library=province["provincial"], prefix="VV", name="Sách tiếng Việt", by=lan.user
    )


@pytest.fixture
def bib(lan, province):
    return services.create_record(
        marc_record=make_marc(title="Số đỏ", isbn="978-604-1-00001-1"),
        by=lan.user,
        library=province["provincial"],
    )


def test_a_record_keeps_its_marc_and_extracts_columns(bib):
    assert bib.title == "Số đỏ"
    assert bib.author_list == ["Vũ Trọng Phụng"]
    assert bib.publisher == "Nxb. Văn học"
    assert bib.year == 2020
    assert bib.class_number == "895.9223"
    assert (bib.class_scheme, bib.class_edition) == ("ddc", "23")
    assert bib.subject_list == ["Văn học Việt Nam", "Tiểu thuyết"]
    assert bib.language == "vie"
    rebuilt = marc.record_from_json(bib.marc_json)
    assert rebuilt["245"]["a"] == "Số đỏ /"


def test_an_isbn_is_stored_as_isbn13_whatever_its_form():
    assert marc.normalise_isbn("604-1-00001-X") is None or marc.normalise_isbn(
        "604-1-00001-X"
    ).startswith("978")
    assert marc.normalise_isbn("0-306-40615-2") == "9780306406157"
    assert marc.normalise_isbn("978 0 306 40615 7 (pbk.)") == "9780306406157"
    assert marc.normalise_isbn("not an isbn") is None


def test_a_decomposed_title_is_stored_in_nfc(lan):
    record = make_marc(title=unicodedata.normalize("NFD", "Dế Mèn phiêu lưu ký"))
    bib = services.create_record(marc_record=record, by=lan.user)
    assert bib.title == "Dế Mèn phiêu lưu ký"
    assert unicodedata.is_normalized("NFC", bib.title)


def test_a_record_without_a_title_is_refused_and_nothing_is_written(lan):
    record = make_marc(title="")
    record.remove_fields("245")
    with pytest.raises(CatalogRefused) as refused:
        services.create_record(marc_record=record, by=lan.user)
    assert refused.value.code == "no_title"
    assert not AuditEntry.objects.filter(action="record.create").exists()


def test_duplicates_are_found_by_control_number_then_isbn_then_match_key(lan):
    first = services.create_record(
        marc_record=make_marc(title="Tắt đèn", control_number="SL-1", isbn="9780306406157"),
        by=lan.user,
    )
    assert (
        services.find_duplicate(marc.extract(make_marc(title="Khác", control_number="SL-1")))
        == first
    )
    assert (
        services.find_duplicate(marc.extract(make_marc(title="Khác", isbn="0-306-40615-2")))
        == first
    )
    assert services.find_duplicate(marc.extract(make_marc(title="TẮT ĐÈN"))) == first
    assert services.find_duplicate(marc.extract(make_marc(title="Tắt đèn", year=1999))) is None
    assert BibIsbn.objects.filter(bib=first).count() == 1


def test_copies_take_the_next_accession_number_of_the_register(bib, register, province, lan):
    first = services.add_item(bib=bib, library=province["provincial"], by=lan.user)
    second = services.add_item(bib=bib, library=province["provincial"], by=lan.user)
    assert (first.accession_number, second.accession_number) == ("VV.000001", "VV.000002")
    assert first.barcode != second.barcode
    register.refresh_from_db()
    assert services.proposed_accession_number(register) == "VV.000003"


def test_an_explicit_accession_number_moves_the_register_past_it(bib, register, province, lan):
    services.add_item(
        bib=bib, library=province["provincial"], by=lan.user, accession_number="VV.000100"
    )
    register.refresh_from_db()
    assert register.next_number == 101


def test_a_barcode_already_in_the_network_is_refused(bib, register, province, lan):
    services.add_item(bib=bib, library=province["provincial"], by=lan.user, barcode="TVT0001")
    with pytest.raises(CatalogRefused) as refused:
        services.add_item(bib=bib, library=province["commune"], by=lan.user, barcode="TVT0001")
    assert refused.value.code == "duplicate_barcode"
    assert Item.objects.count() == 1


def test_an_accession_number_is_unique_within_the_library(bib, register, province, lan):
    services.add_item(
        bib=bib, library=province["provincial"], by=lan.user, accession_number="VV.000007"
    )
    with pytest.raises(CatalogRefused) as refused:
        services.add_item(
            bib=bib, library=province["provincial"], by=lan.user, accession_number="VV.000007"
        )
    assert refused.value.code == "duplicate_accession_number"


def test_a_register_of_another_library_cannot_number_a_copy(bib, register, province, lan):
    with pytest.raises(CatalogRefused) as refused:
        services.add_item(bib=bib, library=province["commune"], register=register, by=lan.user)
    assert refused.value.code == "register_other_library"


@pytest.mark.parametrize(
    ("current", "target", "withdrawal", "refusal"),
    [
        ("available", "on_loan", "", None),
        ("available", "withdrawn", "", "withdrawal_needs_decision"),
        ("available", "withdrawn", "QĐ 12/QĐ-TV", None),
        ("withdrawn", "available", "", "invalid_status_change"),  # withdrawal is final
        ("lost", "available", "", None),  # the copy turned up
        ("on_loan", "on_rotation", "", None),  # a rotation copy returned at its point
        ("in_transit", "on_loan", "", "invalid_status_change"),
        ("available", "available", "", "same_status"),
    ],
)
def test_status_change_rules(current, target, withdrawal, refusal):
    from libnet.catalog import policies

    assert policies.status_change_refusal(current, target, withdrawal) == refusal


def test_a_status_change_is_audited_with_before_and_after(bib, register, province, lan):
    item = services.add_item(bib=bib, library=province["provincial"], by=lan.user)
    services.change_item_status(item=item, to=ItemStatus.DAMAGED, by=lan.user, reason="Rách bìa")
    entry = AuditEntry.objects.filter(action="item.status").get()
    assert (entry.before["status"], entry.after["status"], entry.note, entry.actor) == (
        "available",
        "damaged",
        "Rách bìa",
        lan.user,
    )


def test_a_refused_status_change_leaves_the_copy_as_it_was(bib, register, province, lan):
    item = services.add_item(bib=bib, library=province["provincial"], by=lan.user)
    with pytest.raises(CatalogRefused):
        services.change_item_status(item=item, to=ItemStatus.WITHDRAWN, by=lan.user)
    item.refresh_from_db()
    assert item.status == ItemStatus.AVAILABLE


def test_merge_adds_missing_fields_and_keeps_existing_ones(bib, lan):
    incoming = make_marc(title="Số đỏ", subjects=("Văn học Việt Nam", "Trào phúng"))
    merged = services.merge_record(bib=bib, marc_record=incoming, by=lan.user)
    assert merged.subject_list == ["Văn học Việt Nam", "Tiểu thuyết", "Trào phúng"]
