"""Tân Lập commune library's small stock on two shelves, counted by Minh (and Lan, whose
provincial role covers the commune)."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.catalog.models import Item, ShelfLocation
from libnet.network.models import Library
from libnet.stock import services
from libnet.stock.models import Stocktake
from tests.factories import NOW, BibRecordFactory, ItemFactory, ShelfLocationFactory

HOUR = dt.timedelta(hours=1)


@pytest.fixture
def commune(province) -> Library:
    return province["commune"]


@pytest.fixture
def open_stacks(commune) -> ShelfLocation:
    return ShelfLocationFactory(library=commune, code="MO", name="Kho mở")


@pytest.fixture
def children(commune) -> ShelfLocation:
    return ShelfLocationFactory(library=commune, code="TN", name="Góc thiếu nhi")


def shelf(library: Library, location: ShelfLocation, count: int, prefix: str) -> list[Item]:
    """`count` copies of different titles on `location`, barcodes PREFIX001…"""
    return [
        ItemFactory(
            bib=BibRecordFactory(title=f"Truyện Kiều tập {number}"),
            home_library=library,
            shelf_location=location,
            barcode=f"{prefix}{number:03d}",
            call_number=f"895.922 {number:03d}",
        )
        for number in range(1, count + 1)
    ]


@pytest.fixture
def commune_stock(commune, open_stacks) -> list[Item]:
    """Five copies on the commune's open stacks: CX001 … CX005."""
    return shelf(commune, open_stacks, 5, "CX")


@pytest.fixture
def stocktake(commune, commune_stock, minh) -> Stocktake:
    """A periodic stocktake of the whole commune library, opened by Minh at NOW."""
    return services.open_stocktake(
        library=commune,
        reason="periodic",
        committee=[("Nguyễn Văn Minh", "Trưởng ban"), ("Đỗ Thị Hoa", "Thư ký")],
        by=minh.user,
        at=NOW,
    )
