"""The cycle collector kept out of a long bulk job's way, and given back as it was."""

from __future__ import annotations

import gc
import threading

from libnet.core import collector


def test_a_bulk_job_freezes_what_exists_and_collects_young_objects_less_often():
    before = gc.get_threshold()
    with collector.few_collections():
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold()[0] == collector.YOUNG_THRESHOLD
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_the_collector_is_given_back_only_when_the_last_job_ends():
    """Nested blocks (or two imports in two threads): the first out leaves it quiet."""
    before = gc.get_threshold()
    entered, leave = threading.Event(), threading.Event()

    def other_job() -> None:
        with collector.few_collections():
            entered.set()
            leave.wait(5)

    thread = threading.Thread(target=other_job)
    with collector.few_collections():
        thread.start()
        entered.wait(5)
    assert gc.get_threshold()[0] == collector.YOUNG_THRESHOLD  # the other job still runs
    leave.set()
    thread.join(5)
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_cycles_made_inside_a_bulk_job_are_still_collected():
    """Memory stays flat: what the job makes and drops is freed as usual."""

    class Node:
        pass

    with collector.few_collections():
        node = Node()
        node.itself = node  # type: ignore[attr-defined]  # a cycle on purpose
        alive = [id(node)]
        del node
        gc.collect()
        assert not any(id(obj) == alive[0] for obj in gc.get_objects() if type(obj) is Node)
