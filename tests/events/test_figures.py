"""The event figures of a month's report come from the events held that month, and a
library's hand entry for them closes from the month of its first event."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from libnet.core.models import AuditEntry
from libnet.events import services
from libnet.planning import periods
from libnet.planning import selectors as planning_selectors
from libnet.planning import services as planning_services
from libnet.planning.errors import FigureRefused
from libnet.planning.models import ManualFigure
from libnet.stats.rebuild import rebuild_daily_stats
from tests.events.conftest import moment, plan
from tests.factories import NOW

MARCH = periods.parse("2026-03")
FEBRUARY = periods.parse("2026-02")


def event_figures(library, period):
    report = planning_selectors.report_object(library, period)
    return {
        code: report["indicators"][code]["computed"]
        for code in ("events", "talks", "event_attendance")
    }


@pytest.fixture
def march_events(commune, province, minh):
    """Four events of the commune in March 2026: a talk and a storytelling hour reported, a
    book introduction held, a contest cancelled; and one of the school's."""
    talk = plan(commune, kind="talk", by=minh.user, day=dt.date(2026, 3, 3))
    services.report_event(
        event=talk, adults=40, children=5, groups={"elderly": 20}, by=minh.user, at=NOW
    )
    story = plan(commune, kind="storytelling", by=minh.user, day=dt.date(2026, 3, 31))
    services.report_event(event=story, adults=2, children=25, by=minh.user, at=NOW)
    introduction = plan(commune, kind="book_introduction", by=minh.user, day=dt.date(2026, 3, 12))
    services.hold_event(event=introduction, by=minh.user, at=NOW)
    contest = plan(commune, kind="contest", by=minh.user, day=dt.date(2026, 3, 20))
    services.cancel_event(event=contest, reason="Hoãn", by=minh.user, at=NOW)
    plan(commune, kind="talk", by=minh.user, day=dt.date(2026, 4, 1))  # next month, planned
    school_talk = plan(province["school"], kind="talk", day=dt.date(2026, 3, 5))
    services.report_event(event=school_talk, adults=0, children=300, by=None, at=NOW)
    return talk


@pytest.mark.django_db
def test_the_months_report_counts_the_events_held_that_month(commune, march_events):
    assert event_figures(commune, MARCH) == {"events": 3, "talks": 2, "event_attendance": 72}


@pytest.mark.django_db
def test_an_event_counts_for_its_organiser_only(commune, province, march_events):
    march_events.co_organisers.set([province["school"]])
    assert event_figures(province["school"], MARCH) == {
        "events": 1,
        "talks": 1,
        "event_attendance": 300,
    }


@pytest.mark.django_db
def test_an_event_counts_on_its_start_day_in_vietnam(commune, minh):
    # 23:30 on 31 March in Vietnam is 16:30 UTC: still March.
    late = services.plan_event(
        library=commune,
        kind_code="talk",
        title="Đêm thơ",
        starts_at=moment(dt.date(2026, 3, 31), 23).replace(minute=30),
        ends_at=moment(dt.date(2026, 3, 31), 23).replace(minute=59),
        by=minh.user,
        at=NOW,
    )
    services.hold_event(event=late, by=minh.user, at=NOW)
    assert event_figures(commune, MARCH)["events"] == 1
    assert event_figures(commune, periods.parse("2026-04"))["events"] == 0


@pytest.mark.django_db
def test_correcting_an_events_attendance_moves_the_figure_by_the_difference(
    commune, minh, march_events
):
    services.report_event(event=march_events, adults=10, children=5, by=minh.user, at=NOW)
    assert event_figures(commune, MARCH)["event_attendance"] == 42


@pytest.mark.django_db
def test_the_figures_are_counted_again_the_same_by_a_rebuild(commune, march_events):
    before = event_figures(commune, MARCH)
    rebuild_daily_stats()
    assert event_figures(commune, MARCH) == before


