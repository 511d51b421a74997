"""Build search documents in other processes while this one writes them (`libnet reindex`).

A rebuild is mostly Python: turning a record's text into folded and exact tokens and its
copies into tags, which in one process alone took most of a rebuild's time budget
(docs/performance.md). Worker processes build the rows of the next chunks while the
rebuilding process compares, writes and indexes the ones already built.

The workers are started fresh ("spawn"), never forked: a forked child would share the
parent's open database connection (SQLite's documentation forbids carrying one across a
fork; a PostgreSQL child closing its copy would end the parent's session). Each sets up
Django and opens its own connection to the database the parent uses (the parent's
connection settings are handed over: under tests that is the test database, not the one
the settings name). Workers only read the catalogue, which the rebuild does not write, and
they read what is committed: so the rebuild uses them only when it opened the outermost
transaction itself (no uncommitted catalogue write of the caller they could miss), and
never on an in-memory SQLite database.

This module imports no model at import time: a worker imports it before Django is set up.
"""

from __future__ import annotations

import collections
import concurrent.futures
import multiprocessing
import os
from collections.abc import Iterator, Sequence
from typing import Any


def _start(settings_module: str, database: dict[str, Any]) -> None:
    """Set up Django in a worker, on the parent's database."""
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    import django

    django.setup()
    from django.db import DEFAULT_DB_ALIAS, connections

    connections[DEFAULT_DB_ALIAS].settings_dict.update(database)


# The words this worker has handed over in its chunks' changes: each goes to the rebuilding
# process once per worker, not once per chunk.
_handed_over: set[str] = set()


def _changes(bib_ids: Sequence[int]) -> Any:
    from libnet.search.index import chunk_changes

    return chunk_changes(bib_ids, known_words=_handed_over, every_word=True)


def changes_in_workers(chunks: Sequence[Sequence[int]], *, workers: int) -> Iterator[Any]:
    """Yield the `index.ChunkChanges` of each chunk of record ids, in order, worked out by
    `workers` processes. A few chunks are read ahead, never all: what waits to be written
    stays small."""
    from django.conf import settings
    from django.db import DEFAULT_DB_ALIAS, connections

    database = dict(connections[DEFAULT_DB_ALIAS].settings_dict)
    pool = concurrent.futures.ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start,
        initargs=(settings.SETTINGS_MODULE, database),
    )
    try:
        pending: collections.deque[concurrent.futures.Future[Any]]
        pending = collections.deque()
        ahead = iter(chunks)
        for chunk in ahead:
            pending.append(pool.submit(_changes, chunk))
            if len(pending) >= 3 * workers:
                break
        while pending:
            changes = pending.popleft().result()
            for chunk in ahead:
                pending.append(pool.submit(_changes, chunk))
                break
            yield changes
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
