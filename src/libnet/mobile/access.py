"""Scoped getters for the mobile library: staff see the trips, routes and vehicles of the
mobile libraries where they hold the circulation permission (the crew lends at the stops
and plans its own trips). Another library's trip raises NotFound exactly as a missing one.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from libnet.mobile.errors import MobileNotFound
from libnet.mobile.models import MobileTrip, Route, RouteStop, TripStop, Vehicle
from libnet.network import access as network_access
from libnet.network import selectors as network_selectors
from libnet.network.access import User
from libnet.network.models import Library, LibraryKind

# The crew plans trips, loads stock, lends at stops and records the figures: the mobile
# library's circulation staff (and its administrators).
PERMISSION = "circulation"
# Mẫu 01 is also read by the reporting officers above the mobile library.
REPORT_PERMISSIONS = ("circulation", "reporting")


def _mobile_only(library_ids: Iterable[int]) -> frozenset[int]:
    library_ids = list(library_ids)
    if not library_ids:  # nobody's libraries: not even the tree to read
        return frozenset()
    kinds = network_selectors.kind_map()  # from memory: the staff menu asks on every page
    return frozenset(i for i in library_ids if kinds.get(i) == LibraryKind.MOBILE)


def mobile_library_ids_for_staff(user: User) -> frozenset[int]:
    """The ids of the mobile libraries where `user` works the crew's jobs (no query)."""
    return _mobile_only(network_access.visible_library_ids(user, PERMISSION))


def report_library_ids_for_staff(user: User) -> frozenset[int]:
    """The ids of the mobile libraries whose Mẫu 01 `user` may read (no query)."""
    ids: set[int] = set()
    for permission in REPORT_PERMISSIONS:
        ids |= network_access.visible_library_ids(user, permission)
    return _mobile_only(ids)


def mobile_libraries_for_staff(user: User) -> QuerySet[Library]:
    """The mobile libraries where `user` works the crew's jobs."""
    library_ids = network_access.visible_library_ids(user, PERMISSION)
    return Library.objects.filter(pk__in=library_ids, kind=LibraryKind.MOBILE)


def report_libraries_for_staff(user: User) -> QuerySet[Library]:
    """The mobile libraries whose Mẫu 01 `user` may read."""
    ids: set[int] = set()
    for permission in REPORT_PERMISSIONS:
        ids |= network_access.visible_library_ids(user, permission)
    return Library.objects.filter(pk__in=ids, kind=LibraryKind.MOBILE).order_by("sort_key", "code")


def get_mobile_library_for_staff(user: User, code: str) -> Library:
    library = mobile_libraries_for_staff(user).filter(code=code.strip()).first()
    if library is None:
        raise MobileNotFound("library_not_found")
    return library


def trips_for_staff(user: User) -> QuerySet[MobileTrip]:
    library_ids = network_access.visible_library_ids(user, PERMISSION)
    return MobileTrip.objects.filter(route__library_id__in=library_ids)


def get_trip_for_staff(user: User, trip_id: int) -> MobileTrip:
    """Return the trip if its mobile library is one of `user`'s; NotFound otherwise."""
    trip = (
        trips_for_staff(user)
        .filter(pk=trip_id)
        .select_related("route__library__parent", "vehicle", "created_by")
        .first()
    )
    if trip is None:
        raise MobileNotFound("trip_not_found")
    return trip


def routes_for_staff(user: User) -> QuerySet[Route]:
    library_ids = network_access.visible_library_ids(user, PERMISSION)
    return Route.objects.filter(library_id__in=library_ids).select_related("library")


def get_route_for_staff(user: User, route_id: int) -> Route:
    route = routes_for_staff(user).filter(pk=route_id).first()
    if route is None:
        raise MobileNotFound("route_not_found")
    return route


def get_route_stop_for_staff(user: User, route_stop_id: int) -> RouteStop:
    library_ids = network_access.visible_library_ids(user, PERMISSION)
    stop = (
        RouteStop.objects.filter(pk=route_stop_id, route__library_id__in=library_ids)
        .select_related("route")
        .first()
    )
    if stop is None:
        raise MobileNotFound("stop_not_found")
    return stop


def vehicles_for_staff(user: User) -> QuerySet[Vehicle]:
    library_ids = network_access.visible_library_ids(user, PERMISSION)
    return Vehicle.objects.filter(library_id__in=library_ids)


def get_vehicle_for_staff(user: User, vehicle_id: int) -> Vehicle:
    vehicle = vehicles_for_staff(user).filter(pk=vehicle_id).first()
    if vehicle is None:
        raise MobileNotFound("vehicle_not_found")
    return vehicle


def get_trip_stop(trip: MobileTrip, trip_stop_id: int) -> TripStop:
    """Return a stop of `trip` (already scoped to the user); NotFound for any other stop."""
    stop = trip.stops.filter(pk=trip_stop_id).select_related("route_stop").first()
    if stop is None:
        raise MobileNotFound("stop_not_found")
    return stop
