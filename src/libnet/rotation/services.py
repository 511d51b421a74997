"""Every write of rotation: batches, deposit usage, transfers and ILL requests.

Each service is one transaction: check → write → audit → daily figures. Keyword arguments
only, `at=` for the moment it happens. A refusal raises a LibnetError subclass and leaves
nothing written; the list operations (add by list, proposal) give each copy its own
savepoint and report the copies refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from libnet.catalog import services as catalog_services
from libnet.catalog.models import BibRecord, Item, ItemStatus, WeedingReason
from libnet.circulation import movements
from libnet.circulation import services as circulation_services
from libnet.circulation.models import Hold, Loan
from libnet.core import audit, clock, inputs, text
from libnet.core.audit import Actor
from libnet.core.errors import LibnetError
from libnet.core.validation import check_date
from libnet.network.models import Library
from libnet.patrons.models import Patron
from libnet.rotation import policies, selectors, stats_sources
from libnet.rotation.errors import BatchRefused, TransferRefused, UsageRefused
from libnet.rotation.models import (
    BatchItem,
    BatchItemState,
    BatchState,
    ClaimKind,
    DepositUsage,
    IllRequest,
    IllState,
    ItemClaim,
    PointProfile,
    RotationBatch,
    Transfer,
    TransferReason,
    TransferState,
)


def _batch_note(batch: RotationBatch) -> str:
    """What moved a copy, in its history and on the weeding list: "đợt luân chuyển số 5"."""
    return audit.note(_("rotation batch no. %(number)s"), number=batch.pk)


def _user(by: Actor) -> Any:
    return by if by is not None and getattr(by, "is_authenticated", False) else None


def _action_label(action: str) -> str:
    from django.utils.translation import gettext as _

    labels = {
        "pack": _("packed"),
        "unpack": _("unpacked"),
        "ship": _("shipped"),
        "receive": _("received"),
        "use": _("put in use"),
        "return": _("sent back"),
        "close": _("closed"),
        "cancel": _("cancelled"),
    }
    return labels.get(action, action)


def _lock_batch(batch: RotationBatch) -> RotationBatch:
    return (
        RotationBatch.objects.select_for_update(of=("self",))
        .select_related("from_library", "to_library")
        .get(pk=batch.pk)
    )


def _advance(batch: RotationBatch, action: str) -> str:
    state = policies.next_batch_state(batch.state, action)
    if state is None:
        raise BatchRefused(
            "invalid_transition",
            state=BatchState(batch.state).label.lower(),
            action=_action_label(action),
        )
    return state


def _set_state(batch: RotationBatch, state: str, stamp: str | None, at: dt.datetime) -> None:
    batch.state = state
    fields = ["state"]
    if stamp:
        setattr(batch, stamp, at)
        fields.append(stamp)
    batch.save(update_fields=fields)


# --- batches: plan -------------------------------------------------------------------------


def _period_check(
    *, from_library: Library, to_library: Library, start: dt.date, end: dt.date
) -> None:
    area, max_months = selectors.point_area(to_library)
    refusal = policies.period_refusal(
        start=start,
        end=end,
        area=area,
        max_months=max_months,
        same_library=from_library.pk == to_library.pk,
    )
    if refusal:
        raise BatchRefused(refusal.code, **refusal.params)


def _plan_dates_check(*, start: dt.date | None, end: dt.date | None, at: dt.datetime) -> None:
    """Refuse a planned start or end outside the operational window (a batch for 1900)."""
    today = clock.local_date(at)
    if start is not None:
        check_date(start, field=gettext("Planned start"), window="operational", today=today)
    if end is not None:
        check_date(end, field=gettext("Planned end"), window="operational", today=today)


def _boxes_check(boxes: int) -> None:
    refusal = policies.boxes_refusal(boxes)
    if refusal:
        raise BatchRefused(refusal.code, **refusal.params)


@transaction.atomic
def create_batch(
    *,
    from_library: Library,
    to_library: Library,
    planned_start: dt.date,
    planned_end: dt.date,
    by: Actor,
    purpose: str = "",
    keeper_name: str = "",
    keeper_phone: str = "",
    boxes: int = 1,
    at: dt.datetime | None = None,
) -> RotationBatch:
    """Plan a batch from `from_library` to a point for a period.

    Raises BatchRefused("period_too_long") past 6 months at a normal point, or past the
    library's own limit at a remote, border or island point (TT 05/2022 Art. 6.2),
    BatchRefused("boxes_out_of_range") outside 1..99 boxes, and DateOutOfRange for a date
    outside the operational window (core.validation).
    """
    at = at or clock.now()
    _boxes_check(boxes)
    _plan_dates_check(start=planned_start, end=planned_end, at=at)
    _period_check(
        from_library=from_library, to_library=to_library, start=planned_start, end=planned_end
    )
    batch = RotationBatch.objects.create(
        from_library=from_library,
        to_library=to_library,
        planned_start=planned_start,
        planned_end=planned_end,
        purpose=inputs.check_column(RotationBatch, "purpose", text.clean(purpose)),
        keeper_name=inputs.check_column(RotationBatch, "keeper_name", text.clean(keeper_name)),
        keeper_phone=inputs.check_column(RotationBatch, "keeper_phone", text.clean(keeper_phone)),
        boxes=boxes,
        created_by=_user(by),
        created_at=at,
    )
    audit.record(
        "batch.create",
        subject=batch,
        by=by,
        at=at,
        library_id=from_library.pk,
        after={
            "to_library": to_library.pk,
            "planned_start": planned_start.isoformat(),
            "planned_end": planned_end.isoformat(),
        },
    )
    return batch


@transaction.atomic
def update_batch(
    *,
    batch: RotationBatch,
    by: Actor,
    planned_start: dt.date | None = None,
    planned_end: dt.date | None = None,
    purpose: str | None = None,
    keeper_name: str | None = None,
    keeper_phone: str | None = None,
    boxes: int | None = None,
    point_requests: str | None = None,
    at: dt.datetime | None = None,
) -> RotationBatch:
    """Change the plan of a batch: its dates and boxes only before it ships (the period rule
    and the date window apply); the rest at any time.

    Raises BatchRefused("plan_fixed") for dates or boxes of a batch that has left.
    """
    at = at or clock.now()
    batch = _lock_batch(batch)
    before = audit.snapshot(batch, ["planned_start", "planned_end", "boxes", "keeper_name"])
    if (planned_start, planned_end, boxes) != (None, None, None) and batch.state not in (
        BatchState.DRAFT,
        BatchState.PACKED,
    ):
        raise BatchRefused("plan_fixed", state=BatchState(batch.state).label.lower())
    if planned_start is not None or planned_end is not None:
        changed_start = planned_start if planned_start != batch.planned_start else None
        changed_end = planned_end if planned_end != batch.planned_end else None
        _plan_dates_check(start=changed_start, end=changed_end, at=at)
        batch.planned_start = planned_start or batch.planned_start
        batch.planned_end = planned_end or batch.planned_end
        _period_check(
            from_library=batch.from_library,
            to_library=batch.to_library,
            start=batch.planned_start,
            end=batch.planned_end,
        )
    if purpose is not None:
        batch.purpose = inputs.check_column(RotationBatch, "purpose", text.clean(purpose))
    if keeper_name is not None:
        batch.keeper_name = inputs.check_column(
            RotationBatch, "keeper_name", text.clean(keeper_name)
        )
    if keeper_phone is not None:
        batch.keeper_phone = inputs.check_column(
            RotationBatch, "keeper_phone", text.clean(keeper_phone)
        )
    if boxes is not None:
        _boxes_check(boxes)
        highest = max(batch.lines.values_list("box_number", flat=True), default=1)
        if boxes < max(1, highest):
            raise BatchRefused("box_invalid", boxes=highest)
        batch.boxes = boxes
    if point_requests is not None:
        batch.point_requests = _lines(point_requests)
    batch.save()
    audit.record(
        "batch.update",
        subject=batch,
        by=by,
        at=at,
        library_id=batch.from_library_id,
        before=before,
        after=audit.snapshot(batch, ["planned_start", "planned_end", "boxes", "keeper_name"]),
    )
    return batch


def _lines(value: str) -> str:
    """One clean NFC entry per line, blank lines dropped."""
    return "\n".join(text.clean(line) for line in value.splitlines() if line.strip())


def _claim(item: Item, *, kind: str, holder_id: int, at: dt.datetime) -> None:
    """Claim the copy for a movement; the primary key refuses a second open one."""
    ItemClaim.objects.create(item=item, kind=kind, holder_id=holder_id, claimed_at=at)


def _locked_copies(item_ids: Iterable[int]) -> dict[int, Item]:
    """The copies `item_ids`, locked for this transaction (in id order: two batches that
    share no copy never wait for each other, and one that does waits, not deadlocks)."""
    return {
        item.pk: item
        for item in Item.objects.select_for_update(of=("self",))
        .filter(pk__in=list(item_ids))
        .order_by("pk")
    }


def _release(item_ids: Iterable[int], *, kind: str, holder_id: int) -> None:
    ItemClaim.objects.filter(item_id__in=list(item_ids), kind=kind, holder_id=holder_id).delete()


def _item_refusal(batch: RotationBatch, item: Item) -> BatchRefused | None:
    """Why `item` (locked, with its record and shelf) cannot join `batch`, as the refusal to
    raise: the same facts and rule as the list and the proposal (selectors.rotatable_copies)."""
    facts = selectors.copy_facts([item], owner_id=batch.from_library_id, desk=batch.to_library)[
        item.pk
    ]
    refusal = selectors.item_refusal(batch, item, facts)
    if refusal is None:
        return None
    return BatchRefused(
        refusal.code,
        **refusal.params,
        barcode=item.barcode,
        title=item.bib.title,
        library=batch.from_library.name,
        point=batch.to_library.name,
        status=ItemStatus(item.status).label.lower(),
        holder=selectors.claim_holder_text(facts.claim) if facts.claim else "",
    )


def add_item(
    *,
    batch: RotationBatch,
    item: Item,
    by: Actor,
    box_number: int | None = None,
    at: dt.datetime | None = None,
) -> BatchItem:
    """Add a scanned copy to a draft batch, checking the rules of TT 05/2022 Art. 6.2.b, in
    box `box_number` (by default the box with the fewest copies).

    Raises BatchRefused with the rule's code. Two staff adding the same copy to two batches
    at once: the copy's row lock (PostgreSQL) or the writers' queue (SQLite) makes the second
    wait and see the claim; the ItemClaim primary key refuses it if it still got through.
    """
    at = at or clock.now()
    try:
        with transaction.atomic():
            return _add_item(batch=batch, item=item, by=by, box_number=box_number, at=at)
    except IntegrityError:
        claim = ItemClaim.objects.filter(pk=item.pk).first()
        if claim is None:
            raise
        raise BatchRefused(
            "already_claimed", barcode=item.barcode, holder=selectors.claim_holder_text(claim)
        ) from None


def _add_item(
    *, batch: RotationBatch, item: Item, by: Actor, box_number: int | None, at: dt.datetime
) -> BatchItem:
    batch = _lock_batch(batch)
    item = (
        Item.objects.select_for_update(of=("self",))
        .select_related("bib", "shelf_location")
        .get(pk=item.pk)
    )
    refusal = _item_refusal(batch, item)
    if refusal is not None:
        raise refusal
    # No box chosen: the one with the fewest copies, so that no box travels empty.
    box = box_number or policies.emptiest_box(
        boxes=batch.boxes, box_numbers=batch.lines.values_list("box_number", flat=True)
    )
    if not 1 <= box <= batch.boxes:
        raise BatchRefused("box_invalid", boxes=batch.boxes)
    _claim(item, kind=ClaimKind.BATCH, holder_id=batch.pk, at=at)
    line = BatchItem.objects.create(batch=batch, item=item, box_number=box, added_at=at)
    audit.record(
        "batch.add_item",
        subject=batch,
        by=by,
        at=at,
        library_id=batch.from_library_id,
        after={"item": item.pk, "box": box},
    )
    return line


@dataclass
class AddResult:
    """What a list or proposal added, and each copy refused with its reason."""

    added: list[BatchItem] = field(default_factory=list)
    refused: list[tuple[str, LibnetError]] = field(default_factory=list)  # (barcode, refusal)


def add_items(
    *,
    batch: RotationBatch,
    items: Sequence[Item],
    by: Actor,
    box_number: int | None = None,
    at: dt.datetime | None = None,
) -> AddResult:
    """Add several copies, each in its own transaction; a refused copy is reported, not fatal."""
    at = at or clock.now()
    result = AddResult()
    for item in items:
        try:
            result.added.append(
                add_item(batch=batch, item=item, by=by, box_number=box_number, at=at)
            )
        except LibnetError as refusal:
            result.refused.append((item.barcode, refusal))
    return result


@transaction.atomic
def remove_item(
    *, batch: RotationBatch, item: Item, by: Actor, at: dt.datetime | None = None
) -> None:
    """Take a copy out of a draft batch and release its claim."""
    at = at or clock.now()
    batch = _lock_batch(batch)
    if batch.state != BatchState.DRAFT:
        raise BatchRefused("batch_not_editable")
    deleted, _counts = BatchItem.objects.filter(batch=batch, item=item).delete()
    if not deleted:
        raise BatchRefused("not_in_batch", barcode=item.barcode)
    _release([item.pk], kind=ClaimKind.BATCH, holder_id=batch.pk)
    audit.record(
        "batch.remove_item",
        subject=batch,
        by=by,
        at=at,
        library_id=batch.from_library_id,
        after={"item": item.pk},
    )


# --- batches: pack, ship, receive ----------------------------------------------------------


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
    batch = _lock_batch(batch)
    state = _advance(batch, "pack")
    _packing_check(batch)
    _set_state(batch, state, "packed_at", at)
    audit.record("batch.pack", subject=batch, by=by, at=at, library_id=batch.from_library_id)
    return batch


@transaction.atomic
def unpack_batch(
    *, batch: RotationBatch, by: Actor, at: dt.datetime | None = None
) -> RotationBatch:
    """Reopen a packed batch to change its list."""
    at = at or clock.now()
    batch = _lock_batch(batch)
    state = _advance(batch, "unpack")
    _set_state(batch, state, None, at)
    audit.record("batch.unpack", subject=batch, by=by, at=at, library_id=batch.from_library_id)
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
    batch = _lock_batch(batch)
    state = _advance(batch, "ship")
    _packing_check(batch)
    start = max(today, batch.planned_start)
    _period_check(
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
        _set_state(batch, state, "shipped_at", at)
        audit.record(
            "batch.ship",
            subject=batch,
            by=by,
            at=at,
            library_id=batch.from_library_id,
            after={"copies": len(lines)},
        )
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
    batch = _lock_batch(batch)
    if batch.state != BatchState.SHIPPED:
        raise BatchRefused(
            "invalid_transition",
            state=BatchState(batch.state).label.lower(),
            action=_action_label("receive"),
        )
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
    batch = _lock_batch(batch)
    state = _advance(batch, "receive")
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
        _set_state(batch, state, "received_at", at)
        audit.record(
            "batch.receive",
            subject=batch,
            by=by,
            at=at,
            library_id=batch.to_library_id,
            after={"received": len(lines) - missing, "missing": missing},
        )
    return batch


@transaction.atomic
def start_use(*, batch: RotationBatch, by: Actor, at: dt.datetime | None = None) -> RotationBatch:
    """The point has put the copies on its shelves for readers."""
    at = at or clock.now()
    batch = _lock_batch(batch)
    state = _advance(batch, "use")
    _set_state(batch, state, "in_use_at", at)
    audit.record("batch.use", subject=batch, by=by, at=at, library_id=batch.to_library_id)
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
    batch = _lock_batch(batch)
    state = _advance(batch, "return")
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
            batch.point_requests = _lines(point_requests)
            batch.save(update_fields=["point_requests"])
        _set_state(batch, state, "returning_at", at)
        audit.record("batch.return", subject=batch, by=by, at=at, library_id=batch.to_library_id)
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
    batch = _lock_batch(batch)
    if batch.state != BatchState.RETURNING:
        raise BatchRefused(
            "invalid_transition",
            state=BatchState(batch.state).label.lower(),
            action=_action_label("close"),
        )
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
    batch = _lock_batch(batch)
    state = _advance(batch, "close")
    lines = list(batch.lines.all())
    copies = _locked_copies(line.item_id for line in lines)
    lost = sum(
        selectors.state_at_close(batch, line, copies[line.item_id]) == BatchItemState.LOST
        for line in lines
    )
    if lost and not confirm:
        raise BatchRefused("losses_not_confirmed", count=lost)
    usage = selectors.loans_at_point(batch)
    readers: set[int] = set()
    source = _batch_note(batch)
    with audit.batch():
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
        for line in lines:
            target = _STATUS_AT_CLOSE[line.state]
            if target != ItemStatus.AVAILABLE:
                catalog_services.note_weeding_candidate(
                    item=copies[line.item_id],
                    reason=WeedingReason.LOST
                    if target == ItemStatus.LOST
                    else WeedingReason.DAMAGED,
                    source=source,
                    by=by,
                    at=at,
                )
        if batch.to_library.runs_libnet:
            batch.readers = len(readers)
        else:
            _loans, batch.readers = selectors.deposit_usage_between(
                batch.to_library,
                clock.local_date(batch.received_at or batch.shipped_at or at),
                clock.local_date(at),
            )
        batch.save(update_fields=["readers"])
        _release([line.item_id for line in lines], kind=ClaimKind.BATCH, holder_id=batch.pk)
        _set_state(batch, state, "closed_at", at)
        audit.record(
            "batch.close",
            subject=batch,
            by=by,
            at=at,
            library_id=batch.from_library_id,
            after={
                "returned": sum(line.state == BatchItemState.RETURNED for line in lines),
                "damaged": sum(line.state == BatchItemState.DAMAGED for line in lines),
                "lost": sum(line.state == BatchItemState.LOST for line in lines),
            },
        )
    return batch


@transaction.atomic
def cancel_batch(
    *, batch: RotationBatch, by: Actor, at: dt.datetime | None = None
) -> RotationBatch:
    """Cancel a draft or packed batch: its copies are free again."""
    at = at or clock.now()
    batch = _lock_batch(batch)
    state = _advance(batch, "cancel")
    _release(
        batch.lines.values_list("item_id", flat=True), kind=ClaimKind.BATCH, holder_id=batch.pk
    )
    _set_state(batch, state, "cancelled_at", at)
    audit.record("batch.cancel", subject=batch, by=by, at=at, library_id=batch.from_library_id)
    return batch


# --- rotation points -----------------------------------------------------------------------


@transaction.atomic
def set_point_profile(
    *, library: Library, area: str, max_months: int | None, by: Actor, at: dt.datetime | None = None
) -> PointProfile:
    """Mark a point as remote, border or island (the library then sets the longest stay)."""
    at = at or clock.now()
    profile, _created = PointProfile.objects.get_or_create(library=library)
    before = audit.snapshot(profile, ["area", "max_months"])
    profile.area = area
    profile.max_months = max_months if area != "normal" else None
    profile.save()
    audit.record(
        "point.profile",
        subject=profile,
        by=by,
        at=at,
        library_id=library.pk,
        before=before,
        after=audit.snapshot(profile, ["area", "max_months"]),
    )
    return profile


@transaction.atomic
def record_deposit_usage(
    *,
    point: Library,
    month: dt.date,
    loans: int,
    readers: int,
    by: Actor,
    note: str = "",
    at: dt.datetime | None = None,
) -> DepositUsage:
    """Set a month's loans and readers at a deposit point that does not run libnet.

    The point's daily figures (`loans`, `visits`) on the first day of the month change by the
    difference, so a corrected month is counted once. Raises UsageRefused for a month to
    come and DateOutOfRange for one outside the operational window.
    """
    at = at or clock.now()
    if point.runs_libnet:
        raise UsageRefused("point_runs_libnet", library=point.name)
    check_date(month, field=gettext("Month"), window="operational", today=clock.local_date(at))
    month = policies.month_start(month)
    if month > policies.month_start(clock.local_date(at)):
        raise UsageRefused("month_in_future")
    row = DepositUsage.objects.select_for_update().filter(point=point, month=month).first()
    before = {"loans": row.loans, "readers": row.readers} if row else {"loans": 0, "readers": 0}
    if row is None:
        row = DepositUsage(point=point, month=month)
    row.loans = loans
    row.readers = readers
    row.note = inputs.check_column(DepositUsage, "note", text.clean(note))
    row.entered_by = _user(by)
    row.entered_at = at
    row.save()
    stats_sources.count_deposit_usage(
        row, loans_before=before["loans"], readers_before=before["readers"]
    )
    audit.record(
        "deposit_usage.record",
        subject=row,
        by=by,
        at=at,
        library_id=point.pk,
        before=before,
        after={"loans": loans, "readers": readers},
    )
    return row


# --- transfers -----------------------------------------------------------------------------


def _claim_for_transfer(item: Item, transfer: Transfer, at: dt.datetime) -> None:
    claim = ItemClaim.objects.filter(pk=item.pk).first()
    if claim is not None:
        raise TransferRefused(
            "already_claimed", barcode=item.barcode, holder=selectors.claim_holder_text(claim)
        )
    _claim(item, kind=ClaimKind.TRANSFER, holder_id=transfer.pk, at=at)


def request_transfer(
    *,
    item: Item,
    to_library: Library,
    reason: str,
    by: Actor,
    note: str = "",
    ill_request: IllRequest | None = None,
    at: dt.datetime | None = None,
) -> Transfer:
    """Ask for a copy on the shelf of its library to be sent to `to_library`.

    Raises TransferRefused when the copy is not on the shelf or already in another open
    batch, transfer or mobile trip (the claim and the partial unique index back this up).
    """
    at = at or clock.now()
    try:
        with transaction.atomic():
            item = (
                Item.objects.select_for_update(of=("self",))
                .select_related("current_library")
                .get(pk=item.pk)
            )
            if item.current_library_id == to_library.pk:
                raise TransferRefused("same_library")
            if item.status != ItemStatus.AVAILABLE:
                raise TransferRefused(
                    "not_on_shelf",
                    barcode=item.barcode,
                    library=item.current_library.name,
                    status=ItemStatus(item.status).label.lower(),
                )
            transfer = Transfer.objects.create(
                item=item,
                from_library=item.current_library,
                to_library=to_library,
                reason=reason,
                note=inputs.check_column(Transfer, "note", text.clean(note)),
                ill_request=ill_request,
                requested_at=at,
                requested_by=_user(by),
            )
            _claim_for_transfer(item, transfer, at)
            audit.record(
                "transfer.request",
                subject=transfer,
                by=by,
                at=at,
                library_id=transfer.from_library_id,
                after={"item": item.pk, "to_library": to_library.pk, "reason": reason},
            )
            return transfer
    except IntegrityError:
        claim = ItemClaim.objects.filter(pk=item.pk).first()
        if claim is None:
            raise
        raise TransferRefused(
            "already_claimed", barcode=item.barcode, holder=selectors.claim_holder_text(claim)
        ) from None


def _advance_transfer(transfer: Transfer, action: str) -> str:
    state = policies.next_transfer_state(transfer.state, action)
    if state is None:
        raise TransferRefused(
            "invalid_transition",
            state=TransferState(transfer.state).label.lower(),
            action=_action_label(action),
        )
    return state


def _lock_transfer(transfer: Transfer) -> Transfer:
    return (
        Transfer.objects.select_for_update(of=("self",))
        .select_related("item", "from_library", "to_library", "ill_request")
        .get(pk=transfer.pk)
    )


@transaction.atomic
def ship_transfer(*, transfer: Transfer, by: Actor, at: dt.datetime | None = None) -> Transfer:
    """The copy leaves its library: in transit."""
    at = at or clock.now()
    transfer = _lock_transfer(transfer)
    transfer.state = _advance_transfer(transfer, "ship")
    catalog_services.change_item_status(
        item=transfer.item,
        to=ItemStatus.IN_TRANSIT,
        by=by,
        at=at,
        reason=audit.note(_("transfer no. %(number)s"), number=transfer.pk),
        current_library=transfer.from_library,
    )
    transfer.shipped_at = at
    transfer.shipped_by = _user(by)
    transfer.save(update_fields=["state", "shipped_at", "shipped_by"])
    if transfer.ill_request_id:
        IllRequest.objects.filter(pk=transfer.ill_request_id, state=IllState.REQUESTED).update(
            state=IllState.SHIPPED
        )
    audit.record(
        "transfer.ship", subject=transfer, by=by, at=at, library_id=transfer.from_library_id
    )
    return transfer


def _finish_transfer(
    transfer: Transfer, *, desk: Library, by: Actor, at: dt.datetime
) -> IllRequest | None:
    """Close the transfer as received at `desk`. Returns the ILL request whose copy has just
    arrived at the reader's home library (to set it aside for the reader), else None."""
    arrived_for: IllRequest | None = None
    transfer.state = TransferState.RECEIVED
    transfer.received_at = at
    transfer.received_by = _user(by)
    transfer.received_at_library = desk
    transfer.save(update_fields=["state", "received_at", "received_by", "received_at_library"])
    _release([transfer.item_id], kind=ClaimKind.TRANSFER, holder_id=transfer.pk)
    request = transfer.ill_request
    if request is not None:
        if (
            transfer.reason == TransferReason.ILL
            and desk.pk == request.home_library_id
            and request.state in (IllState.REQUESTED, IllState.SHIPPED)
        ):
            _set_ill_state(request, IllState.ARRIVED, by=by, at=at)
            arrived_for = request
        elif (
            transfer.reason in (TransferReason.ILL, TransferReason.RETURN_HOME)
            and desk.pk == request.lending_library_id
            and request.closed_at is None
        ):
            _set_ill_state(request, IllState.CLOSED, by=by, at=at)
    audit.record(
        "transfer.receive",
        subject=transfer,
        by=by,
        at=at,
        library_id=desk.pk,
        after={"received_at_library": desk.pk},
    )
    return arrived_for


