"""Stocktakes in the demo: last quarter's count of Tân Lập commune library, closed, its
missing copies not yet written off; and the count of the provincial library's children's
reading room, under way.

Written through stock.services with past moments (`at=`). A second run adds nothing: the
loader calls `load_stocktakes` only while neither library has a stocktake.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from libnet.catalog.models import ShelfLocation
from libnet.core import clock
from libnet.network.models import Library
from libnet.stock import services
from libnet.stock.models import ScanSource, Stocktake, StocktakeLine

COMMUNE = "SL-TANLAP"
PROVINCIAL = "SL-TVT"
# Copies of the commune's count left unscanned (missing) and scanned on the wrong shelf.
UNSCANNED = 3
WRONG_SHELF = 2


def _expected(stocktake: Stocktake) -> list[tuple[str, int | None]]:
    """(barcode, expected shelf) of each copy in scope, in barcode order."""
    return list(
        StocktakeLine.objects.filter(stocktake=stocktake)
        .order_by("item__barcode")
        .values_list("item__barcode", "expected_location_id")
    )


def _scan_by_shelf(
    stocktake: Stocktake, copies: list[tuple[str, int | None]], *, by: object, at: dt.datetime
) -> None:
    """Scan `copies` a shelf at a time, as a clerk walking the shelves with a scanner."""
    shelves: dict[int | None, list[str]] = {}
    for barcode, location_id in copies:
        shelves.setdefault(location_id, []).append(barcode)
    for location_id, barcodes in shelves.items():
        services.record_scans(
            stocktake=stocktake,
            scans=[(barcode, None) for barcode in barcodes],
            location=ShelfLocation.objects.filter(pk=location_id).first() if location_id else None,
            source=ScanSource.FILE,
            by=by,  # type: ignore[arg-type]  # a demo user
            at=at,
        )


def load_stocktakes(libraries: dict[str, Library], at: dt.datetime) -> dict[str, int]:
    """Open, scan and close the demo's stocktakes; return how many were made."""
    counts = {"stocktakes": 0}
    commune, provincial = libraries.get(COMMUNE), libraries.get(PROVINCIAL)
    if commune is None or provincial is None:
        return counts
    if Stocktake.objects.filter(library__in=[commune, provincial]).exists():
        return counts
    users = get_user_model().objects.filter(username__in=["minh", "lan"])
    people = {user.username: user for user in users}
    minh, lan = people.get("minh"), people.get("lan")

    # Both in this year (in Vietnam), so the province's view of the year shows them whatever
    # the day the demo is loaded.
    year_start = dt.datetime(clock.local_date(at).year, 1, 1, tzinfo=clock.VIETNAM)

    def this_year(moment: dt.datetime) -> dt.datetime:
        return max(moment, year_start)

    opened = this_year(at - dt.timedelta(days=40))
    closed = services.open_stocktake(
        library=commune,
        reason="periodic",
        committee=[
            ("Nguyễn Văn Minh", "Trưởng ban"),
            ("Hoàng Thị Mai", "Thư ký"),
            ("Lò Văn Sơn", "Ủy viên"),
        ],
        note="Kiểm kê định kỳ quý III",
        by=minh,
        at=opened,
    )
    copies = _expected(closed)
    counted = copies[UNSCANNED:]
    other_shelves = [location for _barcode, location in copies if location is not None]
    # Two copies were found on the other shelf of the commune (the children's corner).
    misplaced = [
        (barcode, next((shelf for shelf in other_shelves if shelf != location), location))
        for barcode, location in counted[:WRONG_SHELF]
    ]
    _scan_by_shelf(closed, misplaced + counted[WRONG_SHELF:], by=minh, at=opened)
    services.record_scan(stocktake=closed, barcode="TL-CU-0007", by=minh, at=opened)
    services.close_stocktake(stocktake=closed, by=minh, at=min(opened + dt.timedelta(days=1), at))
    counts["stocktakes"] += 1

    children = ShelfLocation.objects.filter(library=provincial, code="TN").first()
    if children is not None:
        under_way = services.open_stocktake(
            library=provincial,
            reason="staff_change",
            locations=[children],
            committee=[("Trần Thị Lan", "Trưởng ban"), ("Vũ Minh Đức", "Thư ký")],
            note="Bàn giao phòng đọc thiếu nhi",
            by=lan,
            at=this_year(at - dt.timedelta(days=1)),
        )
        to_scan = _expected(under_way)
        _scan_by_shelf(
            under_way,
            to_scan[: len(to_scan) * 2 // 3],
            by=lan,
            at=this_year(at - dt.timedelta(hours=20)),
        )
        counts["stocktakes"] += 1
    return counts
