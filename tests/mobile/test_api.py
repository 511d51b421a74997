"""The mobile endpoints under /api/v1: one test each, and other-library denial."""

from __future__ import annotations

import pytest

from libnet.circulation.models import Loan
from libnet.core import clock, tokens
from libnet.mobile.models import MobileTrip
from tests.mobile.test_lending_at_stops import op


def bearer(persona) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens.create_api_token(user=persona.user)}"}


def post(client, persona, url, body):
    return client.post(url, body, content_type="application/json", headers=bearer(persona))


def test_list_and_plan_trips(client, hung, route, vehicle, trip):
    response = client.get("/api/v1/mobile/trips", headers=bearer(hung))
    assert response.status_code == 200
    assert [row["id"] for row in response.json()] == [trip.pk]
    response = post(
        client,
        hung,
        "/api/v1/mobile/trips",
        {"route_id": route.pk, "vehicle_id": vehicle.pk, "date": clock.today().isoformat()},
    )
    assert response.status_code == 201
    assert response.json()["state"] == "planned"
    assert MobileTrip.objects.count() == 2


def test_get_a_trip_with_its_stops_crew_and_stock(client, hung, on_road):
    response = client.get(f"/api/v1/mobile/trips/{on_road.pk}", headers=bearer(hung))
    assert response.status_code == 200
    body = response.json()
    assert next(stop["name"] for stop in body["stops"]) == "UBND xã Tân Lập"
    assert sorted(row["barcode"] for row in body["stock"]) == ["TVT0001", "TVT0002", "TVT0003"]
    assert {member["role"] for member in body["crew"]} == {"driver", "librarian"}


def test_load_stock_answers_per_barcode(client, hung, trip, stock):
    response = post(
        client, hung, f"/api/v1/mobile/trips/{trip.pk}/stock", {"barcodes": ["TVT0001", "XYZ"]}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["loaded"] == ["TVT0001"]
    assert body["refused"][0]["code"] == "item_not_found"
    assert body["refused"][0]["message"]


def test_record_stop_figures_and_a_refusal_as_409(client, hung, on_road):
    stop = on_road.stops.first()
    url = f"/api/v1/mobile/trips/{on_road.pk}/stops/{stop.pk}"
    response = post(client, hung, url, {"readers_served": 20, "in_place_uses": 31})
    assert response.status_code == 200
    assert response.json()["readers_served"] == 20
    response = post(client, hung, url, {"readers_served": 0, "in_place_uses": 31})
    assert response.status_code == 409
    assert response.json()["code"] == "uses_without_readers"


def test_sync_answers_per_operation(client, hung, on_road, villager):
    stop = on_road.stops.first()
    # The API applies scans at the real clock: a scan more than 2 days old is refused.
    queue = [
        op(on_road, stop, "checkout", "TVT0001", villager.card_number, at=clock.now()),
        op(on_road, stop, "checkout", "TVT0001", villager.card_number, at=clock.now()),
    ]
    response = post(client, hung, "/api/v1/mobile/sync", {"operations": queue})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [(r["result"], r["code"]) for r in results] == [
        ("ok", "lent"),
        ("refused", "item_on_loan"),
    ]
    assert Loan.objects.count() == 1


def test_sync_with_a_session_needs_the_csrf_token(hung, on_road, villager):
    """The stop page posts with the staff session; a forged cross-site post is refused."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(hung.user)
    stop = on_road.stops.first()
    body = {"operations": [op(on_road, stop, "checkout", "TVT0001", villager.card_number)]}
    response = client.post("/api/v1/mobile/sync", body, content_type="application/json")
    assert response.status_code in (401, 403)
    assert not Loan.objects.exists()


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "/api/v1/mobile/trips/{trip}", None),
        ("post", "/api/v1/mobile/trips/{trip}/stock", {"barcodes": ["TVT0001"]}),
        ("post", "/api/v1/mobile/trips/{trip}/stops/{stop}", {"readers_served": 3}),
    ],
)
def test_staff_of_another_library_get_404(
    client, other_mobile_clerk, minh, on_road, method, path, body
):
    url = path.format(trip=on_road.pk, stop=on_road.stops.first().pk)
    for persona in (other_mobile_clerk, minh):
        if method == "get":
            response = client.get(url, headers=bearer(persona))
        else:
            response = post(client, persona, url, body)
        assert response.status_code == 404
        assert response.json()["code"] == "trip_not_found"


def test_another_librarys_route_cannot_be_used_to_plan(client, other_mobile_clerk, route, vehicle):
    response = post(
        client,
        other_mobile_clerk,
        "/api/v1/mobile/trips",
        {"route_id": route.pk, "vehicle_id": vehicle.pk, "date": "2026-03-09"},
    )
    assert response.status_code == 404


def test_trip_list_shows_no_trip_of_another_library(client, other_mobile_clerk, trip):
    response = client.get("/api/v1/mobile/trips", headers=bearer(other_mobile_clerk))
    assert response.json() == []


def test_sync_of_another_librarys_trip_is_refused(client, other_mobile_clerk, on_road, villager):
    stop = on_road.stops.first()
    body = {"operations": [op(on_road, stop, "checkout", "TVT0001", villager.card_number)]}
    response = post(client, other_mobile_clerk, "/api/v1/mobile/sync", body)
    assert response.json()["results"][0]["code"] == "trip_not_found"
    assert not Loan.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"readers_served": 10**19},
        {"readers_served": 2**31},
        {"readers_served": 20, "in_place_uses": 5_001},
        {"readers_served": 20, "new_cards": 10**6},
        {"readers_served": 20, "loans_on_paper": 2**40},
        {"readers_served": 20, "new_cards": -1},
    ],
)
def test_out_of_range_figures_are_refused_with_a_4xx(client, hung, on_road, body):
    stop = on_road.stops.first()
    url = f"/api/v1/mobile/trips/{on_road.pk}/stops/{stop.pk}"
    response = post(client, hung, url, body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "out_of_range"
    assert response.json()["detail"][0]["field"] in body
    stop.refresh_from_db()
    assert stop.readers_served == 0


def test_the_largest_figures_are_accepted(client, hung, on_road):
    stop = on_road.stops.first()
    url = f"/api/v1/mobile/trips/{on_road.pk}/stops/{stop.pk}"
    response = post(client, hung, url, {"readers_served": 5_000, "in_place_uses": 5_000})
    assert response.status_code == 200


@pytest.mark.parametrize(
    "moment",
    ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00", "2026-03-02T09:30:00", 1772420000],
)
def test_a_moment_the_database_cannot_write_is_refused(client, hung, on_road, moment):
    """Stored in UTC: a time before year 1 or after 9999 there, or one without its zone."""
    stop = on_road.stops.first()
    url = f"/api/v1/mobile/trips/{on_road.pk}/stops/{stop.pk}"
    response = post(client, hung, url, {"readers_served": 3, "arrived_at": moment})
    assert response.status_code == 422
    assert [entry["field"] for entry in response.json()["detail"]] == ["arrived_at"]
    stop.refresh_from_db()
    assert stop.readers_served == 0
