"""The staff pages of events: the calendar, planning, reporting, cancelling, national days;
another library's staff get 404 on every page that edits an event."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from libnet.events.models import Event, EventState
from tests.events.conftest import plan


@pytest.mark.django_db
def test_minh_plans_an_event_on_the_form_and_reports_it(client, minh, commune):
    client.force_login(minh.user)
    response = client.post(
        reverse("events:new"),
        {
            "library": commune.code,
            "kind": "talk",
            "title": "Nói chuyện chuyên đề: Sách và nông nghiệp",
            "day": "2026-12-15",
            "starts": "14:00",
            "ends": "16:00",
            "audiences": ["adults", "elderly"],
            "planned_adults": "40",
            "planned_children": "0",
            "is_published": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()
    event = Event.objects.get()
    assert (event.kind.code, event.audiences, event.venue_library) == (
        "talk",
        ["adults", "elderly"],
        commune,
    )
    response = client.post(
        reverse("events:report", args=[event.pk]),
        {"adults": "38", "children": "2", "elderly": "20", "results": "Tặng 30 cuốn sách"},
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.state, event.attendance, event.attended_groups) == (
        "reported",
        40,
        {"elderly": 20},
    )
    page = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert "Tặng 30 cuốn sách" in page
    assert "Người cao tuổi: 20" in page


@pytest.mark.django_db
def test_a_bad_form_comes_back_with_its_error_and_nothing_is_written(client, minh, commune):
    client.force_login(minh.user)
    response = client.post(
        reverse("events:new"),
        {
            "library": commune.code,
            "kind": "talk",
            "title": "Nói chuyện",
            "day": "2026-12-15",
            "starts": "16:00",
            "ends": "14:00",
            "planned_adults": "0",
            "planned_children": "0",
        },
    )
    assert response.status_code == 400
    assert "không thể kết thúc trước khi bắt đầu" in response.content.decode()
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_the_calendar_shows_the_month_down_the_tree(client, lan, province, minh):
    plan(province["commune"], title="Giờ kể chuyện Tân Lập", day=dt.date(2026, 3, 10))
    plan(province["school"], title="Giới thiệu sách THCS", day=dt.date(2026, 3, 11))
    client.force_login(lan.user)
    page = client.get(reverse("events:calendar"), {"library": "SL-TVT", "month": "2026-03"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Giờ kể chuyện Tân Lập" in text
    assert "Giới thiệu sách THCS" not in text  # another tree
    listing = client.get(
        reverse("events:calendar"), {"library": "SL-TVT", "month": "2026-03", "view": "list"}
    ).content.decode()
    assert "Giờ kể chuyện Tân Lập" in listing
    assert "1 đã lên kế hoạch" in listing


@pytest.mark.django_db
def test_minh_makes_book_day_his_event_from_the_national_days_page(client, minh, commune):
    client.force_login(minh.user)
    page = client.get(reverse("events:suggestions"), {"year": "2026"})
    assert "Ngày Sách và Văn hóa đọc Việt Nam" in page.content.decode()
    response = client.post(
        reverse("events:suggestions"),
        {"library": commune.code, "year": "2026", "national_day": "book_day"},
    )
    event = Event.objects.get()
    assert response.url == reverse("events:detail", args=[event.pk])
    assert event.starts_at.date() == dt.date(2026, 4, 21)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("events:detail", None),
        ("events:hold", {}),
        ("events:report", {"adults": "1", "children": "1"}),
        ("events:cancel", {"reason": "x"}),
    ],
)
def test_school_librarian_gets_404_on_every_page_that_edits_a_commune_event(
    client, an, minh, commune, name, data
):
    event = plan(commune, by=minh.user)
    client.force_login(an.user)
    url = reverse(name, args=[event.pk])
    response = client.get(url) if data is None else client.post(url, data)
    assert response.status_code == 404
    event.refresh_from_db()
    assert (event.state, event.attendance) == (EventState.PLANNED, 0)


@pytest.mark.django_db
def test_school_librarian_gets_404_planning_for_the_commune(client, an, commune):
    client.force_login(an.user)
    response = client.post(
        reverse("events:suggestions"),
        {"library": commune.code, "year": "2026", "national_day": "book_day"},
    )
    assert response.status_code == 404
    assert not Event.objects.exists()
