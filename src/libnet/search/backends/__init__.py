"""The search engines, one per database: FTS5 on SQLite, full-text search on PostgreSQL."""

from __future__ import annotations

from django.db import connection

from libnet.search.backends.base import SORTS, Backend, Plan
from libnet.search.backends.postgres import PostgresBackend
from libnet.search.backends.sqlite import SqliteBackend

__all__ = ["SORTS", "Backend", "Plan", "get_backend"]

_BACKENDS: dict[str, Backend] = {
    "sqlite": SqliteBackend(),
    "postgresql": PostgresBackend(),
}


def get_backend() -> Backend:
    """Return the engine of the database in use; ValueError for a database without one."""
    backend = _BACKENDS.get(connection.vendor)
    if backend is None:
        raise ValueError(f"libnet search has no engine for the {connection.vendor} database")
    return backend
