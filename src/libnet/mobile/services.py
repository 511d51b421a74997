"""Every write of the mobile library: check → write → audit → daily figures, one transaction.

Keyword-only arguments, `at=` for the moment it happens. A refusal raises a LibnetError
subclass and leaves nothing written. A copy on a trip is claimed (rotation.ItemClaim) from
loading until it is back, lost or the trip is cancelled, so it cannot be in a rotation
batch or transfer at the same time (TT 05/2022 Art. 6.2.b).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import IntegrityError, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from libnet.catalog import services as catalog_services
from libnet.catalog.models import Item, ItemStatus
from libnet.circulation import access as circulation_access
from libnet.circulation import services as circulation_services
from libnet.core import audit, clock, text
from libnet.core.audit import Actor
from libnet.core.errors import LibnetError
from libnet.core.validation import check_date
from libnet.mobile import access, policies, selectors, stats_sources
from libnet.mobile.errors import LoadRefused, MobileNotFound, StopScanRefused, TripRefused
from libnet.mobile.models import (
    CrewRole,
    MobileOperation,
    MobileTrip,
    OperationAction,
    OperationResult,
    Route,
    RouteStop,
    StockState,
    StopKind,
    TripCrew,
    TripState,
    TripStock,
    TripStop,
    Vehicle,
)
from libnet.network.models import AdminUnit, Library, LibraryKind
from libnet.network.services import display_name
from libnet.patrons import access as patrons_access
from libnet.rotation import selectors as rotation_selectors
from libnet.rotation.models import ClaimKind, ItemClaim

User = AbstractBaseUser | AnonymousUser


def _trip_note(trip: MobileTrip) -> str:
    """What moved a copy, in its history: "chuyến lưu động số 2"."""
    return audit.note(_("mobile trip no. %(number)s"), number=trip.pk)


def _user(by: Actor) -> Any:
    return by if by is not None and getattr(by, "is_authenticated", False) else None


def _name(value: str) -> str:
    cleaned = text.clean(value or "")
    if not cleaned:
        raise TripRefused("invalid_name")
    return cleaned


def _state_label(state: str) -> str:
    return str(TripState(state).label).lower()


# --- vehicles and routes ------------------------------------------------------------------------


def _require_mobile(library: Library) -> None:
    if library.kind != LibraryKind.MOBILE:
        raise TripRefused("not_mobile_library", library=library.name)


def create_vehicle(
    *, library: Library, plate: str, name: str = "", by: Actor, at: dt.datetime | None = None
) -> Vehicle:
    """Register a vehicle of the mobile library `library`. Raises TripRefused."""
    at = at or clock.now()
    _require_mobile(library)
    plate = _name(plate).upper()
    with transaction.atomic():
        if Vehicle.objects.filter(library=library, plate=plate).exists():
            raise TripRefused("duplicate_plate", plate=plate)
        vehicle = Vehicle.objects.create(library=library, plate=plate, name=text.clean(name))
        audit.record(
            "mobile.vehicle.create",
            subject=vehicle,
            by=by,
            at=at,
            library_id=library.pk,
            after={"plate": plate, "name": vehicle.name},
        )
        return vehicle


def create_route(
    *, library: Library, name: str, notes: str = "", by: Actor, at: dt.datetime | None = None
) -> Route:
    """Create an empty route of the mobile library `library`. Raises TripRefused."""
    at = at or clock.now()
    _require_mobile(library)
    with transaction.atomic():
        route = Route.objects.create(library=library, name=_name(name), notes=text.nfc(notes))
        audit.record(
            "mobile.route.create",
            subject=route,
            by=by,
            at=at,
            library_id=library.pk,
            after={"name": route.name},
        )
        return route


def add_route_stop(
    *,
    route: Route,
    name: str,
    kind: str,
    by: Actor,
    admin_unit: AdminUnit | None = None,
    library: Library | None = None,
    planned_time: dt.time | None = None,
    at: dt.datetime | None = None,
) -> RouteStop:
    """Add a stop at the end of `route`. Raises TripRefused for a blank name."""
    at = at or clock.now()
    if kind not in StopKind.values:
        raise TripRefused("invalid_choice", value=kind)
    with transaction.atomic():
        Route.objects.select_for_update().filter(pk=route.pk).first()
        last = route.stops.order_by("-order").values_list("order", flat=True).first() or 0
        stop = RouteStop.objects.create(
            route=route,
            order=last + 1,
            name=_name(name),
            kind=kind,
            admin_unit=admin_unit,
            library=library,
            planned_time=planned_time,
        )
        audit.record(
            "mobile.route.add_stop",
            subject=stop,
            by=by,
            at=at,
            library_id=route.library_id,
            after={"route": route.pk, "order": stop.order, "name": stop.name, "kind": kind},
        )
        return stop


def remove_route_stop(*, stop: RouteStop, by: Actor, at: dt.datetime | None = None) -> None:
    """Remove a stop no trip has visited; the later stops move up. Raises TripRefused."""
    at = at or clock.now()
    with transaction.atomic():
        if TripStop.objects.filter(route_stop=stop).exists():
            raise TripRefused("route_has_trips")
        route_id, order = stop.route_id, stop.order
        audit.record(
            "mobile.route.remove_stop",
            subject=stop,
            by=by,
            at=at,
            library_id=stop.route.library_id,
            before={"route": route_id, "order": order, "name": stop.name},
        )
        stop.delete()
        # Renumber one by one from the top: (route, order) is unique at every step.
        for later in RouteStop.objects.filter(route_id=route_id, order__gt=order).order_by("order"):
            later.order -= 1
            later.save(update_fields=["order"])


# --- trips ----------------------------------------------------------------------------------------


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
            created_by=_user(by),
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


def _day(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def _trip_date_check(date: dt.date, *, at: dt.datetime) -> None:
    today = clock.local_date(at)
    check_date(date, field=gettext("Date of the trip"), window="operational", today=today)
    refusal = policies.trip_date_refusal(date=date, today=today)
    if refusal is not None:
        raise TripRefused(refusal, date=_day(date))


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
        trip = _locked_trip(trip)
        if trip.state not in policies.CREW_STATES:
            raise TripRefused("date_locked", state=_state_label(trip.state))
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


def _locked_trip(trip: MobileTrip) -> MobileTrip:
    return (
        MobileTrip.objects.select_for_update(of=("self",))
        .select_related("route__library")
        .get(pk=trip.pk)
    )


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
        trip = _locked_trip(trip)
        if trip.state not in policies.CREW_STATES:
            raise TripRefused("crew_locked")
        member = TripCrew.objects.create(
            trip=trip, user=user, person_name=_name(person_name), role=role
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
        trip = _locked_trip(member.trip)
        if trip.state not in policies.CREW_STATES:
            raise TripRefused("crew_locked")
        audit.record(
            "mobile.trip.crew_remove",
            subject=trip,
            by=by,
            at=at,
            library_id=trip.route.library_id,
            before={"crew": member.pk, "name": member.person_name, "role": member.role},
        )
        member.delete()


def _move_copy(*, item: Item, to: Library, by: Actor, at: dt.datetime, note: str) -> None:
    """Say the copy (locked, on the shelf) is now at `to`; its status does not change."""
    catalog_services.move_locked_item(item=item, current_library=to, by=by, at=at, reason=note)


def _release_claim(*, trip: MobileTrip, item_ids: Iterable[int]) -> None:
    ItemClaim.objects.filter(
        item_id__in=list(item_ids), kind=ClaimKind.MOBILE, holder_id=trip.pk
    ).delete()


def load_copy(
    *, trip: MobileTrip, item: Item, by: Actor, at: dt.datetime | None = None
) -> TripStock:
    """Load `item` on `trip` and claim it; a planned trip becomes loaded.

    Raises LoadRefused (policies.load_refusal; TT 05/2022 Art. 5.1.b, 6.2.b) or TripRefused
    when the trip has left. When it does, nothing has been written.
    """
    at = at or clock.now()
    with transaction.atomic(), audit.batch():
        trip = _locked_trip(trip)
        if trip.state not in policies.LOADING_STATES:
            raise TripRefused("trip_not_loading", state=_state_label(trip.state))
        mobile = trip.route.library
        item = (
            Item.objects.select_for_update(of=("self",))
            .select_related("bib", "shelf_location", "home_library")
            .get(pk=item.pk)
        )
        owner = item.home_library
        # The facts a rotation batch asks too (TT 05/2022 Art. 5.1.b, 6.2.b), with the mobile
        # library as the desk that lends the copy.
        facts = rotation_selectors.copy_facts([item], owner_id=owner.pk, desk=mobile)[item.pk]
        refusal = policies.load_refusal(
            owned_by_source=item.home_library_id in selectors.source_library_ids(mobile),
            status=item.status,
            at_home=item.current_library_id == item.home_library_id,
            restricted=facts.restricted,
            read_in_place=facts.read_in_place,
            copies_of_title=facts.copies_of_title,
            claimed=facts.claim is not None,
            already_on_trip=TripStock.objects.filter(trip=trip, item=item).exists(),
        )
        params = {
            "barcode": item.barcode,
            "owner": owner.name,
            "status": ItemStatus(item.status).label,
            "count": facts.copies_of_title,
        }
        if refusal is not None:
            raise LoadRefused(refusal, **params)
        try:
            with transaction.atomic():
                ItemClaim.objects.create(
                    item=item, kind=ClaimKind.MOBILE, holder_id=trip.pk, claimed_at=at
                )
        except IntegrityError:
            # A rotation batch or transfer claimed the copy between our read and our write.
            raise LoadRefused("copy_claimed", **params) from None
        stock = TripStock.objects.create(trip=trip, item=item, loaded_at=at)
        _move_copy(item=item, to=mobile, by=by, at=at, note=_trip_note(trip))
        if trip.state == TripState.PLANNED:
            _set_state(trip, TripState.LOADED)
        audit.record(
            "mobile.trip.load",
            subject=trip,
            by=by,
            at=at,
            library_id=mobile.pk,
            after={"item": item.pk, "barcode": item.barcode},
        )
        return stock


@dataclass
class LoadOutcome:
    """What loading a list of barcodes did: the copies loaded and, per barcode, refusals."""

    loaded: list[TripStock]
    refused: list[tuple[str, LibnetError]]


def load_copies(
    *, trip: MobileTrip, barcodes: Sequence[str], by: Actor, at: dt.datetime | None = None
) -> LoadOutcome:
    """Load each barcode in its own transaction; a refused one is reported, the others load."""
    outcome = LoadOutcome(loaded=[], refused=[])
    mobile = trip.route.library
    for raw in barcodes:
        barcode = raw.strip()
        if not barcode:
            continue
        try:
            item = selectors.source_copy_by_barcode(mobile=mobile, barcode=barcode)
            if item is None:
                raise MobileNotFound("item_not_found")
            outcome.loaded.append(load_copy(trip=trip, item=item, by=by, at=at))
        except LibnetError as error:
            outcome.refused.append((barcode, error))
    return outcome


def _set_state(trip: MobileTrip, state: str, **moments: dt.datetime) -> None:
    trip.state = state
    for name, value in moments.items():
        setattr(trip, name, value)
    trip.save(update_fields=["state", *moments])


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
        trip = _locked_trip(trip)
        before = trip.state
        state = policies.next_trip_state(trip.state, action)
        if state is None:
            raise TripRefused("invalid_transition", state=_state_label(trip.state), action=action)
        if action == "depart":
            today = clock.local_date(at)
            refusal = policies.departure_refusal(trip_date=trip.date, today=today)
            if refusal is not None:
                raise TripRefused(refusal, date=_day(trip.date), today=_day(today))
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
        _set_state(trip, state, **({moment: at} if moment else {}))
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
        _move_copy(item=item, to=item.home_library, by=by, at=at, note=_trip_note(trip))
        row.state = StockState.BACK
        row.returned_at = at
        row.save(update_fields=["state", "returned_at"])
    _release_claim(trip=trip, item_ids=trip.stock.values_list("item_id", flat=True))


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
    _release_claim(trip=trip, item_ids=trip.stock.values_list("item_id", flat=True))


def check_back_copy(
    *,
    trip: MobileTrip,
    item: Item,
    by: Actor,
    damaged: bool = False,
    at: dt.datetime | None = None,
) -> TripStock:
    """Count a copy back off the vehicle: it returns to its library's shelf and is unclaimed.

    A damaged copy is marked damaged (TT 05/2022 Art. 5.7: inventoried after service). Raises
    TripRefused when the trip is not back, the copy did not go out on it, is already back or
    is on loan to a reader.
    """
    at = at or clock.now()
    with transaction.atomic(), audit.batch():
        trip = _locked_trip(trip)
        if trip.state not in policies.CHECK_BACK_STATES:
            raise TripRefused("check_back_locked", state=_state_label(trip.state))
        row = TripStock.objects.filter(trip=trip, item_id=item.pk).first()
        if row is None:
            raise TripRefused("not_on_trip", barcode=item.barcode)
        if row.state == StockState.ON_LOAN:
            raise TripRefused("copy_on_loan", barcode=item.barcode)
        if row.state != StockState.OUT:
            raise TripRefused("already_back", barcode=item.barcode)
        item = (
            Item.objects.select_for_update(of=("self",))
            .select_related("home_library")
            .get(pk=item.pk)
        )
        if damaged and item.status == ItemStatus.AVAILABLE:
            catalog_services.change_locked_item_status(
                item=item,
                to=ItemStatus.DAMAGED,
                by=by,
                at=at,
                reason=audit.note(_("damaged on mobile trip no. %(number)s"), number=trip.pk),
                current_library=item.home_library,
            )
        else:
            _move_copy(item=item, to=item.home_library, by=by, at=at, note=_trip_note(trip))
        row.state = StockState.DAMAGED if damaged else StockState.BACK
        row.returned_at = at
        row.save(update_fields=["state", "returned_at"])
        _release_claim(trip=trip, item_ids=[item.pk])
        audit.record(
            "mobile.trip.check_back",
            subject=trip,
            by=by,
            at=at,
            library_id=trip.route.library_id,
            after={"item": item.pk, "state": row.state},
        )
        return row


# --- figures of a stop ----------------------------------------------------------------------------


def record_stop_figures(
    *,
    stop: TripStop,
    readers_served: int,
    new_cards: int,
    loans_on_paper: int,
    in_place_uses: int,
    activities: str,
    by: Actor,
    arrived_at: dt.datetime | None = None,
    at: dt.datetime | None = None,
) -> TripStop:
    """Set the hand-counted figures of a stop; the daily figures of the mobile library on
    the trip's date move by the difference. Raises TripRefused, and DateOutOfRange for an
    arrival outside the operational window."""
    at = at or clock.now()
    if arrived_at is not None:
        check_date(
            clock.local_date(arrived_at),
            field=gettext("Arrival at the stop"),
            window="operational",
            today=clock.local_date(at),
        )
    with transaction.atomic():
        trip = _locked_trip(stop.trip)
        if trip.state not in policies.FIGURE_STATES:
            raise TripRefused("figures_locked", state=_state_label(trip.state))
        stop = TripStop.objects.select_for_update().get(pk=stop.pk)
        libnet_loans = selectors.loans_made_at_stop(stop)
        refusal = policies.figures_refusal(
            readers_served=readers_served,
            loans=loans_on_paper + libnet_loans,
            in_place_uses=in_place_uses,
            new_cards=new_cards,
            loans_on_paper=loans_on_paper,
        )
        if refusal is not None:
            raise TripRefused(refusal, maximum=policies.MAX_FIGURE)
        fields = ["readers_served", "new_cards", "loans_on_paper", "in_place_uses", "activities"]
        before = audit.snapshot(stop, [*fields, "arrived_at"])
        stop.readers_served = readers_served
        stop.new_cards = new_cards
        stop.loans_on_paper = loans_on_paper
        stop.in_place_uses = in_place_uses
        stop.activities = text.nfc(activities).strip()
        stop.arrived_at = arrived_at or stop.arrived_at or at
        stop.recorded_at = at
        stop.save(update_fields=[*fields, "arrived_at", "recorded_at"])
        stats_sources.count_stop_figures(trip, stop, before=before)
        audit.record(
            "mobile.stop.figures",
            subject=stop,
            by=by,
            at=at,
            library_id=trip.route.library_id,
            before=before,
            after=audit.snapshot(stop, [*fields, "arrived_at"]),
        )
        return stop


# --- lending at a stop (the tablet's queue) --------------------------------------------------------


@dataclass(frozen=True)
class StopOperation:
    """One scan made at a stop, as the tablet queued it."""

    client_uuid: uuid.UUID
    trip_id: int
    stop_id: int | None
    action: str
    barcode: str
    card_number: str
    client_at: dt.datetime


@dataclass(frozen=True)
class OperationOutcome:
    """The answer for one operation: `ok`, or a refusal code and its message."""

    client_uuid: str
    result: str
    code: str
    message: str
    loan_id: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "client_uuid": self.client_uuid,
            "result": self.result,
            "code": self.code,
            "message": self.message,
            "loan_id": self.loan_id,
        }


def _outcome(row: MobileOperation) -> OperationOutcome:
    return OperationOutcome(
        client_uuid=str(row.client_uuid),
        result=row.result,
        code=row.code,
        message=row.message,
        loan_id=row.loan_id,
    )


def parse_operation(raw: Mapping[str, Any]) -> StopOperation:
    """Read one operation of the tablet's queue; raises StopScanRefused for a malformed one."""
    try:
        client_uuid = uuid.UUID(str(raw["client_uuid"]))
        trip_id = int(raw["trip_id"])
        stop_id = int(raw["stop_id"]) if raw.get("stop_id") not in (None, "") else None
        action = str(raw["action"])
    except (KeyError, TypeError, ValueError):
        raise StopScanRefused("invalid_operation") from None
    try:
        client_at = dt.datetime.fromisoformat(str(raw.get("client_at")).replace("Z", "+00:00"))
    except ValueError:
        raise StopScanRefused("invalid_time") from None
    if client_at.tzinfo is None:
        raise StopScanRefused("invalid_time")
    try:
        client_at = client_at.astimezone(dt.UTC)
    except OverflowError:  # 0001-01-01T00:00+14:00: no moment the database can hold
        raise StopScanRefused("invalid_time") from None
    if action not in OperationAction.values:
        raise StopScanRefused("invalid_action", action=action)
    return StopOperation(
        client_uuid=client_uuid,
        trip_id=trip_id,
        stop_id=stop_id,
        action=action,
        barcode=str(raw.get("barcode") or "").strip(),
        card_number=str(raw.get("card_number") or "").strip(),
        client_at=client_at,
    )


