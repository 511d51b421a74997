"""Eight desks lend the same copy at the same instant: exactly one loan is made.

Each thread has its own database connection and transaction, as eight server processes
would. On PostgreSQL the row lock on the copy makes the others wait and then see it on loan;
on SQLite the writers queue at BEGIN IMMEDIATE; the partial unique index "one open loan per
item" stands behind both.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

from libnet.circulation import services
from libnet.circulation.errors import CheckoutRefused
from libnet.circulation.models import Loan
from tests.factories import ItemFactory, PatronFactory

DESKS = 8


@contextlib.contextmanager
def database_shared_by_threads(tmp_path: Path) -> Iterator[None]:
    """Let other threads see the test database.

    PostgreSQL's test database is a real one. SQLite's is in memory, private to this
    connection, so it is copied to a file (WAL, busy timeout and BEGIN IMMEDIATE come from
    settings) that the threads open instead, for the duration of the block.
    """
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    path = tmp_path / "concurrency.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    # The copy of an in-memory database is in rollback-journal mode. Switch it to WAL now,
    # as a real database already is: eight threads switching it at their first connection
    # race for the exclusive lock and one may get "database is locked".
    target.execute("PRAGMA journal_mode=WAL")
    target.close()
    settings = connection.settings_dict  # the dict every thread's new connection is built from
    memory_name = settings["NAME"]
    settings["NAME"] = str(path)
    try:
        yield
    finally:
        settings["NAME"] = memory_name


def count_open_loans(item_id: int) -> int:
    """Count in the database the threads wrote to (read from a thread of its own)."""
    found: list[int] = []

    def read() -> None:
        try:
            found.append(Loan.objects.filter(item_id=item_id, closed_at__isnull=True).count())
        finally:
            connection.close()

    reader = threading.Thread(target=read)
    reader.start()
    reader.join()
    return found[0]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_eight_desks_lending_one_copy_at_once_make_exactly_one_loan(province, minh, tmp_path):
    desk = province["commune"]
    copy = ItemFactory(home_library=desk)
    readers = [PatronFactory(home_library=desk) for _ in range(DESKS)]
    barrier = threading.Barrier(DESKS, timeout=10)
    outcomes: list[str] = []
    lock = threading.Lock()

    def lend(reader) -> None:
        try:
            barrier.wait()
            try:
                services.checkout_item(item=copy, patron=reader, desk=desk, by=minh.user)
                outcome = "loan"
            except CheckoutRefused as refusal:
                outcome = refusal.code
            except Exception as error:  # any other outcome fails the test below
                outcome = f"{type(error).__name__}: {error}"
            with lock:
                outcomes.append(outcome)
        finally:
            connection.close()

    with database_shared_by_threads(tmp_path):
        threads = [threading.Thread(target=lend, args=(reader,)) for reader in readers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        open_loans = count_open_loans(copy.pk)

    assert Counter(outcomes) == {"loan": 1, "item_on_loan": DESKS - 1}
    assert open_loans == 1
