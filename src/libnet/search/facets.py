"""Facet counts of a search, from the filter tags of its candidates' documents.

One query reads the tags of the candidates (at most the engine's cap, see engine.py); they are
counted all at once, and only the distinct tags are looked at one by one. Labels need a query
for the libraries shown and, for subjects, the headings of as many records as it takes to
name the subjects shown (usually the first few).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from libnet.catalog.models import BibRecord
from libnet.core import cache
from libnet.network import selectors as network_selectors
from libnet.network.models import LibraryKind
from libnet.search import analysis, documents, rows
from libnet.search.models import SearchDocument

FACET_SIZE = 20
_HELD = re.compile(r"^_h(\d+)$")
_YEAR = re.compile(r"^_y(\d+)$")
_KINDS = {documents.held_kind_tag(kind): kind for kind in LibraryKind.values}


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int


def count_facets(
    bib_ids: Sequence[int], *, available_library_ids: frozenset[int] | None
) -> dict[str, list[FacetValue]]:
    """Count, among the records `bib_ids`, those held by each library and kind of library,
    of each year, language, material type and subject, and those on a shelf now (on the
    shelves of `available_library_ids` when the search is limited to those libraries)."""
    if not bib_ids:
        return {}
    tag_counts: Counter[str] = Counter()
    available_tags = (
        None
        if available_library_ids is None
        else {documents.available_tag(library_id) for library_id in available_library_ids}
    )
    on_shelf = 0
    for _bib_id, tags, shelf in rows.columns_of(SearchDocument, ["tags", "shelf"], bib_ids):
        tag_counts.update(tags.split())
        shelf_list = shelf.split()
        if available_tags is None:
            on_shelf += documents.ANY_AVAILABLE_TAG in shelf_list
        elif not available_tags.isdisjoint(shelf_list):
            on_shelf += 1
    held: Counter[int] = Counter()
    kinds: Counter[str] = Counter()
    years: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    material_types: Counter[str] = Counter()
    subjects: Counter[str] = Counter()
    for tag, count in tag_counts.items():
        if match := _HELD.match(tag):
            held[int(match.group(1))] = count
        elif tag in _KINDS:
            kinds[_KINDS[tag]] = count
        elif match := _YEAR.match(tag):
            years[match.group(1)] = count
        elif tag.startswith("_l"):
            languages[tag[2:]] = count
        elif tag.startswith("_m"):
            material_types[tag[2:]] = count
        elif tag.startswith("_s"):
            subjects[tag[2:]] = count
    top_years = sorted(years.most_common(FACET_SIZE), key=lambda pair: pair[0], reverse=True)
    return {
        "library": _library_values(held),
        "library_kind": [
            FacetValue(kind, str(LibraryKind(kind).label), count) for kind, count in _ranked(kinds)
        ],
        "year": [FacetValue(year, year, count) for year, count in top_years],
        # Codes as stored (vie, text); a page shows them in the reader's words.
        "language": [FacetValue(code, code, count) for code, count in _ranked(languages)],
        "material_type": [FacetValue(code, code, count) for code, count in _ranked(material_types)],
        "subject": _subject_values(subjects, bib_ids),
        "available": [FacetValue("true", _("On the shelf now"), on_shelf)],
    }


def _ranked(counts: Counter[str]) -> list[tuple[str, int]]:
    """The FACET_SIZE largest counts, ties in the order of the values."""
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))[:FACET_SIZE]


def _library_values(held: Counter[int]) -> list[FacetValue]:
    top = held.most_common(FACET_SIZE)
    if not top:
        return []
    names = network_selectors.label_map()
    values = [FacetValue(names[pk][0], names[pk][1], count) for pk, count in top if pk in names]
    return sorted(values, key=lambda value: (-value.count, value.label))


def _subject_values(subjects: Counter[str], bib_ids: Sequence[int]) -> list[FacetValue]:
    """The most frequent subjects, each named by a heading as a record writes it."""
    top = _ranked(subjects)
    if not top:
        return []
    labels = {key: _subject_labels[key] for key, _count in top if key in _subject_labels}
    wanted = {key for key, _count in top if key not in labels}
    seen: set[str] = set()
    # Best records first, a hundred at a time: the top subjects are named within the first few.
    for start in range(0, len(bib_ids), 100):
        if not wanted:
            break
        headings_of = dict(rows.columns_of(BibRecord, ["subjects"], bib_ids[start : start + 100]))
        for bib_id in bib_ids[start : start + 100]:
            headings = headings_of.get(bib_id, "")
            for heading in headings.splitlines():
                if not heading or heading in seen:
                    continue
                seen.add(heading)
                key = analysis.heading_key(heading)
                if key in wanted:
                    labels[key] = heading
                    wanted.discard(key)
                    _remember_subject_label(key, heading)
    return [FacetValue(labels[key], labels[key], count) for key, count in top if key in labels]


# How this process has seen each subject heading written (its key is the heading with its
# marks folded): the commonest subjects come back in search after search, and naming them
# read the records' rows again each time, a share of every search in a large catalogue. Any
# record's writing of a heading will do, so a label never goes stale in a way that matters.
_subject_labels: dict[str, str] = {}
_SUBJECT_LABELS_LIMIT = 20_000


@cache.also_clear
def forget_subject_labels() -> None:
    _subject_labels.clear()


def _remember_subject_label(key: str, heading: str) -> None:
    if len(_subject_labels) >= _SUBJECT_LABELS_LIMIT:
        _subject_labels.clear()
    _subject_labels[key] = heading
