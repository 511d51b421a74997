"""What circulation's services share: the clerk, the dates and card facts of a refusal, and a
copy moved or sent through the catalogue's rules.

A name here is used by more than one module of the package; the module itself is private.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from libnet.catalog import services as catalog_services
from libnet.catalog.models import Item, ItemStatus
from libnet.circulation import movements
from libnet.circulation.models import Hold
from libnet.core.audit import Actor
from libnet.network.models import Library
from libnet.patrons import selectors as patrons_selectors
from libnet.patrons import services as patrons_services
from libnet.patrons.models import Patron


def user_or_none(by: Actor) -> Any:
    """The user to keep as the one who did it: None for a command or an anonymous request."""
    return by if by is not None and getattr(by, "is_authenticated", False) else None


def day_text(day: dt.date) -> str:
    """A day as the messages write it: 31/12/2026."""
    return day.strftime("%d/%m/%Y")


def card_refusal_code(*, patron: Patron | None, library: Library, today: dt.date) -> str | None:
    """Return the code of the card refusal for `patron` at `library`, or None."""
    if patron is None:  # a loan whose reader asked to be erased
        return "card_erased"
    # patrons' one rule for "is this card usable?" (blocked, a child's missing consents…).
    refusal = patrons_selectors.card_refusal(patron=patron, on=today)
    return refusal.code if refusal is not None else None


def card_facts(*, patron: Patron, library: Library, today: dt.date) -> tuple[str | None, bool]:
    """What a loan's or a hold's rules ask of the reader's card at `library`: the code of its
    refusal (or None), and whether `library` honours it (asked only of a usable card)."""
    refusal = card_refusal_code(patron=patron, library=library, today=today)
    return refusal, refusal is not None or patrons_selectors.card_honoured_at(
        patron=patron, library=library, on=today
    )


def card_params(patron: Patron | None, library: Library) -> dict[str, Any]:
    """The facts a card refusal's message may name."""
    if patron is None:
        return {}
    return {
        "expired_on": day_text(patron.card_valid_until),
        "reason": patron.blocked_reason or "—",
        "home_library": patron.home_library.name,
        "library": library.name,
    }


def note_use_away_from_home(*, patron: Patron, library: Library, at: dt.datetime) -> None:
    """Note that `patron` used `library` under a joint card, when it is not the library that
    issued the card: its staff see the reader from then on (patrons.note_library_use)."""
    if patron.home_library_id != library.pk:
        patrons_services.note_library_use(patron=patron, library=library, at=at)


def item_params(item: Item) -> dict[str, Any]:
    """The facts a refusal about a copy may name."""
    return {"barcode": item.barcode, "status": ItemStatus(item.status).label}


def move_item(
    *, item: Item, to: str, current_library: Library, by: Actor, at: dt.datetime, reason: str = ""
) -> None:
    """Put the copy in status `to` at `current_library`, through the catalogue's rules.

    `item` is the copy the service has locked and read in this transaction: it is changed in
    place, not read again. The catalogue refuses a change to the same status; a copy that
    keeps its status but is now somewhere else (in transit, passing another desk; a floating
    copy) is only moved.
    """
    if item.status != to:
        if to == ItemStatus.IN_TRANSIT and item.status in (ItemStatus.LOST, ItemStatus.MISSING):
            # A copy that turns up away from home is found first, then sent home.
            catalog_services.change_locked_item_status(
                item=item, to=ItemStatus.AVAILABLE, by=by, at=at, reason=reason
            )
        catalog_services.change_locked_item_status(
            item=item, to=to, by=by, at=at, reason=reason, current_library=current_library
        )
        return
    catalog_services.move_locked_item(
        item=item, current_library=current_library, by=by, at=at, reason=reason
    )


def send(
    *,
    item: Item,
    desk: Library,
    to: Library,
    reason: str,
    hold: Hold | None,
    by: Actor,
    at: dt.datetime,
) -> None:
    """Put the copy in transit from `desk` to `to` and record the transfer (for the slip)."""
    move_item(item=item, to=ItemStatus.IN_TRANSIT, current_library=desk, by=by, at=at)
    movements.copy_sent(
        item=item, from_library=desk, to_library=to, reason=reason, hold=hold, by=by, at=at
    )
