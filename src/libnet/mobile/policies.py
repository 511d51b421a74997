"""Pure rules of the mobile library: plain values in, an answer out. No queries or clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from libnet.catalog.models import ItemStatus
from libnet.mobile.models import CrewRole, TripState

# TT 05/2022 Art. 5.1.b: a printed item goes out only if the library holds at least 3 copies
# of the title.
MIN_COPIES_TO_CARRY = 3
# TT 05/2022 Art. 8: at least 3 positions per round: 1 driver or operator and 2 library staff.
MIN_DRIVERS = 1
MIN_LIBRARY_STAFF = 2
# The most any hand-counted figure of one stop may be: far above what a stop sees in a day,
# far below what the database column holds (a mistyped 10**19 is refused, not a crash).
MAX_FIGURE = 5_000
# A scan dated more than this before the server received it is refused (a tablet's clock
# reset to 1990 or 0001 must not date loans decades back).
MAX_SCAN_AGE = dt.timedelta(days=2)
# A queue exported from a tablet and brought in by hand (`libnet import_mobile_ops`) may
# come after a long trip or a holiday: the trip's own date still bounds it from below.
MAX_IMPORTED_SCAN_AGE = dt.timedelta(days=60)

# (state, action) → next state. A pair not in the table is refused.
TRIP_TRANSITIONS: dict[tuple[str, str], str] = {
    (TripState.PLANNED, "load"): TripState.LOADED,
    (TripState.LOADED, "depart"): TripState.ON_ROAD,
    (TripState.ON_ROAD, "return"): TripState.BACK,
    (TripState.BACK, "close"): TripState.CLOSED,
    (TripState.PLANNED, "cancel"): TripState.CANCELLED,
    (TripState.LOADED, "cancel"): TripState.CANCELLED,
}

# States in which a step may still be taken: copies loaded, crew changed, figures recorded,
# scans at a stop applied (a tablet may sync after the vehicle is back), copies checked back.
LOADING_STATES = frozenset({TripState.PLANNED, TripState.LOADED})
CREW_STATES = frozenset({TripState.PLANNED, TripState.LOADED})
FIGURE_STATES = frozenset({TripState.ON_ROAD, TripState.BACK})
LENDING_STATES = frozenset({TripState.ON_ROAD, TripState.BACK})
CHECK_BACK_STATES = frozenset({TripState.BACK})
# A stop's hand-counted figure → the daily indicators it feeds at the mobile library on the
# trip's date. Each reader served is a visit of the mobile library ("lượt người được phục vụ");
# loans made through libnet at a stop are counted by circulation as `loans` already.
FIGURE_INDICATORS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("readers_served", ("mobile_readers_served", "visits")),
    ("in_place_uses", ("in_library_uses",)),
    ("loans_on_paper", ("loans",)),
)
# A trip whose figures count in the statistics (and in Mẫu 01).
DONE_STATES = frozenset({TripState.BACK, TripState.CLOSED})


def departure_refusal(*, trip_date: dt.date, today: dt.date) -> str | None:
    """Return why a trip cannot leave today, or None: a trip leaves on its own date.

    The date is Vietnam's calendar day, the whole of it (a 4 a.m. start for a far first stop
    is that day). There is no tolerance either side: a trip leaving on another day is moved
    to that day first (services.reschedule_trip keeps its crew and stock), so the day its
    scans, figures and Mẫu 01 line are counted on is the day it was on the road.
    """
    if today != trip_date:
        return "not_trip_day"
    return None


def trip_date_refusal(*, date: dt.date, today: dt.date) -> str | None:
    """Return why a trip cannot be planned for (or moved to) `date`, or None: a day that has
    passed could never be left on (departure_refusal)."""
    if date < today:
        return "trip_date_past"
    return None


def next_trip_state(state: str, action: str) -> str | None:
    """Return the trip's state after `action`, or None when the action does not apply."""
    return TRIP_TRANSITIONS.get((state, action))


