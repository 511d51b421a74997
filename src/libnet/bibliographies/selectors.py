"""Reads of bibliographies: a bibliography laid out as it is printed and published — its
entries grouped (by subject heading or by class), numbered in Vietnamese alphabetical order
of their descriptions, and the index of authors."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from libnet.bibliographies.models import Bibliography, Grouping
from libnet.catalog import selectors as catalog_selectors
from libnet.catalog.citations import citation
from libnet.catalog.models import BibRecord, RecordListEntry
from libnet.core.text import sort_key


@dataclass(frozen=True)
class Entry:
    number: int
    entry_id: int
    bib: BibRecord
    text: str
    note: str


@dataclass
class Section:
    heading: str
    entries: list[Entry] = field(default_factory=list)


@dataclass(frozen=True)
class Layout:
    sections: list[Section]
    authors: list[tuple[str, list[int]]]

    @property
    def count(self) -> int:
        return sum(len(section.entries) for section in self.sections)


def _group_of(bib: BibRecord, grouping: str) -> str:
    if grouping == Grouping.SUBJECT:
        first = next((line.strip() for line in bib.subjects.splitlines() if line.strip()), "")
        return first or _("Other subjects")
    if grouping == Grouping.CLASS:
        number = bib.class_number.strip()
        return number.split(".")[0][:3] if number else _("Not classified")
    return ""


def layout(bibliography: Bibliography) -> Layout:
    """The bibliography as printed: sections in Vietnamese alphabetical order of their
    headings (classes in their order), entries in the order of their descriptions, numbered
    through; every author with the numbers of their entries."""
    entries = [
        entry
        for entry in catalog_selectors.record_list_entries(bibliography.record_list)
        if entry.item_id is None
    ]
    groups: dict[str, list[tuple[str, RecordListEntry]]] = defaultdict(list)
    for entry in entries:
        groups[_group_of(entry.bib, bibliography.grouping)].append((citation(entry.bib), entry))
    headings = sorted(
        groups,
        key=(lambda h: h) if bibliography.grouping == Grouping.CLASS else sort_key,
    )
    sections: list[Section] = []
    authors: dict[str, list[int]] = defaultdict(list)
    number = 0
    for heading in headings:
        section = Section(heading)
        for text, entry in sorted(groups[heading], key=lambda pair: sort_key(pair[0])):
            number += 1
            section.entries.append(Entry(number, entry.pk, entry.bib, text, entry.note))
            for author in entry.bib.author_list:
                if number not in authors[author]:
                    authors[author].append(number)
        sections.append(section)
    return Layout(sections, sorted(authors.items(), key=lambda pair: sort_key(pair[0])))
