"""The reads behind the official statistics forms.

The figures that are planning's indicators come from the daily counters, as every report's
do (`selectors.total_figures`), so a form's "visits" is the report's. Breakdowns the counters
do not hold (content class, format, reader group, library level) come from the owning apps'
selectors: catalog (copies held and added), circulation (uses by the class of the copy),
patrons (card holders), network (the tree, kinds, population). A breakdown of a counter adds
up to it: what has no class (a count typed for the day) is a row of its own.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from libnet.catalog import selectors as catalog_selectors
from libnet.circulation import selectors as circulation_selectors
from libnet.network import selectors as network_selectors
from libnet.network.models import AdminUnitPopulation, Library, LibraryKind
from libnet.patrons import selectors as patrons_selectors
from libnet.planning import selectors
from libnet.planning.periods import Period

Figures = dict[str, int]


@dataclass
class FormFigures:
    """The figures of the libraries `ids` for `period`, read once each and kept.

    `to_date` spans are from the first day of the period's plan year (`Period.year_start`) to
    the period's last day: what "since the start of the year" adds up.
    """

    library: Library
    period: Period
    ids: set[int]
    public_only: bool = False

    @property
    def spans(self) -> tuple[tuple[dt.date, dt.date], tuple[dt.date, dt.date]]:
        return (self.period.start, self.period.end), (self.period.year_start, self.period.end)

    @cached_property
    def counters(self) -> tuple[Figures, Figures]:
        """The daily counters over the period and since the start of the year."""
        return (
            selectors.total_figures(self.ids, self.period.start, self.period.end),
            selectors.total_figures(self.ids, self.period.year_start, self.period.end),
        )

    @cached_property
    def holdings_by_class(self) -> dict[str, tuple[int, int]]:
        return catalog_selectors.holdings_by_class(self.ids, self.period.end)

    @cached_property
    def holdings_by_format(self) -> dict[str, tuple[int, int]]:
        return catalog_selectors.holdings_by_format(self.ids, self.period.end)

    @cached_property
    def additions_by_class(self) -> tuple[dict[str, int], dict[str, int]]:
        return (
            catalog_selectors.additions_by_class(self.ids, *self.spans[0]),
            catalog_selectors.additions_by_class(self.ids, *self.spans[1]),
        )

    @cached_property
    def additions_by_format(self) -> tuple[dict[str, int], dict[str, int]]:
        return (
            catalog_selectors.additions_by_format(self.ids, *self.spans[0]),
            catalog_selectors.additions_by_format(self.ids, *self.spans[1]),
        )

    @cached_property
    def uses_by_class(self) -> tuple[dict[str, tuple[int, int]], dict[str, tuple[int, int]]]:
        return (
            circulation_selectors.uses_by_class(self.ids, *self.spans[0]),
            circulation_selectors.uses_by_class(self.ids, *self.spans[1]),
        )

    @cached_property
    def card_holders_by_category(self) -> dict[str, int]:
        return patrons_selectors.card_holders_by_category(self.ids, self.period.end)

    @cached_property
    def card_holders_recording_disability(self) -> int:
        return patrons_selectors.card_holders_recording_disability(self.ids, self.period.end)

    @cached_property
    def copies_by_library(self) -> dict[int, int]:
        return catalog_selectors.copies_held_by_library(self.ids, self.period.end)

    @cached_property
    def kinds(self) -> dict[int, str]:
        kinds = network_selectors.kind_map()
        return {library_id: kinds.get(library_id, "") for library_id in self.ids}

    @cached_property
    def active_ids(self) -> set[int]:
        return self.ids & set(network_selectors.active_library_ids())

    @cached_property
    def population(self) -> AdminUnitPopulation | None:
        """The population the reporting library serves on the period's last day: its
        administrative unit of that day (after the 2025 reform its new commune), the whole
        province for the provincial library."""
        place = network_selectors.admin_unit_in_period(self.library, self.period.end)
        if place is None:
            return None
        unit_id = place.unit.id
        if self.library.kind == LibraryKind.PROVINCIAL:
            unit_id = network_selectors.province_unit_id(unit_id)
        return network_selectors.population_on(unit_id, self.period.end)

    def copies_held(self) -> int:
        return sum(copies for _titles, copies in self.holdings_by_class.values())

    def copies_per_inhabitant(self) -> Decimal | None:
        population = self.population
        if population is None:
            return None
        return (Decimal(self.copies_held()) / Decimal(population.population)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )

    def group_kinds(self, ids: set[int]) -> dict[str, set[int]]:
        grouped: dict[str, set[int]] = defaultdict(set)
        for library_id in ids:
            grouped[self.kinds.get(library_id, "")].add(library_id)
        return grouped


def scope_ids(library: Library, period: Period, *, public_only: bool) -> set[int]:
    """Return the libraries a form of `library` counts: the library and every library below
    it in the tree of the period's last day (the live roll-up of the report pages); for the
    Ministry's table of public libraries, without the schools kept below public libraries."""
    ids = selectors.rollup_ids(library, period.end)
    if public_only:
        ids &= network_selectors.public_network_ids()
    return ids
