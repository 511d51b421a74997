"""Reporting periods: a month, a quarter, a year, or the evaluation year of TT 05/2020.

Codes (stable, used in URLs, the API and the CLI):

| Code        | Period                                                            |
|-------------|-------------------------------------------------------------------|
| `2026-10`   | October 2026                                                      |
| `2026-Q3`   | 1/7/2026 – 30/9/2026                                              |
| `2026`      | the calendar year 2026 (the plan year)                            |
| `2026-EY`   | the evaluation year of TT 05/2020: 1/12/2025 – 30/11/2026          |
| `2026-SY`   | the school year 2025–2026: 1/9/2025 – 31/8/2026 (school libraries) |

Pure: no queries, no clock.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext as _


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    EVALUATION_YEAR = "evaluation_year"
    SCHOOL_YEAR = "school_year"


_PATTERNS: list[tuple[re.Pattern[str], PeriodKind]] = [
    (re.compile(r"^(\d{4})-(\d{2})$"), PeriodKind.MONTH),
    (re.compile(r"^(\d{4})-Q([1-4])$"), PeriodKind.QUARTER),
    (re.compile(r"^(\d{4})$"), PeriodKind.YEAR),
    (re.compile(r"^(\d{4})-EY$"), PeriodKind.EVALUATION_YEAR),
    (re.compile(r"^(\d{4})-SY$"), PeriodKind.SCHOOL_YEAR),
]


class InvalidPeriod(ValueError):
    """A period code libnet cannot read."""


@dataclass(frozen=True)
class Period:
    """A reporting period: `start` and `end` are both included."""

    code: str
    kind: PeriodKind
    year: int
    start: dt.date
    end: dt.date

    @property
    def plan_year(self) -> int:
        """The year whose plan the period is measured against (the year the period ends in)."""
        return self.end.year

    @property
    def year_start(self) -> dt.date:
        """The first day counted in "since the start of the year" for this period."""
        if self.kind in (PeriodKind.EVALUATION_YEAR, PeriodKind.SCHOOL_YEAR):
            return self.start
        return dt.date(self.year, 1, 1)

    def months(self) -> list[Period]:
        """Return the months the period covers, in order."""
        result: list[Period] = []
        year, month = self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            result.append(month_period(year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return result

    @property
    def label(self) -> str:
        """The period for people, in the active language: "tháng 10/2026", "quý 3/2026"."""
        if self.kind == PeriodKind.MONTH:
            return _("month %(month)s/%(year)s") % {"month": self.start.month, "year": self.year}
        if self.kind == PeriodKind.QUARTER:
            quarter = (self.start.month + 2) // 3
            return _("quarter %(quarter)s/%(year)s") % {"quarter": quarter, "year": self.year}
        if self.kind == PeriodKind.YEAR:
            return _("year %(year)s") % {"year": self.year}
        if self.kind == PeriodKind.EVALUATION_YEAR:
            return _("evaluation year %(year)s (%(start)s–%(end)s)") % {
                "year": self.year,
                "start": self.start.strftime("%d/%m/%Y"),
                "end": self.end.strftime("%d/%m/%Y"),
            }
        return _("school year %(first)s–%(last)s") % {"first": self.year - 1, "last": self.year}

    def __str__(self) -> str:
        return self.code


def month_period(year: int, month: int) -> Period:
    last = calendar.monthrange(year, month)[1]
    return Period(
        f"{year:04d}-{month:02d}",
        PeriodKind.MONTH,
        year,
        dt.date(year, month, 1),
        dt.date(year, month, last),
    )


def parse(code: str) -> Period:
    """Return the period named by `code`; raises InvalidPeriod for anything else."""
    code = (code or "").strip().upper()
    for pattern, kind in _PATTERNS:
        match = pattern.match(code)
        if match is None:
            continue
        year = int(match.group(1))
        if not 1900 <= year <= 2999:
            break
        if kind == PeriodKind.MONTH:
            month = int(match.group(2))
            if not 1 <= month <= 12:
                break
            return month_period(year, month)
        if kind == PeriodKind.QUARTER:
            quarter = int(match.group(2))
            first = 3 * quarter - 2
            last_day = calendar.monthrange(year, first + 2)[1]
            return Period(
                code, kind, year, dt.date(year, first, 1), dt.date(year, first + 2, last_day)
            )
        if kind == PeriodKind.YEAR:
            return Period(code, kind, year, dt.date(year, 1, 1), dt.date(year, 12, 31))
        if kind == PeriodKind.EVALUATION_YEAR:
            # TT 05/2020: the evaluation year runs from 1 December to 30 November.
            return Period(code, kind, year, dt.date(year - 1, 12, 1), dt.date(year, 11, 30))
        return Period(code, kind, year, dt.date(year - 1, 9, 1), dt.date(year, 8, 31))
    raise InvalidPeriod(code)


def month_of(day: dt.date) -> Period:
    """Return the month containing `day`."""
    return month_period(day.year, day.month)


def year_of(period: Period) -> Period:
    """Return the plan period a period counts towards: its calendar year, or itself for an
    evaluation or school year."""
    if period.kind in (PeriodKind.EVALUATION_YEAR, PeriodKind.SCHOOL_YEAR):
        return period
    return parse(str(period.year))
