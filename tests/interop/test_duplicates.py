"""The import's duplicate look-ups for a batch (interop.services._duplicates)."""

from __future__ import annotations

import pytest

from libnet.catalog import marc
from libnet.catalog.models import BibIsbn, BibRecord
from libnet.interop.services._duplicates import DuplicateIndex
from tests.factories import BibRecordFactory

pytestmark = pytest.mark.django_db


def test_a_batch_finds_the_stored_records_the_orm_queries_find():
    """DuplicateIndex.load reads the records of a batch's control numbers, ISBNs and match
    keys by plain SQL: the first stored record of each (by id) is the one the ORM's
    `filter(…__in=…).order_by("pk")` gives, on SQLite and on PostgreSQL."""
    first = BibRecordFactory(title="Số đỏ", control_number="VN-1", control_number_source="A")
    BibRecordFactory(title="Số đỏ", control_number="VN-1", control_number_source="A")
    BibRecordFactory(title="Tắt đèn", control_number="VN-1", control_number_source="B")
    other = BibRecordFactory(title="Truyện Kiều", control_number="VN-2")
    BibIsbn.objects.create(bib=other, isbn13="9786042101233")
    BibIsbn.objects.create(bib=first, isbn13="9786042101233")
    BibIsbn.objects.create(bib=first, isbn13="9780306406157")
    batch = [
        marc.Extracted(
            title=title, authors=["Vũ Trọng Phụng"], year=2020, control_number=number, isbns=isbns
        )
        for title, number, isbns in (
            ("Số đỏ", "VN-1", ["9786042101233"]),
            ("Tắt đèn", "VN-2", ["9780306406157", "9781234567897"]),
            ("Không có", "VN-3", []),
            ("Truyện Kiều", "", []),
        )
    ]
    index = DuplicateIndex.load(batch)

    by_control: dict[tuple[str, str], int] = {}
    for pk, number, source in (
        BibRecord.objects.filter(control_number__in=["VN-1", "VN-2", "VN-3"])
        .order_by("pk")
        .values_list("pk", "control_number", "control_number_source")
    ):
        by_control.setdefault((number, source), pk)
    by_isbn: dict[str, int] = {}
    for isbn, bib_id in (
        BibIsbn.objects.filter(isbn13__in=["9786042101233", "9780306406157", "9781234567897"])
        .order_by("pk")
        .values_list("isbn13", "bib_id")
    ):
        by_isbn.setdefault(isbn, bib_id)
    by_key: dict[str, int] = {}
    for key, pk in (
        BibRecord.objects.filter(match_key__in=[e.match_key for e in batch])
        .order_by("pk")
        .values_list("match_key", "pk")
    ):
        by_key.setdefault(key, pk)

    assert index.by_control == by_control
    assert index.by_control[("VN-1", "A")] == first.pk
    assert len(index.by_control) == 3
    assert index.by_isbn == by_isbn
    assert index.by_isbn["9786042101233"] == other.pk
    assert index.by_key == by_key
    assert set(by_key) == {batch[0].match_key, batch[1].match_key, batch[3].match_key}
