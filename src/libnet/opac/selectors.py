"""Reads of the public catalogue: copies as readers see them, new books, the directory.

Readers see where a copy is (its current library), its call number, shelf and status; never
who borrowed it, its barcode, accession number, price or notes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet

from libnet.catalog.models import BibRecord, Item, ItemStatus
from libnet.core import text
from libnet.network.models import Library, LibraryKind
from libnet.search.documents import GONE_STATUSES

# Copies the library no longer has are not shown to readers, the same ones the search engine
# leaves out of its counts (withdrawn, lost). Staff pages still list them.
HIDDEN_STATUSES = GONE_STATUSES


def public_items() -> QuerySet[Item]:
    """Copies a reader may be told about."""
    return Item.objects.exclude(status__in=HIDDEN_STATUSES)


@dataclass
class CopiesAtLibrary:
    """The copies of one record that are at one library right now."""

    library: Library
    copies: list[Item] = field(default_factory=list)

    @property
    def available(self) -> int:
        return sum(1 for copy in self.copies if copy.status == ItemStatus.AVAILABLE)


def copies_by_library(bib: BibRecord) -> list[CopiesAtLibrary]:
    """Return the public copies of `bib`, grouped by the library where each one is now.

    A copy lent out on rotation is listed at the point that has it, where a reader finds it.
    """
    copies = (
        public_items()
        .filter(bib=bib)
        .select_related("current_library", "shelf_location")
        .order_by("current_library__sort_key", "current_library__code", "call_number", "pk")
    )
    groups: dict[int, CopiesAtLibrary] = {}
    for copy in copies:
        group = groups.get(copy.current_library_id)
        if group is None:
            group = groups[copy.current_library_id] = CopiesAtLibrary(copy.current_library)
        group.copies.append(copy)
    return list(groups.values())


def _newest_records(items: QuerySet[Item], limit: int) -> list[BibRecord]:
    # Recent copies first, then one entry per record: a title bought in ten copies is one book.
    # A bounded window of copies keeps this one indexed read however large the catalogue is.
    recent = items.order_by(
        F("acquired_on").desc(nulls_last=True), "-created_at", "-pk"
    ).values_list("bib_id", flat=True)[: limit * 20]
    bib_ids = list(dict.fromkeys(recent))[:limit]
    records = BibRecord.objects.in_bulk(bib_ids)
    return [records[bib_id] for bib_id in bib_ids if bib_id in records]


def new_books(limit: int = 8) -> list[BibRecord]:
    """Return the records of the copies acquired most recently anywhere in the network."""
    return _newest_records(public_items(), limit)


def new_books_at(library: Library, limit: int = 8) -> list[BibRecord]:
    """Return the records of the copies acquired most recently that are now at `library`."""
    return _newest_records(public_items().filter(current_library=library), limit)


@dataclass(frozen=True)
class Holdings:
    titles: int
    copies: int
    available: int


def holdings_at(library: Library) -> Holdings:
    """Count the titles and copies a reader can find at `library`, and how many are free now."""
    counts = (
        public_items()
        .filter(current_library=library)
        .aggregate(
            titles=Count("bib_id", distinct=True),
            copies=Count("id"),
            available=Count("id", filter=Q(status=ItemStatus.AVAILABLE)),
        )
    )
    return Holdings(titles=counts["titles"], copies=counts["copies"], available=counts["available"])


def active_libraries() -> QuerySet[Library]:
    return Library.objects.filter(is_active=True)


def library_directory(*, query: str = "", kind: str = "") -> list[Library]:
    """Return the active libraries whose name, address or code contain `query`, of `kind`.

    Matching is folded (no diacritics, đ = d), so "tan lap" finds "Tân Lập". A province has
    about a thousand libraries: folding them in Python is cheaper than a second index.
    """
    libraries = active_libraries().select_related("parent").order_by("sort_key", "code")
    if kind:
        libraries = libraries.filter(kind=kind)
    words = text.fold(query).split()
    if not words:
        return list(libraries)
    return [
        library
        for library in libraries
        if all(
            word in text.fold(f"{library.name} {library.address} {library.code}") for word in words
        )
    ]


def library_kinds_in_use() -> list[tuple[str, str, int]]:
    """Return (kind, label, libraries) for each kind the directory has, in the kinds' order."""
    rows = active_libraries().order_by().values("kind").annotate(libraries=Count("id"))
    counts = {row["kind"]: row["libraries"] for row in rows}
    return [
        (kind, str(label), counts[kind]) for kind, label in LibraryKind.choices if kind in counts
    ]


def library_names(codes: Iterable[str]) -> dict[str, str]:
    """Return code → name for the libraries among `codes` (none asked: no query)."""
    wanted = {code.strip().upper() for code in codes}
    if not wanted:
        return {}
    return dict(Library.objects.filter(code__in=wanted).values_list("code", "name"))


def sub_libraries(library: Library) -> list[Library]:
    """Return the active libraries directly below `library` (branches, points, bookcases)."""
    return list(active_libraries().filter(parent=library).order_by("sort_key", "code"))


def top_subjects(limit: int = 12, *, records: Iterable[str] | None = None) -> list[tuple[str, int]]:
    """Return the subjects used by most records, with how many records use each."""
    if records is None:
        records = BibRecord.objects.exclude(subjects="").values_list("subjects", flat=True)
    counts: Counter[str] = Counter()
    for subjects in records:
        counts.update({line.strip() for line in subjects.splitlines() if line.strip()})
    ranked = sorted(counts.items(), key=lambda pair: (-pair[1], text.sort_key(pair[0])))
    return ranked[:limit]
