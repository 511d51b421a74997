"""The life of an order and a budget line's arithmetic, as tables."""

from __future__ import annotations

import pytest

from libnet.acquisitions import policies
from libnet.acquisitions.policies import BudgetFigures


@pytest.mark.parametrize(
    ("state", "action", "expected"),
    [
        ("draft", "send", "sent"),
        ("draft", "cancel", "cancelled"),
        ("draft", "receive_part", None),  # a draft was never sent: nothing can arrive
        ("sent", "receive_part", "partly_received"),
        ("sent", "receive_all", "received"),
        ("partly_received", "receive_part", "partly_received"),
        ("partly_received", "receive_all", "received"),
        ("partly_received", "cancel", "cancelled"),  # the rest will not come
        ("received", "cancel", None),  # what arrived is paid
        ("cancelled", "send", None),
        ("sent", "send", None),
    ],
)
def test_next_order_state(state, action, expected):
    assert policies.next_order_state(state, action) == expected


@pytest.mark.parametrize(
    ("amount", "committed", "spent", "left"),
    [
        (10_000_000, 0, 0, 10_000_000),
        (10_000_000, 2_000_000, 3_000_000, 5_000_000),
        (10_000_000, 4_000_000, 7_000_000, -1_000_000),  # overspent, with a reason
    ],
)
def test_what_a_budget_line_has_left_is_its_amount_less_committed_and_spent(
    amount, committed, spent, left
):
    assert BudgetFigures(amount, committed, spent).left == left


@pytest.mark.parametrize(
    ("left", "more", "over"),
    [
        (1_000_000, 400_000, 0),  # fits
        (1_000_000, 1_000_000, 0),  # uses the last đồng: still fits
        (1_000_000, 1_500_000, 500_000),
        (0, 200_000, 200_000),
        (-300_000, 200_000, 200_000),  # already below zero: all of it is beyond
        (1_000_000, 0, 0),
    ],
)
def test_overspend_is_what_goes_beyond_what_is_left(left, more, over):
    figures = BudgetFigures(amount=max(left, 0) + 5_000_000, committed=5_000_000, spent=0)
    if left < 0:
        figures = BudgetFigures(amount=0, committed=0, spent=-left)
    assert policies.overspend(figures, more=more) == over


def test_figures_of_several_lines_add_up():
    total = BudgetFigures(5, 1, 2) + BudgetFigures(10, 3, 4)
    assert (total.amount, total.committed, total.spent, total.left) == (15, 4, 6, 5)