def enter(library, persona, code, month, value):
    return planning_services.enter_manual_figure(
        library=library,
        indicator_code=code,
        month=month,
        value=value,
        note="Sổ theo dõi hoạt động",
        by=persona.user,
        at=NOW,
    )


@pytest.mark.django_db
def test_the_hand_entered_figure_is_not_counted_twice_once_events_are_recorded(commune, minh):
    enter(commune, minh, "events", dt.date(2026, 1, 1), 4)
    enter(commune, minh, "events", dt.date(2026, 2, 1), 5)
    enter(commune, minh, "talks", dt.date(2026, 2, 1), 2)
    talk = plan(commune, kind="talk", by=minh.user, day=dt.date(2026, 2, 20))
    services.report_event(event=talk, adults=30, children=0, by=minh.user, at=NOW)
    # February is computed from the events now; January keeps its hand entry.
    assert event_figures(commune, FEBRUARY) == {"events": 1, "talks": 1, "event_attendance": 30}
    assert event_figures(commune, periods.parse("2026-01"))["events"] == 4
    assert list(ManualFigure.objects.values_list("indicator__code", "month")) == [
        ("events", dt.date(2026, 1, 1))
    ]
    taken_out = AuditEntry.objects.filter(action="planning.manual_figure_taken_out")
    assert taken_out.count() == 2
    rebuild_daily_stats()
    assert event_figures(commune, FEBRUARY)["events"] == 1


@pytest.mark.django_db
def test_hand_entry_closes_from_the_month_of_the_first_event(commune, minh):
    plan(commune, kind="talk", by=minh.user, day=dt.date(2026, 2, 20))
    for month in (dt.date(2026, 2, 1), dt.date(2026, 3, 1)):
        with pytest.raises(FigureRefused) as refused:
            enter(commune, minh, "event_attendance", month, 10)
        assert refused.value.code == "computed_from_events"
    enter(commune, minh, "events", dt.date(2026, 1, 1), 3)  # before its first event
    enter(commune, minh, "pages_digitised", dt.date(2026, 2, 1), 300)  # not an event figure
    assert ManualFigure.objects.count() == 2


@pytest.mark.django_db
def test_a_library_that_never_records_events_keeps_hand_entry(commune, province, minh, an):
    plan(province["school"], kind="talk", by=an.user, day=dt.date(2026, 2, 20))
    enter(commune, minh, "events", dt.date(2026, 2, 1), 5)
    assert event_figures(commune, FEBRUARY)["events"] == 5


@pytest.mark.django_db
def test_the_figures_page_says_event_figures_are_computed_and_refuses_them(client, commune, minh):
    plan(commune, kind="talk", by=minh.user, day=dt.date(2026, 2, 20))
    client.force_login(minh.user)
    url = reverse("planning:figures", args=[commune.code])
    page = client.get(url, {"year": "2026"}).content.decode()
    assert "Từ 02/2026 thư viện ghi nhận sự kiện" in page
    response = client.post(
        f"{url}?year=2026",
        {"month": "2026-03", "indicator": "talks", "value": "4", "note": "Sổ theo dõi"},
    )
    assert response.status_code == 409
    assert "được tính từ các sự kiện của thư viện từ tháng 02/2026" in response.content.decode()
    assert not ManualFigure.objects.exists()


@pytest.mark.django_db
def test_the_figures_form_offers_first_what_is_still_typed_once_events_are_recorded(
    client, commune, minh
):
    url = reverse("planning:figures", args=[commune.code]) + "?year=2026"
    client.force_login(minh.user)
    before = re.findall(r'<option value="([a-z_]+)">', client.get(url).content.decode())
    assert before[0] == "events"  # nothing recorded: every hand figure, in the indicators' order
    plan(commune, kind="talk", by=minh.user, day=dt.date(2026, 2, 20))
    after = re.findall(r'<option value="([a-z_]+)">', client.get(url).content.decode())
    # The form's first choice no longer leads to a refusal for this month.
    assert after[0] == "pages_digitised"
    assert set(after) <= set(before)
