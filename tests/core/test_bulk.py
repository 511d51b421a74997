"""core.bulk.insert_rows writes the same rows bulk_create would."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from libnet.catalog.models import Item, ItemStatus
from libnet.core import bulk
from libnet.core.models import AuditEntry
from tests.factories import BibRecordFactory, ItemFactory

pytestmark = pytest.mark.django_db

AT = dt.datetime(2026, 4, 21, 8, 30, tzinfo=dt.UTC)


def test_rows_read_back_equal_to_what_was_built(province):
    bib = BibRecordFactory(title="Đất rừng phương Nam")
    built = [
        Item(
            bib=bib,
            barcode=f"BULK{n}",
            accession_number=f"VV.{n:06d}",
            home_library=province["commune"],
            current_library=province["commune"],
            call_number="895.9223 Đ406G",
            price_vnd=68000,
            acquired_on=dt.date(2026, 4, 21),
            created_at=AT,
            updated_at=AT,
        )
        for n in (1, 2)
    ]
    assert bulk.insert_rows(built) == 2
    stored = Item.objects.get(barcode="BULK2")
    assert stored.status == ItemStatus.AVAILABLE
    assert stored.call_number == "895.9223 Đ406G"
    assert stored.acquired_on == dt.date(2026, 4, 21)
    assert stored.created_at == AT
    assert stored.bib_id == bib.pk


def test_json_and_nulls_survive(province):
    bulk.insert_rows(
        [
            AuditEntry(
                at=AT,
                action="record.create",
                subject_type="x",
                subject_id="1",
                after={"tên": "Số đỏ", "n": [1, 2]},
            )
        ]
    )
    entry = AuditEntry.objects.get()
    assert entry.after == {"tên": "Số đỏ", "n": [1, 2]}
    assert entry.before is None
    assert entry.actor is None


def test_nothing_to_insert_is_a_no_op():
    assert bulk.insert_rows([]) == 0


def test_with_ids_gives_each_row_its_primary_key(province):
    from libnet.catalog.models import BibRecord

    before = BibRecordFactory(title="Trước")
    bibs = [
        BibRecord(
            title=f"Truyện cổ tích tập {n}",
            marc_json={"leader": "", "fields": []},
            created_at=AT,
            updated_at=AT,
        )
        for n in range(1, 4)
    ]
    bulk.insert_rows(bibs, with_ids=True)
    assert all(bib.pk for bib in bibs)
    assert len({bib.pk for bib in bibs} | {before.pk}) == 4
    for bib in bibs:
        assert BibRecord.objects.get(pk=bib.pk).title == bib.title
    after = BibRecordFactory(title="Sau")
    assert after.pk > max(bib.pk for bib in bibs)


def test_moments_in_any_zone_are_stored_as_django_stores_them(province):
    """The rows of insert_values are read back as the same moments, and a row breaking a
    unique constraint is skipped with ignore_conflicts."""
    from zoneinfo import ZoneInfo

    vietnam = ZoneInfo("Asia/Ho_Chi_Minh")
    moments = [
        dt.datetime(2026, 3, 2, 10, 15, 4, tzinfo=vietnam),
        dt.datetime(2026, 3, 2, 10, 15, 4, 250_000, tzinfo=dt.UTC),
    ]
    rows = [
        (moment, "bulk.test", "core.test", str(number), "") for number, moment in enumerate(moments)
    ]
    bulk.insert_values(AuditEntry, ("at", "action", "subject_type", "subject_id", "note"), rows)
    stored = dict(AuditEntry.objects.filter(action="bulk.test").values_list("subject_id", "at"))
    assert stored == {"0": moments[0], "1": moments[1]}
    django_made = AuditEntry.objects.create(
        at=moments[0], action="bulk.django", subject_type="core.test", subject_id="2"
    )
    assert AuditEntry.objects.filter(action__startswith="bulk.", at=django_made.at).count() == 2


def test_ignore_conflicts_skips_a_row_another_writer_made(province):
    names = [field.attname for field in Item._meta.concrete_fields if not field.primary_key]

    def row(barcode):
        copy = ItemFactory.build(
            bib=BibRecordFactory(), barcode=barcode, home_library=province["commune"]
        )
        return tuple(getattr(copy, name) for name in names)

    bulk.insert_values(Item, names, [row("BULK9")])
    bulk.insert_values(Item, names, [row("BULK9"), row("BULK10")], ignore_conflicts=True)
    assert sorted(Item.objects.values_list("barcode", flat=True)) == ["BULK10", "BULK9"]


def test_update_fields_rewrite_a_row_as_bulk_create_with_update_conflicts_does(province):
    """insert_values(update_fields=…) against the ORM's bulk_create(update_conflicts=True):
    the same rows, new and rewritten, on either database."""
    from libnet.interop.models import OaiEntry

    earlier = dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.UTC)
    later = dt.datetime(2026, 2, 7, 9, 30, 15, 500_000, tzinfo=dt.UTC)
    names = ("record_id", "datestamp", "deleted")

    def written(write) -> list[tuple[int, dt.datetime, bool]]:
        OaiEntry.objects.all().delete()
        OaiEntry.objects.bulk_create(
            [OaiEntry(record_id=1, datestamp=earlier), OaiEntry(record_id=2, datestamp=earlier)]
        )
        write([(1, later, True), (3, later, False)])
        return list(OaiEntry.objects.order_by("record_id").values_list(*names))

    by_orm = written(
        lambda rows: OaiEntry.objects.bulk_create(
            [OaiEntry(**dict(zip(names, row, strict=True))) for row in rows],
            update_conflicts=True,
            unique_fields=["record_id"],
            update_fields=["datestamp", "deleted"],
        )
    )
    by_bulk = written(
        lambda rows: bulk.insert_values(
            OaiEntry,
            names,
            rows,
            unique_fields=["record_id"],
            update_fields=["datestamp", "deleted"],
        )
    )
    assert by_bulk == by_orm == [(1, later, True), (2, earlier, False), (3, later, False)]


def test_json_is_stored_as_the_text_bulk_create_stores(province):
    """insert_rows encodes JSON itself on SQLite (core.bulk._JSON_TEXT): the column holds the
    same text as the ORM's, on SQLite and on PostgreSQL (jsonb), whatever the value holds."""
    value = {
        "leader": "00000nam a2200000 a 4500",
        "fields": [
            {"001": "VN-1"},
            {"245": {"ind1": "1", "ind2": "0", "subfields": [{"a": "Số đỏ /"}, {"c": None}]}},
        ],
        "n": [1, 2.5, True, False, None, 'ð \\ " \n'],
    }
    AuditEntry.objects.bulk_create(
        [AuditEntry(at=AT, action="record.create", subject_type="orm", subject_id="1", after=value)]
    )
    bulk.insert_rows(
        [
            AuditEntry(
                at=AT, action="record.create", subject_type="bulk", subject_id="1", after=value
            )
        ]
    )
    column = AuditEntry._meta.get_field("after").column
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT subject_type, {column} FROM {AuditEntry._meta.db_table} ORDER BY subject_type"
        )
        (bulk_type, bulk_text), (orm_type, orm_text) = cursor.fetchall()
    assert (bulk_type, orm_type) == ("bulk", "orm")
    assert bulk_text == orm_text
    assert AuditEntry.objects.get(subject_type="bulk").after == value
