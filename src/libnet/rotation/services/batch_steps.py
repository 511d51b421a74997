"""A batch's steps after its list: pack, ship, receive at the point, put in use, send back,
count back and close (losses and damage to the weeding list), or cancel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from libnet.catalog import services as catalog_services
from libnet.catalog.models import Item, ItemStatus, WeedingReason
from libnet.core import audit, clock
from libnet.core.audit import Actor
from libnet.rotation import policies, selectors, stats_sources
from libnet.rotation.errors import BatchRefused
from libnet.rotation.models import BatchItem, BatchItemState, BatchState, ClaimKind, RotationBatch
from libnet.rotation.services._common import (
    action_label,
    clean_lines,
    lock_batch,
    period_check,
    release_copies,
)


def _batch_note(batch: RotationBatch) -> str:
    """What moved a copy, in its history and on the weeding list: "đợt luân chuyển số 5"."""
    return audit.note(_("rotation batch no. %(number)s"), number=batch.pk)


def _locked_for(batch: RotationBatch, action: str) -> tuple[RotationBatch, str]:
    """The batch locked for this transaction, and the state `action` moves it to.

    Raises BatchRefused("invalid_transition") when its state does not allow the step
    (policies.BATCH_TRANSITIONS).
    """
    batch = lock_batch(batch)
    state = policies.next_batch_state(batch.state, action)
    if state is None:
        raise BatchRefused(
            "invalid_transition",
            state=BatchState(batch.state).label.lower(),
            action=action_label(action),
        )
    return batch, state


# When each step happened, on the batch (unpacking keeps no time).
_MOMENT_OF_ACTION = {
    "pack": "packed_at",
    "ship": "shipped_at",
    "receive": "received_at",
    "use": "in_use_at",
    "return": "returning_at",
    "close": "closed_at",
    "cancel": "cancelled_at",
}


def _moved_on(
    batch: RotationBatch,
    action: str,
    state: str,
    *,
    by: Actor,
    at: dt.datetime,
    after: dict[str, object] | None = None,
) -> None:
    """Put the batch in `state` with the time of the step, and audit the step at the library
    that took it: the point for its own steps (policies.POINT_ACTIONS), else the sender."""
    batch.state = state
    fields = ["state"]
    moment = _MOMENT_OF_ACTION.get(action)
    if moment:
        setattr(batch, moment, at)
        fields.append(moment)
    batch.save(update_fields=fields)
    audit.record(
        f"batch.{action}",
        subject=batch,
        by=by,
        at=at,
        library_id=(
            batch.to_library_id if action in policies.POINT_ACTIONS else batch.from_library_id
        ),
        after=after,
    )


def _locked_copies(item_ids: Iterable[int]) -> dict[int, Item]:
    """The copies `item_ids`, locked for this transaction (in id order: two batches that
    share no copy never wait for each other, and one that does waits, not deadlocks)."""
    return {
        item.pk: item
        for item in Item.objects.select_for_update(of=("self",))
        .filter(pk__in=list(item_ids))
        .order_by("pk")
    }


def _packing_check(batch: RotationBatch) -> None:
    """Refuse to pack or ship a batch without copies, or with a box no copy is packed in."""
    box_numbers = list(batch.lines.values_list("box_number", flat=True))
    refusal = policies.packing_refusal(
        copies=len(box_numbers), boxes=batch.boxes, box_numbers=box_numbers
    )
    if refusal:
        raise BatchRefused(refusal.code, **refusal.params)


@transaction.atomic
def pack_batch(*, batch: RotationBatch, by: Actor, at: dt.datetime | None = None) -> RotationBatch:
    """Close the list of a draft batch: boxes packed, the handover record can be printed.

    Raises BatchRefused("batch_empty") without copies and BatchRefused("box_empty") when a
    box of the batch has no copy in it.
    """
    at = at or clock.now()
    batch, state = _locked_for(batch, "pack")
    _packing_check(batch)
    _moved_on(batch, "pack", state, by=by, at=at)
    return batch


@transaction.atomic
def unpack_batch(
    *, batch: RotationBatch, by: Actor, at: dt.datetime | None = None
) -> RotationBatch:
    """Reopen a packed batch to change its list."""
    at = at or clock.now()
    batch, state = _locked_for(batch, "unpack")
    _moved_on(batch, "unpack", state, by=by, at=at)
    return batch


@transaction.atomic
def ship_batch(*, batch: RotationBatch, by: Actor, at: dt.datetime | None = None) -> RotationBatch:
    """Send the packed boxes: every copy is in transit, and the sending library counts the
    batch and its copies sent (stats: rotation_batches_sent, rotation_items_sent).

    The period rule is checked again against the day the boxes leave, and an empty box is
    refused (BatchRefused "box_empty"), as when packing.
    """
    at = at or clock.now()
    today = clock.local_date(at)
    batch, state = _locked_for(batch, "ship")
    _packing_check(batch)
    start = max(today, batch.planned_start)
    period_check(
        from_library=batch.from_library,
        to_library=batch.to_library,
        start=start,
        end=batch.planned_end,
    )
    lines = list(batch.lines.all())
    with audit.batch():
        catalog_services.move_items(
            items=list(_locked_copies(line.item_id for line in lines).values()),
            to=ItemStatus.IN_TRANSIT,
            by=by,
            at=at,
            reason=_batch_note(batch),
            current_library=batch.from_library,
        )
        _moved_on(batch, "ship", state, by=by, at=at, after={"copies": len(lines)})
    stats_sources.count_batch_shipped(batch, copies=len(lines), day=today)
    return batch


def _line_for(batch: RotationBatch, item: Item) -> BatchItem:
    line = BatchItem.objects.select_for_update().filter(batch=batch, item=item).first()
    if line is None:
        raise BatchRefused("not_in_batch", barcode=item.barcode)
    return line


@transaction.atomic
def scan_arrival(
    *, batch: RotationBatch, item: Item, by: Actor, at: dt.datetime | None = None
) -> BatchItem:
    """The point scans (or ticks) a copy that arrived in the boxes."""
    at = at or clock.now()
    # Copies are scanned in while the batch may be received.
    batch, _received = _locked_for(batch, "receive")
    line = _line_for(batch, item)
    if not line.arrival_scanned:
        line.arrival_scanned = True
        line.save(update_fields=["arrival_scanned"])
        audit.record(
            "batch.scan_arrival",
            subject=batch,
            by=by,
            at=at,
            library_id=batch.to_library_id,
            after={"barcode": item.barcode, "arrival_scanned": True},
        )
    return line


@transaction.atomic
def receive_batch(
    *,
    batch: RotationBatch,
    by: Actor,
    arrived_item_ids: Iterable[int] | None = None,
    confirm: bool = False,
    at: dt.datetime | None = None,
) -> RotationBatch:
    """Record the receipt at the point: the copies scanned or ticked (`arrived_item_ids`, or
    the ones scanned so far; None and nothing scanned: all arrived) are on rotation there;
    the others are recorded as missing on arrival (a difference on the handover record).

    Marking copies missing needs `confirm` (the page lists them first, the API sends
    "confirm": true): raises BatchRefused("missing_not_confirmed") otherwise, with nothing
    written.
    """
    at = at or clock.now()
    batch, state = _locked_for(batch, "receive")
    lines = list(batch.lines.all())
    arrived = policies.arrived_ids(
        line_ids=[(line.item_id, line.arrival_scanned) for line in lines],
        ticked=arrived_item_ids,
    )
    missing = sum(line.item_id not in arrived for line in lines)
    if missing and not confirm:
        raise BatchRefused("missing_not_confirmed", count=missing)
    with audit.batch():
        for line in lines:
            if line.item_id in arrived:
                line.state = BatchItemState.RECEIVED
                line.arrival_scanned = True
            else:
                line.state = BatchItemState.MISSING_ON_ARRIVAL
        BatchItem.objects.bulk_update(lines, ["state", "arrival_scanned"])
        copies = _locked_copies(line.item_id for line in lines)
        for target, ids in (
            (ItemStatus.ON_ROTATION, [line.item_id for line in lines if line.item_id in arrived]),
            (ItemStatus.MISSING, [line.item_id for line in lines if line.item_id not in arrived]),
        ):
            catalog_services.move_items(
                items=[copies[item_id] for item_id in ids],
                to=target,
                by=by,
                at=at,
                reason=_batch_note(batch),
                current_library=batch.to_library,
            )
        _moved_on(
            batch,
            "receive",
            state,
            by=by,
            at=at,
            after={"received": len(lines) - missing, "missing": missing},
        )
    return batch


@transaction.atomic
def start_use(*, batch: RotationBatch, by: Actor, at: dt.datetime | None = None) -> RotationBatch:
    """The point has put the copies on its shelves for readers."""
    at = at or clock.now()
    batch, state = _locked_for(batch, "use")
    _moved_on(batch, "use", state, by=by, at=at)
    return batch


@transaction.atomic
def send_back(
    *, batch: RotationBatch, by: Actor, point_requests: str = "", at: dt.datetime | None = None
) -> RotationBatch:
    """The point sends the boxes back: its copies are in transit home. What the point asks
    for next time is kept to plan its next batch (TT 05/2022 Art. 12.3.c).

    Raises BatchRefused("items_on_loan") while copies are lent at the point.
    """
    at = at or clock.now()
    batch, state = _locked_for(batch, "return")
    on_loan = selectors.open_loans_at_point(batch)
    if on_loan:
        raise BatchRefused("items_on_loan", count=on_loan)
    lines = list(batch.lines.filter(state=BatchItemState.RECEIVED))
    with audit.batch():
        copies = _locked_copies(line.item_id for line in lines)
        catalog_services.move_items(
            # A copy lent here and returned elsewhere has gone home already.
            items=[item for item in copies.values() if item.status == ItemStatus.ON_ROTATION],
            to=ItemStatus.IN_TRANSIT,
            by=by,
            at=at,
            reason=_batch_note(batch),
            current_library=batch.to_library,
        )
        if point_requests.strip():
            batch.point_requests = clean_lines(point_requests)
            batch.save(update_fields=["point_requests"])
        _moved_on(batch, "return", state, by=by, at=at)
    return batch


@transaction.atomic
def scan_return(
    *,
    batch: RotationBatch,
    item: Item,
    by: Actor,
    damaged: bool = False,
    at: dt.datetime | None = None,
) -> BatchItem:
    """The sending library scans a copy that came back (damaged or not)."""
    at = at or clock.now()
    # Copies are scanned back while the batch may be closed.
    batch, _closed = _locked_for(batch, "close")
    line = _line_for(batch, item)
    before = {"return_scanned": line.return_scanned, "return_damaged": line.return_damaged}
    line.return_scanned = True
    line.return_damaged = damaged
    line.save(update_fields=["return_scanned", "return_damaged"])
    audit.record(
        "batch.scan_return",
        subject=batch,
        by=by,
        at=at,
        library_id=batch.from_library_id,
        before={"barcode": item.barcode, **before},
        after={"barcode": item.barcode, "return_scanned": True, "return_damaged": damaged},
    )
    return line


# What the copy becomes with each state of its line at close.
_STATUS_AT_CLOSE: dict[str, str] = {
    BatchItemState.RETURNED: ItemStatus.AVAILABLE,
    BatchItemState.DAMAGED: ItemStatus.DAMAGED,
    BatchItemState.LOST: ItemStatus.LOST,
}


@transaction.atomic
def close_batch(
    *, batch: RotationBatch, by: Actor, confirm: bool = False, at: dt.datetime | None = None
) -> RotationBatch:
    """Count the copies back at the sending library and close the batch.

    Copies scanned back go on the shelf (or to repair, when damaged); copies not scanned are
    lost. Lost and damaged copies go on the weeding list (TT 05/2022 Art. 6.2; TT 02/2020
    Art. 20). The uses of each copy and the readers at the point are kept to plan the next
    batch: loans at a point that runs libnet, the usage typed in for a deposit point.

    Recording copies as lost needs `confirm` (the page lists them first, the API sends
    "confirm": true): raises BatchRefused("losses_not_confirmed") otherwise, with nothing
    written.
    """
    at = at or clock.now()
    batch, state = _locked_for(batch, "close")
    lines = list(batch.lines.all())
    copies = _locked_copies(line.item_id for line in lines)
    lost = sum(
        selectors.state_at_close(batch, line, copies[line.item_id]) == BatchItemState.LOST
        for line in lines
    )
    if lost and not confirm:
        raise BatchRefused("losses_not_confirmed", count=lost)
    usage = selectors.loans_at_point(batch)
    source = _batch_note(batch)
    with audit.batch():
        readers = _count_back(batch, lines, copies, usage, by=by, at=at, source=source)
        _hand_to_weeding(lines, copies, by=by, at=at, source=source)
        batch.readers = _readers_at_point(batch, readers, at=at)
        batch.save(update_fields=["readers"])
        release_copies([line.item_id for line in lines], kind=ClaimKind.BATCH, holder_id=batch.pk)
        _moved_on(
            batch,
            "close",
            state,
            by=by,
            at=at,
            after={
                "returned": sum(line.state == BatchItemState.RETURNED for line in lines),
                "damaged": sum(line.state == BatchItemState.DAMAGED for line in lines),
                "lost": sum(line.state == BatchItemState.LOST for line in lines),
            },
        )
    return batch


def _count_back(
    batch: RotationBatch,
    lines: list[BatchItem],
    copies: dict[int, Item],
    usage: dict[int, tuple[int, set[int]]],
    *,
    by: Actor,
    at: dt.datetime,
    source: str,
) -> set[int]:
    """Settle each line of a batch being closed (its state, the uses of its copy at the point)
    and put the copies on the sender's shelf, to repair or lost, as their lines say; return
    the readers who borrowed them at the point."""
    readers: set[int] = set()
    coming_to: dict[str, list[Item]] = {target: [] for target in _STATUS_AT_CLOSE.values()}
    for line in lines:
        item = copies[line.item_id]
        uses, line_readers = usage.get(item.pk, (0, set()))
        line.uses = uses
        readers |= line_readers
        line.state = selectors.state_at_close(batch, line, item)
        target = _STATUS_AT_CLOSE[line.state]
        # A copy lent at the point and returned at the sender's desk came home on its own.
        if item.status != target:
            coming_to[target].append(item)
    BatchItem.objects.bulk_update(lines, ["state", "uses"])
    for target, items in coming_to.items():
        catalog_services.move_items(
            items=items,
            to=target,
            by=by,
            at=at,
            reason=source,
            current_library=batch.from_library,
        )
    return readers


def _hand_to_weeding(
    lines: list[BatchItem], copies: dict[int, Item], *, by: Actor, at: dt.datetime, source: str
) -> None:
    """Put the copies of a closed batch counted lost or damaged on the weeding list (TT 02/2020
    Art. 20), with the batch as their source."""
    for line in lines:
        target = _STATUS_AT_CLOSE[line.state]
        if target != ItemStatus.AVAILABLE:
            catalog_services.note_weeding_candidate(
                item=copies[line.item_id],
                reason=WeedingReason.LOST if target == ItemStatus.LOST else WeedingReason.DAMAGED,
                source=source,
                by=by,
                at=at,
            )


def _readers_at_point(batch: RotationBatch, readers: set[int], *, at: dt.datetime) -> int:
    """How many readers the batch served: those who borrowed its copies at a point that runs
    libnet; at a deposit point, the readers typed in for the months it was there."""
    if batch.to_library.runs_libnet:
        return len(readers)
    _loans, deposit_readers = selectors.deposit_usage_between(
        batch.to_library,
        clock.local_date(batch.received_at or batch.shipped_at or at),
        clock.local_date(at),
    )
    return deposit_readers


@transaction.atomic
def cancel_batch(
    *, batch: RotationBatch, by: Actor, at: dt.datetime | None = None
) -> RotationBatch:
    """Cancel a draft or packed batch: its copies are free again."""
    at = at or clock.now()
    batch, state = _locked_for(batch, "cancel")
    release_copies(
        batch.lines.values_list("item_id", flat=True), kind=ClaimKind.BATCH, holder_id=batch.pk
    )
    _moved_on(batch, "cancel", state, by=by, at=at)
    return batch
