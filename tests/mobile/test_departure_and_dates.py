"""A trip leaves on its own day; typed dates stay in the operational window; closing a trip
with copies unaccounted for asks first. Through the pages and the API the crew uses."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from libnet.catalog.models import Item, ItemStatus
from libnet.core import clock
from libnet.mobile import policies, services
from libnet.mobile.models import MobileTrip, TripState
from tests.circulation.test_api import post

CREW = (("Nguyễn Văn Tài", "driver"), ("Trương Văn Hùng", "librarian"), ("Lê Thị Hoa", "librarian"))


def ready_trip(route, vehicle, stock, *, date: dt.date, at: dt.datetime | None = None):
    """A trip on `date` with its crew and the three copies loaded, planned at `at`."""
    trip = services.plan_trip(route=route, vehicle=vehicle, date=date, by=None, at=at)
    for name, role in CREW:
        services.add_crew_member(trip=trip, person_name=name, role=role, by=None, at=at)
    for item in stock:
        services.load_copy(trip=trip, item=item, by=None, at=at)
    return trip


@pytest.mark.parametrize(
    ("trip_date", "today", "expected"),
    [
        (dt.date(2026, 12, 14), dt.date(2026, 12, 14), None),  # its day, from 00:00 to 23:59
        (dt.date(2026, 12, 14), dt.date(2026, 12, 7), "not_trip_day"),  # a week early
        (dt.date(2026, 12, 14), dt.date(2026, 12, 13), "not_trip_day"),  # the evening before
        (dt.date(2026, 12, 14), dt.date(2026, 12, 15), "not_trip_day"),  # a day late: move it
    ],
)
def test_departure_refusal(trip_date, today, expected):
    assert policies.departure_refusal(trip_date=trip_date, today=today) == expected


def test_a_trip_does_not_leave_a_week_before_its_day(client, hung, route, vehicle, stock):
    later = clock.today() + dt.timedelta(days=7)
    trip = ready_trip(route, vehicle, stock, date=later)
    client.force_login(hung.user)
    response = client.post(reverse("mobile:trip_action", args=[trip.pk, "depart"]), follow=True)
    assert "chỉ được xuất phát đúng ngày đó" in response.text
    assert later.strftime("%d/%m/%Y") in response.text
    trip.refresh_from_db()
    assert (trip.state, trip.departed_at) == (TripState.LOADED, None)


def test_a_trip_whose_day_has_passed_does_not_leave_late(client, hung, route, vehicle, stock):
    three_days_ago = clock.now() - dt.timedelta(days=3)
    trip = ready_trip(
        route, vehicle, stock, date=clock.local_date(three_days_ago), at=three_days_ago
    )
    client.force_login(hung.user)
    client.post(reverse("mobile:trip_action", args=[trip.pk, "depart"]))
    trip.refresh_from_db()
    assert trip.state == TripState.LOADED


def test_the_trip_page_says_when_the_trip_may_leave_and_offers_to_move_it(
    client, hung, route, vehicle, stock
):
    trip = ready_trip(route, vehicle, stock, date=clock.today() + dt.timedelta(days=7))
    client.force_login(hung.user)
    page = client.get(reverse("mobile:trip", args=[trip.pk])).text
    assert 'id="trip-day-note"' in page
    assert reverse("mobile:trip_reschedule", args=[trip.pk]) in page


def test_a_trip_moved_to_today_leaves_with_its_crew_and_stock(client, hung, route, vehicle, stock):
    trip = ready_trip(route, vehicle, stock, date=clock.today() + dt.timedelta(days=7))
    client.force_login(hung.user)
    response = client.post(
        reverse("mobile:trip_reschedule", args=[trip.pk]), {"date": clock.today().isoformat()}
    )
    assert response.status_code == 302
    client.post(reverse("mobile:trip_action", args=[trip.pk, "depart"]))
    trip.refresh_from_db()
    assert (trip.state, trip.date) == (TripState.ON_ROAD, clock.today())
    assert trip.stock.count() == 3
    assert 'id="trip-day-note"' not in client.get(reverse("mobile:trip", args=[trip.pk])).text


def test_a_trip_on_the_road_keeps_its_date(client, hung, on_road):
    client.force_login(hung.user)
    response = client.post(
        reverse("mobile:trip_reschedule", args=[on_road.pk]),
        {"date": clock.today().isoformat()},
        follow=True,
    )
    assert "Chỉ đổi được ngày trước khi xe xuất phát" in response.text
    on_road.refresh_from_db()
    assert on_road.date == dt.date(2026, 3, 2)


# --- typed dates -----------------------------------------------------------------------------


def test_a_trip_dated_2020_is_refused_on_the_page(client, hung, route, vehicle):
    client.force_login(hung.user)
    response = client.post(
        reverse("mobile:trip_list"),
        {"route": route.pk, "vehicle": vehicle.pk, "date": "2020-05-01"},
    )
    assert response.status_code == 400
    assert "Ngày của chuyến phải từ" in response.text
    assert not MobileTrip.objects.exists()


def test_a_trip_dated_2020_is_refused_through_the_api(client, hung, route, vehicle):
    response = post(
        client,
        hung,
        "/api/v1/mobile/trips",
        {"route_id": route.pk, "vehicle_id": vehicle.pk, "date": "2020-05-01"},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "date_out_of_range"
    assert "Ngày của chuyến" in response.json()["message"]
    assert not MobileTrip.objects.exists()


def test_a_trip_for_yesterday_is_refused_through_the_api(client, hung, route, vehicle):
    yesterday = clock.today() - dt.timedelta(days=1)
    response = post(
        client,
        hung,
        "/api/v1/mobile/trips",
        {"route_id": route.pk, "vehicle_id": vehicle.pk, "date": yesterday.isoformat()},
    )
    assert response.status_code == 409
    assert response.json()["code"] == "trip_date_past"
    assert not MobileTrip.objects.exists()


def test_a_trip_moved_to_1900_is_refused(client, hung, route, vehicle):
    trip = services.plan_trip(route=route, vehicle=vehicle, date=clock.today(), by=None)
    client.force_login(hung.user)
    response = client.post(
        reverse("mobile:trip_reschedule", args=[trip.pk]), {"date": "1900-01-01"}, follow=True
    )
    assert "Ngày của chuyến phải từ" in response.text
    trip.refresh_from_db()
    assert trip.date == clock.today()


def test_a_stops_arrival_in_1990_is_refused_through_the_api(client, hung, on_road):
    stop = on_road.stops.first()
    response = post(
        client,
        hung,
        f"/api/v1/mobile/trips/{on_road.pk}/stops/{stop.pk}",
        {"readers_served": 20, "arrived_at": "1990-01-01T08:00:00+07:00"},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "date_out_of_range"
    assert "Giờ đến điểm dừng" in response.json()["message"]
    stop.refresh_from_db()
    assert (stop.readers_served, stop.arrived_at) == (0, None)


# --- closing a trip --------------------------------------------------------------------------


def test_closing_lists_the_copies_it_would_record_lost_and_waits(client, hung, on_road, stock, at):
    trip = services.change_trip_state(trip=on_road, action="return", by=None, at=at)
    services.check_back_copy(trip=trip, item=stock[0], by=None, at=at)
    client.force_login(hung.user)
    response = client.post(reverse("mobile:trip_action", args=[trip.pk, "close"]))
    assert response.status_code == 200
    assert 'data-barcode="TVT0002"' in response.text
    assert 'data-barcode="TVT0003"' in response.text
    assert 'data-barcode="TVT0001"' not in response.text
    trip.refresh_from_db()
    assert trip.state == TripState.BACK
    assert not Item.objects.filter(status=ItemStatus.LOST).exists()
    client.post(reverse("mobile:trip_action", args=[trip.pk, "close"]), {"confirm": "yes"})
    trip.refresh_from_db()
    assert trip.state == TripState.CLOSED
    assert Item.objects.filter(status=ItemStatus.LOST).count() == 2


def test_a_trip_with_every_copy_back_closes_without_a_question(client, hung, on_road, stock, at):
    trip = services.change_trip_state(trip=on_road, action="return", by=None, at=at)
    for item in stock:
        services.check_back_copy(trip=trip, item=item, by=None, at=at)
    client.force_login(hung.user)
    response = client.post(reverse("mobile:trip_action", args=[trip.pk, "close"]))
    assert response.status_code == 302
    trip.refresh_from_db()
    assert trip.state == TripState.CLOSED


# --- another library -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "extra", "data"),
    [
        ("mobile:trip_reschedule", [], {"date": "2026-03-03"}),
        ("mobile:trip_action", ["close"], {"confirm": "yes"}),
        ("mobile:trip_action", ["depart"], {}),
        ("mobile:trip_stock", [], {"picked": ["TVT0001"]}),
    ],
)
def test_another_mobile_library_cannot_change_the_trip(
    client, other_mobile_clerk, on_road, name, extra, data
):
    client.force_login(other_mobile_clerk.user)
    response = client.post(reverse(name, args=[on_road.pk, *extra]), data)
    assert response.status_code == 404
    on_road.refresh_from_db()
    assert (on_road.state, on_road.date) == (TripState.ON_ROAD, dt.date(2026, 3, 2))
