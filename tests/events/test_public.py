"""Public pages of events: the OPAC home's upcoming events, /events, an event's page and the
iCalendar feeds (parsed with the `icalendar` library). Only published events are shown."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from libnet.core import clock
from libnet.events import services
from tests.events.conftest import plan

icalendar = pytest.importorskip("icalendar")


def soon(days: int) -> dt.date:
    return clock.today() + dt.timedelta(days=days)


@pytest.fixture
def public_events(province, minh):
    commune = province["commune"]
    book_day = plan(commune, kind="book_day", title="Ngày hội đọc sách Tân Lập", day=soon(5))
    hidden = plan(commune, title="Họp cộng tác viên", day=soon(6), is_published=False)
    cancelled = plan(commune, title="Hội thi bị hoãn", day=soon(7))
    services.cancel_event(event=cancelled, reason="Mưa", by=minh.user)
    school = plan(province["school"], kind="talk", title="Nói chuyện về Bác Hồ", day=soon(8))
    return {"book_day": book_day, "hidden": hidden, "cancelled": cancelled, "school": school}


@pytest.mark.django_db
def test_the_opac_home_lists_the_upcoming_published_events(client, public_events):
    page = client.get(reverse("opac:home")).content.decode()
    assert "Ngày hội đọc sách Tân Lập" in page
    assert "Nói chuyện về Bác Hồ" in page
    assert "Họp cộng tác viên" not in page
    assert "Hội thi bị hoãn" not in page


@pytest.mark.django_db
def test_events_page_lists_a_librarys_events_by_month(client, public_events):
    month = public_events["book_day"].starts_at.astimezone(clock.VIETNAM).strftime("%Y-%m")
    page = client.get("/events", {"library": "SL-TVT", "month": month}).content.decode()
    assert "Ngày hội đọc sách Tân Lập" in page  # the commune is below the provincial library
    assert "Nói chuyện về Bác Hồ" not in page  # the school is not
    assert "Họp cộng tác viên" not in page
    assert '<option value="SL-TVT" selected>' in page  # the library chooser


@pytest.mark.django_db
def test_a_published_event_is_public_and_an_unpublished_one_is_not(client, public_events):
    response = client.get(f"/events/{public_events['book_day'].pk}")
    assert response.status_code == 200
    assert "Thư viện xã Tân Lập" in response.content.decode()
    assert client.get(f"/events/{public_events['hidden'].pk}").status_code == 404
    assert client.get(f"/events/{public_events['cancelled'].pk}").status_code == 404


@pytest.mark.django_db
def test_the_network_feed_parses_as_icalendar(client, public_events):
    response = client.get("/events.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    feed = icalendar.Calendar.from_ical(response.content)
    events = {str(entry["SUMMARY"]): entry for entry in feed.walk("VEVENT")}
    assert set(events) == {"Ngày hội đọc sách Tân Lập", "Nói chuyện về Bác Hồ"}
    book_day = events["Ngày hội đọc sách Tân Lập"]
    assert book_day.decoded("DTSTART") == public_events["book_day"].starts_at
    assert str(book_day["UID"]).startswith(f"event-{public_events['book_day'].pk}@")
    assert str(book_day["URL"]).endswith(f"/events/{public_events['book_day'].pk}")


@pytest.mark.django_db
def test_a_librarys_feed_holds_its_events_and_those_below_it(client, public_events):
    response = client.get("/libraries/sl-tvt/events.ics")
    feed = icalendar.Calendar.from_ical(response.content)
    assert [str(entry["SUMMARY"]) for entry in feed.walk("VEVENT")] == ["Ngày hội đọc sách Tân Lập"]
    assert client.get("/libraries/NOWHERE/events.ics").status_code == 404
