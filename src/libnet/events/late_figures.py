"""A port: tells the app that keeps reports (planning, above events) that an event moved a
library's figures of a day, so that a report already accepted for that day's period gets
the change as an adjustment with its reason instead of being rewritten.

Events never imports planning: planning registers its handler in its AppConfig.ready.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

from libnet.core.audit import Actor

# (library id, the day counted, {indicator: change}, what moved them (for the reason), by, at)
Handler = Callable[[int, dt.date, Mapping[str, int], str, Actor, dt.datetime], None]

_handlers: dict[str, Handler] = {}


def on_figures_changed(name: str, handler: Handler) -> None:
    """Register `handler` under `name` (a second registration replaces the first)."""
    _handlers[name] = handler


def figures_changed(
    library_id: int,
    day: dt.date,
    changes: Mapping[str, int],
    *,
    what: str,
    by: Actor,
    at: dt.datetime,
) -> None:
    """Tell every handler that `library_id`'s figures of `day` moved by `changes`."""
    if not any(changes.values()):
        return
    for name in sorted(_handlers):
        _handlers[name](library_id, day, changes, what, by, at)