def apply_stop_operation(
    *,
    user: User,
    operation: StopOperation,
    at: dt.datetime | None = None,
    trips: dict[int, MobileTrip] | None = None,
    max_age: dt.timedelta = policies.MAX_SCAN_AGE,
) -> OperationOutcome:
    """Apply one scan of a stop once, however often it is sent, and return its outcome.

    The loan or return goes through circulation.services at the mobile library's desk, at
    the moment of the scan (never later than now). The stored outcome of an operation
    already applied (same client UUID) is returned unchanged. Each operation is its own
    transaction: a refused one is stored as refused and the next one goes on.
    """
    received_at = at or clock.now()
    try:
        known = _known_operation(user, operation)
    except MobileNotFound as error:
        return _refused_outcome(operation, error)
    if known is not None:
        if (known.trip_id, known.action, known.barcode) != (
            operation.trip_id,
            operation.action,
            operation.barcode,
        ):
            # Not a resend: another scan under a used UUID (a broken tablet). Nothing applied.
            return _refused_outcome(operation, StopScanRefused("duplicate_operation"))
        return _outcome(known)
    scanned_at = min(operation.client_at, received_at)
    trip: MobileTrip | None = None
    stop: TripStop | None = None
    try:
        # A queue holds one trip's scans: its scoped lookup is made once per sync (`trips`).
        trip = (trips or {}).get(operation.trip_id) or access.get_trip_for_staff(
            user, operation.trip_id
        )
        if trips is not None:
            trips[trip.pk] = trip
        stop = access.get_trip_stop(trip, operation.stop_id) if operation.stop_id else None
        trip_starts_at = dt.datetime.combine(trip.date, dt.time.min, tzinfo=clock.VIETNAM)
        if policies.scan_time_refusal(
            scanned_at=scanned_at,
            trip_starts_at=trip_starts_at,
            received_at=received_at,
            max_age=max_age,
        ):
            raise StopScanRefused(
                "scan_time_out_of_range",
                scanned=f"{scanned_at.astimezone(clock.VIETNAM):%H:%M} {_day(clock.local_date(scanned_at))}",
                day=_day(trip.date),
                days=max_age.days,
            )
        with transaction.atomic():
            loan_id = _apply(trip=trip, operation=operation, user=user, at=scanned_at)
            row = _store_operation(
                operation=operation,
                trip=trip,
                stop=stop,
                user=user,
                received_at=received_at,
                result=OperationResult.OK,
                code="lent" if operation.action == OperationAction.CHECKOUT else "returned",
                loan_id=loan_id,
            )
        return _outcome(row)
    except IntegrityError:
        # The same operation arrived twice at once; the first one's answer stands.
        try:
            known = _known_operation(user, operation)
        except MobileNotFound as error:
            return _refused_outcome(operation, error)
        if known is None:
            raise
        return _outcome(known)
    except LibnetError as error:
        if trip is None:
            # A trip the user cannot see: nothing to attach the refusal to.
            return _refused_outcome(operation, error)
        try:
            with transaction.atomic():
                row = _store_operation(
                    operation=operation,
                    trip=trip,
                    stop=stop,
                    user=user,
                    received_at=received_at,
                    result=OperationResult.REFUSED,
                    code=error.code,
                    message=error.message,
                )
        except IntegrityError:
            try:
                known = _known_operation(user, operation)
            except MobileNotFound as not_found:
                return _refused_outcome(operation, not_found)
            if known is None:
                raise
            row = known
        return _outcome(row)


