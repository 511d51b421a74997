"""The event endpoints under /api/v1/events: shapes, refusals, other-library 404."""

from __future__ import annotations

import pytest

from libnet.events.models import Event
from tests.circulation.test_api import bearer, post
from tests.events.conftest import plan

BOOK_DAY = {
    "library": "sl-tanlap",
    "kind": "book_day",
    "title": "Ngày Sách và Văn hóa đọc Việt Nam 2026",
    "starts_at": "2026-04-21T08:00:00+07:00",
    "ends_at": "2026-04-21T11:00:00+07:00",
}


@pytest.mark.django_db
def test_plan_report_and_list_an_event_through_the_api(client, minh, lan, commune):
    response = post(client, minh, "/api/v1/events", BOOK_DAY)
    assert response.status_code == 201, response.content
    event_id = response.json()["id"]
    assert response.json() == {"id": event_id}
    response = post(
        client,
        minh,
        f"/api/v1/events/{event_id}/report",
        {"attendance": {"adults": 35, "children": 80}},
    )
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "reported"
    assert Event.objects.get(pk=event_id).attendance == 115
    # The province's cataloguer lists the events of its subtree: the commune's is there.
    response = client.get(
        "/api/v1/events",
        {"library": "SL-TVT", "from": "2026-04-01", "to": "2026-04-30"},
        headers=bearer(lan),
    )
    assert response.status_code == 200, response.content
    assert response.json() == [
        {
            "id": event_id,
            "library": "SL-TANLAP",
            "kind": "book_day",
            "title": "Ngày Sách và Văn hóa đọc Việt Nam 2026",
            "starts_at": "2026-04-21T01:00:00Z",
            "ends_at": "2026-04-21T04:00:00Z",
            "state": "reported",
        }
    ]
    response = client.get(
        "/api/v1/events",
        {"library": "SL-TVT", "from": "2026-05-01", "to": "2026-05-31"},
        headers=bearer(lan),
    )
    assert response.json() == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "status", "code"),
    [
        ({"kind": "party"}, 400, "unknown_kind"),
        ({"title": " "}, 400, "title_required"),
        ({"ends_at": "2026-04-21T07:00:00+07:00"}, 400, "ends_before_start"),
        ({"starts_at": "1990-04-21T08:00:00+07:00"}, 400, "date_out_of_range"),
        ({"library": "SL-THCS-TANLAP"}, 404, "library_not_found"),
    ],
)
def test_a_bad_event_is_refused_in_vietnamese_and_nothing_is_written(
    client, minh, changes, status, code
):
    response = post(client, minh, "/api/v1/events", {**BOOK_DAY, **changes})
    assert response.status_code == status, response.content
    assert response.json()["code"] == code
    assert response.json()["message"]
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_a_cancelled_event_cannot_be_reported(client, minh, commune):
    event = plan(commune, by=minh.user)
    event.state = "cancelled"
    event.save()
    response = post(
        client,
        minh,
        f"/api/v1/events/{event.pk}/report",
        {"attendance": {"adults": 1, "children": 1}},
    )
    assert (response.status_code, response.json()["code"]) == (409, "not_allowed")


@pytest.mark.django_db
def test_school_librarian_gets_404_reporting_a_commune_event(client, an, minh, commune):
    event = plan(commune, by=minh.user)
    response = post(
        client,
        an,
        f"/api/v1/events/{event.pk}/report",
        {"attendance": {"adults": 5, "children": 5}},
    )
    assert (response.status_code, response.json()["code"]) == (404, "event_not_found")
    event.refresh_from_db()
    assert (event.state, event.attendance) == ("planned", 0)


@pytest.mark.django_db
def test_school_librarian_gets_404_listing_the_communes_events(client, an):
    response = client.get(
        "/api/v1/events", {"library": "SL-TANLAP", "from": "2026-04-01"}, headers=bearer(an)
    )
    assert response.status_code == 404


@pytest.mark.django_db
def test_a_backwards_range_is_refused(client, minh):
    response = client.get(
        "/api/v1/events",
        {"library": "SL-TANLAP", "from": "2026-04-30", "to": "2026-04-01"},
        headers=bearer(minh),
    )
    assert (response.status_code, response.json()["code"]) == (400, "bad_range")
    response = client.get(
        "/api/v1/events", {"library": "SL-TANLAP", "from": "30/04/2026"}, headers=bearer(minh)
    )
    assert response.status_code in (400, 422)
