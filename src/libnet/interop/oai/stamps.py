"""OAI-PMH datestamps: when a record last changed for a harvester, and whether it is deleted.

catalog tells what it writes through its port (catalog.changes; InteropConfig.ready
registers the handlers below), inside the write's own transaction, so an entry changes
exactly when the catalogue does and a rolled-back write leaves it as it was.

What moves a record's datestamp: anything a harvester receives of it. Its MARC (created,
replaced, merged), its deletion, and its holdings: a copy added, withdrawn, lost, found again
or given another owner changes its 852s and the library sets it belongs to (OAI-PMH: a change
of set membership is a change of the record). A loan, a return, a transfer, a rotation or a
trip of the mobile library changes none of it, so it moves nothing.

Deleted: a record deleted from the catalogue (its tombstone, catalog.RecordTombstone), or one
whose every copy in the network is withdrawn or lost. A copy found again brings it back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db.models import Count, Exists, OuterRef, Q

from libnet.catalog import changes
from libnet.catalog.models import BibRecord, Item, RecordTombstone
from libnet.core import bulk, clock
from libnet.interop.models import OaiEntry
from libnet.interop.records import GONE_STATUSES, is_held

_CHUNK = 500
_REBUILD_CHUNK = 5000


def register() -> None:
    """Follow the catalogue's writes (called once, from InteropConfig.ready)."""
    changes.on_records_changed(records_changed)
    changes.on_copies_moved(copies_moved)


def records_changed(bib_ids: Sequence[int]) -> None:
    """Records created, replaced, merged or deleted, or copies added to them."""
    stamp(bib_ids)


def copies_moved(moves: Sequence[changes.CopyMove]) -> None:
    """Copies whose status or place changed: only entering or leaving the holdings, or a new
    owner, changes what a harvester sees."""
    bib_ids = {
        move.item.bib_id
        for move in moves
        if move.was.home_library_id != move.item.home_library_id
        or is_held(move.was.status) != is_held(move.item.status)
    }
    if bib_ids:
        stamp(sorted(bib_ids))


def stamp(bib_ids: Iterable[int], *, at: dt.datetime | None = None) -> None:
    """Give the records `bib_ids` the datestamp `at` (now) and say whether they are deleted."""
    at = at or clock.now()
    ids = sorted(set(bib_ids))
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        live = set(BibRecord.objects.filter(pk__in=chunk).values_list("pk", flat=True))
        held = {
            bib_id: (total, held)
            for bib_id, total, held in Item.objects.filter(bib_id__in=chunk)
            .values("bib_id")
            .annotate(total=Count("pk"), held=Count("pk", filter=~Q(status__in=GONE_STATUSES)))
            .values_list("bib_id", "total", "held")
        }
        _write((bib_id, at, _deleted(bib_id, live, held)) for bib_id in chunk)


def _deleted(bib_id: int, live: set[int], held: dict[int, tuple[int, int]]) -> bool:
    if bib_id not in live:
        return True
    total, still_held = held.get(bib_id, (0, 0))
    return total > 0 and still_held == 0


def _write(entries: Iterable[tuple[int, dt.datetime, bool]]) -> None:
    """Write the entries (record id, datestamp, deleted), each replacing the record's entry
    if it has one: one executemany (core.bulk), not bulk_create, which compiled each value
    (an import stamps every record it adds)."""
    bulk.insert_values(
        OaiEntry,
        ("record_id", "datestamp", "deleted"),
        list(entries),
        unique_fields=["record_id"],
        update_fields=["datestamp", "deleted"],
    )


def rebuild() -> int:
    """Write every record's entry again from the catalogue (after a restore from an old
    backup, or a catalogue loaded around the services, as the benchmarks do): its datestamp
    the time its record last changed, deletions from the tombstones. Returns the records
    written. A harvester then sees each record once more at most."""
    copies = Item.objects.filter(bib_id=OuterRef("pk"))
    written = 0
    last = 0
    while True:
        rows = list(
            BibRecord.objects.filter(pk__gt=last)
            .order_by("pk")
            .annotate(
                has_copies=Exists(copies), has_held=Exists(copies.exclude(status__in=GONE_STATUSES))
            )
            .values_list("pk", "updated_at", "has_copies", "has_held")[:_REBUILD_CHUNK]
        )
        if not rows:
            break
        _write(
            (pk, updated_at, has_copies and not has_held)
            for pk, updated_at, has_copies, has_held in rows
        )
        written += len(rows)
        last = rows[-1][0]
    tombstones = RecordTombstone.objects.values_list("record_id", "deleted_at")
    _write((record_id, deleted_at, True) for record_id, deleted_at in tombstones.iterator())
    return written
