"""Where circulation tells the movement records (rotation's transfers) what it did to a copy.

Circulation sits below rotation (DESIGN.md §2) and does not import it. Rotation registers one
handler here when Django starts (RotationConfig.ready); the desk calls it explicitly, only on
the paths that are rare at a desk: a copy sent in transit, a copy in transit scanned at a
desk, and a copy lent away from its home coming back. Without a handler nothing is recorded.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from libnet.catalog.models import Item
from libnet.circulation.models import Hold
from libnet.core.audit import Actor
from libnet.network.models import Library


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

    def copy_arrived(self, *, item: Item, desk: Library, by: Actor, at: dt.datetime) -> None:
        """A copy in transit was scanned at `desk`: its journey ends there."""

    def rotation_point_of(self, *, item_id: int) -> int | None:
        """The library the copy is on rotation at (its batch received there), or None."""


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


def copy_arrived(*, item: Item, desk: Library, by: Actor, at: dt.datetime) -> None:
    if _handler is not None:
        _handler.copy_arrived(item=item, desk=desk, by=by, at=at)


def rotation_point_of(*, item_id: int) -> int | None:
    return _handler.rotation_point_of(item_id=item_id) if _handler is not None else None
