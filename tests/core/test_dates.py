"""core.dates.add_months: the one month arithmetic of rotation periods and card validity."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.core.dates import add_months


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),  # the 31st: the month's last day
        (dt.date(2028, 1, 31), 1, dt.date(2028, 2, 29)),  # a leap year
        (dt.date(2026, 8, 15), 6, dt.date(2027, 2, 15)),  # across the new year
        (dt.date(2026, 12, 1), 12, dt.date(2027, 12, 1)),
        (dt.date(2026, 1, 5), 12, dt.date(2027, 1, 5)),  # a card of 12 months
        (dt.date(2026, 3, 31), -1, dt.date(2026, 2, 28)),  # back a month
        (dt.date(2026, 1, 15), -13, dt.date(2024, 12, 15)),  # back past a year
        (dt.date(2026, 5, 20), 0, dt.date(2026, 5, 20)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected
