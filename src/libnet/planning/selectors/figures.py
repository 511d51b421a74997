"""The figures: sums over the daily counters (stats.selectors) of a library, or of a library
and everything below it in the tree of a day (network.selectors, in memory), and the same
roll-up split by administrative unit; the indicators they are for."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from libnet.network import selectors as network_selectors
from libnet.network.models import Library
from libnet.network.selectors import UnitVersion, admin_units_in_period
from libnet.planning import policies
from libnet.planning.models import Derivation, Indicator, ManualFigure
from libnet.planning.periods import Period
from libnet.stats import selectors as stats_selectors

Figures = dict[str, int]


def indicators() -> list[Indicator]:
    """Return the active indicators in report order."""
    return list(Indicator.objects.filter(is_active=True))


def manual_indicators() -> list[Indicator]:
    return [indicator for indicator in indicators() if indicator.derivation == Derivation.MANUAL]


def rollup_ids(library: Library, day: dt.date) -> set[int]:
    """Return `library` and every library below it in the tree of `day` (network.selectors:
    the dated parent history, else today's parent)."""
    return network_selectors.subtree_ids(
        [library.pk], network_selectors.children_map(network_selectors.parents_on(day))
    )


def total_figures(library_ids: Iterable[int], start: dt.date, end: dt.date) -> Figures:
    """Return {indicator: value} over `library_ids`.

    Active readers are counted per library and added: a reader active at two libraries is an
    active reader of each (as each library reports them), so a roll-up is the sum of its parts.
    """
    return policies.add_figures(
        *stats_selectors.figures_by_library(library_ids, start, end).values()
    )


def live_figures(library: Library, period: Period, *, rollup: bool) -> Figures:
    """Return the figures of `library` for `period`, with the libraries below it when `rollup`
    (the tree as it was on the last day of the period)."""
    ids = rollup_ids(library, period.end) if rollup else {library.pk}
    return total_figures(ids, period.start, period.end)


def monthly_rollup(
    library: Library, year: int, indicator: str, *, on: dt.date
) -> dict[dt.date, int]:
    """Return first day of month → value of `indicator` in `year` at `library` and every
    library below it (the tree of `on`): the dashboard's chart."""
    return stats_selectors.monthly_figures(
        rollup_ids(library, on), dt.date(year, 1, 1), dt.date(year, 12, 31), indicator
    )


def manual_figures(library: Library, year: int) -> list[ManualFigure]:
    return list(
        ManualFigure.objects.filter(library=library, month__year=year)
        .select_related("indicator", "entered_by")
        .order_by("month", "indicator__order")
    )


# --- the roll-up by administrative unit -----------------------------------------------------

GROUPINGS = ("admin_unit",)


@dataclass
class UnitGroup:
    """The libraries of a roll-up that lay in `unit` on the period's last day (None: the
    libraries with no administrative unit recorded), and the sum of their figures."""

    unit: UnitVersion | None
    library_count: int
    figures: Figures

    def value(self, code: str) -> int:
        return self.figures.get(code, 0)


def figures_by_admin_unit(
    library: Library, period: Period, *, rollup: bool = True
) -> list[UnitGroup]:
    """Return the live roll-up of `library` for `period` split by administrative unit.

    Each library of the roll-up (the tree of the period's last day) goes to the unit directly
    under the province that held it on the period's last day: a district before 1/7/2025, a
    commune after. A period that straddles the reform day (the year 2025, the evaluation
    year 2025-EY, the school year 2025-SY) groups by the units of its last day, i.e. the new
    communes, for the whole period. The groups add up to `live_figures(..., rollup=True)`.

    Four queries whatever the size of the network: the libraries' units, every unit
    version, the sums over the daily counters and the active readers (the tree is in
    memory).
    """
    ids = rollup_ids(library, period.end) if rollup else {library.pk}
    per_library = stats_selectors.figures_by_library(ids, period.start, period.end)
    places = admin_units_in_period(ids, period.end)
    members: dict[int | None, list[int]] = defaultdict(list)
    units: dict[int, UnitVersion] = {}
    for library_id in ids:
        place = places.get(library_id)
        if place is None:
            members[None].append(library_id)
        else:
            units[place.group.id] = place.group
            members[place.group.id].append(library_id)
    groups = [
        UnitGroup(
            unit=units[unit_id] if unit_id is not None else None,
            library_count=len(library_ids),
            figures=policies.add_figures(
                *(per_library.get(library_id, {}) for library_id in library_ids)
            ),
        )
        for unit_id, library_ids in members.items()
    ]
    groups.sort(key=lambda group: (group.unit is None, group.unit.code if group.unit else ""))
    return groups
