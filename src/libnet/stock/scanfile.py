"""A handheld scanner's file: one barcode a line, with or without a timestamp column.

Scanners write "BARCODE", "BARCODE<TAB>2026-03-02 10:15:04", "02/03/2026 10:15;BARCODE"…:
the separator is a tab, a comma or a semicolon, and the timestamp may come first or last.
A line that is neither is reported by number and read on; blank lines are skipped.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from libnet.catalog.services import BARCODE
from libnet.core import clock, text

_SEPARATOR = re.compile(r"[\t,;]")
# Day first, as Vietnam writes dates; ISO as scanners' software does.
_FORMATS = (
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d-%m-%Y %H:%M:%S",
    "%Y%m%d%H%M%S",
)
# The most lines reported back by number: past that, a count.
MAX_REPORTED = 200


def moment(value: str) -> dt.datetime | None:
    """The timestamp a scanner wrote (Vietnam time when it says no zone), or None."""
    value = value.strip()
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        parsed = None
        for layout in _FORMATS:
            try:
                parsed = dt.datetime.strptime(value, layout)  # noqa: DTZ007  # zone set below
                break
            except ValueError:
                continue
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=clock.VIETNAM)
    return parsed


@dataclass(frozen=True)
class BadLine:
    number: int
    content: str
    reason: str  # not_a_barcode, bad_timestamp, too_many_columns


@dataclass
class ScannerFile:
    scans: list[tuple[str, dt.datetime | None]] = field(default_factory=list)
    bad: list[BadLine] = field(default_factory=list)
    bad_count: int = 0


def _bad(result: ScannerFile, number: int, content: str, reason: str) -> None:
    result.bad_count += 1
    if len(result.bad) < MAX_REPORTED:
        result.bad.append(BadLine(number, content[:80], reason))


def read(lines: Iterable[str]) -> ScannerFile:
    """The scans of a scanner's file (barcodes in their normal form) and its bad lines."""
    result = ScannerFile()
    for number, line in enumerate(lines, start=1):
        content = line.strip().lstrip("\ufeff")
        if not content:
            continue
        columns = [column.strip() for column in _SEPARATOR.split(content)]
        columns = [column for column in columns if column]
        if len(columns) > 2:
            _bad(result, number, content, "too_many_columns")
            continue
        at: dt.datetime | None = None
        code = columns[0]
        if len(columns) == 2:
            first, second = moment(columns[0]), moment(columns[1])
            if second is not None and first is None:
                code, at = columns[0], second
            elif first is not None and second is None:
                code, at = columns[1], first
            else:
                _bad(result, number, content, "bad_timestamp")
                continue
        code = text.identifier(code)
        if not BARCODE.match(code):
            _bad(result, number, content, "not_a_barcode")
            continue
        result.scans.append((code, at))
    return result
