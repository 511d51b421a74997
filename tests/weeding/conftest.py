"""The provincial library's stock, proposed for weeding by the data; Lan runs the rounds."""

from __future__ import annotations

import pytest

from libnet.catalog.models import Item
from libnet.network.models import Library
from tests.factories import BibRecordFactory, ItemFactory


@pytest.fixture
def provincial(province) -> Library:
    return province["provincial"]


@pytest.fixture
def school(province) -> Library:
    return province["school"]


def copies(library: Library, count: int, *, prefix: str, **bib) -> list[Item]:
    """`count` copies of one record at `library`, barcodes PREFIX01…"""
    record = BibRecordFactory(**bib)
    return [
        ItemFactory(bib=record, home_library=library, barcode=f"{prefix}{number:02d}")
        for number in range(1, count + 1)
    ]


@pytest.fixture
def shelf(provincial) -> list[Item]:
    """Forty ordinary copies of forty titles: the holdings the cap is worked out on."""
    return [
        ItemFactory(
            bib=BibRecordFactory(title=f"Sách {number}"),
            home_library=provincial,
            barcode=f"SH{number:03d}",
        )
        for number in range(1, 41)
    ]


@pytest.fixture
def weeding_round(provincial, shelf, lan):
    """A round of the provincial library opened by Lan, its request sent."""
    from libnet.weeding import services
    from tests.factories import NOW

    return services.open_round(library=provincial, plan="Thanh lọc kho mở", by=lan.user, at=NOW)
