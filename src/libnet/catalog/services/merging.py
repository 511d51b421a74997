"""Two catalogue records of one title merged into one: the survivor keeps its MARC and gains
the other's copies and everything that pointed at it; the other leaves a tombstone."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from libnet.catalog import changes, merged_records
from libnet.catalog.errors import CatalogRefused
from libnet.catalog.models import (
    BibIsbn,
    BibRecord,
    Item,
    RecordListEntry,
    RecordTombstone,
    SerialTitle,
)
from libnet.catalog.services.records import bury, check_record_change
from libnet.core import audit, clock
from libnet.core.audit import Actor
from libnet.network.models import Library


def merge_records(
    *,
    survivor: BibRecord,
    merged: BibRecord,
    by: Actor,
    library: Library | None = None,
    at: dt.datetime | None = None,
) -> BibRecord:
    """Merge `merged` into `survivor` and return the survivor.

    The copies of `merged` (and so their loans, which follow the copy) become the survivor's;
    holds, inter-library loan requests, order and donation lines and content flags move
    through each app's handler (catalog.merged_records). `merged` is then deleted and leaves
    a tombstone naming the survivor; older tombstones that named `merged` now name the
    survivor, so a link followed late still arrives.

    Raises CatalogForbidden when `by` may not change either record (the one rule,
    check_record_change), CatalogRefused("merge_into_itself"), ("merge_serial") when
    `merged` is a serial title, ("record_still_referenced") when something no handler moved
    still points at it. When it raises, nothing has been written.
    """
    with transaction.atomic():
        at = at or clock.now()
        if survivor.pk == merged.pk:
            raise CatalogRefused("merge_into_itself")
        check_record_change(bib=survivor, by=by, library=library)
        check_record_change(bib=merged, by=by, library=library)
        # Lock both, in id order: two merges of the same pair the other way round must not
        # deadlock, and a copy added to `merged` meanwhile must wait and then fail.
        locked = {
            bib.pk: bib
            for bib in BibRecord.objects.select_for_update(of=("self",))
            .filter(pk__in=[survivor.pk, merged.pk])
            .order_by("pk")
        }
        survivor, merged = locked[survivor.pk], locked[merged.pk]
        if SerialTitle.objects.filter(bib=merged).exists():
            raise CatalogRefused("merge_serial")
        copies = Item.objects.filter(bib=merged).update(bib=survivor)
        _move_list_entries(merged=merged, survivor=survivor)
        moved = merged_records.records_merged(merged=merged, survivor=survivor, by=by, at=at)
        remaining = merged_records.references(merged)
        if remaining:
            raise CatalogRefused("record_still_referenced", what=", ".join(remaining))
        library_id = library.pk if library else None
        audit.record(
            "record.merge",
            subject=survivor,
            by=by,
            at=at,
            library_id=library_id,
            after={
                "merged": merged.pk,
                "merged_title": merged.title,
                "merged_control_number": merged.control_number,
                "copies": copies,
                **{name: count for name, count in moved.items() if count},
            },
        )
        audit.record(
            "record.merged_away",
            subject=merged,
            by=by,
            at=at,
            library_id=library_id,
            before={"title": merged.title, "control_number": merged.control_number},
            after={"survivor": survivor.pk},
        )
        merged_id = merged.pk
        bury(merged, at=at, survivor=survivor)
        RecordTombstone.objects.filter(survivor_id=merged_id).update(survivor=survivor)
        BibIsbn.objects.filter(bib=merged).delete()
        merged.delete()
        survivor.updated_at = at
        survivor.save(update_fields=["updated_at"])
        changes.records_changed([survivor.pk, merged_id])
        return survivor


def _move_list_entries(*, merged: BibRecord, survivor: BibRecord) -> None:
    """Saved lists (bibliographies, displays) name the survivor where they named `merged`; a
    list that had both keeps the survivor's entry (a copy's entry moved with its copy)."""
    has_survivor = RecordListEntry.objects.filter(bib=survivor, item__isnull=True).values_list(
        "record_list_id", flat=True
    )
    RecordListEntry.objects.filter(
        bib=merged, item__isnull=True, record_list_id__in=list(has_survivor)
    ).delete()
    RecordListEntry.objects.filter(bib=merged).update(bib=survivor)
