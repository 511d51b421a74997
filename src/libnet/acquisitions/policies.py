"""Pure rules of acquisitions: the life of an order, and what a budget line has left. Plain
values in, an answer out; tested as tables."""

from __future__ import annotations

from dataclasses import dataclass

from libnet.acquisitions.models import OrderState

S = OrderState
# An order is drafted, sent to the supplier, received in one delivery or several, or
# cancelled (what was received before stays received and paid).
ORDER_TRANSITIONS: dict[tuple[str, str], str] = {
    (S.DRAFT, "send"): S.SENT,
    (S.DRAFT, "cancel"): S.CANCELLED,
    (S.SENT, "receive_part"): S.PARTLY_RECEIVED,
    (S.SENT, "receive_all"): S.RECEIVED,
    (S.SENT, "cancel"): S.CANCELLED,
    (S.PARTLY_RECEIVED, "receive_part"): S.PARTLY_RECEIVED,
    (S.PARTLY_RECEIVED, "receive_all"): S.RECEIVED,
    (S.PARTLY_RECEIVED, "cancel"): S.CANCELLED,
}
# The orders whose copies not yet received hold part of their budget line (committed).
OPEN_STATES = frozenset({S.SENT, S.PARTLY_RECEIVED})
# The orders whose lines may still change.
EDITABLE_STATES = frozenset({S.DRAFT})


def next_order_state(state: str, action: str) -> str | None:
    """The state an order in `state` moves to on `action`, or None if not allowed."""
    return ORDER_TRANSITIONS.get((state, action))


@dataclass(frozen=True)
class BudgetFigures:
    """A budget line's figures in đồng: its amount, what open orders hold (committed: the
    copies ordered and not yet received) and what was received (spent)."""

    amount: int
    committed: int
    spent: int

    @property
    def left(self) -> int:
        """What is still free to order: negative once overspent (with a reason)."""
        return self.amount - self.committed - self.spent

    def __add__(self, other: BudgetFigures) -> BudgetFigures:
        return BudgetFigures(
            self.amount + other.amount, self.committed + other.committed, self.spent + other.spent
        )


def overspend(figures: BudgetFigures, *, more: int) -> int:
    """By how much using `more` đồng of the line would take it below zero (0: it fits).

    A line already below zero is overspent again by the whole of `more`."""
    if more <= 0:
        return 0
    return max(0, more - max(figures.left, 0))
