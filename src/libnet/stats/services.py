"""Writes to the daily figures. Call inside the transaction that writes the transaction row."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.db.models import Sum

from libnet.stats.models import DailyStat


def bump(*, library_id: int, indicator: str, day: dt.date, by: int = 1) -> None:
    """Add `by` (may be negative) to `indicator` at `library_id` on `day`.

    One upsert statement, so two desks bumping the same row at once both count: SQLite and
    PostgreSQL both support INSERT … ON CONFLICT DO UPDATE.
    """
    table = connection.ops.quote_name(DailyStat._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (library_id, indicator, day, value) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (library_id, indicator, day) DO UPDATE SET value = "
            f"{table}.value + excluded.value",
            [library_id, indicator, day, by],
        )


def total(*, library_ids: list[int], indicator: str, start: dt.date, end: dt.date) -> int:
    """Sum `indicator` over `library_ids` from `start` to `end`, both included."""
    result = DailyStat.objects.filter(
        library_id__in=library_ids, indicator=indicator, day__gte=start, day__lte=end
    ).aggregate(total=Sum("value"))["total"]
    return int(result or 0)
