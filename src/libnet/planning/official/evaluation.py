"""TT 05/2020/TT-BVHTTDL performance evaluation: its criteria, deadline and life cycle.

The evaluation is yearly over 1/12–30/11 (`2026-EY`), or the school year for a school
library (`2026-SY`). The self-assessment (Mẫu 01) goes to the founding body by 30/12, a school
library's within 60 days after the school year ends; the body's result is Mẫu 02 (TT 05/2020,
DOMAIN §3.4 [OK]). The criteria and the ratings are not confirmed (the national standard's
subset is the founder's choice): they are data, planning/data/performance_evaluation.json,
and libnet's own.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from importlib import resources
from typing import Any

from libnet.network.models import Library
from libnet.planning.models import EvaluationState
from libnet.planning.official.figures import FormFigures
from libnet.planning.periods import Period, PeriodKind

# TT 05/2020: the self-assessment reaches the founding body by 30/12 ...
DEADLINE_MONTH_DAY = (12, 30)
# ... or, for a school library evaluated over the school year, within 60 days after it ends.
SCHOOL_YEAR_DAYS = 60
EVALUATION_KINDS = frozenset({PeriodKind.EVALUATION_YEAR, PeriodKind.SCHOOL_YEAR})

TRANSITIONS: dict[tuple[str, str], str] = {
    (EvaluationState.DRAFT, "submit"): EvaluationState.SUBMITTED,
    (EvaluationState.RETURNED, "submit"): EvaluationState.SUBMITTED,
    (EvaluationState.SUBMITTED, "evaluate"): EvaluationState.EVALUATED,
    (EvaluationState.SUBMITTED, "return"): EvaluationState.RETURNED,
}
EDITABLE = frozenset({EvaluationState.DRAFT, EvaluationState.RETURNED})
SELF_RATINGS = ("met", "not_met")
TEXT_LIMIT = 4000


def next_state(state: str, action: str) -> str | None:
    return TRANSITIONS.get((state, action))


def due_on(period: Period) -> dt.date:
    """The day the self-assessment of `period` is due at the founding body."""
    if period.kind == PeriodKind.SCHOOL_YEAR:
        return period.end + dt.timedelta(days=SCHOOL_YEAR_DAYS)
    return dt.date(period.end.year, *DEADLINE_MONTH_DAY)


@cache
def template() -> dict[str, Any]:
    text = (
        resources.files("libnet.planning")
        .joinpath("data/performance_evaluation.json")
        .read_text("utf-8")
    )
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def ratings() -> dict[str, str]:
    return dict(template()["ratings"])


def methods() -> dict[str, str]:
    return dict(template()["methods"])


@dataclass(frozen=True)
class Criterion:
    code: str
    label: str
    unit: str
    counts: str
    value: Decimal | int | None


def criterion_value(
    spec: dict[str, Any], counters: dict[str, int], copies_held: int
) -> Decimal | int | None:
    """A criterion's figure: the sum of its indicators, divided by its denominator when it
    has one (two decimals, half up; none when the denominator is zero)."""
    total = sum(counters.get(code, 0) for code in spec["numerator"])
    if spec.get("denominator") != "copies_held":
        return total
    if not copies_held:
        return None
    return (Decimal(total) / Decimal(copies_held)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def criteria_of(figures: FormFigures) -> list[Criterion]:
    """The criteria of the template with the figures of `figures` (the library's own)."""
    counters = figures.counters[0]
    copies = figures.copies_held()
    return [
        Criterion(
            code=spec["code"],
            label=spec["label"],
            unit=spec["unit"],
            counts=spec["counts"],
            value=criterion_value(spec, counters, copies),
        )
        for spec in template()["criteria"]
    ]


def as_sent(value: Decimal | int | None) -> str | int | None:
    """A criterion's figure as kept in the JSON of what was sent (decimals as text)."""
    return str(value) if isinstance(value, Decimal) else value


def from_sent(value: str | int | None) -> Decimal | int | None:
    return Decimal(value) if isinstance(value, str) else value


def figures_for(library: Library, period: Period, own_ids: set[int]) -> FormFigures:
    return FormFigures(library=library, period=period, ids=own_ids)
