"""Plain parameterised SQL for the few statements every desk scan runs (loan, return).

Why: on the benchmark machine Django spends more time building a query than the database
spends running it. `Item.objects.get(pk=…)` costs about 0.78 ms there, the same SELECT as
plain SQL about 0.06 ms; a loan or a return is some ten statements (issue 5: p95 ≤ 5 ms).
These helpers write the SQL once per model, with the table and column names from `_meta`
quoted by the backend, and turn the rows back into model instances through the fields' own
converters (what the ORM does after a read), so the values are the same as the ORM's on
SQLite and PostgreSQL. Like `stats.services.bump` and `core.bulk`: for hot paths only.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connection, connections, models

M = TypeVar("M", bound=models.Model)

Converter = Callable[[Any, Any, Any], Any]


# Django's SQLite cursor turns "%s" into "?" with this pattern at every execute.
_FORMAT_PLACEHOLDER = re.compile(r"(?<!%)%s")


@functools.lru_cache(maxsize=256)
def _qmark(sql: str) -> str:
    return _FORMAT_PLACEHOLDER.sub("?", sql).replace("%%", "%")


class _DriverCursor:
    """sqlite3's own cursor taking Django's "%s" placeholders (rewritten once per statement)
    and raising Django's database errors (django.db.IntegrityError…), as Django's does."""

    __slots__ = ("cursor", "errors")

    def __init__(self, cursor: Any, errors: Any) -> None:
        self.cursor = cursor
        self.errors = errors

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        with self.errors:
            return self.cursor.execute(_qmark(sql), params)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> Any:
        with self.errors:
            return self.cursor.executemany(_qmark(sql), rows)

    def __getattr__(self, name: str) -> Any:  # fetchone, fetchall, rowcount, lastrowid…
        return getattr(self.cursor, name)


@contextlib.contextmanager
def cursor() -> Iterator[Any]:
    """A cursor for the hot statements of a loan or a return, on the default database.

    On SQLite, the driver's cursor: Django's wrapper costs about 30 µs a statement there
    (the placeholder rewrite by regex, the wrappers' layers) against 9 µs for the statement
    itself, and a loan is some ten statements (issue 5). Django's own cursor whenever it is
    watching: queries logged (DEBUG, CaptureQueriesContext) or execute wrappers installed;
    and on PostgreSQL, where the server's round trip dwarfs it.
    """
    # The wrapper itself, looked up once: each attribute read through django.db.connection
    # goes through a thread-local proxy.
    database = connections[DEFAULT_DB_ALIAS]
    if database.vendor != "sqlite" or database.queries_logged or database.execute_wrappers:
        with database.cursor() as django_cursor:
            yield django_cursor
        return
    if database.connection is None:
        database.ensure_connection()
    driver_cursor = database.connection.cursor()
    try:
        yield _DriverCursor(driver_cursor, database.wrap_database_errors)
    finally:
        driver_cursor.close()


def quote(name: str) -> str:
    return connection.ops.quote_name(name)


def table(model: type[models.Model]) -> str:
    """The model's table, quoted."""
    return quote(model._meta.db_table)


def field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    """The concrete field `name` (a field name or attname) of `model`."""
    found = model._meta.get_field(name)
    assert isinstance(found, models.Field)
    return found


def column(model: type[models.Model], name: str) -> str:
    """The column of field `name` (a field name or attname), qualified by its table, quoted."""
    return f"{table(model)}.{quote(field(model, name).column)}"


@dataclass(frozen=True)
class Shape:
    """How to read a model's rows: the select list and, per column, the converters."""

    model: type[models.Model]
    select: str
    attnames: tuple[str, ...]
    converters: tuple[tuple[int, tuple[Converter, ...], Any], ...]

    @property
    def width(self) -> int:
        return len(self.attnames)

    def values(self, row: Sequence[Any], start: int = 0) -> list[Any]:
        """The model's values in `row` from column `start`, converted as the ORM would."""
        values = list(row[start : start + self.width])
        for position, converters, expression in self.converters:
            value = values[position]
            for converter in converters:
                value = converter(value, expression, connection)
            values[position] = value
        return values

    def build(self, row: Sequence[Any], start: int = 0) -> Any:
        """The model instance whose row is in `row` from column `start` (None for a NULL id
        from an outer join)."""
        values = self.values(row, start)
        pk = self.model._meta.pk
        assert pk is not None
        if values[self.attnames.index(pk.attname)] is None:
            return None
        return self.model.from_db(connection.alias, list(self.attnames), values)


def shape(model: type[models.Model], fields: Sequence[str] | None = None) -> Shape:
    """The shape of `model`'s rows: all its concrete fields, or the named ones in that order."""
    return _shape(model, tuple(fields) if fields is not None else None, connection.alias)


# Per database alias: every connection of an alias (one a thread) has the same backend and
# settings, and the converters read nothing else.
@functools.cache
def _shape(model: type[models.Model], names: tuple[str, ...] | None, alias: str) -> Shape:
    meta = model._meta
    fields = list(meta.concrete_fields) if names is None else [field(model, n) for n in names]
    converters = []
    for position, each in enumerate(fields):
        expression = each.get_col(meta.db_table)
        found = tuple(
            connection.ops.get_db_converters(expression) + expression.get_db_converters(connection)
        )
        if found:
            converters.append((position, found, expression))
    return Shape(
        model=model,
        select=", ".join(f"{table(model)}.{quote(each.column)}" for each in fields),
        attnames=tuple(each.attname for each in fields),
        converters=tuple(converters),
    )


# Fields whose values the drivers (sqlite3, psycopg) take as they are: preparing them through
# get_db_prep_save was a tenth of a loan's time.
_PLAIN_TYPES = (models.IntegerField, models.BooleanField, models.FloatField, models.ForeignKey)


def _prepare(each: models.Field[Any, Any], value: Any) -> Any:
    if value is None:
        return None
    if isinstance(each, _PLAIN_TYPES) and type(value) in (int, bool, float):
        return value
    if isinstance(each, models.CharField | models.TextField) and type(value) is str:
        return value
    return each.get_db_prep_save(value, connection)


def prepared(model: type[models.Model], name: str, value: Any) -> Any:
    """`value` of field `name` as the driver takes it (what the ORM sends for it)."""
    return field(model, name).get_db_prep_save(value, connection)


def insert(obj: models.Model) -> None:
    """INSERT the unsaved `obj` (auto primary key) and set its id, like save(force_insert)
    without signals: the model must not rely on them."""
    model = type(obj)
    meta = model._meta
    pk = meta.pk
    assert pk is not None
    sql, fields, returning = _insert_sql(model, connection.alias)
    values = [_prepare(each, each.pre_save(obj, True)) for each in fields]
    with cursor() as cursor_:
        cursor_.execute(sql, values)
        if returning:
            new_id = cursor_.fetchone()[0]
        else:
            new_id = connection.ops.last_insert_id(cursor_, meta.db_table, pk.column)
    setattr(obj, pk.attname, new_id)
    obj._state.adding = False
    obj._state.db = connection.alias


@functools.cache
def _insert_sql(
    model: type[models.Model], alias: str
) -> tuple[str, list[models.Field[Any, Any]], bool]:
    pk = model._meta.pk
    assert pk is not None
    fields = [each for each in model._meta.concrete_fields if each is not pk]
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        table(model),
        ", ".join(quote(each.column) for each in fields),
        ", ".join(["%s"] * len(fields)),
    )
    returning = bool(connection.features.can_return_columns_from_insert)
    if returning:
        sql += f" RETURNING {quote(pk.column)}"
    return sql, fields, returning


