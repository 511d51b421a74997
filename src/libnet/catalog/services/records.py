"""Catalogue records: created (one, or a batch of an import), replaced, merged, deleted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pymarc
from django.db import transaction

from libnet.catalog import access, changes, local_studies, marc
from libnet.catalog import stats_sources as catalog_stats
from libnet.catalog.errors import CatalogRefused
from libnet.catalog.models import (
    BibIsbn,
    BibRecord,
    Item,
    RecordTombstone,
    SerialSubscription,
    SerialTitle,
)
from libnet.catalog.services import headings
from libnet.core import audit, bulk, clock, plain_sql
from libnet.core.audit import Actor
from libnet.network.models import Library


def _apply_columns(bib: BibRecord, extracted: marc.Extracted, places: list[str]) -> None:
    for name, value in _columns(extracted, places).items():
        setattr(bib, name, value)


def _columns(extracted: marc.Extracted, places: list[str]) -> dict[str, Any]:
    """The record's columns; local-studies material by its MARC field or by the heading rule."""
    columns = extracted.as_columns()
    if not columns["is_local_studies"]:
        columns["is_local_studies"] = local_studies.named_in_headings(columns["subjects"], places)
    return columns


def _write_isbns(bib: BibRecord, isbns: list[str], *, replace: bool) -> None:
    if replace:
        BibIsbn.objects.filter(bib=bib).delete()
    BibIsbn.objects.bulk_create([BibIsbn(bib=bib, isbn13=isbn) for isbn in dict.fromkeys(isbns)])


@dataclass(frozen=True)
class NewRecord:
    """A record to add: its MARC (already NFC, UTF-8) and, when the caller has worked them
    out already, what marc.extract found in it and its JSON (marc.record_to_json)."""

    marc_record: pymarc.Record
    extracted: marc.Extracted | None = None
    marc_json: dict[str, Any] | None = None


def add_records(
    *,
    records: Sequence[NewRecord],
    by: Actor,
    library: Library | None = None,
    at: dt.datetime | None = None,
    note: str = "",
) -> list[BibRecord]:
    """Add catalogue records, catalogued by `library`; returns them, in order, with their ids.

    One statement each for the records, their ISBNs, their audit entries and the day's
    "records created" of `library`, so an import batch costs no more than one record.
    Raises CatalogRefused("no_title") when a 245 gives no title, with nothing written.
    """
    at = at or clock.now()
    created_by_id = by.pk if getattr(by, "is_authenticated", False) else None  # type: ignore[union-attr]  # an authenticated Actor is a user
    library_id = library.pk if library is not None else None
    bibs: list[BibRecord] = []
    isbns: list[list[str]] = []
    places = local_studies.local_studies_places()
    for new in records:
        extracted = new.extracted or marc.extract(new.marc_record)
        if not extracted.title:
            raise CatalogRefused("no_title")
        bibs.append(
            plain_sql.new(
                BibRecord,
                marc_json=new.marc_json or marc.record_to_json(new.marc_record),
                created_at=at,
                updated_at=at,
                created_by_id=created_by_id,
                created_at_library_id=library_id,
                **_columns(extracted, places),
            )
        )
        isbns.append(list(dict.fromkeys(extracted.isbns)))
    # Every refusal comes before this block, so it needs no savepoint of its own inside the
    # caller's transaction (SQLite would copy each page the batch changes into a statement
    # journal): a database error in it rolls the caller's transaction back whole.
    with transaction.atomic(savepoint=False):
        bulk.insert_rows(bibs, with_ids=True)
        bulk.insert_rows(
            [
                BibIsbn(bib_id=bib.pk, isbn13=isbn)
                for bib, numbers in zip(bibs, isbns, strict=True)
                for isbn in numbers
            ]
        )
        for bib in bibs:
            plain_sql.cache_related(bib, created_at_library=library)
        audit.record_many(
            "record.create",
            (
                audit.Entry(
                    bib,
                    library_id,
                    after={"title": bib.title, "control_number": bib.control_number},
                )
                for bib in bibs
            ),
            by=by,
            at=at,
            note=note,
        )
        catalog_stats.count_records(bibs)
        headings.link_headings(
            [(bib.pk, new.marc_record) for bib, new in zip(bibs, records, strict=True)]
        )
        changes.records_changed(bib.pk for bib in bibs)
        return bibs


def create_record(
    *,
    marc_record: pymarc.Record,
    by: Actor,
    library: Library | None = None,
    at: dt.datetime | None = None,
) -> BibRecord:
    """Add a catalogue record from a MARC record (already NFC, UTF-8); returns it.

    Raises CatalogRefused("no_title") when 245 gives no title.
    """
    return add_records(records=[NewRecord(marc_record)], by=by, library=library, at=at)[0]