def _set_ill_state(
    request: IllRequest, state: str, *, by: Actor, at: dt.datetime, loan: Loan | None = None
) -> None:
    """Move an ILL request to `state` (closed: with the time), audited at the library whose
    desk did it."""
    before = {"state": request.state}
    request.state = state
    fields = ["state"]
    if state == IllState.CLOSED:
        request.closed_at = at
        fields.append("closed_at")
    if loan is not None:
        request.loan = loan
        fields.append("loan")
    request.save(update_fields=fields)
    audit.record(
        f"ill.{state}",
        subject=request,
        by=by,
        at=at,
        library_id=(
            request.lending_library_id if state == IllState.CLOSED else request.home_library_id
        ),
        before=before,
        after={"state": state, **({"loan": loan.pk} if loan is not None else {})},
    )


def _set_aside_for_ill_reader(
    request: IllRequest | None, *, item: Item, desk: Library, by: Actor, at: dt.datetime
) -> None:
    if request is not None and request.patron is not None:
        circulation_services.set_aside_for_reader(
            item=item, patron=request.patron, desk=desk, by=by, at=at
        )


@transaction.atomic
def receive_transfer(
    *, transfer: Transfer, desk: Library, by: Actor, at: dt.datetime | None = None
) -> Transfer:
    """The copy arrived at `desk` (its destination): it is on the shelf there, or on the hold
    shelf for the reader when it is an inter-library loan arriving at the reader's library."""
    at = at or clock.now()
    transfer = _lock_transfer(transfer)
    _advance_transfer(transfer, "receive")
    catalog_services.change_item_status(
        item=transfer.item,
        to=ItemStatus.AVAILABLE,
        by=by,
        at=at,
        reason=audit.note(_("transfer no. %(number)s"), number=transfer.pk),
        current_library=desk,
    )
    arrived_for = _finish_transfer(transfer, desk=desk, by=by, at=at)
    _set_aside_for_ill_reader(arrived_for, item=transfer.item, desk=desk, by=by, at=at)
    return transfer


