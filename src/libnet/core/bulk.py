"""Plain INSERTs for the bulk paths (MARC import), without Django's per-value compilation.

`QuerySet.bulk_create` compiles every value of every row through the field's
`get_db_prep_save`, which costs more than the database's own work when a batch has
thousands of narrow rows (copies, ISBNs, audit entries). `insert_rows` prepares only the
fields that need it (JSON, dates and times, decimals) and hands the rest to the driver's
`executemany` as they are. The rows get no primary keys back: use it for rows nothing else
in the transaction refers to, or ask for `with_ids` (SQLite and PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import operator
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, models, router
from django.db.backends.base.base import BaseDatabaseWrapper

from libnet.core import plain_sql

T = TypeVar("T")

Converter = Callable[[Any], Any]

# Values the drivers (sqlite3, psycopg) take as they are; str subclasses (TextChoices
# members) are turned into plain str below.
_PLAIN_FIELDS = (
    models.IntegerField,
    models.BooleanField,
    models.FloatField,
    models.ForeignKey,
)


def chunks(values: Sequence[T], size: int) -> Iterator[list[T]]:
    """`values` in lists of at most `size`: the ids of one `IN (…)` each, under the number of
    parameters a statement may have."""
    for start in range(0, len(values), size):
        yield list(values[start : start + size])


# json.dumps's own settings, but for check_circular.
_JSON_TEXT = json.JSONEncoder(check_circular=False)


def _converter(field: models.Field[Any, Any], connection: BaseDatabaseWrapper) -> Converter | None:
    if isinstance(field, (models.CharField, models.TextField)) and not isinstance(
        field, models.JSONField
    ):
        return _plain_str
    if isinstance(field, _PLAIN_FIELDS):
        return None
    if isinstance(field, models.JSONField):
        # What JSONField.get_db_prep_save ends with (None is SQL NULL), without its layers:
        # an audit entry has two of these, and a loan writes two entries.
        adapt, encoder = connection.ops.adapt_json_value, field.encoder
        if encoder is None and connection.vendor == "sqlite":
            # Django's SQLite backend stores json.dumps(value): the same text without the
            # check for circular references (a dict it has built cannot hold itself), which
            # was a fifth of encoding a record's MARC-in-JSON.
            encode = _JSON_TEXT.encode

            def prepare_json_text(value: Any) -> Any:
                return None if value is None else encode(value)

            return prepare_json_text

        def prepare_json(value: Any) -> Any:
            return None if value is None else adapt(value, encoder)

        return prepare_json

    def prepare(value: Any) -> Any:
        return field.get_db_prep_save(value, connection)

    if (
        isinstance(field, models.DateTimeField)
        and connection.vendor == "sqlite"
        and settings.USE_TZ
    ):
        # What Django's SQLite backend stores for an aware moment (make_naive in UTC, then
        # str), without its layers: a stocktake's scanner file has 100,000 distinct moments.
        zone = connection.timezone  # as Django's make_naive does (UTC unless DATABASES says)
        # A batch's rows share one moment object (its `at`): convert it once, as below.
        last_moment: list[Any] = [object(), None]

        def prepare_moment(value: Any) -> Any:
            if value is last_moment[0]:
                return last_moment[1]
            if type(value) is dt.datetime and value.tzinfo is not None:
                converted = str(value.astimezone(zone).replace(tzinfo=None))
            else:
                converted = prepare(value)
            last_moment[0], last_moment[1] = value, converted
            return converted

        return prepare_moment
    if isinstance(field, models.DateField):  # and DateTimeField
        # A batch's rows share one timestamp object: convert it once. Dates and datetimes
        # are immutable, so the same object always converts the same.
        last: list[Any] = [object(), None]

        def prepare_once(value: Any) -> Any:
            if value is not last[0]:
                last[0], last[1] = value, prepare(value)
            return last[1]

        return prepare_once
    return prepare


@functools.cache
def _insert_sql(
    model: type[models.Model],
    alias: str,
    columns: tuple[str, ...],
    ignore_conflicts: bool,
    unique_columns: tuple[str, ...] = (),
    update_columns: tuple[str, ...] = (),
) -> str:
    quote = connections[alias].ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(column) for column in columns),
        ", ".join(["%s"] * len(columns)),
    )
    # SQLite (3.24+) and PostgreSQL say both the same way.
    if update_columns:
        return "{} ON CONFLICT ({}) DO UPDATE SET {}".format(
            sql,
            ", ".join(quote(column) for column in unique_columns),
            ", ".join(f"{quote(column)} = EXCLUDED.{quote(column)}" for column in update_columns),
        )
    return f"{sql} ON CONFLICT DO NOTHING" if ignore_conflicts else sql


def _plain_str(value: Any) -> Any:
    return value if value is None or type(value) is str else str(value)


def insert_rows(objs: Sequence[models.Model], *, with_ids: bool = False) -> int:
    """INSERT unsaved instances of one model with a single executemany; return the count.

    Field defaults must already be on the instances (they are once constructed); auto_now
    and pre_save hooks are not run, so callers set timestamps themselves. With `with_ids`,
    each instance gets its primary key: on PostgreSQL drawn from the table's sequence before
    the insert; on SQLite read back after it (the rows of one executemany get consecutive
    rowids, since the transaction holds the write lock from its first write until commit).
    """
    if not objs:
        return 0
    model = type(objs[0])
    meta = model._meta
    connection = connections[router.db_for_write(model)]
    if with_ids and connection.vendor not in ("sqlite", "postgresql"):
        model._default_manager.bulk_create(objs)
        return len(objs)
    pk = meta.pk
    assert pk is not None
    auto_pk = isinstance(pk, models.AutoField | models.BigAutoField)
    fields = [field for field in meta.concrete_fields if not (field is pk and auto_pk)]
    if with_ids and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, pk.column, len(objs)],
            )
            for obj, (new_id,) in zip(objs, cursor.fetchall(), strict=True):
                obj.pk = new_id
        fields = [pk, *fields]
    # attrgetter of several names returns them as a tuple, read in C: a record has 35 columns.
    values_of = operator.attrgetter(*(field.attname for field in fields))
    rows = (
        [values_of(obj) for obj in objs] if len(fields) > 1 else [(values_of(obj),) for obj in objs]
    )
    last = _write(model, connection, fields, rows, last_id=with_ids)
    if with_ids and connection.vendor == "sqlite":
        for offset, obj in enumerate(reversed(objs)):
            obj.pk = last - offset
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias
    return len(objs)


def insert_values(
    model: type[models.Model],
    names: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    ignore_conflicts: bool = False,
    unique_fields: Sequence[str] = (),
    update_fields: Sequence[str] = (),
) -> int:
    """INSERT `rows` of `model`, each the values of the fields `names` (field names or
    attnames) in that order, with one executemany; return the count of rows given.

    `insert_rows` without building model instances first, for rows written at every desk
    scan (the audit entries of a loan): the values must be what the instances would hold,
    defaults included. With `ignore_conflicts`, a row that would break a unique constraint
    is skipped (another writer got there first), as bulk_create(ignore_conflicts=True).
    With `update_fields`, a row whose `unique_fields` are those of a row already there
    rewrites that row's `update_fields` instead, as bulk_create(update_conflicts=True,
    unique_fields=…, update_fields=…).
    """
    if not rows:
        return 0
    connection = connections[router.db_for_write(model)]
    fields = [plain_sql.field(model, name) for name in names]
    _write(
        model,
        connection,
        fields,
        rows,
        last_id=False,
        ignore_conflicts=ignore_conflicts,
        unique_columns=tuple(plain_sql.field(model, name).column for name in unique_fields),
        update_columns=tuple(plain_sql.field(model, name).column for name in update_fields),
    )
    return len(rows)


def _write(
    model: type[models.Model],
    connection: BaseDatabaseWrapper,
    fields: Sequence[models.Field[Any, Any]],
    rows: Sequence[Sequence[Any]],
    *,
    last_id: bool,
    ignore_conflicts: bool = False,
    unique_columns: tuple[str, ...] = (),
    update_columns: tuple[str, ...] = (),
) -> int:
    """executemany the INSERT of `rows` (the fields' Python values); with `last_id` on SQLite
    return the rowid of the last row (else 0)."""
    converters = [_converter(field, connection) for field in fields]
    # Only the columns that need it are converted, in place in a copy of each row.
    plan = [(position, converter) for position, converter in enumerate(converters) if converter]
    if plan:
        converted: list[list[Any]] = []
        for row in rows:
            values = list(row)
            for position, converter in plan:
                values[position] = converter(values[position])
            converted.append(values)
        rows = converted
    sql = _insert_sql(
        model,
        connection.alias,
        tuple(field.column for field in fields),
        ignore_conflicts,
        unique_columns,
        update_columns,
    )
    # The driver's cursor on SQLite (plain_sql.cursor): the audit entries are written this way
    # at every loan and return.
    default = connection.alias == DEFAULT_DB_ALIAS
    with plain_sql.cursor() if default else connection.cursor() as cursor:
        cursor.executemany(sql, rows)
        if last_id and connection.vendor == "sqlite":
            cursor.execute("SELECT last_insert_rowid()")
            return int(cursor.fetchone()[0])
    return 0
