"""The mobile library in the demo: a vehicle, two routes, past trips with figures, readers
whose cards it issued, and a trip planned for today (README step 10: add the crew, load the
vehicle by scan, leave, lend at a stop, record the figures, count the stock, close).

Written through mobile.services with past moments (`at=`), so claims, copies, daily figures
and the audit log agree as if the crew had done it. A second run adds nothing: the loader
calls `load_mobile` only while the mobile library has no route yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from libnet.core import clock
from libnet.core.audit import Actor
from libnet.demo import people
from libnet.mobile import selectors, services
from libnet.mobile.models import Route, Vehicle
from libnet.network import services as network_services
from libnet.network.models import AdminUnit, Library, Membership, Role
from libnet.patrons import services as patrons_services

MOBILE_CODE = "SL-TVT-LD"
# Trương Văn Hùng, librarian of the mobile library: plans the trips and lends at the stops.
CREW_USERNAME = "hung"
CREW_FULL_NAME = "Trương Văn Hùng"
COPIES_PER_TRIP = 12


@dataclass(frozen=True)
class DemoStop:
    name: str
    kind: str
    admin_unit: str | None = None
    library: str | None = None
    planned_time: dt.time | None = None


ROUTES = (
    (
        "Tuyến Tân Lập – Hưng Thịnh",
        (
            DemoStop("UBND xã Tân Lập", "commune", "SL-X-TANLAP", "SL-TANLAP", dt.time(7, 30)),
            DemoStop("Nhà văn hóa thôn Đồng Xuân", "village", "SL-X-TANLAP", None, dt.time(8, 45)),
            DemoStop(
                "Trường Tiểu học Tân Lập", "school", "SL-X-TANLAP", "SL-TH-TANLAP", dt.time(10, 0)
            ),
            DemoStop("Làng Thịnh Mỹ", "village", "SL-X-HUNGTHINH", None, dt.time(14, 0)),
            DemoStop(
                "UBND xã Hưng Thịnh", "commune", "SL-X-HUNGTHINH", "SL-HUNGTHINH", dt.time(15, 30)
            ),
        ),
    ),
    (
        "Tuyến miền núi Thanh Sơn – Nậm Lương",
        (
            DemoStop("UBND xã Thanh Sơn", "commune", "SL-X-THANHSON", "SL-THANHSON", dt.time(7, 0)),
            DemoStop("Bản Pà Khôm", "village", "SL-X-NAMLUONG", None, dt.time(9, 30)),
            DemoStop(
                "Trường PTDTBT Tiểu học và THCS Nậm Lương",
                "school",
                "SL-X-NAMLUONG",
                None,
                dt.time(10, 45),
            ),
            DemoStop("Bản Huồi Tụ", "village", "SL-X-NAMLUONG", None, dt.time(14, 30)),
        ),
    ),
)
CREW = (
    ("Nguyễn Văn Tài", "driver"),
    (CREW_FULL_NAME, "librarian"),
    ("Lê Thị Hoa", "librarian"),
)
# (days ago, route index, per stop: readers served, read on the spot, loans on paper, new
# cards, activities). Village stops draw the children; schools fill the vehicle.
PAST_TRIPS = (
    (
        75,
        0,
        (
            (34, 52, 6, 4, "Giới thiệu sách mới, làm thẻ bạn đọc"),
            (41, 60, 0, 7, "Kể chuyện cho thiếu nhi"),
            (180, 260, 12, 0, "Đọc sách cùng học sinh lớp 4, 5"),
            (27, 35, 3, 2, ""),
            (22, 30, 2, 1, "Trưng bày sách pháp luật"),
        ),
    ),
    (
        45,
        1,
        (
            (30, 44, 5, 6, "Chiếu phim tài liệu về Bác Hồ"),
            (56, 70, 0, 11, "Kể chuyện song ngữ Việt – Thái"),
            (210, 305, 0, 0, "Thi đố vui về sách"),
            (38, 41, 4, 5, ""),
        ),
    ),
    (
        16,
        0,
        (
            (29, 40, 3, 2, ""),
            (37, 55, 0, 3, "Vẽ tranh theo truyện"),
            (165, 240, 8, 0, "Ngày Sách và Văn hóa đọc"),
            (25, 28, 2, 0, ""),
            (19, 24, 1, 1, ""),
        ),
    ),
)
# Readers whose card the mobile library issued at a village stop (name, date of birth).
VILLAGERS = (
    ("Hà Thị Nga", dt.date(1986, 4, 12)),
    ("Lò Văn Sáng", dt.date(1979, 9, 2)),
    ("Đinh Thị Mến", dt.date(1992, 1, 25)),
)
# The planned trip of the README's tour is today's: a trip leaves only on its own date
# (mobile.policies.departure_refusal). A day later the trip page offers to move it.
PLANNED_IN_DAYS = 0


def _crew_user(mobile: Library) -> Actor:
    user_model = get_user_model()
    if not Membership.objects.filter(
        user__username=CREW_USERNAME, library=mobile, role=Role.CIRCULATION
    ).exists():
        network_services.add_staff(
            username=CREW_USERNAME,
            library=mobile,
            role=Role.CIRCULATION,
            by=None,
            password=None
            if user_model.objects.filter(username=CREW_USERNAME).exists()
            else people.DEMO_PASSWORD,
            full_name=CREW_FULL_NAME,
        )
    return user_model.objects.get(username=CREW_USERNAME)


def load_mobile(libraries: dict[str, Library], at: dt.datetime) -> dict[str, int]:
    """Create the vehicle, routes and trips of the demo's mobile library; return the counts."""
    counts = {"mobile_routes": 0, "mobile_trips": 0}
    mobile = libraries.get(MOBILE_CODE)
    if mobile is None or Route.objects.filter(library=mobile).exists():
        return counts
    hung = _crew_user(mobile)
    vehicle = services.create_vehicle(
        library=mobile, plate="37B-012.34", name="Xe thư viện lưu động Thaco", by=hung, at=at
    )
    routes = _create_routes(mobile, libraries, hung, at)
    counts["mobile_routes"] += len(routes)
    for days_ago, route_index, figures in PAST_TRIPS:
        day = clock.local_date(at) - dt.timedelta(days=days_ago)
        if _past_trip(routes[route_index], vehicle, day, figures, hung):
            counts["mobile_trips"] += 1
    _issue_villagers_cards(mobile, hung, at)
    # Today's trip, for the tour: the crew adds itself, loads the vehicle and leaves.
    planned_day = clock.local_date(at) + dt.timedelta(days=PLANNED_IN_DAYS)
    services.plan_trip(route=routes[0], vehicle=vehicle, date=planned_day, by=hung, at=at)
    counts["mobile_trips"] += 1
    return counts


