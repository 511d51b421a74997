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


@pytest.mark.parametrize(
    ("proxies", "meta", "expected"),
    [
        (0, {"REMOTE_ADDR": "10.0.0.5", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}, "10.0.0.5"),
        (1, {"REMOTE_ADDR": "", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.7"}, "203.0.113.7"),
        (1, {"REMOTE_ADDR": "127.0.0.1"}, "127.0.0.1"),
    ],
)
def test_the_client_address_believes_only_the_trusted_proxy(settings, proxies, meta, expected):
    """Behind nginx on a Unix socket there is no REMOTE_ADDR: the address nginx appended is
    the client's; without a proxy the header is the client's own word and is not believed."""
    from django.test import RequestFactory

    from libnet.core import net

    settings.NINJA_NUM_PROXIES = proxies
    request = RequestFactory().get("/", **meta)
    assert net.client_address(request) == expected
