"""Python's cycle collector kept out of the way of a long bulk job (a MARC import).

The collector runs a full collection each time the objects that survived younger collections
grow by a quarter of the old ones, and a full collection walks every object of the process:
Django's models, URL patterns, translations and templates, a hundred thousand of them, none
of which the job will free. An import keeps each batch's records, rows and instances alive
until the batch is written, so they survive the young collections, and a full collection
came every few hundred records: a good share of the import's time went into walking the
same long-lived objects again and again.

`few_collections()` moves the objects that exist when it starts out of the collector's sight
(`gc.freeze`: they are still freed when nothing refers to them, only not walked for cycles)
and lets the young generation grow larger before it is collected. Whatever the job makes
is collected as usual, so memory stays flat; when the block ends, the frozen objects are
handed back and the thresholds restored. Blocks may nest and may run in several threads
at once: the first to enter freezes, the last to leave unfreezes.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

# Objects allocated (less those freed) before a young collection; Python's default is 700.
# A batch of records allocates hundreds of thousands, most freed at once by reference counting.
YOUNG_THRESHOLD = 10_000
MIDDLE_THRESHOLD = 20
OLD_THRESHOLD = 100

_lock = threading.Lock()
_depth = 0
_saved_thresholds: tuple[int, int, int] | None = None


@contextlib.contextmanager
def few_collections() -> Iterator[None]:
    """Run the block with the objects already alive frozen and fewer young collections."""
    global _depth, _saved_thresholds
    with _lock:
        if _depth == 0:
            _saved_thresholds = gc.get_threshold()
            gc.freeze()
            gc.set_threshold(YOUNG_THRESHOLD, MIDDLE_THRESHOLD, OLD_THRESHOLD)
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                assert _saved_thresholds is not None
                gc.set_threshold(*_saved_thresholds)
                _saved_thresholds = None
                gc.unfreeze()
