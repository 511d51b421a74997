"""Plain parameterised SQL for the few statements every desk scan runs (loan, return).

Why: Django spends more time building a simple query than the database spends running it,
and a loan or a return is some ten statements (docs/performance.md has the figures). These
helpers write the SQL once per model, with the table and column names from `_meta` quoted by
the backend, and turn the rows back into model instances through the fields' own converters
(what the ORM does after a read), so the values are the same as the ORM's on SQLite and
PostgreSQL. Like `stats.services.bump` and `core.bulk`: for hot paths only, behind a
selector that says what the statement means (circulation.selectors defines each read that
circulation.hot_sql runs; a test compares them on both engines).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import re
import sqlite3
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import signals
from django.db.models.base import ModelState
from django.db.models.fields import NOT_PROVIDED

M = TypeVar("M", bound=models.Model)

Converter = Callable[[Any, Any, Any], Any]


# Django's SQLite cursor turns "%s" into "?" with this pattern at every execute.
_FORMAT_PLACEHOLDER = re.compile(r"(?<!%)%s")


@functools.lru_cache(maxsize=256)
def _qmark(sql: str) -> str:
    return _FORMAT_PLACEHOLDER.sub("?", sql).replace("%%", "%")


# The driver's own methods. Django's connections make cursors of a subclass whose execute
# rewrites the placeholders again, by regular expression, at every call, on a statement
# already rewritten once and for all by `_qmark`.
_EXECUTE = sqlite3.Cursor.execute
_EXECUTEMANY = sqlite3.Cursor.executemany


class _DriverCursor:
    """sqlite3's own cursor taking Django's "%s" placeholders (rewritten once per statement)
    and raising Django's database errors (django.db.IntegrityError…), as Django's does.

    It is the production path whoever watches: when Django logs queries (DEBUG,
    CaptureQueriesContext, django_assert_num_queries) each statement goes into the
    connection's query log as Django's debug cursor would put it, and execute wrappers
    (connection.execute_wrapper) wrap each statement as they wrap Django's. So a test that
    counts a loan's queries counts the statements a desk runs.

    One is kept per connection and lent to one `with cursor()` block at a time: making a
    cursor and a generator-based context for every statement of a loan was a good share of
    the Python a loan runs."""

    __slots__ = ("busy", "cursor", "database", "errors", "raw")

    def __init__(self, raw: Any, database: BaseDatabaseWrapper) -> None:
        self.raw = raw  # the driver's connection the cursor belongs to
        self.database = database
        self.cursor = raw.cursor()
        self.errors = database.wrap_database_errors
        self.busy = False

    def __enter__(self) -> _DriverCursor:
        self.busy = True
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.busy = False

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        database = self.database
        if database.execute_wrappers or database.queries_logged:
            return self._watched(sql, params, many=False)
        with self.errors:
            return _EXECUTE(self.cursor, _qmark(sql), params)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> Any:
        database = self.database
        if database.execute_wrappers or database.queries_logged:
            return self._watched(sql, rows, many=True)
        with self.errors:
            return _EXECUTEMANY(self.cursor, _qmark(sql), rows)

    def _run(self, sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
        """What an execute wrapper calls: the statement itself, timed into the query log
        when Django logs queries (as django.db.backends.utils.CursorDebugWrapper does)."""
        database = self.database
        started = time.monotonic()
        try:
            with self.errors:
                return (_EXECUTEMANY if many else _EXECUTE)(self.cursor, _qmark(sql), params)
        finally:
            if database.queries_logged:
                logged = sql if many else database.ops.last_executed_query(self, sql, params)
                database.queries_log.append(
                    {
                        "sql": f"{len(params)} times: {logged}" if many else logged,
                        "time": f"{time.monotonic() - started:.3f}",
                    }
                )

    def _watched(self, sql: str, params: Any, *, many: bool) -> Any:
        executor: Callable[..., Any] = self._run
        for wrapper in reversed(self.database.execute_wrappers):
            executor = functools.partial(wrapper, executor)
        return executor(sql, params, many, {"connection": self.database, "cursor": self})

    def __getattr__(self, name: str) -> Any:  # fetchone, fetchall, rowcount, lastrowid…
        return getattr(self.cursor, name)


_KEPT_CURSOR = "_libnet_driver_cursor"


def cursor() -> contextlib.AbstractContextManager[Any]:
    """A cursor for the hot statements of a loan or a return, on the default database, to
    use as `with plain_sql.cursor() as cursor:`.

    On SQLite, the driver's cursor (_DriverCursor): Django's wrapper costs several times the
    statement itself there (the placeholder rewrite by regular expression, the wrappers'
    layers), and a loan is some ten statements. On PostgreSQL, Django's own cursor: the
    server's round trip dwarfs the wrapper.
    """
    # The wrapper itself, looked up once: each attribute read through django.db.connection
    # goes through a thread-local proxy.
    database = connections[DEFAULT_DB_ALIAS]
    if database.vendor != "sqlite":
        return database.cursor()  # closed when the block ends
    raw = database.connection
    if raw is None:
        database.ensure_connection()
        raw = database.connection
    kept: _DriverCursor | None = getattr(database, _KEPT_CURSOR, None)
    if kept is not None and kept.raw is raw and not kept.busy:
        return kept
    fresh = _DriverCursor(raw, database)
    if kept is None or kept.raw is not raw:
        setattr(database, _KEPT_CURSOR, fresh)
    return fresh


def placeholders(count: int) -> str:
    """The parenthesised list of `count` placeholders of an IN: "(%s, %s, %s)"."""
    return "(" + ", ".join(["%s"] * count) + ")"


def select_in(model: type[models.Model], names: Sequence[str], key: str = "id") -> str:
    """ "SELECT <the columns of `names`> FROM <model's table> WHERE <key> IN ", to be followed
    by `placeholders(n)` (built once per model, columns and database alias)."""
    return _select_in(model, tuple(names), key, DEFAULT_DB_ALIAS)


@functools.cache
def _select_in(model: type[models.Model], names: tuple[str, ...], key: str, alias: str) -> str:
    columns = ", ".join(column(model, name) for name in names)
    return f"SELECT {columns} FROM {table(model)} WHERE {column(model, key)} IN "


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
    pk_position: int
    # All the model's concrete fields, a plain model (its own __init__ and from_db, no
    # pre_init/post_init receivers): instances can be made without __init__.
    direct: bool

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
        if values[self.pk_position] is None:
            return None
        if not self.direct or _init_signals(self.model):
            return self.model.from_db(DEFAULT_DB_ALIAS, list(self.attnames), values)
        # What from_db ends with for a plain model, without Model.__init__'s argument checks
        # and field-by-field setattr, a large share of reading a copy.
        instance = self.model.__new__(self.model)
        instance.__dict__.update(zip(self.attnames, values, strict=True))
        state = ModelState()
        state.adding = False
        state.db = DEFAULT_DB_ALIAS
        instance._state = state
        return instance


def _init_signals(model: type[models.Model]) -> bool:
    # No receiver at all (libnet connects none): no need to ask for this model's.
    if not (signals.pre_init.receivers or signals.post_init.receivers):
        return False
    return signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model)


def instance(model: type[M], **values: Any) -> M:
    """A new, unsaved `model` with every concrete field given by attname, made without
    Model.__init__ (the search index builds a million documents in a rebuild; __init__ was a
    tenth of it). For plain models only, like Shape.build; fields left out are an error."""
    attnames = _attnames(model)
    if values.keys() != attnames:
        raise TypeError(f"{model.__name__} needs exactly {sorted(attnames)}")
    return _made(model, values)


def _made(model: type[M], values: dict[str, Any]) -> M:
    """An unsaved `model` holding `values` (every concrete field by attname)."""
    if _init_signals(model) or model.__init__ is not models.Model.__init__:
        return model(**values)
    made = model.__new__(model)
    made.__dict__.update(values)
    made._state = ModelState()
    return made


def new(model: type[M], **values: Any) -> M:
    """A new, unsaved `model` as `model(**values)` makes it (attnames only; the fields left
    out take their defaults), made without Model.__init__: a bulk service (an import batch)
    builds hundreds at a time. For plain models only, like `instance`."""
    fixed, computed = _defaults(model)
    merged = fixed.copy()
    for each in computed:
        if each.attname not in values:
            merged[each.attname] = each.get_default()
    merged.update(values)
    if len(merged) != len(fixed) + len(computed):
        raise TypeError(f"{model.__name__} has no field {sorted(merged.keys() - _attnames(model))}")
    return _made(model, merged)


@functools.cache
def _defaults(
    model: type[models.Model],
) -> tuple[dict[str, Any], tuple[models.Field[Any, Any], ...]]:
    """The model's defaults by attname, and the fields whose default is worked out each time
    (a callable). A field without a default has a fixed one (None, or "" for text): its
    `default` is the class NOT_PROVIDED, callable like any class, but not called."""
    fixed: dict[str, Any] = {}
    computed = []
    for each in model._meta.concrete_fields:
        if (each.has_default() and callable(each.default)) or each.db_default is not NOT_PROVIDED:
            computed.append(each)
        else:
            fixed[each.attname] = each.get_default()
    return fixed, tuple(computed)


@functools.cache
def _attnames(model: type[models.Model]) -> frozenset[str]:
    return frozenset(each.attname for each in model._meta.concrete_fields)


def cache_related(instance: models.Model, **related: Any) -> None:
    """Cache the related objects of `instance` (foreign key name → object or None) as
    select_related leaves them: reading `instance.<name>` runs no query."""
    cache = instance._state.fields_cache
    for name, value in related.items():
        cache[name] = value


def shape(model: type[models.Model], fields: Sequence[str] | None = None) -> Shape:
    """The shape of `model`'s rows: all its concrete fields, or the named ones in that order."""
    return _shape(model, tuple(fields) if fields is not None else None, DEFAULT_DB_ALIAS)


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
    pk = meta.pk
    assert pk is not None
    attnames = tuple(each.attname for each in fields)
    return Shape(
        model=model,
        select=", ".join(f"{table(model)}.{quote(each.column)}" for each in fields),
        attnames=attnames,
        converters=tuple(converters),
        pk_position=attnames.index(pk.attname),
        direct=(
            attnames == tuple(each.attname for each in meta.concrete_fields)
            and model.__init__ is models.Model.__init__
            and model.from_db.__func__ is models.Model.from_db.__func__  # type: ignore[attr-defined]
        ),
    )


