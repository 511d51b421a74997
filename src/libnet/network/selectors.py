"""Reads of the network tree."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.db.models import Q

from libnet.core.cache import TableCache
from libnet.network import policies
from libnet.network.models import (
    SCHOOL_KINDS,
    AdminUnit,
    AdminUnitPopulation,
    BodyKind,
    Library,
    LibraryKind,
    LibraryParentPeriod,
    ManagingBody,
    ReportingAssignment,
    ReportingRule,
)


@dataclass(frozen=True)
class _Tree:
    """The library table as the tree needs it."""

    parents: dict[int, int | None]
    children: dict[int | None, list[int]]
    kinds: dict[int, str]
    labels: dict[int, tuple[str, str]]
    runs_libnet: dict[int, bool]
    active: frozenset[int]


def _read_tree() -> _Tree:
    parents: dict[int, int | None] = {}
    kinds: dict[int, str] = {}
    labels: dict[int, tuple[str, str]] = {}
    runs_libnet: dict[int, bool] = {}
    active: set[int] = set()
    for (
        library_id,
        parent_id,
        kind,
        code,
        name,
        runs,
        is_active,
    ) in Library.objects.order_by().values_list(
        "id", "parent_id", "kind", "code", "name", "runs_libnet", "is_active"
    ):
        parents[library_id] = parent_id
        kinds[library_id] = kind
        labels[library_id] = (code, name)
        runs_libnet[library_id] = runs
        if is_active:
            active.add(library_id)
    return _Tree(
        parents=parents,
        children=children_map(parents),
        kinds=kinds,
        labels=labels,
        runs_libnet=runs_libnet,
        active=frozenset(active),
    )


# (library id, parent id, valid from, valid to): the dated parent history.
ParentPeriod = tuple[int, int | None, dt.date, dt.date | None]


def _read_history() -> list[ParentPeriod]:
    return list(
        LibraryParentPeriod.objects.order_by("library_id", "valid_from").values_list(
            "library_id", "parent_id", "valid_from", "valid_to"
        )
    )


# Asked at every loan and return (the rules inherit down the tree; the search index tags a
# title by the kinds of the libraries that hold it), every search (the library facet's
# names), every page that checks what a user with a subtree role may see, and every report
# (the tree as it was in the period), and changed a few times a year: kept in process
# memory, read again when a library (a parent period) is saved here or after 60 s
# (core.cache). The history is apart: only the reports ask for it.
_tree = TableCache(_read_tree, models=[Library])
_history = TableCache(_read_history, models=[LibraryParentPeriod])


def parent_map() -> dict[int, int | None]:
    """Return library id → parent id for the current tree (from memory; do not modify it)."""
    return _tree.get().parents


def kind_map() -> dict[int, str]:
    """Return library id → kind (from memory; do not modify it)."""
    return _tree.get().kinds


def label_map() -> dict[int, tuple[str, str]]:
    """Return library id → (code, name) (from memory; do not modify it): the search's
    library facet names its libraries at every search."""
    return _tree.get().labels


def active_library_ids() -> frozenset[int]:
    """Return the ids of the libraries that are open (from memory)."""
    return _tree.get().active


def runs_libnet_map() -> dict[int, bool]:
    """Return library id → whether it runs libnet (from memory; do not modify it)."""
    return _tree.get().runs_libnet


def children_map(
    parents: Mapping[int, int | None] | None = None,
) -> dict[int | None, list[int]]:
    """Return parent id → child ids of `parents` (library id → parent id), by default the
    current tree (from memory; do not modify it)."""
    if parents is None:
        return _tree.get().children
    mapping: dict[int | None, list[int]] = defaultdict(list)
    for library_id, parent_id in parents.items():
        mapping[parent_id].append(library_id)
    return dict(mapping)


def subtree_ids(
    roots: Iterable[int],
    mapping: dict[int | None, list[int]] | None = None,
    *,
    enter: Callable[[int], bool] | None = None,
) -> set[int]:
    """Return the ids of `roots` and every library below them in `mapping` (parent id →
    child ids; the current tree by default). With `enter`, a library below a root is taken,
    with what is below it, only when `enter(library id)` says so."""
    mapping = mapping if mapping is not None else children_map()
    seen: set[int] = set()
    stack = list(roots)
    while stack:
        library_id = stack.pop()
        if library_id in seen:
            continue
        seen.add(library_id)
        below = mapping.get(library_id, ())
        stack.extend(below if enter is None else (child for child in below if enter(child)))
    return seen


def ancestor_ids(library_id: int, parents: dict[int, int | None] | None = None) -> list[int]:
    """Return the ids above `library_id` in `parents` (the current tree by default), nearest
    first."""
    parents = parents if parents is not None else parent_map()
    result: list[int] = []
    current = parents.get(library_id)
    while current is not None and current not in result and current != library_id:
        result.append(current)
        current = parents.get(current)
    return result


def parents_on(day: dt.date) -> dict[int, int | None]:
    """Return library id → parent id on `day`.

    A library with a dated parent history (`LibraryParentPeriod`) takes the period covering
    `day` (a former district library that became a provincial branch on 1/7/2025 reports
    under the district's tree before, under the province after); others their current parent.
    """
    return parents_on_days([day])[day]


def parents_on_days(days: Iterable[dt.date]) -> dict[dt.date, dict[int, int | None]]:
    """Return, for each of `days`, library id → parent id on that day (from memory)."""
    current = parent_map()
    history = _history.get()
    result: dict[dt.date, dict[int, int | None]] = {}
    for day in sorted(set(days)):
        parents = dict(current)
        for library_id, parent_id, valid_from, valid_to in history:
            if valid_from <= day and (valid_to is None or valid_to > day):
                parents[library_id] = parent_id
        result[day] = parents
    return result


def libraries_by_id(library_ids: Iterable[int | None]) -> dict[int, Library]:
    """Return library id → Library for `library_ids` (one query), in tree-listing order
    (Vietnamese order of their names, then code)."""
    wanted = {library_id for library_id in library_ids if library_id is not None}
    if not wanted:
        return {}
    return {library.pk: library for library in Library.objects.filter(pk__in=wanted)}


def parent_on(library: Library, on: dt.date) -> Library | None:
    """Return the parent `library` had on day `on` (the dated history, not today's tree)."""
    period = (
        LibraryParentPeriod.objects.filter(library=library, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
        .select_related("parent")
        .first()
    )
    return period.parent if period else None


@dataclass(frozen=True)
class TreeRow:
    library: Library
    depth: int


def tree_rows(library_ids: set[int] | None = None) -> list[TreeRow]:
    """Return the libraries in tree order (parents before children, siblings in Vietnamese order).

    With `library_ids`, only those libraries are listed; a visible library whose parent is
    hidden is shown as a root.
    """
    libraries = list(Library.objects.select_related("admin_unit"))
    if library_ids is not None:
        libraries = [library for library in libraries if library.pk in library_ids]
    by_id = {library.pk: library for library in libraries}
    children: dict[int | None, list[Library]] = defaultdict(list)
    for library in libraries:
        parent_id = library.parent_id if library.parent_id in by_id else None
        children[parent_id].append(library)
    for siblings in children.values():
        siblings.sort(key=lambda library: (library.sort_key, library.code))
    rows: list[TreeRow] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for library in children.get(parent_id, []):
            rows.append(TreeRow(library=library, depth=depth))
            walk(library.pk, depth + 1)

    walk(None, 0)
    return rows


# --- administrative units as they were ----------------------------------------------------


@dataclass(frozen=True)
class UnitVersion:
    """One version of an administrative unit (an `AdminUnit` row), as plain values."""

    id: int
    code: str
    name: str
    level: str
    parent_id: int | None
    valid_from: dt.date
    valid_to: dt.date | None
    successor_id: int | None

    def valid_on(self, day: dt.date) -> bool:
        """`valid_to` is the first day the version no longer holds (the reform day)."""
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


@dataclass(frozen=True)
class UnitOfPeriod:
    """The administrative unit a library was in on a day (a period's last day).

    `unit` is the narrowest unit valid on that day that surely holds the library: the commune
    when one is known, else the unit above the communes it may have been in (`exact` False,
    `candidates` those communes). `group` is the unit directly under the province on that
    day (the district before 1/7/2025, the commune after), the key of a roll-up by unit.
    `merged_from` are the units merged into `unit` when it began inside the period, and
    `merged_from_parents` the units above them then (not the province).
    """

    unit: UnitVersion
    exact: bool
    candidates: tuple[UnitVersion, ...]
    parent: UnitVersion | None
    group: UnitVersion
    merged_from: tuple[UnitVersion, ...]
    merged_from_parents: tuple[UnitVersion, ...] = ()


class AdminUnitIndex:
    """Every version of every administrative unit, read in one query, resolved in memory.

    A province has a few hundred versions (its districts and communes before and after the
    2025 reform), so a roll-up resolves all its libraries without a query per library.
    """

    def __init__(self, units: Iterable[UnitVersion]) -> None:
        self.by_id: dict[int, UnitVersion] = {unit.id: unit for unit in units}
        self.by_code: dict[str, list[UnitVersion]] = defaultdict(list)
        self.predecessors: dict[int, list[UnitVersion]] = defaultdict(list)
        for unit in self.by_id.values():
            self.by_code[unit.code].append(unit)
            if unit.successor_id is not None:
                self.predecessors[unit.successor_id].append(unit)
        for versions in self.predecessors.values():
            versions.sort(key=lambda item: item.code)

    @classmethod
    def load(cls) -> AdminUnitIndex:
        fields = (
            "id",
            "code",
            "name",
            "level",
            "parent_id",
            "valid_from",
            "valid_to",
            "successor_id",
        )
        return cls(UnitVersion(*row) for row in AdminUnit.objects.order_by().values_list(*fields))

    def _same_code_on(self, unit: UnitVersion, day: dt.date) -> UnitVersion | None:
        return next((other for other in self.by_code[unit.code] if other.valid_on(day)), None)

    def versions_on(self, unit_id: int, day: dt.date) -> list[UnitVersion]:
        """Return the units valid on `day` that `unit_id` was (before it began) or became.

        Backwards, a unit formed by a merger was one of its predecessors: the predecessor
        that kept its code when there is one (a commune that kept its name, as the demo and
        the UBTVQH resolutions usually do), else all of them. Forwards, a unit became its
        successor. A version of the same code stands in when no link was recorded.
        """
        seen: set[int] = set()
        result: list[UnitVersion] = []
        stack = [unit_id]
        while stack:
            current = self.by_id.get(stack.pop())
            if current is None or current.id in seen:
                continue
            seen.add(current.id)
            if current.valid_on(day):
                result.append(current)
            elif day < current.valid_from:
                before = self.predecessors.get(current.id, [])
                same = [unit for unit in before if unit.code == current.code]
                if same or len(before) == 1:
                    stack.append((same or before)[0].id)
                elif before:
                    stack.extend(unit.id for unit in reversed(before))
                elif (version := self._same_code_on(current, day)) is not None:
                    result.append(version)
            elif current.successor_id is not None:
                stack.append(current.successor_id)
            elif (version := self._same_code_on(current, day)) is not None:
                result.append(version)
        return sorted({unit.id: unit for unit in result}.values(), key=lambda unit: unit.code)

    def ancestors(self, unit: UnitVersion) -> list[UnitVersion]:
        """Return `unit` and the units above it, nearest first."""
        chain: list[UnitVersion] = []
        current: UnitVersion | None = unit
        while current is not None and current not in chain:
            chain.append(current)
            current = self.by_id.get(current.parent_id) if current.parent_id else None
        return chain

    def group_of(self, unit: UnitVersion) -> UnitVersion:
        """Return the unit directly under the province that holds `unit` (itself when it is
        one, or the province)."""
        chain = self.ancestors(unit)
        for below, above in itertools.pairwise(chain):
            if above.parent_id is None:
                return below
        return chain[-1]

    def unit_of(
        self, unit_id: int | None, day: dt.date, *, since: dt.date | None = None
    ) -> UnitOfPeriod | None:
        """Return the unit that `unit_id` (a library's recorded unit) was on `day`; None when
        the library has no unit or no version of it existed then. `since`: the period's first
        day, to name the units merged into it during the period."""
        if unit_id is None:
            return None
        candidates = self.versions_on(unit_id, day)
        if not candidates:
            return None
        if len(candidates) == 1:
            unit = candidates[0]
        else:
            chains = [self.ancestors(candidate) for candidate in candidates]
            common = [unit for unit in chains[0] if all(unit in chain for chain in chains[1:])]
            unit = common[0] if common else chains[0][-1]
        merged: tuple[UnitVersion, ...] = ()
        if since is not None and since < unit.valid_from <= day:
            merged = tuple(self.predecessors.get(unit.id, ()))
        merged_parents = {
            parent.id: parent
            for old in merged
            if old.parent_id and (parent := self.by_id.get(old.parent_id)) and parent.parent_id
        }
        return UnitOfPeriod(
            unit=unit,
            exact=len(candidates) == 1,
            candidates=tuple(candidates) if len(candidates) > 1 else (),
            parent=self.by_id.get(unit.parent_id) if unit.parent_id else None,
            group=self.group_of(unit),
            merged_from=merged,
            merged_from_parents=tuple(merged_parents.values()),
        )


def admin_unit_in_period(
    library: Library, end: dt.date, *, start: dt.date | None = None
) -> UnitOfPeriod | None:
    """Return the administrative unit `library` was in on `end` (a period's last day)."""
    if library.admin_unit_id is None:
        return None
    return AdminUnitIndex.load().unit_of(library.admin_unit_id, end, since=start)


def admin_units_in_period(
    library_ids: Iterable[int], end: dt.date
) -> dict[int, UnitOfPeriod | None]:
    """Return library id → its unit on `end`, in two queries whatever the number of libraries."""
    units = list(
        Library.objects.filter(pk__in=list(library_ids)).values_list("id", "admin_unit_id")
    )
    index = AdminUnitIndex.load() if any(unit_id for _, unit_id in units) else AdminUnitIndex(())
    return {library_id: index.unit_of(unit_id, end) for library_id, unit_id in units}


# --- managing bodies and who reports to them ----------------------------------------------


def _open_on(day: dt.date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gt=day))


def reporting_rules() -> dict[str, str]:
    """Return the province's setting: school level → kind of body a school whose highest
    level it is reports to (`ReportingRule`, edited in admin)."""
    return dict(ReportingRule.objects.values_list("level", "body_kind"))


def default_body_for(library: Library, on: dt.date) -> ManagingBody | None:
    """Return the body the default rule sends `library`'s reports to on day `on`: by the
    rule of its highest level, the province's body of that kind, or for a commune office the
    one of the school's administrative unit. None when the rule or the body is missing."""
    kind = policies.reporting_body_kind(library.school_levels, reporting_rules())
    if kind is None:
        return None
    bodies = ManagingBody.objects.filter(_open_on(on), kind=kind)
    if kind == BodyKind.COMMUNE_OFFICE:
        if library.admin_unit_id is None:
            return None
        bodies = bodies.filter(admin_unit_id=library.admin_unit_id)
    return bodies.order_by("valid_from", "pk").first()


# (library id, body id, valid from, valid to): who reports to which body, over time. Read
# by every report (a school below a public library reports to its body, not up the tree) and
# changed a few times a year: kept in memory like the tree.
Assignment = tuple[int, int, dt.date, dt.date | None]


def _read_assignments() -> list[Assignment]:
    return list(
        ReportingAssignment.objects.order_by("library_id", "valid_from").values_list(
            "library_id", "body_id", "valid_from", "valid_to"
        )
    )


_assignments = TableCache(_read_assignments, models=[ReportingAssignment])


def bodies_on(day: dt.date) -> dict[int, int]:
    """Return school library id → the id of the body it reports to on `day` (from memory)."""
    return {
        library_id: body_id
        for library_id, body_id, valid_from, valid_to in _assignments.get()
        if valid_from <= day and (valid_to is None or valid_to > day)
    }


def body_on(library: Library, day: dt.date) -> ManagingBody | None:
    """Return the body `library` reports to on `day`, None when it reports to none."""
    assignment = (
        ReportingAssignment.objects.filter(_open_on(day), library=library)
        .select_related("body")
        .first()
    )
    return assignment.body if assignment else None


def libraries_of_bodies(body_ids: Iterable[int], day: dt.date | None = None) -> set[int]:
    """Return the ids of the school libraries reporting to `body_ids` on `day`, or at any
    time when `day` is None (a body keeps seeing the reports it received)."""
    assignments = ReportingAssignment.objects.filter(body_id__in=list(body_ids))
    if day is not None:
        assignments = assignments.filter(_open_on(day))
    return set(assignments.values_list("library_id", flat=True))


def public_network_ids() -> set[int]:
    """Return the public network: the provincial libraries and the libraries below them that
    are not schools (what the Sở VHTTDL oversees; a school below a public library, kept there
    for rotation, reports to its own body). From memory."""
    kinds = kind_map()
    roots = [library_id for library_id, kind in kinds.items() if kind == LibraryKind.PROVINCIAL]
    return subtree_ids(roots, enter=lambda library_id: kinds.get(library_id) not in SCHOOL_KINDS)


# --- population (the divisor of copies per inhabitant) ---------------------------------------


def population_on(unit_id: int, day: dt.date) -> AdminUnitPopulation | None:
    """Return the latest population figure of the unit version `unit_id` dated on or before
    `day`, None when the province has entered none."""
    return (
        AdminUnitPopulation.objects.filter(unit_id=unit_id, as_of__lte=day)
        .order_by("-as_of")
        .first()
    )


def province_unit_id(unit_id: int) -> int:
    """Return the id of the unit at the top of `unit_id`'s parents (its province)."""
    parents = dict(AdminUnit.objects.values_list("pk", "parent_id"))
    seen: set[int] = set()
    while (parent := parents.get(unit_id)) is not None and unit_id not in seen:
        seen.add(unit_id)
        unit_id = parent
    return unit_id
