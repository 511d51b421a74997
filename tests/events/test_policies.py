"""The lifecycle of an event and the days a repeated event falls on."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.events import policies


@pytest.mark.parametrize(
    ("state", "action", "expected"),
    [
        ("planned", "hold", "held"),
        ("planned", "report", "reported"),  # reported at once: it was held
        ("held", "report", "reported"),
        ("reported", "report", "reported"),  # a correction of the attendance
        ("planned", "cancel", "cancelled"),
        ("held", "cancel", None),  # it took place and counts
        ("reported", "hold", None),
        ("cancelled", "hold", None),
        ("cancelled", "report", None),
    ],
)
def test_next_event_state(state, action, expected):
    assert policies.next_event_state(state, action) == expected


def test_a_weekly_event_falls_on_the_same_weekday_through_the_last_day():
    first = dt.datetime(2026, 3, 7, 8, tzinfo=dt.UTC)
    starts = policies.repeat_starts(first, every="weekly", until=dt.date(2026, 3, 28))
    assert [start.day for start in starts] == [7, 14, 21, 28]


def test_a_monthly_event_skips_months_without_its_day():
    first = dt.datetime(2026, 1, 31, 8, tzinfo=dt.UTC)
    starts = policies.repeat_starts(first, every="monthly", until=dt.date(2026, 5, 31))
    assert [(start.month, start.day) for start in starts] == [(1, 31), (3, 31), (5, 31)]


def test_a_repeat_makes_at_most_the_cap():
    first = dt.datetime(2026, 1, 1, 8, tzinfo=dt.UTC)
    starts = policies.repeat_starts(first, every="weekly", until=dt.date(2030, 1, 1))
    assert len(starts) == policies.MAX_REPEATS
