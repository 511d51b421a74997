"""A stand-in for `libnet.<app>.stats_sources` (rotation, mobile): rows a test sets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

ROWS: list[tuple[int, str, dt.date, int]] = []


def daily_rows() -> Iterator[tuple[int, str, dt.date, int]]:
    yield from ROWS
