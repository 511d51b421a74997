"""Trips: planned, moved to another day, crewed, and moved on (depart, return, close, cancel),
with what closing and cancelling do to the copies still on the vehicle."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from libnet.catalog import services as catalog_services
from libnet.catalog.models import Item, ItemStatus
from libnet.core import audit, clock, text
from libnet.core.audit import Actor
from libnet.core.validation import check_date
from libnet.mobile import policies, stats_sources
from libnet.mobile.errors import TripRefused
from libnet.mobile.models import (
    CrewRole,
    MobileTrip,
    Route,
    StockState,
    TripCrew,
    TripStock,
    TripStop,
    Vehicle,
)
from libnet.mobile.services._common import (
    clean_name,
    day_text,
    locked_trip,
    move_copy,
    release_claim,
    set_state,
    state_label,
    trip_for_step,
    trip_note,
    user_or_none,
)
from libnet.network.services import display_name


def plan_trip(
    *,
    route: Route,
    vehicle: Vehicle,
    date: dt.date,
    by: Actor,
    notes: str = "",
    at: dt.datetime | None = None,
) -> MobileTrip:
    """Plan a trip along `route` on `date`; its stops are the route's stops of today.

    Raises TripRefused for another library's vehicle or a day that has passed, and
    DateOutOfRange for a date outside the operational window (core.validation).
    """
    at = at or clock.now()
    if vehicle.library_id != route.library_id:
        raise TripRefused("vehicle_of_other_library")
    _trip_date_check(date, at=at)
    with transaction.atomic():
        trip = MobileTrip.objects.create(
            route=route,
            vehicle=vehicle,
            date=date,
            notes=text.nfc(notes),
            created_by=user_or_none(by),
            created_at=at,
        )
        TripStop.objects.bulk_create(
            [TripStop(trip=trip, route_stop=stop) for stop in route.stops.order_by("order")]
        )
        audit.record(
            "mobile.trip.plan",
            subject=trip,
            by=by,
            at=at,
            library_id=route.library_id,
            after={"route": route.pk, "vehicle": vehicle.pk, "date": date.isoformat()},
        )
        return trip


def _trip_date_check(date: dt.date, *, at: dt.datetime) -> None:
    today = clock.local_date(at)
    check_date(date, field=gettext("Date of the trip"), window="operational", today=today)
    refusal = policies.trip_date_refusal(date=date, today=today)
    if refusal is not None:
        raise TripRefused(refusal, date=day_text(date))


def reschedule_trip(
    *, trip: MobileTrip, date: dt.date, by: Actor, at: dt.datetime | None = None
) -> MobileTrip:
    """Move a trip that has not left to another day (it keeps its crew and stock): the way
    to leave on a day other than the one planned (policies.departure_refusal).

    Raises TripRefused once the trip has left or for a day that has passed, and
    DateOutOfRange outside the operational window.
    """
    at = at or clock.now()
    _trip_date_check(date, at=at)
    with transaction.atomic():
        trip = trip_for_step(trip, allowed=policies.CREW_STATES, refused="date_locked")
        before = trip.date
        trip.date = date
        trip.save(update_fields=["date"])
        audit.record(
            "mobile.trip.reschedule",
            subject=trip,
            by=by,
            at=at,
            library_id=trip.route.library_id,
            before={"date": before.isoformat()},
            after={"date": date.isoformat()},
        )
        return trip


def add_crew_member(
    *,
    trip: MobileTrip,
    role: str,
    by: Actor,
    person_name: str = "",
    user: Any = None,
    at: dt.datetime | None = None,
) -> TripCrew:
    """Put a person on the trip's crew (a staff user, or a name). Raises TripRefused."""
    at = at or clock.now()
    if role not in CrewRole.values:
        raise TripRefused("invalid_choice", value=role)
    if user is not None and not person_name.strip():
        # Family name first: Django's get_full_name() would say "Minh Nguyễn Văn".
        person_name = display_name(user)
    with transaction.atomic():
        trip = trip_for_step(trip, allowed=policies.CREW_STATES, refused="crew_locked")
        member = TripCrew.objects.create(
            trip=trip, user=user, person_name=clean_name(person_name), role=role
        )
        audit.record(
            "mobile.trip.crew_add",
            subject=trip,
            by=by,
            at=at,
            library_id=trip.route.library_id,
            after={"crew": member.pk, "name": member.person_name, "role": role},
        )
        return member


