"""Reads of the stocktake: the copies in scope, each copy's outcome (live while open, stored
once closed), the unknown scans, the lists by outcome and the province's year."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, QuerySet, Sum
from django.db.models.functions import Coalesce

from libnet.catalog.models import Item
from libnet.circulation import selectors as circulation_selectors
from libnet.core import bulk, clock
from libnet.network.models import Library
from libnet.rotation import selectors as rotation_selectors
from libnet.stock import policies
from libnet.stock.models import Outcome, Stocktake, StocktakeLine, StocktakeScan, StocktakeState

_ID_CHUNK = 5_000

# Rotation's claims, as a stocktake names the movement.
_CLAIM_MOVEMENT = {"batch": "rotation", "transfer": "transfer", "mobile": "mobile"}
_STATUS_MOVEMENT = {"on_loan": "on_loan", "in_transit": "in_transit", "on_rotation": "rotation"}


def copies_in_scope(
    *,
    library: Library,
    location_ids: Sequence[int] = (),
    call_number_from: str = "",
    call_number_to: str = "",
) -> Iterator[tuple[int, int | None, str, str]]:
    """(copy id, shelf location id, status, call number) of each copy of the stock counted:
    owned by `library`, not withdrawn or lost, on one of `location_ids` (none: any), in the
    call-number range (none: any)."""
    copies = Item.objects.filter(home_library=library).exclude(status__in=policies.OUT_OF_STOCK)
    if location_ids:
        copies = copies.filter(shelf_location_id__in=list(location_ids))
    rows = copies.order_by("pk").values_list("pk", "shelf_location_id", "status", "call_number")
    for row in rows.iterator(chunk_size=_ID_CHUNK):
        if call_number_from and not policies.call_number_in_range(
            row[3], call_number_from, call_number_to
        ):
            continue
        yield row


def _movements(stocktake: Stocktake, statuses: dict[int, str]) -> dict[int, str]:
    """What moves each copy in scope now (on loan, in transit, a batch, a transfer, a trip),
    from circulation's loans, rotation's claims and the copy's own status. The copies are
    handed over as a subquery: the database joins, no list of 100,000 ids travels."""
    in_scope = StocktakeLine.objects.filter(stocktake=stocktake).values("item_id")
    moving = {
        item_id: _STATUS_MOVEMENT[status]
        for item_id, status in statuses.items()
        if status in _STATUS_MOVEMENT
    }
    for item_id in circulation_selectors.copies_on_loan(in_scope):
        moving[item_id] = "on_loan"
    for item_id, kind in rotation_selectors.claim_kinds(in_scope).items():
        moving.setdefault(item_id, _CLAIM_MOVEMENT.get(kind, "rotation"))
    return moving


def live_outcomes(stocktake: Stocktake) -> dict[int, str]:
    """The outcome of each copy in scope (copy id → outcome) were the stocktake closed now;
    the stored outcome once it is closed."""
    if stocktake.state == StocktakeState.CLOSED:
        return dict(
            StocktakeLine.objects.filter(stocktake=stocktake).values_list("item_id", "outcome")
        )
    lines = list(
        StocktakeLine.objects.filter(stocktake=stocktake).values_list(
            "item_id", "expected_location_id", "item__status", "item__current_library_id"
        )
    )
    scans = dict(
        StocktakeScan.objects.filter(stocktake=stocktake, item__isnull=False).values_list(
            "item_id", "location_id"
        )
    )
    moving = _movements(stocktake, {line[0]: line[2] for line in lines})
    moved = circulation_selectors.copies_lent_or_returned_since(
        StocktakeLine.objects.filter(stocktake=stocktake).values("item_id"), stocktake.opened_at
    )
    return {
        item_id: policies.outcome(
            policies.CopyAtCount(
                scanned=item_id in scans,
                scanned_location_id=scans.get(item_id),
                expected_location_id=location_id,
                movement=moving.get(item_id, ""),
                moved_during=item_id in moved,
                at_library=current_library_id == stocktake.library_id,
            )
        )
        for item_id, location_id, _status, current_library_id in lines
    }


def outcome_counts(stocktake: Stocktake, outcomes: dict[int, str] | None = None) -> dict[str, int]:
    """found, misplaced, not_missing, missing (adding up to the copies in scope) and unknown:
    stored once closed, worked out now while open (`outcomes`: live_outcomes, if the caller
    already has them)."""
    if stocktake.state == StocktakeState.CLOSED:
        return {name: getattr(stocktake, name) for name in Outcome.values}
    counts = dict.fromkeys(Outcome.values, 0)
    if outcomes is None:
        outcomes = live_outcomes(stocktake)
    for outcome in outcomes.values():
        counts[outcome] += 1
    counts[Outcome.UNKNOWN] = unknown_scans(stocktake).count()
    return counts


def unknown_scans(stocktake: Stocktake) -> QuerySet[StocktakeScan]:
    """The scans of barcodes that are not copies in scope (not a copy at all, withdrawn,
    lost, another library's, outside the scope)."""
    lines = StocktakeLine.objects.filter(stocktake=stocktake, item_id=OuterRef("item_id"))
    return (
        StocktakeScan.objects.filter(stocktake=stocktake).exclude(Exists(lines)).order_by("barcode")
    )


@dataclass(frozen=True)
class UnknownScan:
    barcode: str
    reason: str
    title: str
    library: str
    times: int


def unknown_list(stocktake: Stocktake) -> list[UnknownScan]:
    """The unknown scans with why each is unknown (policies.unknown_reason)."""
    rows = unknown_scans(stocktake).values_list(
        "barcode",
        "item_id",
        "item__status",
        "item__home_library_id",
        "item__bib__title",
        "item__home_library__name",
        "times",
    )
    return [
        UnknownScan(
            barcode=barcode,
            reason=policies.unknown_reason(
                is_copy=item_id is not None,
                status=status or "",
                owned_here=home_id == stocktake.library_id,
            ),
            title=title or "",
            library=library or "",
            times=times,
        )
        for barcode, item_id, status, home_id, title, library, times in rows
    ]


@dataclass(frozen=True)
class DeskCounts:
    """The desk's live figures, cheap enough for every scan."""

    in_scope: int
    scanned: int
    misplaced: int
    unknown: int
    repeated: int


def desk_counts(stocktake: Stocktake) -> DeskCounts:
    scans = StocktakeScan.objects.filter(stocktake=stocktake)
    lines = StocktakeLine.objects.filter(stocktake=stocktake)
    in_scope_scans = scans.filter(Exists(lines.filter(item_id=OuterRef("item_id"))))
    misplaced = in_scope_scans.filter(location__isnull=False).exclude(
        Exists(
            lines.filter(item_id=OuterRef("item_id"), expected_location_id=OuterRef("location_id"))
        )
    )
    total_scans = scans.count()
    scanned = in_scope_scans.count()
    # Each scan row is one barcode, scanned `times` (at least once) times.
    repeated = scans.aggregate(n=Coalesce(Sum(F("times") - 1), 0))["n"]
    return DeskCounts(
        in_scope=lines.count(),
        scanned=scanned,
        misplaced=misplaced.count(),
        unknown=total_scans - scanned,
        repeated=repeated,
    )


@dataclass(frozen=True)
class OutcomeRow:
    barcode: str
    accession_number: str
    title: str
    call_number: str
    expected_location: str
    status: str


_ROW_COLUMNS = (
    "item__barcode",
    "item__accession_number",
    "item__bib__title",
    "item__call_number",
    "expected_location__name",
    "item__status",
)


def outcome_rows(
    stocktake: Stocktake, outcome: str, outcomes: dict[int, str] | None = None
) -> list[OutcomeRow]:
    """The copies of one outcome, in call-number order, for the lists and the record (the
    stored outcome once closed; `outcomes`: live_outcomes, if the caller already has them)."""
    lines = StocktakeLine.objects.filter(stocktake=stocktake)
    if stocktake.state == StocktakeState.CLOSED:
        found = list(lines.filter(outcome=outcome).values_list(*_ROW_COLUMNS))
    else:
        if outcomes is None:
            outcomes = live_outcomes(stocktake)
        ids = [item_id for item_id, value in outcomes.items() if value == outcome]
        found = []
        for chunk in bulk.chunks(ids, _ID_CHUNK):
            found += lines.filter(item_id__in=chunk).values_list(*_ROW_COLUMNS)
    rows = [OutcomeRow(*(value or "" for value in line)) for line in found]
    rows.sort(key=lambda row: (row.call_number, row.accession_number, row.barcode))
    return rows


@dataclass(frozen=True)
class ProvinceRow:
    library: Library
    stocktake: Stocktake
    in_scope: int
    missing: int
    rate: float | None


def province_year(library_ids: frozenset[int], year: int | None = None) -> list[ProvinceRow]:
    """The stocktakes opened this year (in Vietnam) in `library_ids`, the latest of each
    library first, with their missing rate (closed ones: stored counts; open: not yet)."""
    year = year or clock.today().year
    start = dt.datetime(year, 1, 1, tzinfo=clock.VIETNAM)
    end = dt.datetime(year + 1, 1, 1, tzinfo=clock.VIETNAM)
    stocktakes = (
        Stocktake.objects.filter(
            library_id__in=library_ids, opened_at__gte=start, opened_at__lt=end
        )
        .select_related("library")
        .order_by("library__sort_key", "library__code", "-opened_at")
    )
    rows = []
    for stocktake in stocktakes:
        closed = stocktake.state == StocktakeState.CLOSED
        in_scope = stocktake.in_scope if closed else 0
        rows.append(
            ProvinceRow(
                library=stocktake.library,
                stocktake=stocktake,
                in_scope=in_scope,
                missing=stocktake.missing,
                rate=policies.missing_rate(missing=stocktake.missing, in_scope=in_scope)
                if closed
                else None,
            )
        )
    return rows
