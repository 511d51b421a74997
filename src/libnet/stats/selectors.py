"""Reads of the daily figures: sums per library over days, and distinct active readers.

Every figure is a sum over `DailyStat` (at most 366 rows per library and indicator a year)
plus a distinct count over `ActivePatronMonth`; no query here reads the loans.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from libnet.stats.models import ActivePatronMonth, DailyStat
from libnet.stats.sources import ACTIVE_PATRONS

Figures = dict[str, int]


def figures_by_library(
    library_ids: Iterable[int], start: dt.date, end: dt.date, indicator: str | None = None
) -> dict[int, Figures]:
    """Return library id → {indicator: value} from `start` to `end` (both included); only
    `indicator` when given. Active readers are the distinct readers of each library."""
    ids = list(library_ids)
    result: dict[int, Figures] = defaultdict(dict)
    sums = DailyStat.objects.filter(library_id__in=ids, day__gte=start, day__lte=end)
    if indicator is not None:
        sums = sums.filter(indicator=indicator)
    for library_id, code, total in (
        sums.values_list("library_id", "indicator").annotate(total=Sum("value")).order_by()
    ):
        result[library_id][code] = int(total or 0)
    if indicator in (None, ACTIVE_PATRONS):
        first_month = start.replace(day=1)
        # Within one month a reader has one row per library: counting rows is enough.
        readers = (
            Count("pk") if first_month == end.replace(day=1) else Count("patron_id", distinct=True)
        )
        active = (
            ActivePatronMonth.objects.filter(
                library_id__in=ids, month__gte=first_month, month__lte=end
            )
            .values_list("library_id")
            .annotate(readers=readers)
            .order_by()
        )
        for library_id, count in active:
            result[library_id][ACTIVE_PATRONS] = int(count)
    return dict(result)


def additive_figures_by_span(
    library_ids: Iterable[int], spans: Sequence[tuple[dt.date, dt.date]]
) -> dict[tuple[int, int], Figures]:
    """Return (library id, index of the span) → {indicator: sum} of the daily counters over
    each of `spans` ((first day, last day), in order); active readers are not in it (they do
    not add up over days). One query: a sum per span, filtered by its days."""
    if not spans:
        return {}
    sums = {
        f"span_{index}": Sum("value", filter=Q(day__gte=start, day__lte=end))
        for index, (start, end) in enumerate(spans)
    }
    rows = (
        DailyStat.objects.filter(
            library_id__in=list(library_ids),
            day__gte=min(start for start, _end in spans),
            day__lte=max(end for _start, end in spans),
        )
        .values("library_id", "indicator")
        .annotate(**sums)
        .order_by()
    )
    result: dict[tuple[int, int], Figures] = defaultdict(dict)
    for row in rows:
        for index in range(len(spans)):
            total = row[f"span_{index}"]
            if total:
                result[(row["library_id"], index)][row["indicator"]] = int(total)
    return dict(result)


def monthly_figures(
    library_ids: Iterable[int], start: dt.date, end: dt.date, indicator: str
) -> dict[dt.date, int]:
    """Return first day of month → value of `indicator` over `library_ids`."""
    ids = list(library_ids)
    if indicator == ACTIVE_PATRONS:
        readers = (
            ActivePatronMonth.objects.filter(library_id__in=ids, month__gte=start, month__lte=end)
            .values_list("month")
            .annotate(total=Count("id"))
            .order_by()
        )
        return {month: int(total) for month, total in readers}
    rows = (
        DailyStat.objects.filter(
            library_id__in=ids, indicator=indicator, day__gte=start, day__lte=end
        )
        .annotate(month=TruncMonth("day"))
        .values_list("month")
        .annotate(total=Sum("value"))
        .order_by()
    )
    result: dict[dt.date, int] = {}
    for month, total in rows:
        day = month.date() if isinstance(month, dt.datetime) else month
        result[day] = int(total or 0)
    return result