@transaction.atomic
def cancel_transfer(*, transfer: Transfer, by: Actor, at: dt.datetime | None = None) -> Transfer:
    """Cancel a transfer not yet shipped: the copy stays where it is."""
    at = at or clock.now()
    transfer = _lock_transfer(transfer)
    transfer.state = _advance_transfer(transfer, "cancel")
    transfer.cancelled_at = at
    transfer.cancelled_by = _user(by)
    transfer.save(update_fields=["state", "cancelled_at", "cancelled_by"])
    _release([transfer.item_id], kind=ClaimKind.TRANSFER, holder_id=transfer.pk)
    audit.record(
        "transfer.cancel", subject=transfer, by=by, at=at, library_id=transfer.from_library_id
    )
    return transfer


class DeskMovements:
    """What the circulation desk tells rotation (circulation.movements): a transfer is
    recorded, shipped, for every copy a return sends in transit, and received when the copy
    is scanned at a desk. Runs inside the desk's transaction."""

    def copy_sent(
        self,
        *,
        item: Item,
        from_library: Library,
        to_library: Library,
        reason: str,
        hold: Hold | None,
        by: Actor,
        at: dt.datetime,
    ) -> None:
        if from_library.pk == to_library.pk:
            return
        for open_transfer in Transfer.objects.filter(
            item=item, state__in=(TransferState.REQUESTED, TransferState.SHIPPED)
        ).select_related("ill_request"):
            _finish_transfer(open_transfer, desk=from_library, by=by, at=at)
        # A lender's copy going back to the lender ends an inter-library loan: the transfer
        # says so (reason ILL), and the request is on its way back.
        ill_request = _open_ill_request_for(item, lender_id=to_library.pk)
        if ill_request is not None:
            reason = TransferReason.ILL
            if ill_request.state != IllState.RETURNING:
                _set_ill_state(ill_request, IllState.RETURNING, by=by, at=at)
        transfer = Transfer.objects.create(
            item=item,
            from_library=from_library,
            to_library=to_library,
            reason=reason,
            state=TransferState.SHIPPED,
            hold=hold,
            ill_request=ill_request,
            requested_at=at,
            requested_by=_user(by),
            shipped_at=at,
            shipped_by=_user(by),
        )
        # A copy of the mobile stock or of a batch keeps that claim; the transfer is recorded.
        if not ItemClaim.objects.filter(pk=item.pk).exists():
            _claim(item, kind=ClaimKind.TRANSFER, holder_id=transfer.pk, at=at)
        audit.record(
            "transfer.ship",
            subject=transfer,
            by=by,
            at=at,
            library_id=from_library.pk,
            after={"item": item.pk, "to_library": to_library.pk, "reason": reason},
        )

    def copy_arrived(
        self, *, item: Item, desk: Library, by: Actor, at: dt.datetime
    ) -> Patron | None:
        reader = None
        for transfer in Transfer.objects.filter(
            item=item, state__in=(TransferState.REQUESTED, TransferState.SHIPPED)
        ).select_related("ill_request__patron"):
            arrived_for = _finish_transfer(transfer, desk=desk, by=by, at=at)
            if arrived_for is not None and arrived_for.patron is not None:
                reader = arrived_for.patron
        return reader

    def rotation_point_of(self, *, item_id: int) -> int | None:
        return selectors.batch_point_of_item(item_id)

    def journey_of(self, *, item_id: int) -> movements.Journey | None:
        journey = selectors.journey_of_item(item_id)
        if journey is None:
            return None
        library, batch_id = journey
        return movements.Journey(to_library=library, batch_id=batch_id)

    def ill_due_on(self, *, item: Item, patron: Patron, desk: Library) -> dt.date | None:
        request = _arrived_ill_request(item=item, patron_id=patron.pk, desk_id=desk.pk)
        return request.due_on if request is not None else None

    def ill_lent(self, *, loan: Loan, by: Actor, at: dt.datetime) -> None:
        request = _arrived_ill_request(
            item=loan.item, patron_id=loan.patron_id, desk_id=loan.library_id
        )
        if request is not None:
            _set_ill_state(request, IllState.ON_LOAN, by=by, at=at, loan=loan)

    def ill_lender_of(self, *, loan: Loan) -> Library | None:
        request = (
            IllRequest.objects.filter(loan=loan, state=IllState.ON_LOAN)
            .select_related("lending_library")
            .first()
        )
        return request.lending_library if request is not None else None

    def ill_returned(
        self, *, item: Item, desk: Library, by: Actor, at: dt.datetime
    ) -> Library | None:
        request = (
            IllRequest.objects.select_for_update(of=("self",))
            .select_related("lending_library")
            .filter(item=item, state=IllState.ON_LOAN)
            .first()
        )
        if request is None:
            return None
        if request.lending_library_id == desk.pk:  # brought straight back to the lender
            _set_ill_state(request, IllState.CLOSED, by=by, at=at)
            return None
        return request.lending_library


