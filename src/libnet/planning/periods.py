"""Reporting periods: a month, a quarter, a year, or the evaluation year of TT 05/2020.

Codes (stable, used in URLs, the API and the CLI):

| Code        | Period                                                            |
|-------------|-------------------------------------------------------------------|
| `2026-10`   | October 2026                                                      |
| `2026-Q3`   | 1/7/2026 – 30/9/2026                                              |
| `2026-H1`   | the first half of 2026: 1/1/2026 – 30/6/2026 (`2026-H2`: 1/7–31/12) |
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
    HALF_YEAR = "half_year"
    YEAR = "year"
    EVALUATION_YEAR = "evaluation_year"
    SCHOOL_YEAR = "school_year"


_PATTERNS: list[tuple[re.Pattern[str], PeriodKind]] = [
    (re.compile(r"^(\d{4})-(\d{2})$"), PeriodKind.MONTH),
    (re.compile(r"^(\d{4})-Q([1-4])$"), PeriodKind.QUARTER),
    (re.compile(r"^(\d{4})-H([12])$"), PeriodKind.HALF_YEAR),
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
        """The period in words, in the active language: "tháng 10/2026", "quý III/2026"."""
        return label(self)

    def __str__(self) -> str:
        return self.code


QUARTER_NUMERALS = ("I", "II", "III", "IV")


def label(period: Period, *, dates: bool = False) -> str:
    """Return the period in words for people, in the active language: "tháng 11/2026",
    "quý III/2026", "6 tháng đầu năm 2026", "6 tháng cuối năm 2026", "năm 2026", "năm đánh giá 2026", "năm học 2025–2026".

    The one way a period is shown on pages, forms, file titles and sheet names (its code,
    `2026-11`, is for URLs, the API and the CLI). With `dates`, an evaluation year also gives
    its days, which are not those of the calendar year: "năm đánh giá 2026
    (1/12/2025–30/11/2026)".
    """
    if period.kind == PeriodKind.MONTH:
        return _("month %(month)s/%(year)s") % {"month": period.start.month, "year": period.year}
    if period.kind == PeriodKind.QUARTER:
        quarter = QUARTER_NUMERALS[(period.start.month - 1) // 3]
        return _("quarter %(quarter)s/%(year)s") % {"quarter": quarter, "year": period.year}
    if period.kind == PeriodKind.HALF_YEAR:
        if period.start.month == 1:
            return _("first half of %(year)s") % {"year": period.year}
        return _("second half of %(year)s") % {"year": period.year}
    if period.kind == PeriodKind.YEAR:
        return _("year %(year)s") % {"year": period.year}
    if period.kind == PeriodKind.EVALUATION_YEAR:
        text = _("evaluation year %(year)s") % {"year": period.year}
        if dates:
            text += f" ({_day(period.start)}–{_day(period.end)})"
        return text
    return _("school year %(first)s–%(last)s") % {"first": period.year - 1, "last": period.year}


def _day(day: dt.date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


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
        if kind == PeriodKind.HALF_YEAR:
            # The half-years of a calendar year: January–June, July–December (sơ kết 6 tháng).
            if match.group(2) == "1":
                return Period(code, kind, year, dt.date(year, 1, 1), dt.date(year, 6, 30))
            return Period(code, kind, year, dt.date(year, 7, 1), dt.date(year, 12, 31))
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


def periods_to_date(period: Period) -> list[Period]:
    """Return the periods of `period`'s kind from the start of its plan year through it: the
    months January to `period` for a month, the quarters for a quarter, the first half and
    then the second for a half-year, and `period` alone
    for a year, an evaluation year or a school year (each is a whole plan period).

    "Lũy kế từ đầu năm" (since the start of the year) on a report is the sum of these.
    """
    if period.kind == PeriodKind.MONTH:
        return [month_period(period.year, month) for month in range(1, period.start.month + 1)]
    if period.kind == PeriodKind.QUARTER:
        last = (period.start.month + 2) // 3
        return [parse(f"{period.year}-Q{quarter}") for quarter in range(1, last + 1)]
    if period.kind == PeriodKind.HALF_YEAR:
        last = 1 if period.start.month == 1 else 2
        return [parse(f"{period.year}-H{half}") for half in range(1, last + 1)]
    return [period]


def year_of(period: Period) -> Period:
    """Return the plan period a period counts towards: its calendar year, or itself for an
    evaluation or school year."""
    if period.kind in (PeriodKind.EVALUATION_YEAR, PeriodKind.SCHOOL_YEAR):
        return period
    return parse(str(period.year))
