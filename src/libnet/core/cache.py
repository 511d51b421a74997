"""Tiny tables kept in process memory: read once, read again when they change.

Some reads are the same on every request and their tables change a few times a year: the
circulation rules (a few dozen rows), the library tree's parent map (~1,000 pairs). A
`TableCache` keeps the value computed from them in this process:

- a row of one of its `models` saved or deleted in this process (post_save / post_delete)
  drops the value at once, and again when that transaction commits (another thread may have
  read the old rows in between);
- a change made by another process (another server worker, a management command, the admin
  on another machine) reaches this one within `ttl` seconds (60 by default): the value is
  read again when it is older than that;
- writes that send no signals (QuerySet.update, bulk_create, raw SQL, data migrations) are
  seen after `ttl` too, or at once after `clear()`;
- a change rolled back in this process may linger here until `ttl` as well (Django has no
  hook for a rollback).

The value is rebuilt from the database inside the caller's transaction, so it never holds
rows another transaction has not committed. Tests reset every cache (`clear_all`) between
tests.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from django.db import models, transaction
from django.db.models.signals import post_delete, post_save

T = TypeVar("T")

_caches: list[TableCache[Any]] = []


class TableCache(Generic[T]):
    """The value `load()` returns, kept until a row of `models` changes or `ttl` passes."""

    def __init__(
        self, load: Callable[[], T], *, models: Sequence[type[models.Model]], ttl: float = 60.0
    ) -> None:
        self._load = load
        self._ttl = ttl
        self._lock = threading.Lock()
        self._version = 0
        # (value, version it was read at, monotonic time it was read), or None
        self._entry: tuple[T, int, float] | None = None
        for model in models:
            post_save.connect(self._changed, sender=model, weak=False)
            post_delete.connect(self._changed, sender=model, weak=False)
        _caches.append(self)

    def get(self) -> T:
        entry = self._entry
        now = time.monotonic()
        if entry is not None and entry[1] == self._version and now - entry[2] < self._ttl:
            return entry[0]
        version = self._version
        value = self._load()
        with self._lock:
            # A change while we were reading makes our value old already: do not keep it.
            if version == self._version:
                self._entry = (value, version, now)
        return value

    def clear(self) -> None:
        with self._lock:
            self._version += 1
            self._entry = None

    def _changed(self, *, using: str | None = None, **_kwargs: Any) -> None:
        self.clear()
        transaction.on_commit(self.clear, using=using)


_other_caches: list[Callable[[], None]] = []


def also_clear(forget: Callable[[], None]) -> Callable[[], None]:
    """Have `clear_all` call `forget` too: for a module's own cache of another shape (the
    search's word counts, its subject labels). Usable as a decorator."""
    _other_caches.append(forget)
    return forget


def clear_all() -> None:
    """Drop every cached value (tests do between tests)."""
    for cache in _caches:
        cache.clear()
    for forget in _other_caches:
        forget()
