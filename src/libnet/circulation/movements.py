"""Where circulation tells the movement records (rotation's transfers) what it did to a copy.

Circulation sits below rotation (DESIGN.md §2) and does not import it. Rotation registers one
handler here when Django starts (RotationConfig.ready); the desk calls it explicitly, only on
the paths that are rare at a desk: a copy sent in transit, a copy in transit scanned at a
desk (where it is going; then that it arrived), a copy lent away from its home coming back,
and a copy set aside here that belongs to another library (an inter-library loan) being
lent. Without a handler nothing is recorded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from libnet.catalog.models import Item
from libnet.circulation.models import Hold, Loan
from libnet.core.audit import Actor
from libnet.network.models import Library
from libnet.patrons.models import Patron


@dataclass(frozen=True)
class Journey:
    """Where a copy in transit is travelling: `to_library`, and `batch_id` when it travels in
    a rotation batch (received on the batch's page, not at the desk)."""

    to_library: Library
    batch_id: int | None = None


class MovementHandler(Protocol):
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
        """The desk put `item` in transit from `from_library` to `to_library`."""

    def copy_arrived(
        self, *, item: Item, desk: Library, by: Actor, at: dt.datetime
    ) -> Patron | None:
        """A copy in transit was scanned at `desk`: its journey ends there. Returns the reader
        it came for (an inter-library loan arriving at the reader's home library), to be set
        aside for them; None otherwise."""

    def rotation_point_of(self, *, item_id: int) -> int | None:
        """The library the copy is on rotation at (its batch received there), or None."""

    def journey_of(self, *, item_id: int) -> Journey | None:
        """Where the copy in transit is going: its open transfer's destination, or its
        rotation batch's (the point on the way out, the sending library on the way back);
        None when no journey is on record."""

    def ill_due_on(self, *, item: Item, patron: Patron, desk: Library) -> dt.date | None:
        """The due date the lending library set, when `item` is lent to `patron` at `desk`
        as the inter-library loan they asked for; None when it is not one."""

    def ill_lent(self, *, loan: Loan, by: Actor, at: dt.datetime) -> None:
        """`loan` is the inter-library loan whose due date ill_due_on gave: link them."""

    def ill_lender_of(self, *, loan: Loan) -> Library | None:
        """The lending library when `loan` is an inter-library loan, else None."""

    def ill_returned(
        self, *, item: Item, desk: Library, by: Actor, at: dt.datetime
    ) -> Library | None:
        """A lent copy came back at `desk`. Returns the lending library it must go back to
        when it is an inter-library loan and `desk` is not the lender; None otherwise (at the
        lender's desk, the request is closed and the copy shelved there)."""


_handler: MovementHandler | None = None


def register(handler: MovementHandler | None) -> None:
    """Install the handler (rotation does, at start-up); None removes it."""
    global _handler
    _handler = handler


def copy_sent(
    *,
    item: Item,
    from_library: Library,
    to_library: Library,
    reason: str,
    hold: Hold | None,
    by: Actor,
    at: dt.datetime,
) -> None:
    if _handler is not None:
        _handler.copy_sent(
            item=item,
            from_library=from_library,
            to_library=to_library,
            reason=reason,
            hold=hold,
            by=by,
            at=at,
        )


def copy_arrived(*, item: Item, desk: Library, by: Actor, at: dt.datetime) -> Patron | None:
    if _handler is None:
        return None
    return _handler.copy_arrived(item=item, desk=desk, by=by, at=at)


def rotation_point_of(*, item_id: int) -> int | None:
    return _handler.rotation_point_of(item_id=item_id) if _handler is not None else None


def journey_of(*, item_id: int) -> Journey | None:
    return _handler.journey_of(item_id=item_id) if _handler is not None else None


def ill_due_on(*, item: Item, patron: Patron, desk: Library) -> dt.date | None:
    if _handler is None:
        return None
    return _handler.ill_due_on(item=item, patron=patron, desk=desk)


def ill_lent(*, loan: Loan, by: Actor, at: dt.datetime) -> None:
    if _handler is not None:
        _handler.ill_lent(loan=loan, by=by, at=at)


def ill_lender_of(*, loan: Loan) -> Library | None:
    return _handler.ill_lender_of(loan=loan) if _handler is not None else None


def ill_returned(*, item: Item, desk: Library, by: Actor, at: dt.datetime) -> Library | None:
    if _handler is None:
        return None
    return _handler.ill_returned(item=item, desk=desk, by=by, at=at)