def _arrived_ill_request(*, item: Item, patron_id: int | None, desk_id: int) -> IllRequest | None:
    """The ILL request whose copy `item` waits at the reader's home library `desk_id`."""
    if patron_id is None:
        return None
    return (
        IllRequest.objects.filter(
            item=item, patron_id=patron_id, home_library_id=desk_id, state=IllState.ARRIVED
        )
        .order_by("-pk")
        .first()
    )


def _open_ill_request_for(item: Item, *, lender_id: int) -> IllRequest | None:
    """The ILL request a lender's copy is travelling home after (to close it on arrival)."""
    return (
        IllRequest.objects.filter(item=item, lending_library_id=lender_id)
        .exclude(state__in=(IllState.CLOSED, IllState.REFUSED, IllState.CANCELLED))
        .first()
    )


# --- inter-library loan --------------------------------------------------------------------


@transaction.atomic
def request_ill(
    *,
    patron: Patron,
    bib: BibRecord,
    home_library: Library,
    lending_library: Library,
    by: Actor,
    note: str = "",
    at: dt.datetime | None = None,
) -> IllRequest:
    """Record a reader's request for another library's copy, made at the library that issued
    the card (NĐ 93/2020 Art. 27)."""
    at = at or clock.now()
    if patron.home_library_id != home_library.pk:
        raise TransferRefused("ill_at_home_library")
    if lending_library.pk == home_library.pk:
        raise TransferRefused("ill_same_library")
    lendable = selectors.lendable_elsewhere(owner=lending_library, desk=home_library)
    if not lendable.filter(bib=bib).exists():
        raise TransferRefused("ill_no_copy", library=lending_library.name)
    request = IllRequest.objects.create(
        patron=patron,
        home_library=home_library,
        bib=bib,
        lending_library=lending_library,
        note=inputs.check_column(IllRequest, "note", text.clean(note)),
        requested_at=at,
        requested_by=_user(by),
    )
    audit.record(
        "ill.request",
        subject=request,
        by=by,
        at=at,
        library_id=home_library.pk,
        after={"bib": bib.pk, "lending_library": lending_library.pk},
    )
    return request


