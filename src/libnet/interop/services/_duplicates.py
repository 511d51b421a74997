"""The record an imported one duplicates, found for a whole batch at once (as
catalog.services.find_duplicate finds it for one). Private to the import."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pymarc

from libnet.catalog import marc
from libnet.catalog.models import BibIsbn, BibRecord
from libnet.core import plain_sql
from libnet.interop.marc import holdings, reader


@dataclass
class Prepared:
    """A record of the batch, decoded and split from its copies, on its way to the database."""

    read: reader.ReadRecord
    record: pymarc.Record
    extracted: marc.Extracted
    copies: list[holdings.HoldingsItem]
    is_new: bool = False
    bib: BibRecord | None = None
    # The record it duplicates: a row id, or a new record earlier in the same batch.
    duplicate_of: int | Prepared | None = None
    # The record as JSON, once worked out to compare it with another (DuplicateIndex.find).
    marc_json: dict[str, Any] | None = None

    def bib_id(self) -> int:
        """The id of the record its copies go to: its own, or the one it duplicates."""
        found = self.duplicate_of
        if isinstance(found, Prepared):
            return found.bib_id()
        if found is not None:
            return found
        assert self.bib is not None  # a new record, written before its copies
        return int(self.bib.pk)


class DuplicateIndex:
    """find_duplicate for a whole batch: four queries, plus the batch's own new records.

    Same order as catalog.services.find_duplicate: 001+003, then ISBN, then match key (only
    when it has a title and a year), then an identical MARC record.
    """

    def __init__(self) -> None:
        self.by_control: dict[tuple[str, str], int | Prepared] = {}
        self.by_isbn: dict[str, int | Prepared] = {}
        self.by_key: dict[str, int | Prepared] = {}
        self.new_by_key: dict[str, list[Prepared]] = {}
        # The stored records under each match key too weak to trust (no year, or no title
        # word), with their MARC: a record of the batch duplicates one only if identical.
        self.stored_by_weak_key: dict[str, list[tuple[int, dict[str, Any]]]] = {}

    @classmethod
    def load(cls, batch: list[marc.Extracted]) -> DuplicateIndex:
        index = cls()
        control_numbers = {
            extracted.control_number for extracted in batch if extracted.control_number
        }
        isbns = {isbn for extracted in batch for isbn in extracted.isbns}
        keys = {
            extracted.match_key[:200] for extracted in batch if _trusted_key(extracted.match_key)
        }
        weak_keys = {
            extracted.match_key[:200]
            for extracted in batch
            if not _trusted_key(extracted.match_key[:200])
        }
        # Plain SQL: the ORM prepared each of a batch's thousand values one by one.
        if control_numbers:
            for pk, number, source in _rows_in(
                BibRecord,
                ("id", "control_number", "control_number_source"),
                "control_number",
                control_numbers,
            ):
                index.by_control.setdefault((number, source), pk)
        if isbns:
            for isbn, bib_id in _rows_in(BibIsbn, ("isbn13", "bib_id"), "isbn13", isbns):
                index.by_isbn.setdefault(isbn, bib_id)
        if keys:
            for key, pk in _rows_in(BibRecord, ("match_key", "id"), "match_key", keys):
                index.by_key.setdefault(key, pk)
        if weak_keys:
            weak_rows = BibRecord.objects.filter(match_key__in=weak_keys).order_by("pk")
            for key, pk, marc_json in weak_rows.values_list("match_key", "pk", "marc_json"):
                index.stored_by_weak_key.setdefault(key, []).append((pk, marc_json))
        return index

    def find(self, entry: Prepared) -> int | Prepared | None:
        """The record `entry` duplicates: a row id, a new record of the batch, or None."""
        extracted, record = entry.extracted, entry.record
        if extracted.control_number:
            found = self.by_control.get((extracted.control_number, extracted.control_number_source))
            if found is not None:
                return found
        for isbn in extracted.isbns:
            if isbn in self.by_isbn:
                return self.by_isbn[isbn]
        key = extracted.match_key[:200]
        if _trusted_key(key):
            return self.by_key.get(key)
        entry.marc_json = wanted = marc.record_to_json(record)
        for new in self.new_by_key.get(key, []):
            if new.marc_json == wanted:
                return new
        # identical_record, for the whole batch at once (load).
        for pk, stored in self.stored_by_weak_key.get(key, []):
            if stored == wanted:
                return pk
        return None

    def add(self, entry: Prepared) -> None:
        extracted = entry.extracted
        if extracted.control_number:
            self.by_control.setdefault(
                (extracted.control_number, extracted.control_number_source), entry
            )
        for isbn in extracted.isbns:
            self.by_isbn.setdefault(isbn, entry)
        key = extracted.match_key[:200]
        if _trusted_key(key):
            self.by_key.setdefault(key, entry)
        self.new_by_key.setdefault(key, []).append(entry)


def _rows_in(
    model: type[BibRecord] | type[BibIsbn], names: tuple[str, ...], key: str, values: set[str]
) -> list[tuple[Any, ...]]:
    """The columns `names` of the rows of `model` whose `key` is one of `values`, in the
    order of their ids (as `.filter(key__in=values).order_by("pk").values_list(*names)`)."""
    with plain_sql.cursor() as cursor:
        cursor.execute(
            plain_sql.select_in(model, names, key)
            + plain_sql.placeholders(len(values))
            + f" ORDER BY {plain_sql.column(model, 'id')}",
            list(values),
        )
        return [tuple(row) for row in cursor.fetchall()]


def _trusted_key(key: str) -> bool:
    # As find_duplicate: a key with only punctuation and no year would match unrelated records.
    parts = key.split("|")
    return bool(parts[0] and parts[-1])


def identical_record(record: pymarc.Record, extracted: marc.Extracted) -> BibRecord | None:
    """Return a record with exactly this MARC, for records that have no 001, ISBN or year.

    find_duplicate needs a year to trust a match key; without this step such records would
    come back twice from import → export → import.
    """
    wanted = marc.record_to_json(record)
    for candidate in BibRecord.objects.filter(match_key=extracted.match_key[:200]).only(
        "marc_json"
    ):
        if candidate.marc_json == wanted:
            return BibRecord.objects.get(pk=candidate.pk)
    return None
