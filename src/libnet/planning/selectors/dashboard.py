"""The province dashboard: the network tree with each library's roll-up since 1 January
against its year's target."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from libnet.network import selectors as network_selectors
from libnet.network.models import Library
from libnet.planning import policies
from libnet.planning.selectors.plans import targets_by_library
from libnet.stats import selectors as stats_selectors


@dataclass
class ProgressRow:
    library: Library
    depth: int
    actual: int
    target: int | None
    percent: float | None
    css_class: str
    # The year's figure if the pace since 1 January holds (None before the year starts).
    projected: int | None = None


def network_progress(
    root_ids: Iterable[int], year: int, indicator: str, on: dt.date, *, visible: set[int]
) -> tuple[list[ProgressRow], float]:
    """Return the tree under `root_ids` (as it was on `on`) with each library's roll-up of
    `indicator` since 1 January against its year's target, and the share of the year gone.

    Only the libraries in `visible` (the user's, from the access layer) are rows; a row's
    roll-up still adds the libraries below it, as its report does.

    Two queries for the figures, whatever the size of the network.
    """
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    until = min(max(on, start), end)
    share = policies.share_of_year_gone(start=start, end=end, on=on)
    children = network_selectors.children_map(network_selectors.parents_on(until))
    ids = network_selectors.subtree_ids(root_ids, children)
    own = stats_selectors.figures_by_library(ids, start, until, indicator) if on >= start else {}
    targets = targets_by_library(ids, year)
    libraries = network_selectors.libraries_by_id(ids)
    rolled: dict[int, int] = {}

    def roll(library_id: int) -> int:
        if library_id not in rolled:
            rolled[library_id] = own.get(library_id, {}).get(indicator, 0) + sum(
                roll(child) for child in children.get(library_id, ()) if child in ids
            )
        return rolled[library_id]

    rows: list[ProgressRow] = []

    def walk(library_id: int, depth: int) -> None:
        library = libraries[library_id]
        actual = roll(library_id)
        target = targets.get(library_id, {}).get(indicator)
        rows.append(
            ProgressRow(
                library=library,
                depth=depth,
                actual=actual,
                target=target,
                percent=policies.percent(actual, target),
                css_class=policies.progress_class(actual, target, share),
                projected=policies.projected(actual, share),
            )
        )
        below = [
            libraries[child]
            for child in children.get(library_id, ())
            if child in libraries and child in visible
        ]
        for child in sorted(below, key=lambda item: (item.sort_key, item.code)):
            walk(child.pk, depth + 1)

    roots = [pk for pk in root_ids if pk in libraries and pk in visible]
    for root_id in sorted(roots, key=lambda pk: (libraries[pk].sort_key, libraries[pk].code)):
        walk(root_id, 0)
    return rows, share


def roots_of(library_ids: Iterable[int], on: dt.date) -> list[int]:
    """Return the libraries of `library_ids` whose parent (on `on`) is not among them."""
    ids = set(library_ids)
    parents = network_selectors.parents_on(on)
    return [library_id for library_id in ids if parents.get(library_id) not in ids]
