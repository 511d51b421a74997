"""Reads of the mobile library: where its stock comes from, what a trip carried, Mẫu 01."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum

from libnet.catalog.models import Item
from libnet.core import text
from libnet.mobile import policies
from libnet.mobile.models import (
    MobileOperation,
    MobileTrip,
    OperationAction,
    OperationResult,
    StockState,
    TripStock,
    TripStop,
)
from libnet.network.models import Library, LibraryKind
from libnet.rotation import selectors as rotation_selectors


def source_library_ids(mobile: Library) -> set[int]:
    """The libraries whose copies the mobile library may carry: its own, and those of the
    provincial library it hangs from (TT 05/2022 Art. 11.3: the provincial library runs the
    mobile service)."""
    ids = {mobile.pk}
    parent = mobile.parent
    if parent is not None and parent.kind == LibraryKind.PROVINCIAL:
        ids.add(parent.pk)
    return ids


def source_copy_by_barcode(*, mobile: Library, barcode: str) -> Item | None:
    """The copy with `barcode` if it belongs to one of the mobile library's source libraries."""
    return (
        Item.objects.filter(
            barcode=text.identifier(barcode), home_library_id__in=source_library_ids(mobile)
        )
        .select_related("bib", "home_library")
        .first()
    )


def copies_in_stock(*, bib_id: int, library_id: int) -> int:
    """How many copies of the title `library_id` still holds: rotation's count, the one
    definition of "the library holds ≥ 3 copies" (TT 05/2022 Art. 5.1.b)."""
    return rotation_selectors.copies_held(library_id=library_id, bib_ids=[bib_id]).get(bib_id, 0)


def loadable_copies(*, trip: MobileTrip, limit: int = 20) -> list[Item]:
    """Copies the rules let go on `trip` now, the mobile library's own first, then its parent
    library's, one per title: what the crew may pick from the shelves to load.

    The candidates are narrowed in SQL as a rotation batch's are
    (rotation.selectors.outgoing_candidates), then each is asked policies.load_refusal on
    facts gathered for them all at once (no query per copy).
    """
    mobile = trip.route.library
    chosen: list[Item] = []
    titles: set[int] = set(trip.stock.values_list("item__bib_id", flat=True))
    owners = Library.objects.in_bulk(source_library_ids(mobile))
    for owner in sorted(owners.values(), key=lambda library: library.pk != mobile.pk):
        copies = list(
            rotation_selectors.outgoing_candidates(owner=owner, desk=mobile)
            .exclude(bib_id__in=titles)
            .select_related("bib", "shelf_location")
            .order_by("call_number", "pk")[: limit * 4]
        )
        facts = rotation_selectors.copy_facts(copies, owner_id=owner.pk, desk=mobile)
        for item in copies:
            fact = facts[item.pk]
            refusal = policies.load_refusal(
                owned_by_source=True,
                status=item.status,
                at_home=item.current_library_id == item.home_library_id,
                restricted=fact.restricted,
                read_in_place=fact.read_in_place,
                copies_of_title=fact.copies_of_title,
                claimed=fact.claim is not None,
                already_on_trip=False,
            )
            if refusal is None and item.bib_id not in titles:
                titles.add(item.bib_id)
                chosen.append(item)
                if len(chosen) >= limit:
                    return chosen
    return chosen


def loans_made_at_stop(stop: TripStop) -> int:
    """Loans made through libnet at `stop` (the tablet's operations that succeeded)."""
    return MobileOperation.objects.filter(
        trip_stop=stop, action=OperationAction.CHECKOUT, result=OperationResult.OK
    ).count()


def libnet_loans_by_stop(trip_ids: list[int]) -> dict[int, int]:
    """Loans made through libnet per trip stop of `trip_ids`, one query."""
    rows = (
        MobileOperation.objects.filter(
            trip_id__in=trip_ids,
            trip_stop__isnull=False,
            action=OperationAction.CHECKOUT,
            result=OperationResult.OK,
        )
        .values("trip_stop_id")
        .annotate(count=Count("pk"))
    )
    return {row["trip_stop_id"]: row["count"] for row in rows}


