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
# What scanners write, year first (ISO, their software) or day first (as Vietnam writes
# dates); read with one expression, not strptime, as a file has 100,000 of them. A barcode
# never holds ":" (catalog.services.BARCODE), so a column with one is the timestamp.
_MOMENT = re.compile(
    r"(?:(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
    r"|(?P<day2>\d{1,2})[/-](?P<month2>\d{1,2})[/-](?P<year2>\d{4}))"
    r"[ T](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
)
# The most lines reported back by number: past that, a count.
MAX_REPORTED = 200


def moment(value: str) -> dt.datetime | None:
    """The timestamp a scanner wrote (Vietnam time when it says no zone), or None."""
    value = value.strip()
    if ":" not in value:
        return None
    match = _MOMENT.fullmatch(value)
    try:
        if match is None:
            parsed = dt.datetime.fromisoformat(value)  # with a zone, fractions of a second
        else:
            parts = match.groupdict()
            parsed = dt.datetime(
                int(parts["year"] or parts["year2"]),
                int(parts["month"] or parts["month2"]),
                int(parts["day"] or parts["day2"]),
                int(parts["hour"]),
                int(parts["minute"]),
                int(parts["second"] or 0),
                tzinfo=clock.VIETNAM,
            )
    except ValueError:
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
