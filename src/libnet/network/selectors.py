"""Reads of the network tree."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from libnet.core.cache import TableCache
from libnet.network.models import Library, LibraryParentPeriod


def children_map() -> dict[int | None, list[int]]:
    """Return parent id → child ids for the current tree (one query; a province has ~1,000)."""
    mapping: dict[int | None, list[int]] = defaultdict(list)
    for library_id, parent_id in Library.objects.values_list("id", "parent_id"):
        mapping[parent_id].append(library_id)
    return mapping


def subtree_ids(
    roots: Iterable[int], mapping: dict[int | None, list[int]] | None = None
) -> set[int]:
    """Return the ids of `roots` and every library below them."""
    mapping = mapping if mapping is not None else children_map()
    seen: set[int] = set()
    stack = list(roots)
    while stack:
        library_id = stack.pop()
        if library_id in seen:
            continue
        seen.add(library_id)
        stack.extend(mapping.get(library_id, ()))
    return seen


def _read_tree() -> tuple[dict[int, int | None], dict[int, str]]:
    parents: dict[int, int | None] = {}
    kinds: dict[int, str] = {}
    for library_id, parent_id, kind in Library.objects.values_list("id", "parent_id", "kind"):
        parents[library_id] = parent_id
        kinds[library_id] = kind
    return parents, kinds


# Asked at every loan and return (the rules inherit down the tree; the search index tags a
# title by the kinds of the libraries that hold it), and changed a few times a year: kept
# in process memory, read again when a library is saved here or after 60 s (core.cache).
_tree = TableCache(_read_tree, models=[Library])


def parent_map() -> dict[int, int | None]:
    """Return library id → parent id for the current tree (from memory; do not modify it)."""
    return _tree.get()[0]


def kind_map() -> dict[int, str]:
    """Return library id → kind (from memory; do not modify it)."""
    return _tree.get()[1]


def ancestor_ids(library: Library) -> list[int]:
    """Return the ids above `library`, nearest first."""
    parents = parent_map()
    result: list[int] = []
    current = parents.get(library.pk)
    while current is not None and current not in result:
        result.append(current)
        current = parents.get(current)
    return result


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
