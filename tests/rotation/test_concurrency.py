"""Staff adding the same copy to different batches at the same instant: one wins.

Each thread has its own connection and transaction, as separate server processes would. On
PostgreSQL the row lock on the copy makes the others wait and then see the claim; on SQLite
the writers queue at BEGIN IMMEDIATE; the ItemClaim primary key stands behind both.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter

import pytest
from django.db import connection

from libnet.rotation import services
from libnet.rotation.errors import BatchRefused
from libnet.rotation.models import BatchItem, ItemClaim
from tests.circulation.test_concurrency import database_shared_by_threads
from tests.factories import NOW, LibraryFactory
from tests.rotation.conftest import stock

STAFF = 4


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_staff_adding_one_copy_to_batches_at_once_make_one_claim(province, lan, tmp_path):
    provincial = province["provincial"]
    copy = stock(provincial, titles=1, copies=3, prefix="CC")[0]
    batches = [
        services.create_batch(
            from_library=provincial,
            to_library=LibraryFactory(parent=provincial),
            planned_start=dt.date(2026, 3, 2),
            planned_end=dt.date(2026, 6, 1),
            by=lan.user,
            at=NOW,
        )
        for _ in range(STAFF)
    ]
    barrier = threading.Barrier(STAFF, timeout=10)
    outcomes: list[str] = []
    lock = threading.Lock()

    def add(batch) -> None:
        try:
            barrier.wait()
            try:
                services.add_item(batch=batch, item=copy, by=lan.user, at=NOW)
                outcome = "added"
            except BatchRefused as refusal:
                outcome = refusal.code
            except Exception as error:  # any other outcome fails the test below
                outcome = f"{type(error).__name__}: {error}"
            with lock:
                outcomes.append(outcome)
        finally:
            connection.close()

    with database_shared_by_threads(tmp_path):
        threads = [threading.Thread(target=add, args=(batch,)) for batch in batches]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        counts: list[tuple[int, int]] = []

        def read() -> None:
            try:
                counts.append(
                    (
                        ItemClaim.objects.filter(item=copy).count(),
                        BatchItem.objects.filter(item=copy).count(),
                    )
                )
            finally:
                connection.close()

        reader = threading.Thread(target=read)
        reader.start()
        reader.join()

    assert Counter(outcomes) == {"added": 1, "already_claimed": STAFF - 1}
    assert counts == [(1, 1)]
