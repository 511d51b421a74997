"""Pure rules of plans and reports: plain values in, answer out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal

from libnet.planning.periods import Period, PeriodKind

# (state, action) → next state. A returned report is corrected and submitted again; an
# accepted one is final (a correction after acceptance is a new adjustment by the parent's
# decision, outside libnet for now).
REPORT_TRANSITIONS: dict[tuple[str, str], str] = {
    ("draft", "submit"): "submitted",
    ("returned", "submit"): "submitted",
    ("submitted", "accept"): "accepted",
    ("submitted", "return"): "returned",
}
EDITABLE_STATES = frozenset({"draft", "returned"})

# Days after the end of a period by which its report is due at the library above. libnet's
# own choice (the official deadlines of TT 16/2022/TT-BVHTTDL are not confirmed, DOMAIN §3.2);
# settings.LIBNET_REPORT_DUE_DAYS overrides it.
DEFAULT_DUE_DAYS: dict[str, int] = {
    PeriodKind.MONTH: 5,
    PeriodKind.QUARTER: 10,
    PeriodKind.HALF_YEAR: 10,
    PeriodKind.YEAR: 15,
    PeriodKind.EVALUATION_YEAR: 10,
    PeriodKind.SCHOOL_YEAR: 15,
}


def next_report_state(state: str, action: str) -> str | None:
    """Return the state a report moves to, or None when `action` is not allowed in `state`."""
    return REPORT_TRANSITIONS.get((state, action))


def due_on(period: Period, due_days: Mapping[str, int]) -> dt.date:
    """Return the day the report of `period` is due at the library above."""
    return period.end + dt.timedelta(days=due_days.get(period.kind, DEFAULT_DUE_DAYS[period.kind]))


def adjusted(figures: Mapping[str, int], adjustments: Iterable[tuple[str, int]]) -> dict[str, int]:
    """Return `figures` with each (indicator, delta) added."""
    result = dict(figures)
    for code, delta in adjustments:
        result[code] = result.get(code, 0) + delta
    return result


def add_figures(*parts: Mapping[str, int]) -> dict[str, int]:
    """Return the indicator-by-indicator sum of `parts`."""
    result: dict[str, int] = {}
    for part in parts:
        for code, value in part.items():
            result[code] = result.get(code, 0) + int(value)
    return result


def share_of_year_gone(*, start: dt.date, end: dt.date, on: dt.date) -> float:
    """Return the share (0–1) of the plan year from `start` to `end` gone by the end of `on`."""
    if on < start:
        return 0.0
    if on >= end:
        return 1.0
    return ((on - start).days + 1) / ((end - start).days + 1)


def projected(actual_to_date: int, share_gone: float) -> int | None:
    """Return the year's figure if the pace so far holds; None before the year starts."""
    if share_gone <= 0:
        return None
    return round(actual_to_date / share_gone)


def percent(actual: int | None, target: int | None) -> float | None:
    """Return `actual` as a percentage of `target`, rounded half up to one decimal as every
    page, form and the API show it; None without a target or without an actual figure."""
    if not target or actual is None:
        return None
    exact = Decimal(100 * actual) / Decimal(target)
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def progress_class(actual: int, target: int | None, share_gone: float) -> str:
    """Colour class of a library on the tree: ahead of the year's pace, near it, behind it.

    "near" is within 10 points of the share of the year gone.
    """
    if not target:
        return "none"
    done = actual / target
    if done >= share_gone:
        return "ahead"
    if done >= share_gone - 0.10:
        return "near"
    return "behind"
