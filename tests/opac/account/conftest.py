"""Bình in the public catalogue: his PIN, a school book on loan, and a frozen clock."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache

from libnet.circulation import services as circulation_services
from libnet.core import clock
from libnet.patrons import services as patrons_services
from tests.factories import NOW, BibRecordFactory, ItemFactory

PIN = "2468"


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: NOW)
    return NOW


@pytest.fixture(autouse=True)
def no_failed_sign_ins():
    """Every test starts with an empty cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def binh_with_pin(binh):
    patrons_services.set_pin(patron=binh, pin=PIN, by=None, at=NOW)
    binh.refresh_from_db()
    return binh


@pytest.fixture
def binh_loan(an, binh_with_pin, province):
    """Dế Mèn phiêu lưu ký, lent to Bình at the school on 20 February, due 6 March."""
    copy = ItemFactory(
        home_library=province["school"],
        barcode="TH0000001",
        bib=BibRecordFactory(title="Dế Mèn phiêu lưu ký"),
    )
    return circulation_services.checkout_item(
        item=copy,
        patron=binh_with_pin,
        desk=province["school"],
        by=an.user,
        at=NOW - dt.timedelta(days=10),
    )
