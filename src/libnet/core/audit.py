"""The audit log: every service write records who, when, what, before and after."""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import functools
from collections.abc import Iterable, Iterator, Mapping
from contextvars import ContextVar
from typing import Any, NamedTuple

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models

from libnet.core import bulk, clock
from libnet.core.models import AuditEntry

Actor = AbstractBaseUser | AnonymousUser | None


_PLAIN = (str, int, bool, float, type(None))


def _jsonable(value: Any) -> Any:
    if type(value) in _PLAIN:
        return value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """Return the named fields of `instance` as JSON-ready values (foreign keys as ids)."""
    return {
        name: _jsonable(getattr(instance, attname))
        for name, attname in _attnames(type(instance), tuple(fields))
    }


@functools.cache
def _attnames(model: type[models.Model], fields: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """(name, attname) of each field: a bulk service snapshots thousands of copies."""
    return tuple((name, getattr(model._meta.get_field(name), "attname", name)) for name in fields)


# The columns an entry is written with, in order (core.bulk.insert_values).
_FIELDS = (
    "at",
    "actor_id",
    "action",
    "subject_type",
    "subject_id",
    "library_id",
    "before",
    "after",
    "note",
)

Row = tuple[Any, ...]


def _actor_id(by: Actor) -> Any:
    return by.pk if by is not None and getattr(by, "is_authenticated", False) else None


def record(
    action: str,
    *,
    subject: models.Model,
    by: Actor,
    at: dt.datetime | None = None,
    library_id: int | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    note: str = "",
) -> None:
    """Write one audit entry; call inside the service's transaction.

    Inside `batch()` the entry is written when the block ends. The entry is written as a row,
    without an AuditEntry instance: every loan and return writes two.
    """
    row = (
        at or clock.now(),
        _actor_id(by),
        action,
        subject._meta.label_lower,
        str(subject.pk),
        library_id,
        dict(before) if before is not None else None,
        dict(after) if after is not None else None,
        note,
    )
    pending = _batch.get()
    if pending is not None:
        pending.append(row)
    else:
        bulk.insert_values(AuditEntry, _FIELDS, [row])


class Entry(NamedTuple):
    """One entry of `record_many`: the object written, its library, its state before and after."""

    subject: models.Model
    library_id: int | None = None
    before: Mapping[str, Any] | None = None
    after: Mapping[str, Any] | None = None


def record_many(
    action: str,
    entries: Iterable[Entry],
    *,
    by: Actor,
    at: dt.datetime | None = None,
    note: str = "",
) -> int:
    """Write one audit entry per element of `entries`, all of `action`, by `by`, at `at`, with
    one INSERT (or into the open `batch()`); return how many. Call inside the service's
    transaction.

    For the bulk services (the copies of an import batch, the copies of a rotation batch):
    the same entries `record` would write one by one, without a statement each.
    """
    at = at or clock.now()
    actor_id = _actor_id(by)
    rows: list[Row] = [
        (
            at,
            actor_id,
            action,
            entry.subject._meta.label_lower,
            str(entry.subject.pk),
            entry.library_id,
            dict(entry.before) if entry.before is not None else None,
            dict(entry.after) if entry.after is not None else None,
            note,
        )
        for entry in entries
    ]
    pending = _batch.get()
    if pending is not None:
        pending.extend(rows)
    else:
        bulk.insert_values(AuditEntry, _FIELDS, rows)
    return len(rows)


_batch: ContextVar[list[Row] | None] = ContextVar("audit_batch", default=None)


@contextlib.contextmanager
def batch() -> Iterator[None]:
    """Write the entries recorded inside the block in one INSERT when the block ends.

    For a service that records several entries in one transaction (a loan, and the status of
    its copy): open it inside the transaction, `with transaction.atomic(), audit.batch():`,
    so the entries are written before the commit. A block inside another joins the outer
    one. When the block ends with an exception nothing is written (the transaction is rolled
    back anyway), so do not catch an error inside it and carry on after a rolled-back write.
    """
    if _batch.get() is not None:
        yield
        return
    rows: list[Row] = []
    token = _batch.set(rows)
    try:
        yield
    finally:
        _batch.reset(token)
    if rows:
        bulk.insert_values(AuditEntry, _FIELDS, rows)


def entries_for(subject: models.Model) -> models.QuerySet[AuditEntry]:
    """Return the audit entries of one object, newest first."""
    return AuditEntry.objects.filter(
        subject_type=subject._meta.label_lower, subject_id=str(subject.pk)
    ).select_related("actor")
