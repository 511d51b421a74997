"""What the mobile library's services share: a trip locked and moved on, a copy moved or
unclaimed, and the words of a refusal. A name here is used by more than one module of the
package; the module itself is private.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

from libnet.catalog import services as catalog_services
from libnet.catalog.models import Item
from libnet.core import audit, text
from libnet.core.audit import Actor
from libnet.core.errors import LibnetError
from libnet.mobile.errors import TripRefused
from libnet.mobile.models import MobileTrip, TripState
from libnet.network.models import Library
from libnet.rotation.models import ClaimKind, ItemClaim


def trip_note(trip: MobileTrip) -> str:
    """What moved a copy, in its history: "chuyến lưu động số 2"."""
    return audit.note(_("mobile trip no. %(number)s"), number=trip.pk)


def user_or_none(by: Actor) -> Any:
    """The user to keep as the one who did it: None for a command or an anonymous request."""
    return by if by is not None and getattr(by, "is_authenticated", False) else None


def clean_name(value: str) -> str:
    """`value` cleaned (NFC, spaces); raises TripRefused("invalid_name") when it is blank."""
    cleaned = text.clean(value or "")
    if not cleaned:
        raise TripRefused("invalid_name")
    return cleaned


def state_label(state: str) -> str:
    """A trip's state as a refusal's message names it, in lower case."""
    return str(TripState(state).label).lower()


def day_text(day: dt.date) -> str:
    """A day as the messages write it: 07/12/2026."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def locked_trip(trip: MobileTrip) -> MobileTrip:
    """The trip read again and locked for this transaction, with its route's library."""
    return (
        MobileTrip.objects.select_for_update(of=("self",))
        .select_related("route__library")
        .get(pk=trip.pk)
    )


def trip_for_step(
    trip: MobileTrip,
    *,
    allowed: Collection[str],
    refused: str,
    error: type[LibnetError] = TripRefused,
) -> MobileTrip:
    """The trip locked for this transaction, for a step its state must allow (`allowed`, one
    of policies' *_STATES); raises `error`(`refused`), naming the trip's state, otherwise."""
    locked = locked_trip(trip)
    if locked.state not in allowed:
        raise error(refused, state=state_label(locked.state))
    return locked


def move_copy(*, item: Item, to: Library, by: Actor, at: dt.datetime, note: str) -> None:
    """Say the copy (locked, on the shelf) is now at `to`; its status does not change."""
    catalog_services.move_locked_item(item=item, current_library=to, by=by, at=at, reason=note)


def release_claim(*, trip: MobileTrip, item_ids: Iterable[int]) -> None:
    """End the trip's claim on the copies `item_ids`: they may move again."""
    ItemClaim.objects.filter(
        item_id__in=list(item_ids), kind=ClaimKind.MOBILE, holder_id=trip.pk
    ).delete()


def set_state(trip: MobileTrip, state: str, **moments: dt.datetime) -> None:
    """Put the trip in `state`, stamping the moments given (departed_at=…)."""
    trip.state = state
    for name, value in moments.items():
        setattr(trip, name, value)
    trip.save(update_fields=["state", *moments])
