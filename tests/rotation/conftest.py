"""The provincial library's rotation stock, and the points around Tân Lập that receive it."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.catalog.models import BibRecord, Item
from libnet.network.models import Library, LibraryKind
from libnet.rotation import services
from tests.factories import NOW, BibRecordFactory, ItemFactory, LibraryFactory


@pytest.fixture
def at():
    """2 March 2026, 10:00 in Vietnam."""
    return NOW


@pytest.fixture
def provincial(province) -> Library:
    return province["provincial"]


@pytest.fixture
def commune(province) -> Library:
    """Tân Lập commune library: a rotation point that runs libnet (Minh lends there)."""
    return province["commune"]


@pytest.fixture
def bookcase(province) -> Library:
    """Đồng Xuân community bookcase: a deposit point that does not run libnet."""
    return province["bookcase"]


@pytest.fixture
def post_office(provincial) -> Library:
    return LibraryFactory(
        code="SL-BD-TANLAP",
        name="Điểm Bưu điện văn hóa xã Tân Lập",
        kind=LibraryKind.POST_OFFICE_POINT,
        parent=provincial,
        runs_libnet=False,
    )


def stock(library: Library, *, titles: int = 4, copies: int = 3, prefix: str = "RS") -> list[Item]:
    """`titles` records with `copies` copies each on the library's shelf; returns copy 1 of each
    title first, then copy 2, … (so the first `titles` copies are of different titles)."""
    bibs: list[BibRecord] = [
        BibRecordFactory(
            title=f"Dế Mèn phiêu lưu ký {prefix}{number}", class_number=f"89{number}.922"
        )
        for number in range(titles)
    ]
    items = []
    for copy_number in range(copies):
        for number, bib in enumerate(bibs):
            items.append(
                ItemFactory(
                    bib=bib,
                    home_library=library,
                    barcode=f"{prefix}{number:03d}{copy_number}",
                    call_number=f"89{number}.922 D250M",
                )
            )
    return items


@pytest.fixture
def rotation_stock(provincial) -> list[Item]:
    """Four titles with three copies each at the provincial library: each may rotate."""
    return stock(provincial)


@pytest.fixture
def draft(provincial, commune, lan, at):
    """A draft batch from the provincial library to Tân Lập commune, March to August."""
    return services.create_batch(
        from_library=provincial,
        to_library=commune,
        planned_start=dt.date(2026, 3, 2),
        planned_end=dt.date(2026, 8, 31),
        keeper_name="Nguyễn Văn Minh",
        keeper_phone="0912 345 678",
        purpose="Sách thiếu nhi cho hè",
        boxes=2,
        by=lan.user,
        at=at,
    )