def replace_record(
    *,
    bib: BibRecord,
    marc_record: pymarc.Record,
    by: Actor,
    library: Library | None = None,
    at: dt.datetime | None = None,
) -> BibRecord:
    """Replace the MARC of `bib` with `marc_record`, keeping its copies; returns it.

    Raises CatalogForbidden when `by` (or, without a person, `library`) may not change this
    shared record (catalog.policies.record_change_refusal), CatalogRefused("no_title") when
    245 gives no title.
    """
    with transaction.atomic():
        at = at or clock.now()
        check_record_change(bib=bib, by=by, library=library)
        extracted = marc.extract(marc_record)
        if not extracted.title:
            raise CatalogRefused("no_title")
        before = {"title": bib.title, "marc_json": bib.marc_json}
        bib.marc_json = marc.record_to_json(marc_record)
        bib.updated_at = at
        _apply_columns(bib, extracted, local_studies.local_studies_places())
        bib.save()
        _write_isbns(bib, extracted.isbns, replace=True)
        headings.link_headings([(bib.pk, marc_record)], replace=True)
        changes.records_changed([bib.pk])
        audit.record(
            "record.replace",
            subject=bib,
            by=by,
            at=at,
            library_id=library.pk if library else None,
            before=before,
            after={"title": bib.title},
        )
        return bib


def merge_record(
    *,
    bib: BibRecord,
    marc_record: pymarc.Record,
    by: Actor,
    library: Library | None = None,
    at: dt.datetime | None = None,
) -> BibRecord:
    """Add to `bib` the fields of `marc_record` it lacks (by tag and content); returns it.

    Existing fields are never removed or changed; only new variable fields are appended.
    Raises CatalogForbidden as replace_record does.
    """
    check_record_change(bib=bib, by=by, library=library)
    existing = marc.record_from_json(bib.marc_json)
    seen = {(f.tag, str(f)) for f in existing.get_fields()}
    added = 0
    for marc_field in marc_record.get_fields():
        if marc_field.tag < "010" or (marc_field.tag, str(marc_field)) in seen:
            continue
        existing.add_ordered_field(marc_field)
        added += 1
    if not added:
        return bib
    return replace_record(bib=bib, marc_record=existing, by=by, library=library, at=at)


def delete_record(
    *, bib: BibRecord, by: Actor, library: Library | None = None, at: dt.datetime | None = None
) -> None:
    """Delete a catalogue record that has no copies left (the search index lets it go).

    Raises CatalogRefused("record_has_items") while any copy (even a withdrawn one) refers
    to it: the copies' history needs their record; CatalogRefused("record_has_subscriptions")
    while it is a serial title some library subscribes to; CatalogForbidden as replace_record does.
    The record leaves a tombstone (`bury`).
    """
    with transaction.atomic():
        at = at or clock.now()
        check_record_change(bib=bib, by=by, library=library)
        copies = Item.objects.filter(bib=bib).count()
        if copies:
            raise CatalogRefused("record_has_items", count=copies)
        # A serial title goes with its record, unless a library still subscribes to it.
        subscriptions = SerialSubscription.objects.filter(title__bib=bib).count()
        if subscriptions:
            raise CatalogRefused("record_has_subscriptions", count=subscriptions)
        audit.record(
            "record.delete",
            subject=bib,
            by=by,
            at=at,
            library_id=library.pk if library else None,
            before={"title": bib.title, "control_number": bib.control_number},
        )
        bib_id = bib.pk
        bury(bib, at=at)
        BibIsbn.objects.filter(bib=bib).delete()
        SerialTitle.objects.filter(bib=bib).delete()
        bib.delete()
        changes.records_changed([bib_id])


def bury(bib: BibRecord, *, at: dt.datetime, survivor: BibRecord | None = None) -> None:
    """Leave a tombstone for `bib`, about to be deleted (or merged into `survivor`): its id,
    001/003 and title stay known to harvesters and links (catalog.models.RecordTombstone)."""
    RecordTombstone.objects.update_or_create(
        record_id=bib.pk,
        defaults={
            "control_number": bib.control_number,
            "control_number_source": bib.control_number_source,
            "title": bib.title,
            "deleted_at": at,
            "survivor": survivor,
        },
    )


def check_record_change(*, bib: BibRecord, by: Actor, library: Library | None = None) -> None:
    """Raise CatalogForbidden unless `by` may change the shared record `bib`.

    The one rule (catalog.policies.record_change_refusal) for every path that changes a
    record: the services below, MARC import (replace and merge, on the page and the command
    line) and any page or endpoint added later.
    """
    refusal = access.record_change_refusal(bib, access.record_editor(by, library))
    if refusal is not None:
        raise refusal


def find_duplicate(extracted: marc.Extracted) -> BibRecord | None:
    """Return the record that `extracted` duplicates: same 001+003, else ISBN, else match key."""
    if extracted.control_number:
        found = BibRecord.objects.filter(
            control_number=extracted.control_number,
            control_number_source=extracted.control_number_source,
        ).first()
        if found is not None:
            return found
    if extracted.isbns:
        row = BibIsbn.objects.filter(isbn13__in=extracted.isbns).select_related("bib").first()
        if row is not None:
            return row.bib
    key = extracted.match_key
    # A key with only punctuation and no year would match unrelated records.
    if key.split("|")[0] and key.split("|")[2]:
        return BibRecord.objects.filter(match_key=key).first()
    return None
