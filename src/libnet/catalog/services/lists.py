"""Saved lists of records (catalog.RecordList): made, filled from a query or by hand,
reordered, annotated. The one mechanism behind a display's themed list, a bibliography and a
printable result list; each write is audited as a change of the list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.db.models import Max

from libnet.catalog.errors import RecordListRefused
from libnet.catalog.models import BibRecord, Item, RecordList, RecordListEntry, RecordListKind
from libnet.core import audit, clock, text
from libnet.core.audit import Actor
from libnet.network import selectors as network_selectors
from libnet.network.models import Library

TITLE_LIMIT = 300
INTRODUCTION_LIMIT = 20_000
NOTE_LIMIT = 5_000


def _title(value: object) -> str:
    title = text.clean(str(value or ""))
    if not title or len(title) > TITLE_LIMIT:
        raise RecordListRefused("title_required")
    return title


def _introduction(value: object) -> str:
    introduction = text.clean(str(value or ""))
    if len(introduction) > INTRODUCTION_LIMIT:
        raise RecordListRefused("introduction_too_long")
    return introduction


def _touch(record_list: RecordList, at: dt.datetime) -> None:
    record_list.updated_at = at
    RecordList.objects.filter(pk=record_list.pk).update(updated_at=at)


@transaction.atomic
def create_list(
    *,
    library: Library,
    kind: str,
    title: object,
    introduction: object = "",
    by: Actor,
    at: dt.datetime | None = None,
) -> RecordList:
    """Make an empty list of `library`."""
    at = at or clock.now()
    if kind not in RecordListKind.values:
        raise RecordListRefused("kind_unknown", kind=kind)
    made = RecordList.objects.create(
        library=library,
        kind=kind,
        title=_title(title),
        introduction=_introduction(introduction),
        created_by=audit.user_of(by),
        created_at=at,
        updated_at=at,
    )
    audit.record(
        "record_list.create",
        subject=made,
        by=by,
        at=at,
        library_id=library.pk,
        after={"kind": kind, "title": made.title},
    )
    return made


@transaction.atomic
def update_list(
    *,
    record_list: RecordList,
    title: object,
    introduction: object,
    by: Actor,
    at: dt.datetime | None = None,
) -> RecordList:
    """Rename a list and rewrite its introduction."""
    at = at or clock.now()
    before = {"title": record_list.title}
    record_list.title = _title(title)
    record_list.introduction = _introduction(introduction)
    record_list.updated_at = at
    record_list.save(update_fields=["title", "introduction", "updated_at"])
    audit.record(
        "record_list.update",
        subject=record_list,
        by=by,
        at=at,
        library_id=record_list.library_id,
        before=before,
        after={"title": record_list.title},
    )
    return record_list


@transaction.atomic
def add_to_list(
    *,
    record_list: RecordList,
    records: Iterable[BibRecord] = (),
    copies: Iterable[Item] = (),
    by: Actor,
    at: dt.datetime | None = None,
) -> int:
    """Add records (for a list of records) or copies (for a display's list: each with its
    record) at the end of the list, those already in it left where they are; returns how
    many were added. A copy must be held by the list's library or one below it."""
    at = at or clock.now()
    locked = RecordList.objects.select_for_update().get(pk=record_list.pk)
    copies = list(copies)
    if copies:
        allowed = network_selectors.subtree_ids([locked.library_id])
        for copy in copies:
            if copy.home_library_id not in allowed:
                raise RecordListRefused(
                    "copy_of_other_library", barcode=copy.barcode, library=locked.library.name
                )
    entries = RecordListEntry.objects.filter(record_list=locked)
    have_copies = set(entries.filter(item__isnull=False).values_list("item_id", flat=True))
    have_records = set(entries.filter(item__isnull=True).values_list("bib_id", flat=True))
    position = entries.aggregate(last=Max("position"))["last"] or 0
    new: list[RecordListEntry] = []
    for bib in dict.fromkeys(records):
        if bib.pk not in have_records:
            have_records.add(bib.pk)
            position += 1
            new.append(RecordListEntry(record_list=locked, bib=bib, position=position))
    for copy in copies:
        if copy.pk not in have_copies:
            have_copies.add(copy.pk)
            position += 1
            new.append(
                RecordListEntry(
                    record_list=locked, bib_id=copy.bib_id, item=copy, position=position
                )
            )
    if not new:
        return 0
    RecordListEntry.objects.bulk_create(new)
    _touch(locked, at)
    audit.record(
        "record_list.add",
        subject=locked,
        by=by,
        at=at,
        library_id=locked.library_id,
        after={"added": len(new)},
    )
    return len(new)


@transaction.atomic
def remove_from_list(
    *,
    record_list: RecordList,
    entry_ids: Sequence[int],
    by: Actor,
    at: dt.datetime | None = None,
) -> int:
    """Take entries out of the list; returns how many went."""
    at = at or clock.now()
    removed, _ = RecordListEntry.objects.filter(
        record_list=record_list, pk__in=list(entry_ids)
    ).delete()
    if removed:
        _touch(record_list, at)
        audit.record(
            "record_list.remove",
            subject=record_list,
            by=by,
            at=at,
            library_id=record_list.library_id,
            after={"removed": removed},
        )
    return removed


@transaction.atomic
def move_entry(
    *,
    record_list: RecordList,
    entry_id: int,
    up: bool,
    by: Actor,
    at: dt.datetime | None = None,
) -> None:
    """Swap an entry with the one before it (`up`) or after it."""
    at = at or clock.now()
    entries = list(
        RecordListEntry.objects.select_for_update()
        .filter(record_list=record_list)
        .order_by("position", "pk")
    )
    index = next((i for i, entry in enumerate(entries) if entry.pk == entry_id), None)
    if index is None:
        raise RecordListRefused("not_in_list")
    other = index - 1 if up else index + 1
    if not 0 <= other < len(entries):
        return
    entries[index], entries[other] = entries[other], entries[index]
    for position, entry in enumerate(entries, start=1):
        entry.position = position
    RecordListEntry.objects.bulk_update(entries, ["position"])
    _touch(record_list, at)
    audit.record(
        "record_list.reorder",
        subject=record_list,
        by=by,
        at=at,
        library_id=record_list.library_id,
    )


@transaction.atomic
def set_entry_note(
    *,
    record_list: RecordList,
    entry_id: int,
    note: object,
    by: Actor,
    at: dt.datetime | None = None,
) -> RecordListEntry:
    """Write an entry's note (an annotation, an abstract)."""
    at = at or clock.now()
    entry = RecordListEntry.objects.filter(record_list=record_list, pk=entry_id).first()
    if entry is None:
        raise RecordListRefused("not_in_list")
    cleaned = text.clean(str(note or ""))
    if len(cleaned) > NOTE_LIMIT:
        raise RecordListRefused("note_too_long")
    entry.note = cleaned
    entry.save(update_fields=["note"])
    _touch(record_list, at)
    audit.record(
        "record_list.note",
        subject=record_list,
        by=by,
        at=at,
        library_id=record_list.library_id,
    )
    return entry
