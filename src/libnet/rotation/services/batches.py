"""A batch planned and filled: its dates, boxes and keeper, and the copies added (by scan,
list or proposal) or taken out while it is a draft."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from libnet.catalog.models import Item, ItemStatus
from libnet.core import audit, clock, inputs, text
from libnet.core.audit import Actor
from libnet.core.errors import LibnetError
from libnet.core.validation import check_date
from libnet.network.models import Library
from libnet.rotation import policies, selectors
from libnet.rotation.errors import BatchRefused
from libnet.rotation.models import BatchItem, BatchState, ClaimKind, RotationBatch
from libnet.rotation.services._common import (
    claim_copy,
    claimed_refusal,
    clean_lines,
    lock_batch,
    period_check,
    release_copies,
    user_or_none,
)


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
    period_check(
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
        created_by=user_or_none(by),
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
    batch = lock_batch(batch)
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
        period_check(
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
        batch.point_requests = clean_lines(point_requests)
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
        refusal = claimed_refusal(item, BatchRefused)
        if refusal is None:
            raise
        raise refusal from None


def _add_item(
    *, batch: RotationBatch, item: Item, by: Actor, box_number: int | None, at: dt.datetime
) -> BatchItem:
    batch = lock_batch(batch)
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
    claim_copy(item, kind=ClaimKind.BATCH, holder_id=batch.pk, at=at)
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
    batch = lock_batch(batch)
    if batch.state != BatchState.DRAFT:
        raise BatchRefused("batch_not_editable")
    deleted, _counts = BatchItem.objects.filter(batch=batch, item=item).delete()
    if not deleted:
        raise BatchRefused("not_in_batch", barcode=item.barcode)
    release_copies([item.pk], kind=ClaimKind.BATCH, holder_id=batch.pk)
    audit.record(
        "batch.remove_item",
        subject=batch,
        by=by,
        at=at,
        library_id=batch.from_library_id,
        after={"item": item.pk},
    )