def update(model: type[models.Model], pk: Any, changes: Mapping[str, Any]) -> int:
    """UPDATE the row `pk` of `model` to `changes` (field name or attname → value); return the
    count of rows changed."""
    sql, fields = _update_sql(model, tuple(changes), connection.alias)
    values = [_prepare(each, value) for each, value in zip(fields, changes.values(), strict=True)]
    with cursor() as cursor_:
        cursor_.execute(sql, [*values, pk])
        return int(cursor_.rowcount)


@functools.cache
def _update_sql(
    model: type[models.Model], names: tuple[str, ...], alias: str
) -> tuple[str, list[models.Field[Any, Any]]]:
    fields = [field(model, name) for name in names]
    assignments = ", ".join(f"{quote(each.column)} = %s" for each in fields)
    pk = model._meta.pk
    assert pk is not None
    return f"UPDATE {table(model)} SET {assignments} WHERE {quote(pk.column)} = %s", fields


def cached_sql(build: Callable[[], str]) -> Callable[[], str]:
    """`build` (a function writing one statement) called once per database alias."""
    built: dict[str, str] = {}

    def sql() -> str:
        alias = connection.alias
        if alias not in built:
            built[alias] = build()
        return built[alias]

    return sql


def for_update(of: type[models.Model]) -> str:
    """' FOR UPDATE OF <table>' where the database has row locks, else '' (SQLite: its
    writers queue at BEGIN IMMEDIATE)."""
    if not connection.features.has_select_for_update:
        return ""
    if connection.features.has_select_for_update_of:
        return f" FOR UPDATE OF {table(of)}"
    return " FOR UPDATE"
