"""Planning, holding, reporting and cancelling events; national days suggested each year."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.core.errors import LibnetError
from libnet.core.models import AuditEntry
from libnet.events import selectors, services
from libnet.events.errors import EventInvalid, EventRefused
from libnet.events.models import Event, EventKind, EventState, NationalDay
from tests.events.conftest import moment, plan
from tests.factories import NOW

KIND_CODES = [
    "book_day",
    "world_book_day",
    "lifelong_learning_week",
    "talk",
    "contest",
    "exhibition",
    "storytelling",
    "book_introduction",
    "reading_club",
    "other",
]


@pytest.mark.django_db
def test_the_kinds_of_the_issue_are_seeded():
    assert set(EventKind.objects.values_list("code", flat=True)) == set(KIND_CODES)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KIND_CODES)
def test_every_kind_goes_from_planned_to_held_to_reported(commune, minh, kind):
    event = plan(commune, kind=kind, by=minh.user)
    assert event.state == EventState.PLANNED
    event = services.hold_event(event=event, by=minh.user, at=NOW)
    assert event.state == EventState.HELD
    event = services.report_event(
        event=event, adults=12, children=30, groups={"pupils": 25}, by=minh.user, at=NOW
    )
    event.refresh_from_db()
    assert (event.state, event.attendance, event.attended_groups) == (
        EventState.REPORTED,
        42,
        {"pupils": 25},
    )


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KIND_CODES)
def test_every_kind_can_be_cancelled_while_planned_but_not_once_held(commune, minh, kind):
    cancelled = services.cancel_event(
        event=plan(commune, kind=kind, by=minh.user), reason="Mưa bão", by=minh.user, at=NOW
    )
    assert (cancelled.state, cancelled.cancel_reason) == (EventState.CANCELLED, "Mưa bão")
    with pytest.raises(EventRefused) as refused:
        services.report_event(event=cancelled, adults=1, children=0, by=minh.user, at=NOW)
    assert refused.value.code == "not_allowed"
    held = services.hold_event(event=plan(commune, kind=kind, by=minh.user), by=minh.user, at=NOW)
    with pytest.raises(EventRefused):
        services.cancel_event(event=held, reason="", by=minh.user, at=NOW)
    assert Event.objects.get(pk=held.pk).state == EventState.HELD


@pytest.mark.django_db
def test_an_event_is_organised_with_partners_and_at_an_address(commune, province, bodies, minh):
    event = plan(
        commune,
        by=minh.user,
        kind="contest",
        title="Hội thi kể chuyện theo sách",
        co_organisers=[province["school"], commune],
        partner_bodies=[bodies["office"]],
        partners="Đoàn Thanh niên xã Tân Lập",
        venue_library=None,
        venue_address="Nhà văn hóa thôn Đồng Xuân",
        audiences=["pupils", "children"],
        planned_children=120,
    )
    assert list(event.co_organisers.all()) == [province["school"]]  # the organiser is not a partner
    assert event.venue == "Nhà văn hóa thôn Đồng Xuân"
    assert event.audiences == ["pupils", "children"]
    assert AuditEntry.objects.filter(action="events.plan").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"title": "   "}, "title_required"),
        ({"kind": "party"}, "unknown_kind"),
        ({"audiences": ["aliens"]}, "unknown_audience"),
        ({"day": dt.date(1990, 4, 21)}, "date_out_of_range"),
        ({"repeat": "daily", "repeat_until": dt.date(2026, 4, 1)}, "bad_repeat"),
        ({"repeat": "weekly", "repeat_until": dt.date(2026, 3, 1)}, "bad_repeat"),
    ],
)
def test_a_bad_plan_is_refused_and_nothing_is_written(commune, minh, changes, code):
    with pytest.raises(LibnetError) as refused:
        plan(commune, by=minh.user, **changes)
    assert getattr(refused.value, "code", None) == code
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_an_event_cannot_end_before_it_starts(commune, minh):
    with pytest.raises(EventInvalid) as refused:
        services.plan_event(
            library=commune,
            kind_code="talk",
            title="Nói chuyện",
            starts_at=moment(dt.date(2026, 3, 10), 10),
            ends_at=moment(dt.date(2026, 3, 10), 8),
            by=minh.user,
            at=NOW,
        )
    assert refused.value.code == "ends_before_start"


@pytest.mark.django_db
def test_a_weekly_storytelling_hour_is_planned_in_one_step(commune, minh):
    first = plan(
        commune,
        by=minh.user,
        day=dt.date(2026, 3, 7),
        repeat="weekly",
        repeat_until=dt.date(2026, 5, 30),
    )
    series = list(Event.objects.filter(series=first.series))
    assert len(series) == 13
    assert {event.starts_at.weekday() for event in series} == {first.starts_at.weekday()}
    assert all(event.ends_at - event.starts_at == dt.timedelta(hours=2) for event in series)


@pytest.mark.django_db
def test_national_days_are_suggested_for_the_year_with_their_dates(commune):
    found = {
        s.national_day.code: (s.starts_on, s.ends_on) for s in selectors.suggestions(commune, 2026)
    }
    assert found["book_day"] == (dt.date(2026, 4, 21), dt.date(2026, 4, 21))
    assert found["world_book_day"] == (dt.date(2026, 4, 23), dt.date(2026, 4, 23))
    assert found["lunar_new_year"] == (dt.date(2026, 2, 17), dt.date(2026, 2, 19))
    assert found["mid_autumn"] == (dt.date(2026, 9, 25), dt.date(2026, 9, 25))
    # The province has not set 2026's lifelong-learning week yet: not suggested.
    assert "lifelong_learning_week" not in found
    found_2025 = {s.national_day.code: s.starts_on for s in selectors.suggestions(commune, 2025)}
    assert found_2025["lifelong_learning_week"] == dt.date(2025, 10, 1)


@pytest.mark.django_db
def test_a_library_makes_its_event_from_a_national_day_once_per_year(commune, minh):
    book_day = NationalDay.objects.get(code="book_day")
    event = services.plan_from_suggestion(
        library=commune, national_day=book_day, year=2026, by=minh.user, at=NOW
    )
    assert (event.kind.code, event.state, event.venue_library) == ("book_day", "planned", commune)
    assert event.title == "Ngày Sách và Văn hóa đọc Việt Nam 2026"
    assert event.starts_at == moment(dt.date(2026, 4, 21))
    with pytest.raises(EventRefused) as refused:
        services.plan_from_suggestion(
            library=commune, national_day=book_day, year=2026, by=minh.user, at=NOW
        )
    assert refused.value.code == "already_planned"
    suggestion = next(s for s in selectors.suggestions(commune, 2026) if s.national_day == book_day)
    assert suggestion.event == event
    # Next year it is suggested again.
    assert (
        services.plan_from_suggestion(
            library=commune, national_day=book_day, year=2027, by=minh.user, at=NOW
        ).occasion_year
        == 2027
    )


@pytest.mark.django_db
def test_a_day_without_dates_this_year_cannot_be_made_into_an_event(commune, minh):
    week = NationalDay.objects.get(code="lifelong_learning_week")
    with pytest.raises(EventInvalid) as refused:
        services.plan_from_suggestion(
            library=commune, national_day=week, year=2026, by=minh.user, at=NOW
        )
    assert refused.value.code == "no_date_this_year"


@pytest.mark.django_db
def test_the_province_plans_book_day_for_its_subtree_once(province, lan):
    book_day = NationalDay.objects.get(code="book_day")
    services.plan_from_suggestion(
        library=province["commune"], national_day=book_day, year=2026, by=lan.user, at=NOW
    )
    made = services.plan_from_suggestion_for_subtree(
        root=province["provincial"], national_day=book_day, year=2026, by=lan.user, at=NOW
    )
    # The commune had made its own; the bookcase does not run libnet; the school is another tree.
    assert [event.library for event in made] == [province["provincial"]]
    assert set(
        Event.objects.filter(national_day=book_day).values_list("library__code", flat=True)
    ) == {"SL-TVT", "SL-TANLAP"}
    assert (
        services.plan_from_suggestion_for_subtree(
            root=province["provincial"], national_day=book_day, year=2026, by=lan.user, at=NOW
        )
        == []
    )


@pytest.mark.django_db
def test_a_subtree_is_planned_only_where_the_user_organises_events(province, lan):
    book_day = NationalDay.objects.get(code="book_day")
    made = services.plan_from_suggestion_for_subtree(
        root=province["provincial"],
        national_day=book_day,
        year=2026,
        by=lan.user,
        within={province["provincial"].pk},
        at=NOW,
    )
    assert [event.library for event in made] == [province["provincial"]]
