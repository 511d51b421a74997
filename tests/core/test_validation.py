"""Typed dates are checked against the window of their field."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.core import text
from libnet.core.validation import DateOutOfRange, check_date, date_window

TODAY = dt.date(2026, 12, 6)


def test_an_operational_date_two_years_away_is_refused():
    with pytest.raises(DateOutOfRange) as refused:
        check_date(dt.date(1990, 1, 1), field="Ngày", window="operational", today=TODAY)
    assert refused.value.code == "date_out_of_range"
    assert "01/01/1990" in refused.value.message


def test_an_operational_date_next_month_is_accepted():
    assert check_date(dt.date(2027, 1, 6), field="x", window="operational", today=TODAY)


def test_a_historical_date_in_the_future_is_refused():
    with pytest.raises(DateOutOfRange):
        check_date(dt.date(2099, 1, 1), field="x", window="historical", today=TODAY)


def test_a_historical_date_of_1975_is_accepted():
    assert check_date(dt.date(1975, 4, 30), field="x", window="historical", today=TODAY)


def test_the_operational_window_is_a_setting(settings):
    settings.LIBNET_OPERATIONAL_PAST_DAYS = 10
    earliest, _latest = date_window("operational", today=TODAY)
    assert earliest == dt.date(2026, 11, 26)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("hs2026000123", "HS2026000123"),
        (" HS2026000123\n", "HS2026000123"),
        ("ſl-tvt", "SL-TVT"),  # U+017F long s
        ("ＨＳ２０２６", "HS2026"),  # full-width, as some IMEs type
    ],
)
def test_identifiers_have_one_form(typed, expected):
    assert text.identifier(typed) == expected