def _refused_outcome(operation: StopOperation, error: LibnetError) -> OperationOutcome:
    """A refusal answered without being stored (nothing of the user's to attach it to)."""
    return OperationOutcome(
        client_uuid=str(operation.client_uuid),
        result=OperationResult.REFUSED,
        code=error.code,
        message=error.message,
    )


def _known_operation(user: User, operation: StopOperation) -> MobileOperation | None:
    """The operation already stored under this client UUID, among the trips `user` sees.

    A UUID stored on another library's trip raises MobileNotFound("trip_not_found"), as for
    a trip the user cannot see: its outcome is not theirs to read (caught by the caller).
    """
    # One read: two (the user's row, then "any row") would race with a resend committing
    # between them and answer "not yours" for the user's own operation.
    known = MobileOperation.objects.filter(client_uuid=operation.client_uuid).first()
    if known is None:
        return None
    if not access.trips_for_staff(user).filter(pk=known.trip_id).exists():
        raise MobileNotFound("trip_not_found")
    return known


def _store_operation(
    *,
    operation: StopOperation,
    trip: MobileTrip,
    stop: TripStop | None,
    user: User,
    received_at: dt.datetime,
    result: str,
    code: str,
    message: str = "",
    loan_id: int | None = None,
) -> MobileOperation:
    """Store one scan's outcome under its client UUID, and audit it."""
    row = MobileOperation.objects.create(
        client_uuid=operation.client_uuid,
        trip=trip,
        trip_stop=stop,
        action=operation.action,
        card_number=operation.card_number,
        barcode=operation.barcode,
        client_at=operation.client_at,
        received_at=received_at,
        result=result,
        code=code,
        message=message,
        loan_id=loan_id,
        by=_user(user),
    )
    after: dict[str, object] = {"barcode": operation.barcode}
    if result == OperationResult.REFUSED:
        action, after["code"] = "mobile.stop.refused", code
    else:
        action = f"mobile.stop.{operation.action}"
        after["loan"] = loan_id
    audit.record(
        action,
        subject=row,
        by=user,
        at=received_at,
        library_id=trip.route.library_id,
        after=after,
    )
    return row


