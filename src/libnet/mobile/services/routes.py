"""The mobile library's vehicles and routes, with the stops of each route."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from libnet.core import audit, clock, text
from libnet.core.audit import Actor
from libnet.mobile.errors import TripRefused
from libnet.mobile.models import Route, RouteStop, StopKind, TripStop, Vehicle
from libnet.mobile.services._common import clean_name
from libnet.network.models import AdminUnit, Library, LibraryKind


def _require_mobile(library: Library) -> None:
    if library.kind != LibraryKind.MOBILE:
        raise TripRefused("not_mobile_library", library=library.name)


def create_vehicle(
    *, library: Library, plate: str, name: str = "", by: Actor, at: dt.datetime | None = None
) -> Vehicle:
    """Register a vehicle of the mobile library `library`. Raises TripRefused."""
    at = at or clock.now()
    _require_mobile(library)
    plate = clean_name(plate).upper()
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
        route = Route.objects.create(library=library, name=clean_name(name), notes=text.nfc(notes))
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
            name=clean_name(name),
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
