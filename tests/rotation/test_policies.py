"""The rules of rotation as tables (TT 05/2022 Art. 5.1.b, 6.2; Luật Thư viện Art. 7)."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.rotation import policies
from libnet.rotation.errors import BatchRefused, TransferRefused

ALLOWED = {
    "batch_state": "draft",
    "owned_by_sender": True,
    "status": "available",
    "at_sender": True,
    "copies_of_title": 3,
    "restricted": False,
    "read_in_place": False,
    "in_mobile_stock": False,
    "claimed": False,
}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({}, None),  # three copies, on the shelf, free: it may rotate
        ({"copies_of_title": 2}, "too_few_copies"),  # Art. 6.2.b: at least 3 copies
        ({"copies_of_title": 7}, None),
        ({"restricted": True}, "restricted"),  # Luật Art. 7: restricted material stays home
        # closed stacks, reference shelf or book: the point could not lend it (TT 18/2014 Art. 7)
        ({"read_in_place": True}, "read_in_place"),
        ({"read_in_place": True, "copies_of_title": 1}, "read_in_place"),
        ({"in_mobile_stock": True, "claimed": True}, "in_mobile_stock"),  # Art. 6.2.b
        ({"claimed": True}, "already_claimed"),  # one open movement per copy
        ({"status": "on_loan"}, "not_on_shelf"),
        ({"status": "in_transit"}, "not_on_shelf"),
        ({"at_sender": False}, "not_on_shelf"),  # the copy is away at another desk
        ({"owned_by_sender": False}, "not_owned_by_sender"),
        ({"batch_state": "packed"}, "batch_not_editable"),
        ({"batch_state": "shipped"}, "batch_not_editable"),
    ],
)
def test_item_refusal(change, expected):
    refusal = policies.item_refusal(**{**ALLOWED, **change})
    assert (refusal.code if refusal else None) == expected


@pytest.mark.parametrize(
    ("start", "end", "area", "max_months", "expected"),
    [
        (dt.date(2026, 3, 1), dt.date(2026, 9, 1), "normal", None, None),  # exactly 6 months
        (dt.date(2026, 3, 1), dt.date(2026, 9, 2), "normal", None, "period_too_long"),
        (dt.date(2026, 8, 31), dt.date(2027, 2, 28), "normal", None, None),  # 31st → month end
        (dt.date(2026, 3, 1), dt.date(2026, 3, 1), "normal", None, "period_invalid"),
        (dt.date(2026, 3, 1), dt.date(2026, 2, 1), "normal", None, "period_invalid"),
        (dt.date(2026, 3, 1), dt.date(2026, 12, 1), "remote", 9, None),  # the library's period
        (dt.date(2026, 3, 1), dt.date(2026, 12, 2), "remote", 9, "period_too_long"),
        (dt.date(2026, 1, 1), dt.date(2027, 1, 1), "island", None, None),  # no limit set
        (dt.date(2026, 1, 1), dt.date(2027, 1, 1), "border", 12, None),
        # a stale limit on a normal point does not widen the 6 months
        (dt.date(2026, 1, 1), dt.date(2026, 12, 1), "normal", 12, "period_too_long"),
    ],
)
def test_period_refusal(start, end, area, max_months, expected):
    refusal = policies.period_refusal(
        start=start, end=end, area=area, max_months=max_months, same_library=False
    )
    assert (refusal.code if refusal else None) == expected


def test_a_batch_to_its_own_library_is_refused():
    refusal = policies.period_refusal(
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 2, 1),
        area="normal",
        max_months=None,
        same_library=True,
    )
    assert refusal is not None
    assert refusal.code == "same_library"


@pytest.mark.parametrize(
    ("state", "action", "expected"),
    [
        ("draft", "pack", "packed"),
        ("draft", "ship", None),  # the boxes are packed first
        ("draft", "cancel", "cancelled"),
        ("packed", "unpack", "draft"),
        ("packed", "ship", "shipped"),
        ("packed", "cancel", "cancelled"),
        ("shipped", "cancel", None),  # cancel only before the boxes leave
        ("shipped", "receive", "received"),
        ("received", "use", "in_use"),
        ("received", "return", "returning"),
        ("in_use", "return", "returning"),
        ("in_use", "close", None),  # the boxes come back first
        ("returning", "close", "closed"),
        ("closed", "ship", None),
        ("cancelled", "pack", None),
    ],
)
def test_next_batch_state(state, action, expected):
    assert policies.next_batch_state(state, action) == expected


@pytest.mark.parametrize(
    ("state", "action", "expected"),
    [
        ("requested", "ship", "shipped"),
        ("requested", "cancel", "cancelled"),
        ("requested", "receive", None),
        ("shipped", "receive", "received"),
        ("shipped", "cancel", None),  # on the road: it is received somewhere
        ("received", "ship", None),
        ("cancelled", "ship", None),
    ],
)
def test_next_transfer_state(state, action, expected):
    assert policies.next_transfer_state(state, action) == expected


@pytest.mark.parametrize(
    ("tags", "closed", "reference", "expected"),
    [
        (frozenset({"245", "506"}), False, False, True),  # MARC 506: restricted access
        (frozenset({"245"}), True, True, True),  # closed room, read in place only
        (frozenset({"245"}), True, False, False),  # ordinary closed stacks
        (frozenset({"245"}), False, True, False),  # reference shelf in the open room
        (frozenset({"245"}), False, False, False),
    ],
)
def test_is_restricted(tags, closed, reference, expected):
    assert (
        policies.is_restricted(marc_tags=tags, on_closed_stack=closed, on_reference_shelf=reference)
        is expected
    )


@pytest.mark.parametrize(
    ("state", "planned_end", "expected"),
    [
        ("in_use", dt.date(2026, 3, 1), True),
        ("returning", dt.date(2026, 3, 1), True),
        ("in_use", dt.date(2026, 3, 2), False),  # due today: not late yet
        ("closed", dt.date(2026, 1, 1), False),
        ("draft", dt.date(2026, 1, 1), False),
    ],
)
def test_is_overdue(state, planned_end, expected):
    assert (
        policies.is_overdue(state=state, planned_end=planned_end, today=dt.date(2026, 3, 2))
        is expected
    )


def test_every_code_a_policy_returns_has_a_message():
    codes = {"same_library", "period_invalid", "period_too_long", "batch_empty", "box_empty"}
    for change in (
        {"copies_of_title": 1},
        {"restricted": True},
        {"read_in_place": True},
        {"in_mobile_stock": True},
        {"claimed": True},
        {"status": "lost"},
        {"owned_by_sender": False},
        {"batch_state": "closed"},
    ):
        refusal = policies.item_refusal(**{**ALLOWED, **change})
        assert refusal is not None
        codes.add(refusal.code)
    assert codes <= set(BatchRefused.messages)
    assert {"same_library", "invalid_transition", "already_claimed"} <= set(
        TransferRefused.messages
    )


@pytest.mark.parametrize(
    ("boxes", "code"),
    [
        (-1, "boxes_out_of_range"),
        (0, "boxes_out_of_range"),
        (1, None),
        (99, None),
        (100, "boxes_out_of_range"),
        (100000, "boxes_out_of_range"),
    ],
)
def test_a_batch_travels_in_1_to_99_boxes(boxes, code):
    refusal = policies.boxes_refusal(boxes)
    assert (refusal.code if refusal else None) == code


@pytest.mark.parametrize(
    ("copies", "boxes", "box_numbers", "expected"),
    [
        (0, 1, [], "batch_empty"),
        (2, 1, [1, 1], None),
        (2, 2, [1, 2], None),
        (2, 2, [2, 2], "box_empty"),  # box 1 would travel empty: a blank list, a "0" label
        (3, 3, [1, 1, 2], "box_empty"),
    ],
)
def test_packing_refusal(copies, boxes, box_numbers, expected):
    refusal = policies.packing_refusal(copies=copies, boxes=boxes, box_numbers=box_numbers)
    assert (refusal.code if refusal else None) == expected
    if refusal:
        assert refusal.code in BatchRefused.messages


@pytest.mark.parametrize(
    ("boxes", "box_numbers", "expected"),
    [
        (1, [], 1),
        (2, [], 1),
        (2, [1], 2),
        (3, [1, 2, 3, 1], 2),
        (2, [1, 1, 2, 7], 2),  # a number out of range is ignored
    ],
)
def test_emptiest_box(boxes, box_numbers, expected):
    assert policies.emptiest_box(boxes=boxes, box_numbers=box_numbers) == expected


@pytest.mark.parametrize(
    ("scanned", "damaged", "back_on_shelf", "expected"),
    [
        (True, False, False, "returned"),
        (True, True, False, "damaged"),
        (False, False, False, "lost"),  # not scanned back: lost, after a confirmation
        (False, False, True, "returned"),  # lent at the point, returned at the sender's desk
    ],
)
def test_state_at_close(scanned, damaged, back_on_shelf, expected):
    assert (
        policies.state_at_close(
            return_scanned=scanned, return_damaged=damaged, back_on_shelf=back_on_shelf
        )
        == expected
    )


@pytest.mark.parametrize(
    ("lines", "ticked", "expected"),
    [
        ([(1, False), (2, False)], None, {1, 2}),  # nothing scanned: everything arrived
        ([(1, True), (2, False)], None, {1}),  # what was scanned
        ([(1, True), (2, False)], [2], {2}),  # the ticks decide
        ([(1, False), (2, False)], [], set()),  # nothing ticked: nothing arrived
    ],
)
def test_arrived_ids(lines, ticked, expected):
    assert policies.arrived_ids(line_ids=lines, ticked=ticked) == expected
