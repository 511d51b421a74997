"""The cycle collector kept out of a long bulk job's way, and given back as it was."""

from __future__ import annotations

import gc
import threading

from libnet.core import collector


def test_a_bulk_job_freezes_what_exists_and_stops_automatic_collections():
    assert gc.isenabled()
    with collector.few_collections():
        assert gc.get_freeze_count() > 0
        assert not gc.isenabled()
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_the_collector_is_given_back_only_when_the_last_job_ends():
    """Nested blocks (or two imports in two threads): the first out leaves it quiet."""
    entered, leave = threading.Event(), threading.Event()

    def other_job() -> None:
        with collector.few_collections():
            entered.set()
            leave.wait(5)

    thread = threading.Thread(target=other_job)
    with collector.few_collections():
        thread.start()
        entered.wait(5)
    assert not gc.isenabled()  # the other job still runs
    leave.set()
    thread.join(5)
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_cycles_made_inside_a_bulk_job_are_freed_between_its_batches():
    """Memory stays flat: what a batch makes and drops is freed by `collect`."""

    class Node:
        pass

    with collector.few_collections():
        node = Node()
        node.itself = node  # type: ignore[attr-defined]  # a cycle on purpose
        del node
        assert any(type(obj) is Node for obj in gc.get_objects())
        collector.collect()
        assert not any(type(obj) is Node for obj in gc.get_objects())