def _create_routes(
    mobile: Library, libraries: dict[str, Library], hung: Actor, at: dt.datetime
) -> list[Route]:
    """The routes of ROUTES with their stops, in order."""
    units = {unit.code: unit for unit in AdminUnit.objects.filter(valid_to__isnull=True)}
    routes = []
    for name, stops in ROUTES:
        route = services.create_route(library=mobile, name=name, by=hung, at=at)
        for stop in stops:
            services.add_route_stop(
                route=route,
                name=stop.name,
                kind=stop.kind,
                admin_unit=units.get(stop.admin_unit or ""),
                library=libraries.get(stop.library or ""),
                planned_time=stop.planned_time,
                by=hung,
                at=at,
            )
        routes.append(route)
    return routes


def _past_trip(
    route: Route,
    vehicle: Vehicle,
    day: dt.date,
    figures: tuple[tuple[int, int, int, int, str], ...],
    hung: Actor,
) -> bool:
    """A trip of `day` made from start to end: crew, stock loaded, each stop's figures, the
    stock counted back, closed. False when no copy could be loaded (the trip stays planned)."""
    moment = dt.datetime.combine(day, dt.time(6, 30), tzinfo=clock.VIETNAM)
    trip = services.plan_trip(route=route, vehicle=vehicle, date=day, by=hung, at=moment)
    for person_name, role in CREW:
        services.add_crew_member(trip=trip, person_name=person_name, role=role, by=hung, at=moment)
    # What the rules let go out, as the trip page lists it for the crew.
    chosen = selectors.loadable_copies(trip=trip, limit=COPIES_PER_TRIP)
    loaded = services.load_copies(
        trip=trip, barcodes=[item.barcode for item in chosen], by=hung, at=moment
    ).loaded
    if not loaded:
        return False  # a demo without carriable copies: the trip stays planned
    services.change_trip_state(trip=trip, action="depart", by=hung, at=moment)
    for trip_stop, (readers, uses, paper, cards, activities) in zip(
        trip.stops.select_related("route_stop"), figures, strict=False
    ):
        services.record_stop_figures(
            stop=trip_stop,
            readers_served=readers,
            in_place_uses=uses,
            loans_on_paper=paper,
            new_cards=cards,
            activities=activities,
            arrived_at=dt.datetime.combine(
                day, trip_stop.route_stop.planned_time or dt.time(9), tzinfo=clock.VIETNAM
            ),
            by=hung,
            at=moment,
        )
    evening = moment + dt.timedelta(hours=11)
    services.change_trip_state(trip=trip, action="return", by=hung, at=evening)
    for row in loaded:
        services.check_back_copy(trip=trip, item=row.item, by=hung, at=evening)
    services.change_trip_state(trip=trip, action="close", by=hung, at=evening)
    return True


def _issue_villagers_cards(mobile: Library, hung: Actor, at: dt.datetime) -> None:
    """Readers who got their card from the vehicle at a village stop: the tour lends to them."""
    first_trip_day = clock.local_date(at) - dt.timedelta(days=PAST_TRIPS[0][0])
    issued_at = dt.datetime.combine(first_trip_day, dt.time(8, 45), tzinfo=clock.VIETNAM)
    adult = patrons_services.category_by_code("adult")
    for full_name, birth_date in VILLAGERS:
        patrons_services.issue_card(
            library=mobile,
            full_name=full_name,
            category=adult,
            birth_date=birth_date,
            address="Thôn Đồng Xuân, xã Tân Lập",
            by=hung,
            at=issued_at,
        )
