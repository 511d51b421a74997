"""Calendar arithmetic on plain dates (no clock, no settings): what policies count in months."""

from __future__ import annotations

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """Return `day` moved by `months` (back when negative), clamped to the end of a shorter
    month: 31/1 + 1 → 28/2 (29/2 in a leap year), 31/3 − 1 → 28/2."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