def _apply(
    *, trip: MobileTrip, operation: StopOperation, user: User, at: dt.datetime
) -> int | None:
    """Lend or take back one copy at the mobile library's desk; return the loan's id."""
    locked = _locked_trip(trip)
    if locked.state not in policies.LENDING_STATES:
        raise StopScanRefused("trip_not_lending", state=_state_label(locked.state))
    desk = locked.route.library
    item = circulation_access.get_item_at_desk(user, operation.barcode, desk=desk)
    row = TripStock.objects.filter(trip=locked, item=item).first()
    if operation.action == OperationAction.CHECKOUT:
        # Only what the vehicle carries is lent at a stop; a copy lent already is refused by
        # circulation itself (with its due date).
        if row is None:
            raise TripRefused("not_on_trip", barcode=item.barcode)
        if row.state not in (StockState.OUT, StockState.ON_LOAN):
            raise TripRefused("already_back", barcode=item.barcode)
        patron = patrons_access.get_patron_by_card_at_desk(user, operation.card_number, desk=desk)
        loan = circulation_services.checkout_item(
            item=item, patron=patron, desk=desk, by=user, at=at
        )
        if row is not None:
            row.state = StockState.ON_LOAN
            row.save(update_fields=["state"])
        return loan.pk
    result = circulation_services.checkin_item(item=item, desk=desk, by=user, at=at)
    if row is not None and row.state == StockState.ON_LOAN:
        # Lent and brought back during the same trip: the copy is on the vehicle again, not
        # on its way home (circulation would send a provincial copy home from this desk).
        copy = result.item
        if copy.status == ItemStatus.IN_TRANSIT and result.hold is None:
            catalog_services.change_item_status(
                item=copy,
                to=ItemStatus.AVAILABLE,
                by=user,
                at=at,
                reason=audit.note(
                    _("back on the vehicle, mobile trip no. %(number)s"), number=trip.pk
                ),
                current_library=desk,
            )
        row.state = StockState.OUT
        row.save(update_fields=["state"])
    return result.loan.pk if result.loan else None


def sync_operations(
    *,
    user: User,
    operations: Iterable[Mapping[str, Any]],
    at: dt.datetime | None = None,
    max_age: dt.timedelta = policies.MAX_SCAN_AGE,
) -> list[OperationOutcome]:
    """Apply a tablet's queue in order, each operation in its own transaction."""
    outcomes: list[OperationOutcome] = []
    trips: dict[int, MobileTrip] = {}
    for raw in operations:
        try:
            operation = parse_operation(raw)
        except StopScanRefused as error:
            outcomes.append(
                OperationOutcome(
                    client_uuid=str(raw.get("client_uuid", "")) if isinstance(raw, Mapping) else "",
                    result=OperationResult.REFUSED,
                    code=error.code,
                    message=error.message,
                )
            )
            continue
        outcomes.append(
            apply_stop_operation(
                user=user, operation=operation, at=at, trips=trips, max_age=max_age
            )
        )
    return outcomes
