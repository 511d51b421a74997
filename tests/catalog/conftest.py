"""Serials: the day the tests act on, and the titles and subscriptions they share."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.catalog.models import SerialFrequency, ShelfLocation
from libnet.catalog.services import serials
from tests.factories import RegisterFactory

# 10 March 2026, 10:00 in Vietnam.
SERIALS_NOW = dt.datetime(2026, 3, 10, 3, 0, tzinfo=dt.UTC)


@pytest.fixture
def serials_day(monkeypatch):
    """The services and pages act on 10 March 2026 (services take `at=` from the clock)."""
    from libnet.core import clock

    monkeypatch.setattr(clock, "now", lambda: SERIALS_NOW)
    return SERIALS_NOW


@pytest.fixture
def nhan_dan(lan, serials_day):
    """Nhân Dân, the daily, catalogued by the provincial library."""
    return serials.create_serial_title(
        title="Nhân Dân",
        issn="0866-7020",
        frequency=SerialFrequency.DAILY,
        publisher="Báo Nhân Dân",
        by=lan.user,
        library=lan.library,
    )


@pytest.fixture
def nhi_dong(lan, serials_day):
    """Nhi Đồng, a monthly magazine for children."""
    return serials.create_serial_title(
        title="Tạp chí Nhi Đồng",
        issn="0317-8471",
        frequency=SerialFrequency.MONTHLY,
        by=lan.user,
        library=lan.library,
    )


@pytest.fixture
def reading_room(province):
    return ShelfLocation.objects.create(
        library=province["provincial"], code="BAO", name="Phòng đọc báo"
    )


@pytest.fixture
def daily_at_provincial(lan, nhan_dan, reading_room):
    """The provincial library's first quarter of Nhân Dân, two copies of each issue."""
    return serials.subscribe(
        library=lan.library,
        title=nhan_dan,
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 3, 31),
        copies=2,
        shelf_location=reading_room,
        supplier="Bưu điện tỉnh Sông Lam",
        price_vnd=1_500_000,
        grace_days=3,
        by=lan.user,
    )


@pytest.fixture
def monthly_at_commune(minh, nhi_dong, province):
    """Tân Lập commune's year of Nhi Đồng, each issue added as a copy with a barcode."""
    RegisterFactory(library=province["commune"], prefix="BC", name="Báo, tạp chí")
    return serials.subscribe(
        library=minh.library,
        title=nhi_dong,
        starts_on=dt.date(2026, 1, 15),
        ends_on=dt.date(2026, 12, 31),
        barcode_issues=True,
        supplier="Công ty Phát hành báo chí",
        by=minh.user,
    )
