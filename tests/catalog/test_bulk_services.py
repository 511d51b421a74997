"""catalog's bulk services: add_records and add_items check, number, audit and count a batch as
add_item does one copy; move_items changes many copies at once; the index hears of it through
catalog.changes, and catalog does not import search."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

from libnet.catalog import changes, services
from libnet.catalog.errors import CatalogRefused
from libnet.catalog.models import Item, ItemStatus, WeedingCandidate
from libnet.core.models import AuditEntry
from libnet.search.models import SearchDocument
from libnet.stats.models import DailyStat
from tests.factories import NOW, BibRecordFactory, ItemFactory, make_marc

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 2)  # NOW in Vietnam


@pytest.fixture
def register(province, lan):
    return services.create_register(
        library=province["provincial"], prefix="VV", name="Sách tiếng Việt", by=lan.user
    )


def _figure(library, indicator):
    row = DailyStat.objects.filter(library=library, indicator=indicator, day=TODAY).first()
    return row.value if row else 0


def test_a_batch_of_copies_is_checked_numbered_and_refused_copy_by_copy(province, register, lan):
    provincial = province["provincial"]
    bib = BibRecordFactory()
    ItemFactory(bib=bib, home_library=provincial, barcode="TAKEN1", accession_number="")
    added = services.add_items(
        copies=[
            services.NewCopy(bib_id=bib.pk, library=provincial, barcode="N1"),
            services.NewCopy(bib_id=bib.pk, library=provincial, barcode="TAKEN1"),  # in use
            services.NewCopy(bib_id=bib.pk, library=provincial, barcode="N1"),  # twice here
            services.NewCopy(bib_id=bib.pk, library=provincial, barcode="N 2"),  # a space
            services.NewCopy(bib_id=bib.pk, library=provincial, price_vnd=-5),
            services.NewCopy(bib_id=bib.pk, library=provincial, accession_number="KHAC.1"),
            services.NewCopy(bib_id=bib.pk, library=provincial),
        ],
        by=lan.user,
        at=NOW,
    )
    assert {position: refusal.code for position, refusal in added.refused.items()} == {
        1: "duplicate_barcode",
        2: "duplicate_barcode",
        3: "invalid_barcode",
        4: "invalid_price",
        5: "accession_number_other_register",
    }
    assert [item.accession_number for item in added.items] == ["VV.000001", "VV.000002"]
    assert added.items[0].barcode == "N1"
    assert added.items[1].barcode.startswith("SLTVT")  # made from the library's code
    assert Item.objects.filter(home_library=provincial).count() == 3
    register.refresh_from_db()
    assert register.next_number == 3


def test_each_copy_added_in_bulk_is_audited_and_counted_once(province, register, lan):
    provincial = province["provincial"]
    held, new_title = BibRecordFactory(), BibRecordFactory()
    ItemFactory(bib=held, home_library=provincial, barcode="OLD1", accession_number="")
    added = services.add_items(
        copies=[
            services.NewCopy(bib_id=held.pk, library=provincial),
            services.NewCopy(bib_id=new_title.pk, library=provincial),
            services.NewCopy(bib_id=new_title.pk, library=provincial),
        ],
        by=lan.user,
        at=NOW,
        note="MARC import",
    )
    entries = AuditEntry.objects.filter(action="item.create")
    assert sorted(entry.subject_id for entry in entries) == sorted(
        str(item.pk) for item in added.items
    )
    assert {entry.note for entry in entries} == {"MARC import"}
    assert {entry.after["accession_number"] for entry in entries} == {
        "VV.000001",
        "VV.000002",
        "VV.000003",
    }
    assert _figure(provincial, "items_added") == 3
    assert _figure(provincial, "titles_added") == 1  # the held title was there already


def test_imported_numbers_are_kept_and_a_far_one_leaves_the_counter(province, register, lan):
    provincial = province["provincial"]
    bib = BibRecordFactory()
    ItemFactory(
        bib=bib,
        home_library=provincial,
        accession_number="VV.000002",  # entered before the register took it in order
        barcode="OLD2",
    )
    added = services.add_items(
        copies=[
            services.NewCopy(bib_id=bib.pk, library=provincial),
            services.NewCopy(bib_id=bib.pk, library=provincial, accession_number="VV.005000"),
            services.NewCopy(bib_id=bib.pk, library=provincial, accession_number="Koha-77"),
            services.NewCopy(bib_id=bib.pk, library=provincial),
        ],
        by=None,
        at=NOW,
        imported=True,
    )
    assert not added.refused
    assert [item.accession_number for item in added.items] == [
        "VV.000001",
        "VV.005000",
        "Koha-77",  # the other system's own number, outside the register's order
        "VV.000003",  # VV.000002 is a copy's already
    ]
    assert added.far_ahead == {1: "VV.000002"}
    register.refresh_from_db()
    assert register.next_number == 4


def test_a_typed_number_far_ahead_needs_a_confirmation(province, register, lan):
    bib = BibRecordFactory()
    copy = services.NewCopy(
        bib_id=bib.pk, library=province["provincial"], accession_number="VV.900"
    )
    refused = services.add_items(copies=[copy], by=lan.user, at=NOW)
    assert refused.refused[0].code == "accession_number_jump"
    confirmed = services.add_items(copies=[copy], by=lan.user, at=NOW, confirm_jump=True)
    assert confirmed.items[0].accession_sequence == 900
    register.refresh_from_db()
    assert register.next_number == 901


def test_records_in_bulk_are_audited_counted_and_indexed_once_per_batch(province, lan, monkeypatch):
    told: list[list[int]] = []
    monkeypatch.setattr(changes, "_records_handlers", [*changes._records_handlers, told.append])
    with changes.batch():
        bibs = services.add_records(
            records=[
                services.NewRecord(make_marc(title="Số đỏ", control_number="B-1")),
                services.NewRecord(make_marc(title="Tắt đèn", control_number="B-2")),
            ],
            by=lan.user,
            library=province["provincial"],
            at=NOW,
        )
        services.add_items(
            copies=[services.NewCopy(bib_id=bibs[0].pk, library=province["commune"])],
            by=lan.user,
            at=NOW,
        )
        assert told == []  # not before the batch ends
    assert told == [sorted(bib.pk for bib in bibs)]
    assert SearchDocument.objects.filter(bib_id__in=[bib.pk for bib in bibs]).count() == 2
    assert AuditEntry.objects.filter(action="record.create").count() == 2
    assert _figure(province["provincial"], "records_created") == 2


def test_a_record_without_a_title_refuses_the_batch_and_writes_nothing(province, lan):
    untitled = make_marc(title="")
    untitled.remove_fields("245")
    with pytest.raises(CatalogRefused):
        services.add_records(
            records=[services.NewRecord(make_marc(title="Số đỏ")), services.NewRecord(untitled)],
            by=lan.user,
            library=province["provincial"],
        )
    assert not AuditEntry.objects.filter(action="record.create").exists()


def test_move_items_changes_every_copy_or_none(province, lan):
    provincial, commune = province["provincial"], province["commune"]
    first = ItemFactory(home_library=provincial)
    second = ItemFactory(home_library=provincial)
    lost = ItemFactory(home_library=provincial, status=ItemStatus.LOST)
    WeedingCandidate.objects.create(
        item=lost, library=provincial, reason="lost", source="x", noted_at=NOW
    )
    with pytest.raises(CatalogRefused) as refused:
        services.move_items(
            items=[first, ItemFactory(home_library=provincial, status=ItemStatus.WITHDRAWN)],
            to=ItemStatus.IN_TRANSIT,
            current_library=provincial,
            by=lan.user,
            at=NOW,
        )
    assert refused.value.code == "invalid_status_change"
    assert Item.objects.get(pk=first.pk).status == ItemStatus.AVAILABLE
    services.move_items(
        items=[first, second],
        to=ItemStatus.IN_TRANSIT,
        current_library=provincial,
        by=lan.user,
        at=NOW,
        reason="rotation batch #1",
    )
    assert set(
        Item.objects.filter(pk__in=[first.pk, second.pk]).values_list("status", flat=True)
    ) == {ItemStatus.IN_TRANSIT}
    entries = AuditEntry.objects.filter(action="item.status")
    assert sorted(entry.subject_id for entry in entries) == sorted([str(first.pk), str(second.pk)])
    assert {(entry.before["status"], entry.after["status"], entry.note) for entry in entries} == {
        ("available", "in_transit", "rotation batch #1")
    }
    services.move_items(items=[lost], to=ItemStatus.AVAILABLE, by=lan.user, at=NOW)
    assert WeedingCandidate.objects.get(item=lost).resolved_at == NOW  # found: off the list
    services.move_items(items=[first, second], current_library=commune, by=lan.user, at=NOW)
    moved = Item.objects.filter(pk__in=[first.pk, second.pk])
    assert {(item.status, item.current_library_id) for item in moved} == {
        (ItemStatus.IN_TRANSIT, commune.pk)
    }
    assert AuditEntry.objects.filter(action="item.move").count() == 2


def test_catalog_does_not_import_search():
    """catalog sits below search (DESIGN.md §2): it tells the index through catalog.changes."""
    root = Path(services.__file__).resolve().parents[1]
    importing = []
    for path in root.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        if "search" not in source:
            continue  # no import of it, and parsing every module costs a second
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            if any(name.split(".")[:2] == ["libnet", "search"] for name in names):
                importing.append(path.name)
    assert importing == []
