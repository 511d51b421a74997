"""Annual plans and their targets, and the years a page may show or set a plan for."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from libnet.core import validation
from libnet.network.models import Library
from libnet.planning.models import AnnualPlan, PlanTarget
from libnet.planning.selectors.figures import Figures

# The first year whose plans and figures the pages show (nothing in libnet is older).
FIRST_PLAN_YEAR = 2000


def plan_years(today: dt.date, *, writable: bool) -> range:
    """Return the plan years a page shows (`writable` False: from FIRST_PLAN_YEAR) or a plan
    may be set for (`writable` True: the years the operational date window of
    core.validation touches, two years either side of today by default)."""
    earliest, latest = validation.date_window("operational", today=today)
    first = earliest.year if writable else FIRST_PLAN_YEAR
    return range(first, latest.year + 1)


def plan_for(library: Library, year: int) -> AnnualPlan | None:
    return AnnualPlan.objects.filter(library=library, year=year).first()


def targets_by_library(library_ids: Iterable[int], year: int) -> dict[int, Figures]:
    """Return library id → {indicator: annual target} for `year`.

    A plan's targets are for the library's report: its own figures and those of the
    libraries below it, as rolled up.
    """
    result: dict[int, Figures] = defaultdict(dict)
    rows = PlanTarget.objects.filter(
        plan__library_id__in=list(library_ids), plan__year=year
    ).values_list("plan__library_id", "indicator__code", "value")
    for library_id, code, value in rows:
        result[library_id][code] = int(value)
    return dict(result)


def targets_for(library: Library, year: int) -> Figures:
    return targets_by_library([library.pk], year).get(library.pk, {})
