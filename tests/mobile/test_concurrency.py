"""Eight copies of the same tablet request arrive at once: the scan is applied exactly once.
And eight trips load the same copy at once: exactly one claims it.
"""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from collections.abc import Callable

import pytest
from django.db import connection

from libnet.circulation.models import Loan
from libnet.mobile import services
from libnet.mobile.errors import LoadRefused
from libnet.mobile.models import MobileOperation
from libnet.rotation.models import ItemClaim
from tests.circulation.test_concurrency import database_shared_by_threads
from tests.mobile.conftest import TRIP_DAY
from tests.mobile.test_lending_at_stops import SYNCED_AT, op

THREADS = 8
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _at_once(work: Callable[[int], str], tmp_path) -> list[str]:
    barrier = threading.Barrier(THREADS, timeout=10)
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(number: int) -> None:
        try:
            barrier.wait()
            try:
                outcome = work(number)
            except Exception as error:  # any other outcome fails the test
                outcome = f"{type(error).__name__}: {error}"
            with lock:
                outcomes.append(outcome)
        finally:
            connection.close()

    with database_shared_by_threads(tmp_path):
        threads = [threading.Thread(target=run, args=(number,)) for number in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        counts: list[tuple[int, int, int]] = []

        def read() -> None:
            try:
                counts.append(
                    (
                        Loan.objects.count(),
                        MobileOperation.objects.count(),
                        ItemClaim.objects.count(),
                    )
                )
            finally:
                connection.close()

        reader = threading.Thread(target=read)
        reader.start()
        reader.join()
    outcomes.append(str(counts[0]))
    return outcomes


def test_one_operation_sent_eight_times_at_once_lends_once(hung, on_road, villager, tmp_path):
    stop = on_road.stops.first()
    operation = op(
        on_road, stop, "checkout", "TVT0001", villager.card_number, client_uuid=uuid.uuid4()
    )

    def send(_number: int) -> str:
        (outcome,) = services.sync_operations(user=hung.user, operations=[operation], at=SYNCED_AT)
        return f"{outcome.result}:{outcome.code}"

    *outcomes, counts = _at_once(send, tmp_path)
    assert Counter(outcomes) == {"ok:lent": THREADS}
    assert counts == "(1, 1, 3)"  # one loan, one operation; the three copies still claimed


def test_eight_trips_loading_one_copy_at_once_make_one_claim(route, vehicle, stock, at, tmp_path):
    trips = [
        services.plan_trip(route=route, vehicle=vehicle, date=TRIP_DAY, by=None, at=at)
        for _ in range(THREADS)
    ]

    def load(number: int) -> str:
        try:
            services.load_copy(trip=trips[number], item=stock[0], by=None, at=at)
        except LoadRefused as refusal:
            return refusal.code
        return "loaded"

    *outcomes, counts = _at_once(load, tmp_path)
    assert Counter(outcomes)["loaded"] == 1
    assert set(outcomes) - {"loaded"} <= {"copy_claimed", "copy_not_available"}
    assert counts == "(0, 0, 1)"
