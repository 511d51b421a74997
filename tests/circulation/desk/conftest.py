"""Minh's desk at Tân Lập commune library, with its readers, copies and a frozen clock.

- Hoàng Văn Tú: an adult reader of the commune, card valid all 2026.
- Số đỏ (TL0000001): on the commune's open shelf. Từ điển (TL0000099): on the reference shelf.
- Bình (conftest): a pupil of the school; his school card is not valid at the commune.
"""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.core import clock
from tests.factories import (
    NOW,
    BibRecordFactory,
    ItemFactory,
    PatronFactory,
    ShelfLocationFactory,
)


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    """The desk works on 2 March 2026, 10:00 in Vietnam, whatever day the tests run."""
    monkeypatch.setattr(clock, "now", lambda: NOW)
    return NOW


@pytest.fixture
def commune(province):
    return province["commune"]


@pytest.fixture
def tu(commune):
    """Hoàng Văn Tú, an adult reader of Tân Lập commune library."""
    return PatronFactory(
        home_library=commune,
        full_name="Hoàng Văn Tú",
        card_number="TL2026000007",
        phone="0912345678",
    )


@pytest.fixture
def so_do(commune):
    """Số đỏ, on the commune's open shelf."""
    return ItemFactory(
        home_library=commune,
        barcode="TL0000001",
        accession_number="VV.900001",
        bib=BibRecordFactory(title="Số đỏ"),
    )


@pytest.fixture
def dictionary(commune):
    """A dictionary on the commune's reference shelf: read in the library only."""
    shelf = ShelfLocationFactory(library=commune, code="TC", name="Tra cứu", is_reference=True)
    return ItemFactory(
        home_library=commune,
        barcode="TL0000099",
        accession_number="VV.900099",
        shelf_location=shelf,
        bib=BibRecordFactory(title="Từ điển tiếng Việt"),
    )


@pytest.fixture
def school_copy(province):
    """Dế Mèn phiêu lưu ký, a book of the school library."""
    return ItemFactory(
        home_library=province["school"],
        barcode="TH0000001",
        accession_number="STK.000001",
        bib=BibRecordFactory(title="Dế Mèn phiêu lưu ký"),
    )


def days_ago(days: int) -> dt.date:
    return clock.local_date(NOW) - dt.timedelta(days=days)
