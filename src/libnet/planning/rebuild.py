"""`libnet rebuild_stats`: recompute every daily figure from the tables that hold the facts.

The daily figures are a cache the services keep current; this rebuilds them when a bug or a
restore made them drift. Each source yields `(library_id, indicator, day, value)` from GROUP
BY queries. The rotation and mobile apps bring their own sources
(`libnet.<app>.stats_sources.daily_rows()`), found when installed.
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Count, DateField, Min, Sum
from django.db.models.functions import TruncDate, TruncMonth

from libnet.catalog.models import BibRecord, Item
from libnet.circulation.models import Hold, InLibraryUse, Loan, VisitCount
from libnet.core import clock
from libnet.core.models import AuditEntry
from libnet.patrons.models import Patron
from libnet.planning.models import LegacyFigure, ManualFigure
from libnet.search.models import LookupCount
from libnet.stats.models import ActivePatronMonth, DailyStat

Row = tuple[int, str, dt.date, int]
Source = Callable[[], Iterable[Row]]

# Other apps' sources, imported when the app provides one.
EXTERNAL_SOURCE_MODULES = ("libnet.rotation.stats_sources", "libnet.mobile.stats_sources")


def _by_local_day(queryset, library: str, moment: str, indicator: str, value=None) -> Iterator[Row]:  # type: ignore[no-untyped-def]  # any model's queryset
    rows = (
        queryset.annotate(local_day=TruncDate(moment, tzinfo=clock.VIETNAM))
        .values_list(library, "local_day")
        .annotate(total=value if value is not None else Count("pk"))
        .order_by()
    )
    for library_id, day, total in rows:
        if library_id is not None and total:
            yield (library_id, indicator, day, int(total))


def loan_rows() -> Iterator[Row]:
    yield from _by_local_day(Loan.objects.all(), "library_id", "loaned_at", "loans")


def renewal_rows() -> Iterator[Row]:
    # A loan keeps only its number of renewals; the day of each is in the audit log.
    yield from _by_local_day(
        AuditEntry.objects.filter(action="loan.renew"), "library_id", "at", "renewals"
    )


def hold_rows() -> Iterator[Row]:
    yield from _by_local_day(Hold.objects.all(), "pickup_library_id", "placed_at", "holds")


def in_library_use_rows() -> Iterator[Row]:
    yield from _by_local_day(
        InLibraryUse.objects.all(), "library_id", "used_at", "in_library_uses", Sum("count")
    )


def visit_rows() -> Iterator[Row]:
    rows = (
        VisitCount.objects.values_list("library_id", "day").annotate(total=Sum("count")).order_by()
    )
    for library_id, day, total in rows:
        if total:
            yield (library_id, "visits", day, int(total))


def new_patron_rows() -> Iterator[Row]:
    rows = (
        Patron.objects.values_list("home_library_id", "card_issued_on")
        .annotate(total=Count("pk"))
        .order_by()
    )
    for library_id, day, total in rows:
        yield (library_id, "new_patrons", day, int(total))


def record_rows() -> Iterator[Row]:
    yield from _by_local_day(
        BibRecord.objects.filter(created_at_library__isnull=False),
        "created_at_library_id",
        "created_at",
        "records_created",
    )


def item_rows() -> Iterator[Row]:
    yield from _by_local_day(Item.objects.all(), "home_library_id", "created_at", "items_added")
    # A title is added to a library on the day its first copy there was added.
    firsts = (
        Item.objects.values_list("home_library_id", "bib_id")
        .annotate(first=Min("created_at"))
        .order_by()
    )
    titles: dict[tuple[int, dt.date], int] = defaultdict(int)
    for library_id, _bib_id, first in firsts:
        titles[(library_id, clock.local_date(first))] += 1
    for (library_id, day), total in titles.items():
        yield (library_id, "titles_added", day, total)


def lookup_rows() -> Iterator[Row]:
    for library_id, day, count in LookupCount.objects.filter(library__isnull=False).values_list(
        "library_id", "day", "count"
    ):
        if count:
            yield (library_id, "lookups", day, int(count))


def manual_rows() -> Iterator[Row]:
    for library_id, code, month, value in ManualFigure.objects.values_list(
        "library_id", "indicator__code", "month", "value"
    ):
        yield (library_id, code, month, int(value))


def legacy_rows() -> Iterator[Row]:
    for library_id, code, day, value in LegacyFigure.objects.values_list(
        "library_id", "indicator", "day", "value"
    ):
        yield (library_id, code, day, int(value))


BUILT_IN_SOURCES: list[Source] = [
    loan_rows,
    renewal_rows,
    hold_rows,
    in_library_use_rows,
    visit_rows,
    new_patron_rows,
    record_rows,
    item_rows,
    lookup_rows,
    manual_rows,
    legacy_rows,
]


def external_sources() -> list[Source]:
    """Return `daily_rows` of each other app that provides a stats_sources module."""
    sources: list[Source] = []
    for name in EXTERNAL_SOURCE_MODULES:
        try:
            found = importlib.util.find_spec(name)
        except ModuleNotFoundError:
            found = None
        if found is None:
            continue
        sources.append(importlib.import_module(name).daily_rows)
    return sources


def all_sources() -> list[Source]:
    return [*BUILT_IN_SOURCES, *external_sources()]


@dataclass
class RebuildResult:
    rows: int = 0
    active_patron_rows: int = 0
    by_source: dict[str, int] = field(default_factory=dict)
    seconds_by_source: dict[str, float] = field(default_factory=dict)


_CHUNK = 20_000


@transaction.atomic
def rebuild_daily_stats(sources: list[Source] | None = None) -> RebuildResult:
    """Delete every daily figure and active-reader row and write them again from the sources.

    One transaction: readers of reports see the old figures until the new ones are complete.
    """
    result = RebuildResult()
    totals: dict[tuple[int, str, dt.date], int] = defaultdict(int)
    for source in sources if sources is not None else all_sources():
        count = 0
        began = time.perf_counter()
        for library_id, indicator, day, value in source():
            totals[(library_id, indicator, day)] += value
            count += 1
        name = getattr(source, "__module__", "") + "." + source.__name__
        result.by_source[name] = count
        result.seconds_by_source[name] = time.perf_counter() - began
    DailyStat.objects.all().delete()
    table = connection.ops.quote_name(DailyStat._meta.db_table)
    rows = [(key[0], key[1], key[2], value) for key, value in totals.items() if value]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _CHUNK):
            cursor.executemany(
                f"INSERT INTO {table} (library_id, indicator, day, value) VALUES (%s, %s, %s, %s)",
                rows[start : start + _CHUNK],
            )
    result.rows = len(rows)
    began = time.perf_counter()
    result.active_patron_rows = _rebuild_active_patrons()
    result.seconds_by_source["active readers"] = time.perf_counter() - began
    return result


def _rebuild_active_patrons() -> int:
    """Readers who borrowed or renewed at a library in a month, from the loans and the audit
    log of renewals."""
    ActivePatronMonth.objects.all().delete()
    months: set[tuple[int, int, dt.date]] = set()
    loans = (
        Loan.objects.filter(patron_id__isnull=False)
        .annotate(
            local_month=TruncMonth("loaned_at", output_field=DateField(), tzinfo=clock.VIETNAM)
        )
        .values_list("library_id", "patron_id", "local_month")
        .distinct()
        .order_by()
    )
    for library_id, patron_id, month in loans.iterator(chunk_size=_CHUNK):
        months.add((library_id, patron_id, month))
    renewals = AuditEntry.objects.filter(action="loan.renew").values_list("subject_id", "at")
    renewed: dict[int, list[dt.datetime]] = defaultdict(list)
    for subject_id, at in renewals.iterator(chunk_size=_CHUNK):
        renewed[int(subject_id)].append(at)
    if renewed:
        for loan_id, library_id, patron_id in Loan.objects.filter(
            pk__in=list(renewed), patron_id__isnull=False
        ).values_list("pk", "library_id", "patron_id"):
            for at in renewed[loan_id]:
                months.add((library_id, patron_id, clock.local_date(at).replace(day=1)))
    table = connection.ops.quote_name(ActivePatronMonth._meta.db_table)
    rows = sorted(months)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _CHUNK):
            cursor.executemany(
                f"INSERT INTO {table} (library_id, patron_id, month) VALUES (%s, %s, %s)",
                rows[start : start + _CHUNK],
            )
    return len(rows)
