"""Where the catalogue tells the apps above it what it wrote: records and copies.

catalog sits below search (DESIGN.md §2) and does not import it. The search index registers
its handlers here when Django starts (SearchConfig.ready); catalog.services call them inside
their own transaction, so an index follows every write the moment it commits and a rolled-back
write leaves it as it was. Without a handler nothing is told.

- `records_changed(bib_ids)`: records created, replaced, merged or deleted, copies added, a
  copy's acquisition date changed: whatever the handler keeps of these records is out of date.
- `copies_moved(moves)`: copies whose status, owner or place changed, each with where it was
  (`CopyPlace`) and the copy as it is now.

A bulk writer that calls several services for one batch (the MARC import writes the records,
then their copies) opens `batch()` around them: the records are told once, when the block ends.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextvars import ContextVar
from typing import NamedTuple

from libnet.catalog.models import Item


class CopyPlace(NamedTuple):
    """Where a copy is and in what status: all that the index keeps of a copy's movements."""

    home_library_id: int
    current_library_id: int
    status: str

    @classmethod
    def of(cls, item: Item) -> CopyPlace:
        return cls(item.home_library_id, item.current_library_id, item.status)


class CopyMove(NamedTuple):
    """A copy as it is now, and where it was before the write."""

    item: Item
    was: CopyPlace


RecordsHandler = Callable[[Sequence[int]], None]
CopiesHandler = Callable[[Sequence[CopyMove]], None]

_records_handlers: list[RecordsHandler] = []
_copies_handlers: list[CopiesHandler] = []


def on_records_changed(handler: RecordsHandler) -> None:
    """Call `handler(bib_ids)` whenever catalog.services write records (once per handler)."""
    if handler not in _records_handlers:
        _records_handlers.append(handler)


def on_copies_moved(handler: CopiesHandler) -> None:
    """Call `handler(moves)` whenever catalog.services change copies' status or place."""
    if handler not in _copies_handlers:
        _copies_handlers.append(handler)


_pending: ContextVar[set[int] | None] = ContextVar("catalog_changes_pending", default=None)


def records_changed(bib_ids: Iterable[int]) -> None:
    """Tell the handlers that the records `bib_ids` changed (inside `batch()`: when it ends)."""
    pending = _pending.get()
    if pending is not None:
        pending.update(bib_ids)
        return
    ids = sorted(set(bib_ids))
    if ids:
        for handler in _records_handlers:
            handler(ids)


def copies_moved(moves: Sequence[CopyMove]) -> None:
    """Tell the handlers that the copies of `moves` changed status, owner or place."""
    if moves:
        for handler in _copies_handlers:
            handler(moves)


@contextlib.contextmanager
def batch() -> Iterator[None]:
    """Tell the records changed inside the block once, when it ends; open it inside the
    transaction. A block inside another joins the outer one; a block that ends with an
    exception tells nothing (its transaction is rolled back)."""
    if _pending.get() is not None:
        yield
        return
    pending: set[int] = set()
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    records_changed(pending)
