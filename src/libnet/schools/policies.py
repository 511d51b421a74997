"""The rules of the TT 16/2022/TT-BGDĐT standard and the NĐ 93/2020 minimums. Pure: plain
values in, an answer out.

Three answers for a criterion: met (True), not met (False), not assessable (None: the
threshold is not confirmed yet, or the school has not entered the figure and its evidence).
A level that depends on a criterion not assessable waits for it (None).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from libnet.network.models import SchoolLevel
from libnet.network.policies import LEVEL_ORDER
from libnet.schools.models import COMPUTED_MEASURES, Measure

Met = bool | None

# NĐ 93/2020 Art. 17: the least a school library holds to be established (SGK, teachers'
# books and reference books), in copies per pupil. The legal floor, distinct from TT 16 levels.
MINIMUM_COPIES_PER_PUPIL: dict[str, Decimal] = {
    SchoolLevel.KINDERGARTEN: Decimal(2),
    SchoolLevel.PRIMARY: Decimal(3),
    SchoolLevel.LOWER_SECONDARY: Decimal(4),
    SchoolLevel.UPPER_SECONDARY: Decimal(5),
}


def ratio(numerator: int, denominator: int) -> Decimal | None:
    """Return numerator / denominator (copies per pupil…); None without a denominator."""
    if denominator <= 0:
        return None
    return Decimal(numerator) / Decimal(denominator)


def criterion_met(
    *,
    measure: str,
    value: Decimal | None,
    threshold: Decimal | None,
    is_confirmed: bool,
    answer: bool | None = None,
    has_evidence: bool = False,
) -> Met:
    """Return whether a criterion is met: a counted or entered figure at least its threshold,
    or the school's yes/no for a statement. None when it cannot be assessed: no threshold (or
    a statement not confirmed), no figure, or an entered one without evidence."""
    if measure == Measure.STATEMENT:
        if not is_confirmed or answer is None or not has_evidence:
            return None
        return answer
    if threshold is None or value is None:
        return None
    if measure not in COMPUTED_MEASURES and not has_evidence:
        return None
    return value >= threshold


def all_met(results: Iterable[Met]) -> Met:
    """All of them: False if one is not met, else None if one waits, else True."""
    found = list(results)
    if any(result is False for result in found):
        return False
    if any(result is None for result in found):
        return None
    return True


@dataclass(frozen=True)
class Reached:
    """Whether Level 1 and Level 2 are met (each True, False or None: waiting)."""

    level_1: Met
    level_2: Met

    @property
    def level(self) -> int | None:
        """2, 1, 0 (Level 1 not reached) or None (a criterion it depends on waits)."""
        if self.level_1 is False:
            return 0
        if self.level_1 is None:
            return None
        if self.level_2 is True:
            return 2
        if self.level_2 is False:
            return 1
        return None


def group_reached(criteria: Iterable[tuple[int, Met]]) -> Reached:
    """Return a group's levels from its criteria ((grade, met) each): Level 1 = every Level 1
    criterion met; Level 2 = Level 1 and every Level 2 criterion met. A group without
    criteria (none configured for the school level) cannot be assessed."""
    found = list(criteria)
    if not found:
        return Reached(None, None)
    level_1 = all_met(met for grade, met in found if grade == 1)
    level_2 = all_met([level_1, *(met for grade, met in found if grade == 2)])
    return Reached(level_1, level_2)


def level_reached(groups: Iterable[Reached]) -> Reached:
    """TT 16/2022 Art. 25: Level 1 = all five groups meet Level 1; Level 2 = all five meet
    Level 2."""
    found = list(groups)
    return Reached(
        all_met(group.level_1 for group in found), all_met(group.level_2 for group in found)
    )


def multi_level_reached(by_school_level: Mapping[str, Reached]) -> Reached:
    """TT 16/2022 Art. 23: a multi-level school reaches Level 1 when its highest school level
    does; Level 2 when each of its school levels does."""
    if not by_school_level:
        return Reached(None, None)
    highest = max(by_school_level, key=LEVEL_ORDER.index)
    level_1 = by_school_level[highest].level_1
    level_2 = all_met([level_1, *(reached.level_2 for reached in by_school_level.values())])
    return Reached(level_1, level_2)


def minimum_copies_per_pupil(school_levels: Iterable[str]) -> Decimal | None:
    """The NĐ 93 Art. 17 minimum for a school: that of its highest level (the strictest)."""
    minimums = [
        MINIMUM_COPIES_PER_PUPIL[level]
        for level in school_levels
        if level in MINIMUM_COPIES_PER_PUPIL
    ]
    return max(minimums) if minimums else None


def below_minimum(copies_per_pupil: Decimal | None, minimum: Decimal | None) -> bool | None:
    """Whether a school holds fewer copies per pupil than NĐ 93 Art. 17 asks; None when its
    enrolment is not entered."""
    if copies_per_pupil is None or minimum is None:
        return None
    return copies_per_pupil < minimum


def due_on(school_year: int, *, month: int, day: int) -> dt.date:
    """The self-assessment's deadline in the school year ending in `school_year` (31/5 by
    default, Hà Nội CV 3905/SGDĐT; the province's setting); a day past the month's end is
    its last day."""
    for last in (day, 30, 29, 28):
        try:
            return dt.date(school_year, month, last)
        except ValueError:
            continue
    raise ValueError(f"no day {day} in month {month}")


def plan_due_on(school_year: int, *, month: int, day: int) -> dt.date:
    """The library plan's deadline for the school year ending in `school_year`: 15/10 of the
    autumn it starts (Hà Nội CV 3905/SGDĐT; the province's setting). A month from September
    on falls in the first calendar year of the school year, an earlier one in the second."""
    return due_on(school_year - 1 if month >= 9 else school_year, month=month, day=day)


# A self-assessment's lifecycle (and the library plan's): sent, then accepted or returned; a returned one is sent again.
TRANSITIONS: dict[tuple[str | None, str], str] = {
    (None, "submit"): "submitted",
    ("returned", "submit"): "submitted",
    ("submitted", "accept"): "accepted",
    ("submitted", "return"): "returned",
}


def next_state(state: str | None, action: str) -> str | None:
    """The state after `action`, or None when the step is not allowed."""
    return TRANSITIONS.get((state, action))
