"""`libnet rebuild_stats`: recompute every daily figure from the tables that hold the facts.

The daily figures are a cache the services keep current; this rebuilds them when a bug or a
restore made them drift. Every source registered with stats.sources (each app's
`stats_sources.py`) yields its rows from GROUP BY queries over its own tables.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import connection, transaction

from libnet.stats import sources as registry
from libnet.stats.models import ActivePatronMonth, DailyStat
from libnet.stats.sources import ActiveRow, Source


@dataclass
class RebuildResult:
    rows: int = 0
    active_patron_rows: int = 0
    by_source: dict[str, int] = field(default_factory=dict)
    seconds_by_source: dict[str, float] = field(default_factory=dict)


_CHUNK = 20_000


@transaction.atomic
def rebuild_daily_stats(sources: Sequence[Source] | None = None) -> RebuildResult:
    """Delete every daily figure and active-reader row and write them again from `sources`
    (every registered source by default).

    One transaction: readers of reports see the old figures until the new ones are complete.
    """
    result = RebuildResult()
    totals: dict[tuple[int, str, dt.date], int] = defaultdict(int)
    months: set[ActiveRow] = set()
    for source in sources if sources is not None else registry.registered():
        count = 0
        began = time.perf_counter()
        for library_id, indicator, day, value in source.daily_rows():
            totals[(library_id, indicator, day)] += value
            count += 1
        if source.active_patron_months is not None:
            for row in source.active_patron_months():
                months.add(row)
                count += 1
        result.by_source[source.name] = count
        result.seconds_by_source[source.name] = time.perf_counter() - began
    DailyStat.objects.all().delete()
    rows = [(key[0], key[1], key[2], value) for key, value in totals.items() if value]
    _insert(DailyStat, ("library_id", "indicator", "day", "value"), rows)
    result.rows = len(rows)
    ActivePatronMonth.objects.all().delete()
    active = sorted(months)
    _insert(ActivePatronMonth, ("library_id", "patron_id", "month"), active)
    result.active_patron_rows = len(active)
    return result


def _insert(
    model: type[DailyStat] | type[ActivePatronMonth],
    columns: tuple[str, ...],
    rows: Sequence[tuple[int | str | dt.date, ...]],
) -> None:
    table = connection.ops.quote_name(model._meta.db_table)
    statement = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _CHUNK):
            cursor.executemany(statement, rows[start : start + _CHUNK])