def remove_crew_member(*, member: TripCrew, by: Actor, at: dt.datetime | None = None) -> None:
    """Take a person off the crew before the trip leaves. Raises TripRefused."""
    at = at or clock.now()
    with transaction.atomic():
        trip = trip_for_step(member.trip, allowed=policies.CREW_STATES, refused="crew_locked")
        audit.record(
            "mobile.trip.crew_remove",
            subject=trip,
            by=by,
            at=at,
            library_id=trip.route.library_id,
            before={"crew": member.pk, "name": member.person_name, "role": member.role},
        )
        member.delete()


_MOMENT_OF_ACTION = {"depart": "departed_at", "return": "returned_at", "close": "closed_at"}


def change_trip_state(
    *,
    trip: MobileTrip,
    action: str,
    by: Actor,
    confirm: bool = False,
    at: dt.datetime | None = None,
) -> MobileTrip:
    """Move the trip on: depart, return, close or cancel (policies.TRIP_TRANSITIONS).

    Leaving needs the trip's own date (policies.departure_refusal), the crew of TT 05/2022
    Art. 8 and at least one copy. Coming back counts the trip in `mobile_trips` on its date.
    Closing marks the copies neither back nor on loan as lost (each audited), which needs
    `confirm` (the page lists them first), and releases every claim; cancelling puts the
    copies back on their library's shelf. Raises TripRefused.
    """
    at = at or clock.now()
    with transaction.atomic(), audit.batch():
        trip = locked_trip(trip)
        before = trip.state
        state = policies.next_trip_state(trip.state, action)
        if state is None:
            raise TripRefused("invalid_transition", state=state_label(trip.state), action=action)
        if action == "depart":
            today = clock.local_date(at)
            refusal = policies.departure_refusal(trip_date=trip.date, today=today)
            if refusal is not None:
                raise TripRefused(refusal, date=day_text(trip.date), today=day_text(today))
            refusal = policies.crew_refusal(trip.crew.values_list("role", flat=True))
            if refusal is not None:
                raise TripRefused(refusal)
            if not trip.stock.exists():
                raise TripRefused("no_stock")
        elif action == "close":
            still_out = trip.stock.filter(state=StockState.OUT).count()
            if still_out and not confirm:
                raise TripRefused("losses_not_confirmed", count=still_out)
            _close_stock(trip=trip, by=by, at=at)
        elif action == "cancel":
            _unload_all(trip=trip, by=by, at=at)
        moment = _MOMENT_OF_ACTION.get(action)
        set_state(trip, state, **({moment: at} if moment else {}))
        if action == "return":
            stats_sources.count_trip_back(trip)
        audit.record(
            f"mobile.trip.{action}",
            subject=trip,
            by=by,
            at=at,
            library_id=trip.route.library_id,
            before={"state": before},
            after={"state": state},
        )
        return trip


def _stock_items(trip: MobileTrip, states: Iterable[str]) -> list[tuple[TripStock, Item]]:
    rows = list(
        TripStock.objects.filter(trip=trip, state__in=list(states)).select_related(
            "item__home_library"
        )
    )
    locked = {
        item.pk: item
        for item in Item.objects.select_for_update(of=("self",))
        .select_related("home_library")
        .filter(pk__in=[row.item_id for row in rows])
    }
    return [(row, locked[row.item_id]) for row in rows]


def _unload_all(*, trip: MobileTrip, by: Actor, at: dt.datetime) -> None:
    """A cancelled trip: every copy goes back on its library's shelf, unclaimed."""
    for row, item in _stock_items(trip, [StockState.OUT]):
        move_copy(item=item, to=item.home_library, by=by, at=at, note=trip_note(trip))
        row.state = StockState.BACK
        row.returned_at = at
        row.save(update_fields=["state", "returned_at"])
    release_claim(trip=trip, item_ids=trip.stock.values_list("item_id", flat=True))


def _close_stock(*, trip: MobileTrip, by: Actor, at: dt.datetime) -> None:
    """Copies still out when the trip closes are lost (TT 05/2022 Art. 11.1.g: counted after
    each round); copies on loan stay with their readers; every claim ends."""
    for row, item in _stock_items(trip, [StockState.OUT]):
        if item.status == ItemStatus.AVAILABLE:
            catalog_services.change_locked_item_status(
                item=item,
                to=ItemStatus.LOST,
                by=by,
                at=at,
                reason=audit.note(
                    _("missing after mobile trip no. %(number)s of %(day)s"),
                    number=trip.pk,
                    day=f"{trip.date:%d/%m/%Y}",
                ),
                current_library=item.home_library,
            )
        row.state = StockState.LOST
        row.save(update_fields=["state"])
        audit.record(
            "mobile.trip.copy_lost",
            subject=trip,
            by=by,
            at=at,
            library_id=trip.route.library_id,
            after={"item": item.pk, "barcode": item.barcode},
        )
    release_claim(trip=trip, item_ids=trip.stock.values_list("item_id", flat=True))
