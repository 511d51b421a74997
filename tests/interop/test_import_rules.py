"""What `libnet import_marc` may change, and how it treats values the catalogue refuses.

The command is run by the server's administrator on behalf of --library: replace and merge
follow the shared-record rule for that library. A copy whose price or acquisition date is
out of range is kept without it, and the report says so; a number far ahead does not move
the register.
"""

from __future__ import annotations

import pymarc
import pytest
from django.apps import apps

from libnet.catalog import services as catalog_services
from libnet.catalog.models import AccessionRegister, BibRecord, Item
from libnet.core import clock
from libnet.core.models import AuditEntry
from tests.factories import BibRecordFactory, ItemFactory, make_marc
from tests.interop.helpers import import_marc, write_marc

pytestmark = pytest.mark.django_db


def _with_952(record: pymarc.Record, **subfields: str) -> pymarc.Record:
    record.add_field(
        pymarc.Field(
            tag="952",
            indicators=[" ", " "],
            subfields=[pymarc.Subfield(code, value) for code, value in subfields.items()],
        )
    )
    return record


# ---------------------------------------------------------------- shared records


def test_the_command_replaces_only_the_records_its_library_may_change(province, tmp_path):
    provincial = catalog_services.create_record(
        marc_record=make_marc(title="Truyện Kiều", control_number="VN-KIEU"),
        by=None,
        library=province["provincial"],
    )
    newer = make_marc(title="Truyện Kiều (bản sửa)", control_number="VN-KIEU")
    path = write_marc(tmp_path, "kieu.mrc", newer)
    run = import_marc(path, library="SL-THCS-TANLAP", on_duplicate="replace")
    assert run.status == 1
    assert run.counts["refused"] == 1
    assert "record kept as it was, not replaced" in run.stderr
    provincial.refresh_from_db()
    assert provincial.title == "Truyện Kiều"
    run = import_marc(path, library="SL-TVT", on_duplicate="replace")
    assert (run.status, run.counts["updated"]) == (0, 1)
    provincial.refresh_from_db()
    assert provincial.title == "Truyện Kiều (bản sửa)"


def test_a_library_code_is_read_in_its_one_form(province, tmp_path):
    path = write_marc(tmp_path, "one.mrc", make_marc())
    assert import_marc(path, library=" sl-tvt ").status == 0


# ---------------------------------------------------------------- values out of range


def test_an_acquisition_date_in_2099_is_dropped_with_a_warning_and_the_copy_kept(
    province, tmp_path
):
    record = _with_952(make_marc(), a="SL-TVT", p="AQ0001", d="2099-01-01", g="85000")
    run = import_marc(write_marc(tmp_path, "future.mrc", record))
    assert run.status == 0
    assert (run.counts["items_created"], run.counts["warnings"]) == (1, 1)
    item = Item.objects.get(barcode="AQ0001")
    assert item.acquired_on is None
    assert "acquired 2099-01-01" in item.notes
    assert item.price_vnd == 85000
    assert "AQ0001: acquisition date dropped" in run.stderr
    assert "01/01/2099" in run.stderr


def test_a_price_past_any_column_is_dropped_with_a_warning(province, tmp_path):
    record = _with_952(make_marc(), a="SL-TVT", p="PR0001", g="99999999999999999999")
    run = import_marc(write_marc(tmp_path, "price.mrc", record))
    assert run.status == 0
    item = Item.objects.get(barcode="PR0001")
    assert item.price_vnd is None
    assert "price 99999999999999999999" in item.notes
    assert run.counts["warnings"] == 1
    assert "PR0001: price dropped" in run.stderr


def test_an_imported_number_far_ahead_is_kept_but_does_not_move_the_register(province, tmp_path):
    register = catalog_services.create_register(
        library=province["provincial"], prefix="TN", name="Thiếu nhi", by=None
    )
    records = [
        _with_952(make_marc(title="Một"), a="SL-TVT", p="J0001", i="TN.000001"),
        _with_952(make_marc(title="Hai"), a="SL-TVT", p="J0002", i="TN.999993"),
        _with_952(make_marc(title="Ba"), a="SL-TVT", p="J0003"),
    ]
    run = import_marc(write_marc(tmp_path, "tn.mrc", *records))
    assert run.status == 0
    assert run.counts["warnings"] == 1
    assert "TN.999993 kept" in run.stderr
    assert Item.objects.get(barcode="J0002").accession_number == "TN.999993"
    assert Item.objects.get(barcode="J0003").accession_number == "TN.000002"
    register.refresh_from_db()
    assert register.next_number == 3
    assert catalog_services.proposed_accession_number(register) == "TN.000003"


def test_a_barcode_is_stored_in_its_one_form(province, tmp_path):
    record = _with_952(make_marc(), a="SL-TVT", p=" tv-0001 ")
    import_marc(write_marc(tmp_path, "lower.mrc", record))
    assert Item.objects.filter(barcode="TV-0001").exists()


# ---------------------------------------------------------------- not MARC at all


def test_a_text_file_that_begins_with_digits_is_not_marc(province, tmp_path):
    path = tmp_path / "ds.csv"
    path.write_text("12345,Truyện Kiều,Nguyễn Du\n67890,Số đỏ,Vũ Trọng Phụng\n", encoding="utf-8")
    run = import_marc(path)
    assert run.status == 2
    assert "This file is not MARC" in run.stderr
    assert not BibRecord.objects.exists()


# ---------------------------------------------------------------- the creating library


def test_records_without_a_creating_library_get_one_from_the_audit_log_or_their_copies(
    province,
):
    """The migration that backfills BibRecord.created_at_library."""
    backfill = __import__(
        "libnet.catalog.migrations.0004_backfill_record_creating_library",
        fromlist=["backfill_creating_library"],
    ).backfill_creating_library
    audited, held, orphan = BibRecordFactory(), BibRecordFactory(), BibRecordFactory()
    AuditEntry.objects.create(
        at=clock.now(),
        action="record.create",
        subject_type="catalog.bibrecord",
        subject_id=str(audited.pk),
        library_id=province["school"].pk,
    )
    ItemFactory(bib=held, home_library=province["commune"])
    backfill(apps, None)
    for bib in (audited, held, orphan):
        bib.refresh_from_db()
    assert audited.created_at_library == province["school"]
    assert held.created_at_library == province["commune"]
    assert orphan.created_at_library is None


def test_a_refused_copy_leaves_the_register_counter_where_it_was(province, tmp_path):
    catalog_services.create_register(
        library=province["provincial"], prefix="VV", name="Sách", by=None
    )
    record = _with_952(make_marc(), a="SL-TVT", p="has space")
    import_marc(write_marc(tmp_path, "bad.mrc", record))
    assert AccessionRegister.objects.get().next_number == 1
    assert not Item.objects.exists()


def test_barcodes_stored_before_are_brought_to_their_one_form(province):
    """The migration that puts existing barcodes in the form lookups use."""
    migration = __import__(
        "libnet.catalog.migrations.0005_barcodes_in_their_one_form",
        fromlist=["barcodes_in_their_one_form"],
    )
    lower = ItemFactory(barcode="tv0001", home_library=province["commune"])
    twin = ItemFactory(barcode="tv0002", home_library=province["commune"])
    ItemFactory(barcode="TV0002", home_library=province["commune"])
    migration.barcodes_in_their_one_form(apps, None)
    lower.refresh_from_db()
    twin.refresh_from_db()
    assert lower.barcode == "TV0001"
    assert twin.barcode == "tv0002"  # its normal form is another copy's: left for a person
