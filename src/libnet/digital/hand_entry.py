"""A port: tells the app that keeps hand-entered figures (planning, above digital) that a
library's pages digitised are counted from its projects from now on.

From the month the library's first digitisation project starts, `pages_digitised` comes
from the pages it publishes; planning registers a handler in its AppConfig.ready that takes
the library's hand entries for those months out, so nothing is counted twice. A library
with no project keeps entering the figure by hand. Digital never imports planning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from libnet.core.audit import Actor

# (library id, first day of the first counted month, by, at)
Handler = Callable[[int, dt.date, Actor, dt.datetime], None]

_handlers: dict[str, Handler] = {}


def on_counting_starts(name: str, handler: Handler) -> None:
    """Register `handler` under `name` (a second registration replaces the first)."""
    _handlers[name] = handler


def counting_starts(library_id: int, since: dt.date, *, by: Actor, at: dt.datetime) -> None:
    """Tell every handler that `library_id`'s pages digitised are counted from `since`."""
    for name in sorted(_handlers):
        _handlers[name](library_id, since, by, at)
