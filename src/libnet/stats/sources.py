"""Where each daily figure comes from: a port every app that owns a fact registers with.

An indicator is defined once, by the app that owns the fact it counts, in that app's
`stats_sources.py`: the function its services call to bump the counters inside the
transaction that writes the fact, and the `Source` that counts the same thing again from
the app's own tables for `libnet rebuild_stats` (stats.rebuild). stats sits below those apps
(DESIGN.md §2) and cannot import them: each registers its sources when Django starts (its
AppConfig.ready), and the rebuild and the checks iterate what was registered.

Several sources may feed one indicator when the fact lives in several apps: `loans` are the
desks' (circulation), the deposit points' monthly counts (rotation) and the mobile library's
loans on paper (mobile).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Aggregate, Count, F, QuerySet
from django.db.models.functions import TruncDate

from libnet.core import clock

# (library id, indicator code, day, value): one day's figure of a library.
Row = tuple[int, str, dt.date, int]
# (library id, reader id, first day of the month): a reader active at a library that month.
ActiveRow = tuple[int, int, dt.date]

# Readers who borrowed or renewed in a period: not a sum over days (stats.ActivePatronMonth).
ACTIVE_PATRONS = "active_patrons"


def _no_rows() -> Iterable[Row]:
    return ()


@dataclass(frozen=True)
class Source:
    """One fact counted in the daily figures, and how to count it again.

    `name` says whose fact it is ("circulation.loans"); `indicators` are the codes its rows
    carry (empty when each row carries the code it was entered with: figures entered by
    hand or carried over); `daily_rows` yields them from the app's tables (GROUP BY queries,
    zero rows left out); `active_patron_months`, for the one source of active readers,
    yields its rows.
    """

    name: str
    indicators: tuple[str, ...]
    daily_rows: Callable[[], Iterable[Row]] = _no_rows
    active_patron_months: Callable[[], Iterable[ActiveRow]] | None = None


_sources: dict[str, Source] = {}


def register(*sources: Source) -> None:
    """Add `sources` to the registry; a second registration under a name replaces the first
    (Django may call ready() twice in tests)."""
    for source in sources:
        _sources[source.name] = source


def registered() -> list[Source]:
    """Return every registered source, by name."""
    return [_sources[name] for name in sorted(_sources)]


def rows_of(sources: Iterable[Source]) -> Iterator[Row]:
    """Yield the daily rows of `sources`, as a rebuild reads them."""
    for source in sources:
        yield from source.daily_rows()


def indicators_counted() -> set[str]:
    """Return the codes some registered source counts."""
    return {code for source in _sources.values() for code in source.indicators}


def local_day(moment: str) -> TruncDate:
    """The calendar day in Vietnam of the date-time field `moment`, in SQL: at 17:30 UTC it
    is already the next day."""
    return TruncDate(moment, tzinfo=clock.VIETNAM)


def rows_by_day(
    rows: QuerySet[Any],
    *,
    library: str,
    day: str | TruncDate,
    indicator: str,
    value: Aggregate | None = None,
) -> Iterator[Row]:
    """Yield the figure `indicator` of `rows` per library (the field `library`) and day (the
    date field `day`, or `local_day(moment)`): how many rows, or the sum `value`. One GROUP BY
    query; rows with no library and days that add up to nothing are left out."""
    grouped = (
        rows.annotate(figure_day=F(day) if isinstance(day, str) else day)
        .values_list(library, "figure_day")
        .annotate(total=value if value is not None else Count("pk"))
        .order_by()
    )
    for library_id, figure_day, total in grouped:
        if library_id is not None and total:
            yield (library_id, indicator, figure_day, int(total))


def per_day(
    name: str,
    indicator: str,
    rows: Callable[[], QuerySet[Any]],
    *,
    library: str,
    day: str | TruncDate,
    value: Aggregate | None = None,
) -> Source:
    """A source that counts `indicator` again from `rows()` with `rows_by_day`: per library
    and day, how many rows, or the sum `value`."""

    def daily_rows() -> Iterator[Row]:
        return rows_by_day(rows(), library=library, day=day, indicator=indicator, value=value)

    return Source(name=name, indicators=(indicator,), daily_rows=daily_rows)
