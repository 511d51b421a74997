"""Python's cycle collector kept out of the way of a long bulk job (a MARC import).

The collector runs a full collection each time the objects that survived younger collections
grow by a quarter of the old ones, and a full collection walks every object of the process:
Django's models, URL patterns, translations and templates, a hundred thousand of them, none
of which the job will free. An import keeps each batch's records, rows and instances alive
until the batch is written, so they survive the young collections, and a full collection
came every few hundred records: a good share of the import's time went into walking the
same long-lived objects again and again, and the young collections inside a batch walked
the batch's live objects over and over as well.

`few_collections()` moves the objects that exist when it starts out of the collector's sight
(`gc.freeze`: they are still freed when nothing refers to them, only not walked for cycles)
and stops the automatic collections; the job calls `collect()` between its batches, when the
batch's objects are gone, so whatever cycles a batch made are freed there and memory stays
flat. When the block ends, the frozen objects are handed back and the collector is as it was.
Blocks may nest and may run in several threads at once: the first to enter freezes, the last
to leave gives the collector back.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

_lock = threading.Lock()
_depth = 0
_was_enabled = True


@contextlib.contextmanager
def few_collections() -> Iterator[None]:
    """Run the block with the objects already alive frozen and no automatic collection;
    call `collect()` between the job's batches."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.freeze()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                if _was_enabled:
                    gc.enable()
                gc.unfreeze()


def collect() -> None:
    """Free the cycles made since the last call: the young generations only, which inside
    `few_collections` hold just what the job made since."""
    gc.collect(1)
