"""Pure rules of rotation and transfers: plain values in, an answer out (TT 05/2022)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from libnet.catalog.models import ItemStatus
from libnet.core.dates import add_months
from libnet.rotation.models import BatchItemState, BatchState, PointArea, TransferState

# TT 05/2022 Art. 5.1.b, 6.2.b: a title may go out on rotation only if the library holds at
# least 3 copies of it.
MIN_COPIES_TO_ROTATE = 3
# TT 05/2022 Art. 6.2: a batch stays at one point for at most 6 months; in remote, border and
# island areas the library decides the period.
MAX_MONTHS_AT_POINT = 6
# MARC 506, "Restrictions on Access Note": the record says the material is restricted.
RESTRICTED_ACCESS_TAG = "506"
# A batch travels in 1..99 boxes: the web form's bound, a page per box in the labels and the
# packing list, and the database's small integer.
MAX_BOXES = 99

B = BatchState
# (state, action) → next state. Cancelling is possible only before the boxes leave.
BATCH_TRANSITIONS: dict[tuple[str, str], str] = {
    (B.DRAFT, "pack"): B.PACKED,
    (B.DRAFT, "cancel"): B.CANCELLED,
    (B.PACKED, "unpack"): B.DRAFT,
    (B.PACKED, "ship"): B.SHIPPED,
    (B.PACKED, "cancel"): B.CANCELLED,
    (B.SHIPPED, "receive"): B.RECEIVED,
    (B.RECEIVED, "use"): B.IN_USE,
    (B.RECEIVED, "return"): B.RETURNING,
    (B.IN_USE, "return"): B.RETURNING,
    (B.RETURNING, "close"): B.CLOSED,
}
# Which side of a batch may take each action: the sending library builds, ships and closes;
# the point (or the sender on behalf of a point that does not run libnet) receives and returns.
SENDER_ACTIONS = frozenset({"add", "remove", "pack", "unpack", "ship", "cancel", "close"})
POINT_ACTIONS = frozenset({"receive", "use", "return"})

T = TransferState
TRANSFER_TRANSITIONS: dict[tuple[str, str], str] = {
    (T.REQUESTED, "ship"): T.SHIPPED,
    (T.REQUESTED, "cancel"): T.CANCELLED,
    (T.SHIPPED, "receive"): T.RECEIVED,
}


@dataclass(frozen=True)
class Refusal:
    code: str
    params: dict[str, object]


def next_batch_state(state: str, action: str) -> str | None:
    """Return the state a batch in `state` moves to on `action`, or None if not allowed."""
    return BATCH_TRANSITIONS.get((state, action))


def next_transfer_state(state: str, action: str) -> str | None:
    """Return the state a transfer in `state` moves to on `action`, or None if not allowed."""
    return TRANSFER_TRANSITIONS.get((state, action))


def longest_stay_months(*, area: str, max_months: int | None) -> int | None:
    """Return how many months a batch may stay at a point, or None when the library decides
    and has set no limit (remote, border, island: TT 05/2022 Art. 6.2)."""
    if area == PointArea.NORMAL:
        return MAX_MONTHS_AT_POINT
    return max_months


def boxes_refusal(boxes: int) -> Refusal | None:
    """Return why a batch cannot have `boxes` boxes, or None."""
    if not 1 <= boxes <= MAX_BOXES:
        return Refusal("boxes_out_of_range", {"maximum": MAX_BOXES})
    return None


def period_refusal(
    *,
    start: dt.date,
    end: dt.date,
    area: str,
    max_months: int | None,
    same_library: bool,
) -> Refusal | None:
    """Return why a batch cannot be planned from `start` to `end` at this point, or None."""
    if same_library:
        return Refusal("same_library", {})
    if end <= start:
        return Refusal("period_invalid", {})
    months = longest_stay_months(area=area, max_months=max_months)
    if months is not None and end > add_months(start, months):
        return Refusal(
            "period_too_long",
            {"months": months, "latest": add_months(start, months).strftime("%d/%m/%Y")},
        )
    return None


def is_restricted(
    *, marc_tags: frozenset[str], on_closed_stack: bool, on_reference_shelf: bool
) -> bool:
    """Restricted material (Luật Thư viện Art. 7, TT 02/2020 Art. 31–32): the record carries a
    restriction note (MARC 506), or the copy is kept in a closed room for reading in place
    only, as restricted items must be."""
    return RESTRICTED_ACCESS_TAG in marc_tags or (on_closed_stack and on_reference_shelf)


def item_refusal(
    *,
    batch_state: str,
    owned_by_sender: bool,
    status: str,
    at_sender: bool,
    copies_of_title: int,
    restricted: bool,
    read_in_place: bool,
    in_mobile_stock: bool,
    claimed: bool,
) -> Refusal | None:
    """Return why this copy cannot join a batch, or None (TT 05/2022 Art. 5.1.b, 6.2.b).

    The one definition of "may rotate": scanning a copy in, adding by list and the proposal
    all ask it (selectors.copy_facts gathers the facts, selectors.rotatable_copies narrows
    the candidates the same way in SQL first).

    `copies_of_title`: copies of the same record the sending library still holds (not
    withdrawn, lost or missing). `read_in_place`: the point's desk could only let it be read
    in the library (closed stacks, reference shelf or book, or a loan rule without home loan:
    circulation.policies.is_read_in_place). `claimed`: the copy is already in another open
    batch, transfer or mobile trip.
    """
    if batch_state != BatchState.DRAFT:
        return Refusal("batch_not_editable", {})
    if not owned_by_sender:
        return Refusal("not_owned_by_sender", {})
    if in_mobile_stock:
        return Refusal("in_mobile_stock", {})
    if claimed:
        return Refusal("already_claimed", {})
    if status != ItemStatus.AVAILABLE or not at_sender:
        return Refusal("not_on_shelf", {})
    if restricted:
        return Refusal("restricted", {})
    if read_in_place:
        return Refusal("read_in_place", {})
    if copies_of_title < MIN_COPIES_TO_ROTATE:
        return Refusal(
            "too_few_copies", {"count": copies_of_title, "minimum": MIN_COPIES_TO_ROTATE}
        )
    return None


def empty_boxes(*, boxes: int, box_numbers: Iterable[int]) -> list[int]:
    """The boxes 1..`boxes` no copy of the batch is packed in (an empty box is not sent)."""
    used = set(box_numbers)
    return [number for number in range(1, boxes + 1) if number not in used]


def emptiest_box(*, boxes: int, box_numbers: Iterable[int]) -> int:
    """The box of 1..`boxes` with the fewest copies (the first of them on a tie): where a copy
    goes when no box is chosen, so copies added by list fill every box."""
    counts = dict.fromkeys(range(1, boxes + 1), 0)
    for number in box_numbers:
        if number in counts:
            counts[number] += 1
    return min(counts, key=lambda number: (counts[number], number))


def packing_refusal(*, copies: int, boxes: int, box_numbers: Iterable[int]) -> Refusal | None:
    """Return why a batch cannot be packed or shipped as it is, or None: it has no copies, or
    one of its boxes would travel empty (a blank packing list and a "0 copies" label)."""
    if copies == 0:
        return Refusal("batch_empty", {})
    empty = empty_boxes(boxes=boxes, box_numbers=box_numbers)
    if empty:
        return Refusal(
            "box_empty", {"boxes": ", ".join(str(number) for number in empty), "count": boxes}
        )
    return None


def arrived_ids(*, line_ids: Iterable[tuple[int, bool]], ticked: Iterable[int] | None) -> set[int]:
    """The copies taken as arrived at receipt: those ticked (`ticked`), else those scanned on
    arrival; with none ticked or scanned, all of them. `line_ids`: (copy id, scanned) pairs."""
    lines = list(line_ids)
    if ticked is not None:
        return set(ticked)
    scanned = {item_id for item_id, was_scanned in lines if was_scanned}
    return scanned or {item_id for item_id, _was_scanned in lines}


def state_at_close(*, return_scanned: bool, return_damaged: bool, back_on_shelf: bool) -> str:
    """What a copy of a batch becomes when the batch closes: back on the shelf, damaged, or
    lost when it was not scanned back (TT 05/2022 Art. 6.2: counted when they come back).

    `back_on_shelf`: the copy is available on the sending library's shelf already (lent at
    the point and returned at the sender's own desk): it came back without the boxes.
    """
    if return_scanned:
        return BatchItemState.DAMAGED if return_damaged else BatchItemState.RETURNED
    return BatchItemState.RETURNED if back_on_shelf else BatchItemState.LOST


def is_overdue(*, state: str, planned_end: dt.date, today: dt.date) -> bool:
    """Whether the batch should be back by now and is not (for the planning view)."""
    return state in (B.SHIPPED, B.RECEIVED, B.IN_USE, B.RETURNING) and planned_end < today


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)
