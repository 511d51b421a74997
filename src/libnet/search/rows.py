"""Read a few columns of rows by primary key in one plain query.

A search reads up to a few hundred rows of three tables by id; the ORM's preparation of a
long IN list costs more than the database's reading, so the hot reads go through here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection, models


def columns_of(model: type[models.Model], columns: Sequence[str], ids: Sequence[int]) -> list[Any]:
    """Return (pk, *columns) of the rows of `model` whose primary keys are `ids`, any order."""
    if not ids:
        return []
    meta = model._meta
    assert meta.pk is not None
    quote = connection.ops.quote_name
    selected = ", ".join(quote(column) for column in (meta.pk.column, *columns))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {selected} FROM {quote(meta.db_table)}"
            f" WHERE {quote(meta.pk.column)} IN ({', '.join(['%s'] * len(ids))})",
            [int(pk) for pk in ids],
        )
        return list(cursor.fetchall())
