"""Copies changing status or place: lent, returned, sent, received, lost, withdrawn.

Every change of a copy's status or of where it is goes through here, audited, with the
index told (catalog.changes) in the same transaction: circulation's desk one copy at a time
(change_locked_item_status, the path of every loan and return), rotation and the mobile
library a batch or a vehicle at a time (move_items).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction

from libnet.catalog import changes, policies
from libnet.catalog.changes import CopyMove, CopyPlace
from libnet.catalog.errors import CatalogRefused
from libnet.catalog.models import Item, ItemStatus, WeedingCandidate
from libnet.core import audit, clock, plain_sql, text
from libnet.core.audit import Actor
from libnet.network.models import Library

# What an "item.status" entry keeps of the copy before and after.
_STATUS_FIELDS = ("status", "current_library", "withdrawal_reference")
# Rows changed by one UPDATE of move_items.
_CHUNK = 500


def _status_refusal(item: Item, to: str, withdrawal_reference: str) -> CatalogRefused | None:
    """The refusal of `item` becoming `to` (catalog.policies.status_change_refusal), or None."""
    refusal = policies.status_change_refusal(
        item.status, to, withdrawal_reference or item.withdrawal_reference
    )
    if refusal is None:
        return None
    return CatalogRefused(
        refusal,
        current=ItemStatus(item.status).label,
        target=ItemStatus(to).label if to in ItemStatus.values else to,
    )


def _leaves_weeding_list(status: str, to: str) -> bool:
    # Withdrawn, found or repaired: the copy leaves the weeding list.
    return to == ItemStatus.WITHDRAWN or status in (ItemStatus.LOST, ItemStatus.DAMAGED)


def _set_status(
    item: Item,
    *,
    to: str,
    at: dt.datetime,
    withdrawal_reference: str,
    current_library: Library | None,
) -> list[str]:
    """Change `item` in place to status `to` (at `current_library`); return the fields set."""
    item.status = to
    fields = ["status", "updated_at"]
    if withdrawal_reference:
        item.withdrawal_reference = withdrawal_reference.strip()
        fields.append("withdrawal_reference")
    if current_library is not None:
        item.current_library = current_library
        fields.append("current_library_id")
    item.updated_at = at
    return fields


def change_item_status(
    *,
    item: Item,
    to: str,
    by: Actor,
    at: dt.datetime | None = None,
    reason: str = "",
    withdrawal_reference: str = "",
    current_library: Library | None = None,
) -> Item:
    """Move a copy to status `to`, audited. Raises CatalogRefused when the rules forbid it."""
    with transaction.atomic():
        item = Item.objects.select_for_update().get(pk=item.pk)
        return change_locked_item_status(
            item=item,
            to=to,
            by=by,
            at=at,
            reason=reason,
            withdrawal_reference=withdrawal_reference,
            current_library=current_library,
        )


def change_locked_item_status(
    *,
    item: Item,
    to: str,
    by: Actor,
    at: dt.datetime | None = None,
    reason: str = "",
    withdrawal_reference: str = "",
    current_library: Library | None = None,
) -> Item:
    """change_item_status for a copy the caller has just read with select_for_update, in the
    transaction it is in now (circulation's services: the copy is locked and read once per
    loan). `item` is changed in place and returned. Raises CatalogRefused like it."""
    at = at or clock.now()
    refusal = _status_refusal(item, to, withdrawal_reference)
    if refusal is not None:
        raise refusal
    before = audit.snapshot(item, _STATUS_FIELDS)
    was = CopyPlace.of(item)
    if _leaves_weeding_list(item.status, to):
        WeedingCandidate.objects.filter(item_id=item.pk, resolved_at__isnull=True).update(
            resolved_at=at
        )
    fields = _set_status(
        item,
        to=to,
        at=at,
        withdrawal_reference=withdrawal_reference,
        current_library=current_library,
    )
    # Plain SQL: every loan and return comes here (core.plain_sql says why).
    plain_sql.update(Item, item.pk, {name: getattr(item, name) for name in fields})
    # On the shelf or not, and where: the record's availability filters and facets.
    changes.copies_moved((CopyMove(item, was),))
    audit.record(
        "item.status",
        subject=item,
        by=by,
        at=at,
        library_id=item.home_library_id,
        before=before,
        after=audit.snapshot(item, _STATUS_FIELDS),
        note=text.clean(reason),
    )
    return item


def move_items(
    *,
    items: Sequence[Item],
    by: Actor,
    to: str | None = None,
    current_library: Library | None = None,
    at: dt.datetime | None = None,
    reason: str = "",
    withdrawal_reference: str = "",
) -> None:
    """Put the copies `items` in status `to` at `current_library` (None: where each is): a
    rotation batch shipped, received or closed, a vehicle's copies lost. Without `to`, the
    copies keep their status and only move to `current_library` (a vehicle loaded or
    unloaded); those already there are left as they are. The caller has read the copies with
    select_for_update in this transaction; they are changed in place.

    Each change is audited ("item.status", or "item.move" for a move alone, `reason` as the
    note) and told to the index (catalog.changes), with a few statements for the whole list.
    Raises CatalogRefused for the first copy whose status may not become `to`
    (catalog.policies, as change_item_status), with nothing written.
    """
    at = at or clock.now()
    if to is not None:
        _change_statuses(
            items,
            to=to,
            by=by,
            at=at,
            reason=reason,
            withdrawal_reference=withdrawal_reference,
            current_library=current_library,
        )
        return
    if current_library is None:
        return
    moving = [item for item in items if item.current_library_id != current_library.pk]
    if not moving:
        return
    moved = [CopyMove(item, CopyPlace.of(item)) for item in moving]
    _update(moving, {"current_library_id": current_library.pk, "updated_at": at})
    for item in moving:
        item.current_library = current_library
        item.updated_at = at
    changes.copies_moved(moved)
    audit.record_many(
        "item.move",
        (
            audit.Entry(
                move.item,
                move.item.home_library_id,
                {"current_library": move.was.current_library_id},
                {"current_library": current_library.pk},
            )
            for move in moved
        ),
        by=by,
        at=at,
        note=text.clean(reason),
    )


def _change_statuses(
    items: Sequence[Item],
    *,
    to: str,
    by: Actor,
    at: dt.datetime,
    reason: str,
    withdrawal_reference: str,
    current_library: Library | None,
) -> None:
    """move_items with a status: every copy becomes `to`, or none does."""
    for item in items:
        refusal = _status_refusal(item, to, withdrawal_reference)
        if refusal is not None:
            raise refusal
    if not items:
        return
    leaving = [item.pk for item in items if _leaves_weeding_list(item.status, to)]
    if leaving:
        WeedingCandidate.objects.filter(item_id__in=leaving, resolved_at__isnull=True).update(
            resolved_at=at
        )
    moved: list[CopyMove] = []
    entries: list[audit.Entry] = []
    fields: list[str] = []
    for item in items:
        before = audit.snapshot(item, _STATUS_FIELDS)
        moved.append(CopyMove(item, CopyPlace.of(item)))
        fields = _set_status(
            item,
            to=to,
            at=at,
            withdrawal_reference=withdrawal_reference,
            current_library=current_library,
        )
        entries.append(
            audit.Entry(item, item.home_library_id, before, audit.snapshot(item, _STATUS_FIELDS))
        )
    # The same values for every copy: those of the first.
    _update(items, {name: getattr(items[0], name) for name in fields})
    changes.copies_moved(moved)
    audit.record_many("item.status", entries, by=by, at=at, note=text.clean(reason))


def _update(items: Sequence[Item], values: dict[str, object]) -> None:
    ids = [item.pk for item in items]
    for start in range(0, len(ids), _CHUNK):
        Item.objects.filter(pk__in=ids[start : start + _CHUNK]).update(**values)


def move_locked_item(
    *,
    item: Item,
    current_library: Library,
    by: Actor,
    at: dt.datetime | None = None,
    reason: str = "",
) -> Item:
    """Say the copy (read with select_for_update in this transaction) is now at
    `current_library`, keeping its status: a copy passing another desk on its way, a
    floating copy, a copy loaded on the mobile library. `item` is changed in place."""
    move_items(items=[item], current_library=current_library, by=by, at=at, reason=reason)
    return item


def note_weeding_candidate(
    *, item: Item, reason: str, source: str, by: Actor, at: dt.datetime | None = None
) -> WeedingCandidate:
    """Put the copy on its owner's weeding list (TT 02/2020 Art. 20: lost in service or
    rotation, damaged beyond repair). A copy already on the list keeps its first entry."""
    at = at or clock.now()
    with transaction.atomic():
        existing = WeedingCandidate.objects.filter(item=item, resolved_at__isnull=True).first()
        if existing is not None:
            return existing
        candidate = WeedingCandidate.objects.create(
            item=item,
            library_id=item.home_library_id,
            reason=reason,
            source=text.clean(source)[:40],
            noted_at=at,
        )
        audit.record(
            "item.weeding_candidate",
            subject=item,
            by=by,
            at=at,
            library_id=item.home_library_id,
            after={"reason": reason, "source": candidate.source},
        )
        return candidate