@dataclass
class TripCheck:
    """The count after a trip (TT 05/2022 Art. 11.1.g): what went out and what became of it."""

    went_out: list[TripStock] = field(default_factory=list)
    came_back: list[TripStock] = field(default_factory=list)
    on_loan: list[TripStock] = field(default_factory=list)
    missing: list[TripStock] = field(default_factory=list)
    lost: list[TripStock] = field(default_factory=list)
    damaged: list[TripStock] = field(default_factory=list)


def trip_check(trip: MobileTrip) -> TripCheck:
    """Sort the trip's stock: back, lent to readers met at stops, damaged, lost, still out."""
    check = TripCheck()
    for row in trip.stock.select_related("item__bib", "item__home_library").order_by(
        "item__barcode"
    ):
        check.went_out.append(row)
        {
            StockState.BACK: check.came_back,
            StockState.ON_LOAN: check.on_loan,
            StockState.OUT: check.missing,
            StockState.LOST: check.lost,
            StockState.DAMAGED: check.damaged,
        }[StockState(row.state)].append(row)
    return check


# --- Mẫu số 01 -------------------------------------------------------------------------------------


@dataclass
class ReportLine:
    """One stop of one trip in Mẫu 01."""

    date: dt.date
    route: str
    place: str
    kind: str
    readers_served: int
    loans: int
    in_place_uses: int
    new_cards: int
    activities: str

    @property
    def item_uses(self) -> int:
        """Lượt tài nguyên thông tin: loans plus readings on the spot."""
        return self.loans + self.in_place_uses


@dataclass
class MobileReport:
    """Mẫu 01 for a mobile library over a period: one line per stop, and the totals."""

    library: Library
    start: dt.date
    end: dt.date
    trips: int
    copies_carried: int
    lines: list[ReportLine]

    @property
    def readers_served(self) -> int:
        return sum(line.readers_served for line in self.lines)

    @property
    def loans(self) -> int:
        return sum(line.loans for line in self.lines)

    @property
    def in_place_uses(self) -> int:
        return sum(line.in_place_uses for line in self.lines)

    @property
    def item_uses(self) -> int:
        return sum(line.item_uses for line in self.lines)

    @property
    def new_cards(self) -> int:
        return sum(line.new_cards for line in self.lines)


def mobile_report(*, library: Library, start: dt.date, end: dt.date) -> MobileReport:
    """Mẫu 01 of `library` from `start` to `end` (both included): trips come back or closed."""
    trips = MobileTrip.objects.filter(
        route__library=library,
        date__gte=start,
        date__lte=end,
        state__in=list(policies.DONE_STATES),
    )
    trip_ids = list(trips.values_list("pk", flat=True))
    stops = list(
        TripStop.objects.filter(trip_id__in=trip_ids)
        .select_related("trip__route", "route_stop")
        .order_by("trip__date", "trip_id", "route_stop__order")
    )
    libnet_loans = libnet_loans_by_stop(trip_ids)
    lines = [
        ReportLine(
            date=stop.trip.date,
            route=stop.trip.route.name,
            place=stop.route_stop.name,
            kind=str(stop.route_stop.get_kind_display()),
            readers_served=stop.readers_served,
            loans=stop.loans_on_paper + libnet_loans.get(stop.pk, 0),
            in_place_uses=stop.in_place_uses,
            new_cards=stop.new_cards,
            activities=stop.activities,
        )
        for stop in stops
    ]
    copies_carried = TripStock.objects.filter(trip_id__in=trip_ids).count()
    return MobileReport(
        library=library,
        start=start,
        end=end,
        trips=len(trip_ids),
        copies_carried=copies_carried,
        lines=lines,
    )


def trip_totals(trip: MobileTrip) -> dict[str, int]:
    """Figures of one trip over all its stops (for the trip page and the API)."""
    totals = trip.stops.aggregate(
        readers_served=Sum("readers_served"),
        new_cards=Sum("new_cards"),
        loans_on_paper=Sum("loans_on_paper"),
        in_place_uses=Sum("in_place_uses"),
    )
    libnet_loans = MobileOperation.objects.filter(
        Q(trip=trip) & Q(action=OperationAction.CHECKOUT) & Q(result=OperationResult.OK)
    ).count()
    return {
        "readers_served": int(totals["readers_served"] or 0),
        "new_cards": int(totals["new_cards"] or 0),
        "loans": int(totals["loans_on_paper"] or 0) + libnet_loans,
        "in_place_uses": int(totals["in_place_uses"] or 0),
    }
