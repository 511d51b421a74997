"""Writes of the search app: counting lookups (lượt tra cứu).

Each search request a reader makes (an OPAC page or a call to the search API) is one lookup,
counted for the library searched in, or for the whole network. Turning the page of the
same search is another request and counts again: what is counted is what the server answered,
the way the ISO 2789 "search" is counted, and it needs no session to tell requests apart.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from libnet.core import clock, plain_sql
from libnet.network.models import Library
from libnet.search import stats_sources
from libnet.search.models import LookupCount


def record_lookup(*, library: Library | None, day: dt.date) -> None:
    """Add one lookup to `library` (None: the network's catalogue) on `day`."""
    with transaction.atomic():
        if library is not None:
            stats_sources.count_lookup(library_id=library.pk, day=day)
        if _add_one(library, day):
            return
        try:
            with transaction.atomic():
                LookupCount.objects.create(library=library, day=day, count=1)
        except IntegrityError:
            # Another request created the day's row between our update and insert.
            _add_one(library, day)


def _add_one(library: Library | None, day: dt.date) -> bool:
    """Add one to the day's row, if there is one (plain SQL: every search runs it)."""
    library_column = plain_sql.column(LookupCount, "library")
    where = f"{library_column} IS NULL" if library is None else f"{library_column} = %s"
    params: list[object] = [] if library is None else [library.pk]
    count = plain_sql.quote(plain_sql.field(LookupCount, "count").column)
    with plain_sql.cursor() as cursor:
        cursor.execute(
            f"UPDATE {plain_sql.table(LookupCount)} SET {count} = {count} + 1"
            f" WHERE {where} AND {plain_sql.column(LookupCount, 'day')} = %s",
            [*params, day],
        )
        return bool(cursor.rowcount)


def count_lookup(library_code: str | None = None, *, at: dt.datetime | None = None) -> None:
    """Count one search in the catalogue of the library with `library_code` (None, or a code
    that names no library: the network's), on today's date in Vietnam."""
    library = (
        Library.objects.filter(code=library_code.strip().upper()).first() if library_code else None
    )
    record_lookup(library=library, day=clock.local_date(at))
