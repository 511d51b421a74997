"""Writes to the daily figures. Call inside the transaction that writes the fact.

The apps call these from their `stats_sources.py` only, where each says what it counts
(stats.sources): one place per indicator for the bump and for the rebuild.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection

from libnet.core import plain_sql
from libnet.stats.models import ActivePatronMonth, DailyStat


def bump(*, library_id: int, indicator: str, day: dt.date, by: int = 1) -> None:
    """Add `by` (may be negative) to `indicator` at `library_id` on `day`.

    One upsert statement, so two desks bumping the same row at once both count: SQLite and
    PostgreSQL both support INSERT … ON CONFLICT DO UPDATE.
    """
    table = connection.ops.quote_name(DailyStat._meta.db_table)
    with plain_sql.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (library_id, indicator, day, value) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (library_id, indicator, day) DO UPDATE SET value = "
            f"{table}.value + excluded.value",
            [library_id, indicator, day, by],
        )


def bump_many(rows: Iterable[tuple[int, str, dt.date, int]]) -> None:
    """Add many `(library_id, indicator, day, by)` at once (an import, the demo loader).

    The rows are summed first, so a batch of 1,000 records costs one statement per library
    and day, not one per record.
    """
    totals: dict[tuple[int, str, dt.date], int] = defaultdict(int)
    for library_id, indicator, day, by in rows:
        totals[(library_id, indicator, day)] += by
    if not totals:
        return
    table = connection.ops.quote_name(DailyStat._meta.db_table)
    with plain_sql.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (library_id, indicator, day, value) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (library_id, indicator, day) DO UPDATE SET value = "
            f"{table}.value + excluded.value",
            [(key[0], key[1], key[2], value) for key, value in totals.items() if value],
        )


def note_active_patron(*, library_id: int, patron_id: int | None, day: dt.date) -> None:
    """Count `patron_id` as an active reader of `library_id` in the month of `day`."""
    if patron_id is None:
        return
    table = connection.ops.quote_name(ActivePatronMonth._meta.db_table)
    with plain_sql.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (library_id, patron_id, month) VALUES (%s, %s, %s) "
            "ON CONFLICT (library_id, month, patron_id) DO NOTHING",
            [library_id, patron_id, day.replace(day=1)],
        )
