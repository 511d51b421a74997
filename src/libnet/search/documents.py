"""Build the search documents of catalogue records: their tokens and their filter tags.

Three queries for any number of records (records, copies, library kinds); no query per record.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from libnet.catalog.models import BibRecord, Item, ItemStatus
from libnet.core import clock, plain_sql
from libnet.network.models import Library
from libnet.search import analysis
from libnet.search.models import SearchDocument

# A withdrawn or lost copy is no longer part of the collection: it does not make a library
# hold the title. Every other status (on loan, in transit, damaged…) still does.
GONE_STATUSES = frozenset({ItemStatus.WITHDRAWN, ItemStatus.LOST})

# Filter tags. Library ids, not codes: a code may be renamed, an id never changes. Every tag
# begins with "_", which no word token has (analysis.py splits words at "_") and which the
# FTS5 tokenizer keeps (tokenchars, migration 0002): a word can never match a tag, so a search
# in any field needs no column filter, which would make FTS5 read every match's positions.
TAG = "_"
ALL_TAG = TAG + "all"
ANY_AVAILABLE_TAG = TAG + "aany"


def held_tag(library_id: int) -> str:
    return f"{TAG}h{library_id}"


def available_tag(library_id: int) -> str:
    return f"{TAG}a{library_id}"


@functools.lru_cache(maxsize=128)
def held_kind_tag(kind: str) -> str:
    return TAG + analysis.tag_token("hk", kind)


@functools.lru_cache(maxsize=128)
def available_kind_tag(kind: str) -> str:
    return TAG + analysis.tag_token("ak", kind)


def year_tag(year: int) -> str:
    return f"{TAG}y{year}"


def language_tag(language: str) -> str:
    return TAG + analysis.tag_token("l", language)


def material_type_tag(material_type: str) -> str:
    return TAG + analysis.tag_token("m", material_type)


def subject_tag(heading: str) -> str:
    return f"{TAG}s{analysis.heading_key(heading)}"


@dataclass(frozen=True)
class Copy:
    """One copy as the index sees it: who owns it, where it is now, its status and age."""

    home_library_id: int
    current_library_id: int
    status: str
    acquired_on: dt.date | None


def _both(lines: Iterable[str], *, repeated: bool = False) -> tuple[str, str]:
    """The folded and the exact tokens of `lines`, each as one space-separated string.

    `repeated`: the lines are names met again and again (authors, subjects, publishers),
    worth remembering."""
    pairs = [(_repeated_line if repeated else _line)(line) for line in lines]
    if len(pairs) == 1:
        return pairs[0]
    return " ".join(pair[0] for pair in pairs if pair[0]), " ".join(
        pair[1] for pair in pairs if pair[1]
    )


def _line(line: str) -> tuple[str, str]:
    folded, exact = analysis.token_pairs(line)
    return " ".join(folded), " ".join(exact)


_repeated_line = functools.lru_cache(maxsize=50_000)(_line)


def _lines(value: str) -> list[str]:
    return [line for line in value.splitlines() if line.strip()]


_RECORD_FIELDS = (
    "pk",
    "title",
    "authors",
    "subjects",
    "publisher",
    "series",
    "notes",
    "isbns",
    "issns",
    "class_number",
    "year",
    "language",
    "material_type",
    "created_at",
)


def build_documents(bib_ids: Sequence[int]) -> list[SearchDocument]:
    """Return the search documents of the records `bib_ids` (records that do not exist are
    left out), from their columns and their copies as they are now."""
    records = list(BibRecord.objects.filter(pk__in=bib_ids).values(*_RECORD_FIELDS))
    copies, kinds = copies_of(bib_ids)
    return [_document(record, copies.get(record["pk"], []), kinds) for record in records]


def _document(record: dict[str, Any], copies: list[Copy], kinds: dict[int, str]) -> SearchDocument:
    author_lines = _lines(record["authors"])
    subject_lines = _lines(record["subjects"])
    other_lines = _lines(record["series"]) + _lines(record["notes"])
    codes = [token for isbn in _lines(record["isbns"]) for token in analysis.isbn_tokens(isbn)]
    codes += [analysis.compact_code(issn) for issn in _lines(record["issns"])]
    if record["class_number"]:
        codes.append(analysis.compact_code(record["class_number"]))
    title, title_x = _both([record["title"]])
    authors, authors_x = _both(author_lines, repeated=True)
    subjects, subjects_x = _both(subject_lines, repeated=True)
    publisher, publisher_x = _both([record["publisher"]], repeated=True)
    other, other_x = _both(other_lines)
    return plain_sql.instance(
        SearchDocument,
        bib_id=record["pk"],
        title=title,
        authors=authors,
        subjects=subjects,
        publisher=publisher,
        other=other,
        codes=" ".join(code for code in codes if code),
        title_x=title_x,
        authors_x=authors_x,
        subjects_x=subjects_x,
        publisher_x=publisher_x,
        other_x=other_x,
        tags=" ".join(
            _tags(
                year=record["year"],
                language=record["language"],
                material_type=record["material_type"],
                subjects=subject_lines,
                copies=copies,
                kinds=kinds,
            )
        ),
        shelf=" ".join(shelf_tags(copies, kinds)),
        year=record["year"],
        newest_on=max(
            (copy.acquired_on for copy in copies if copy.acquired_on is not None),
            default=clock.local_date(record["created_at"]),
        ),
    )


def _tags(
    *,
    year: int | None,
    language: str,
    material_type: str,
    subjects: list[str],
    copies: list[Copy],
    kinds: dict[int, str],
) -> list[str]:
    tags = [ALL_TAG]
    if year is not None:
        tags.append(year_tag(year))
    if language:
        tags.append(language_tag(language))
    if material_type:
        tags.append(material_type_tag(material_type))
    tags.extend(subject_tag(heading) for heading in subjects)
    tags.extend(copy_tags(copies, kinds))
    return list(dict.fromkeys(tags))


def copy_tags(copies: Iterable[Copy], kinds: dict[int, str]) -> list[str]:
    """The full-text tags that follow the copies: which libraries hold the title, and their
    kinds. Held by the owner and by the library where the copy is now (a rotation box, a
    transfer). They change when a copy is added, moved or leaves the collection, never at a
    loan or a return."""
    tags: list[str] = []
    for copy in copies:
        for library_id in (copy.home_library_id, copy.current_library_id):
            tags.append(held_tag(library_id))
            tags.append(held_kind_tag(kinds.get(library_id, "")))
    return list(dict.fromkeys(tags))


def shelf_tags(copies: Iterable[Copy], kinds: dict[int, str]) -> list[str]:
    """Where the title is on a shelf now (SearchDocument.shelf): the library a copy on the
    shelf is at, that library's kind, and "anywhere". A library (or kind) with a copy on its
    shelf always holds the title, so a filter by these is the held tag in the full-text match
    and this check on the rows it finds."""
    tags: list[str] = []
    for copy in copies:
        if copy.status == ItemStatus.AVAILABLE:
            tags.append(available_tag(copy.current_library_id))
            tags.append(available_kind_tag(kinds.get(copy.current_library_id, "")))
            tags.append(ANY_AVAILABLE_TAG)
    return list(dict.fromkeys(tags))


# The tags copy_tags writes (h<id>, hk<kind>); never a record's own (all, y<year>,
# l<language>, m<material>, s<subject>).
_COPY_TAG = re.compile(r"^_(?:h\d+|hk\S*)$")


def is_copy_tag(tag: str) -> bool:
    return _COPY_TAG.match(tag) is not None


def copies_of(bib_ids: Sequence[int]) -> tuple[dict[int, list[Copy]], dict[int, str]]:
    """The copies of `bib_ids` that count (not withdrawn or lost), and their libraries' kinds."""
    copies: dict[int, list[Copy]] = defaultdict(list)
    for bib_id, home, current, status, acquired_on in (
        Item.objects.filter(bib_id__in=bib_ids)
        .exclude(status__in=GONE_STATUSES)
        .values_list("bib_id", "home_library_id", "current_library_id", "status", "acquired_on")
    ):
        copies[bib_id].append(Copy(home, current, status, acquired_on))
    library_ids = {
        library_id
        for held in copies.values()
        for copy in held
        for library_id in (copy.home_library_id, copy.current_library_id)
    }
    kinds = (
        dict(Library.objects.filter(pk__in=library_ids).values_list("pk", "kind"))
        if library_ids
        else {}
    )
    return copies, kinds