def crew_refusal(roles: Iterable[str]) -> str | None:
    """Return why a crew with these roles may not leave, or None (TT 05/2022 Art. 8)."""
    roles = list(roles)
    if roles.count(CrewRole.DRIVER) < MIN_DRIVERS:
        return "crew_needs_driver"
    if roles.count(CrewRole.LIBRARIAN) < MIN_LIBRARY_STAFF:
        return "crew_needs_librarians"
    return None


def load_refusal(
    *,
    owned_by_source: bool,
    status: str,
    at_home: bool,
    restricted: bool,
    read_in_place: bool,
    copies_of_title: int,
    claimed: bool,
    already_on_trip: bool,
) -> str | None:
    """Return why a copy may not be loaded on a trip, or None.

    `owned_by_source`: the copy belongs to the mobile library or to the library it hangs
    from (the provincial library). The other facts are rotation's, gathered the same way for
    a batch and a trip (rotation.selectors.copy_facts): `restricted` (MARC 506, the closed
    reading room: Luật Thư viện Art. 7), `read_in_place` (reference books, closed stacks,
    the reference shelf, a type the mobile library's rules lend in place only: what its desk
    could not lend), and `copies_of_title`, the owner's copies still held (not withdrawn,
    lost or missing).
    """
    if already_on_trip:
        return "already_loaded"
    if not owned_by_source:
        return "not_our_copy"
    if claimed:
        return "copy_claimed"
    if status != ItemStatus.AVAILABLE or not at_home:
        return "copy_not_available"
    if restricted or read_in_place:
        return "copy_restricted"
    if copies_of_title < MIN_COPIES_TO_CARRY:
        return "too_few_copies"
    return None


def figures_refusal(
    *,
    readers_served: int,
    loans: int,
    in_place_uses: int,
    new_cards: int = 0,
    loans_on_paper: int = 0,
) -> str | None:
    """Return why a stop's figures do not hold together, or None.

    Each figure lies between 0 and MAX_FIGURE. Each reader who borrowed or read on the spot
    was served, so at least one reader was served when anything was used; the counts are
    not checked further (one reader may borrow several books).
    """
    figures = (readers_served, loans, in_place_uses, new_cards, loans_on_paper)
    if min(figures) < 0:
        return "negative_figure"
    if max(figures) > MAX_FIGURE:
        return "figure_too_large"
    if readers_served == 0 and (loans or in_place_uses):
        return "uses_without_readers"
    return None


def scan_time_refusal(
    *,
    scanned_at: dt.datetime,
    trip_starts_at: dt.datetime,
    received_at: dt.datetime,
    max_age: dt.timedelta = MAX_SCAN_AGE,
) -> str | None:
    """Return why a scan's time cannot be the moment of a loan at a stop, or None: before
    the start of the trip's day (Vietnam time) or more than MAX_SCAN_AGE before it arrived.
    A scan dated later than its arrival is read as its arrival by the caller."""
    if scanned_at < trip_starts_at or scanned_at < received_at - max_age:
        return "scan_time_out_of_range"
    return None


PERIOD_KINDS = ("month", "quarter", "year")


def period_bounds(kind: str, year: int, number: int = 1) -> tuple[dt.date, dt.date] | None:
    """Return the first and last day of month/quarter `number` of `year` (or the year), or
    None for a period that does not exist. Periods are calendar dates (TT 16/2022/TT-BVHTTDL)."""
    if kind not in PERIOD_KINDS or not 1900 <= year <= 9999:
        return None
    if kind == "year":
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    months = 12 if kind == "month" else 4
    if not 1 <= number <= months:
        return None
    first_month = number if kind == "month" else 3 * (number - 1) + 1
    last_month = first_month if kind == "month" else first_month + 2
    start = dt.date(year, first_month, 1)
    end = (
        dt.date(year + 1, 1, 1) if last_month == 12 else dt.date(year, last_month + 1, 1)
    ) - dt.timedelta(days=1)
    return start, end