# Fields whose values the drivers (sqlite3, psycopg) take as they are: preparing them through
# get_db_prep_save was a good share of a loan's time.
_PLAIN_TYPES = (models.IntegerField, models.BooleanField, models.FloatField, models.ForeignKey)


# The last date or time prepared, per kind of field: the statements of one loan all carry
# the same timestamp object (loaned at, updated at), converted once. Dates and times are
# immutable, and the entry keeps the object alive, so the same object converts the same.
_last_prepared: dict[type[models.Field[Any, Any]], tuple[Any, Any]] = {}


def _prepare(each: models.Field[Any, Any], value: Any) -> Any:
    if value is None:
        return None
    if isinstance(each, _PLAIN_TYPES) and type(value) in (int, bool, float):
        return value
    if isinstance(each, models.CharField | models.TextField) and isinstance(value, str):
        return value if type(value) is str else str(value)  # a TextChoices member: its value
    if isinstance(value, dt.date):  # and datetime
        kind = type(each)
        last = _last_prepared.get(kind)
        if last is not None and last[0] is value:
            return last[1]
        prepared_value = each.get_db_prep_save(value, connection)
        _last_prepared[kind] = (value, prepared_value)
        return prepared_value
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
    sql, fields, returning = _insert_sql(model, DEFAULT_DB_ALIAS)
    values = [_prepare(each, each.pre_save(obj, True)) for each in fields]
    with cursor() as cursor_:
        cursor_.execute(sql, values)
        if returning:
            new_id = cursor_.fetchone()[0]
        else:
            new_id = connection.ops.last_insert_id(cursor_, meta.db_table, pk.column)
    setattr(obj, pk.attname, new_id)
    obj._state.adding = False
    obj._state.db = DEFAULT_DB_ALIAS


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
    sql, fields = _update_sql(model, tuple(changes), DEFAULT_DB_ALIAS)
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
        alias = DEFAULT_DB_ALIAS
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