def fulfil_ill(
    *, request: IllRequest, item: Item, due_on: dt.date, by: Actor, at: dt.datetime | None = None
) -> Transfer:
    """The lender chooses its copy and the loan period, and ships it to the reader's library.

    Raises TransferRefused for a copy of another title or library, or one the reader's desk
    could only let be read in the library, and for a due date not after today;
    DateOutOfRange for a due date past the operational window.
    """
    at = at or clock.now()
    with transaction.atomic():
        request = IllRequest.objects.select_for_update().get(pk=request.pk)
        if request.state != IllState.REQUESTED:
            raise TransferRefused(
                "ill_invalid_state",
                state=IllState(request.state).label.lower(),
                action=_action_label("ship"),
            )
        if item.bib_id != request.bib_id or item.home_library_id != request.lending_library_id:
            raise TransferRefused(
                "ill_wrong_copy", barcode=item.barcode, library=request.lending_library.name
            )
        item = Item.objects.select_related("bib", "shelf_location").get(pk=item.pk)
        facts = selectors.copy_facts(
            [item], owner_id=request.lending_library_id, desk=request.home_library
        )[item.pk]
        if facts.restricted or facts.read_in_place:
            # The reader's desk could only let it be read there: it would wait on the hold
            # shelf for nothing.
            raise TransferRefused("ill_read_in_place", barcode=item.barcode)
        today = clock.local_date(at)
        if due_on <= today:
            raise TransferRefused("ill_due_before_today")
        check_date(due_on, field=gettext("Due back on"), window="operational", today=today)
        transfer = request_transfer(
            item=item,
            to_library=request.home_library,
            reason=TransferReason.ILL,
            by=by,
            ill_request=request,
            at=at,
        )
        request.item = item
        request.due_on = due_on
        request.save(update_fields=["item", "due_on"])
        audit.record(
            "ill.fulfil",
            subject=request,
            by=by,
            at=at,
            library_id=request.lending_library_id,
            after={"item": item.pk, "due_on": due_on.isoformat()},
        )
        return ship_transfer(transfer=transfer, by=by, at=at)


@transaction.atomic
def refuse_ill(
    *, request: IllRequest, by: Actor, note: str = "", at: dt.datetime | None = None
) -> IllRequest:
    """The lender cannot lend: the request is closed as refused."""
    at = at or clock.now()
    request = IllRequest.objects.select_for_update().get(pk=request.pk)
    if request.state != IllState.REQUESTED:
        raise TransferRefused(
            "ill_invalid_state",
            state=IllState(request.state).label.lower(),
            action=_action_label("cancel"),
        )
    request.state = IllState.REFUSED
    request.closed_at = at
    request.note = inputs.check_column(IllRequest, "note", text.clean(note)) or request.note
    request.save(update_fields=["state", "closed_at", "note"])
    audit.record("ill.refuse", subject=request, by=by, at=at, library_id=request.lending_library_id)
    return request
