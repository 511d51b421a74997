"""Build the search documents of catalogue records: their tokens and their filter tags.

Three queries for any number of records (records, copies, library kinds); no query per record.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from libnet.catalog import authority_selectors
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


class Copy(NamedTuple):
    """One copy as the index sees it: who owns it, where it is now, its status and age.

    A named tuple: a rebuild makes two and a half million of them. `acquired_on` is as the
    database gives it, a date or (SQLite) its ISO text: both sort as dates."""

    home_library_id: int
    current_library_id: int
    status: str
    acquired_on: dt.date | str | None


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
    "id",
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


# A document as a row: SearchDocument's columns by attname, in the table's order. The index
# builds, compares and writes rows (a rebuild handles a million of them, some built in other
# processes); `build_documents` makes instances of them for whoever wants one.
COLUMNS = tuple(field.attname for field in SearchDocument._meta.concrete_fields)
assert COLUMNS == (
    "bib_id",
    "title",
    "authors",
    "subjects",
    "publisher",
    "other",
    "codes",
    "title_x",
    "authors_x",
    "subjects_x",
    "publisher_x",
    "other_x",
    "tags",
    "shelf",
    "year",
    "newest_on",
), "_document builds its rows in this order"

Row = tuple[Any, ...]


def build_rows(bib_ids: Sequence[int]) -> list[Row]:
    """Return the search documents of the records `bib_ids` as rows (`COLUMNS`), from their
    columns and their copies as they are now; records that do not exist are left out."""
    if not bib_ids:
        return []
    # Plain SQL, like copies_of; `created_at` is read as the database gives it, and turned
    # into a datetime only for a record without copies (_newest_on).
    with plain_sql.cursor() as cursor:
        cursor.execute(
            plain_sql.select_in(BibRecord, _RECORD_FIELDS)
            + plain_sql.placeholders(len(bib_ids))
            + f" ORDER BY {plain_sql.column(BibRecord, 'id')}",
            list(bib_ids),
        )
        records = cursor.fetchall()
    copies, kinds = copies_of(bib_ids)
    forms = authority_selectors.heading_forms(bib_ids)
    return [
        _document(record, copies.get(record[0], []), kinds, forms.get(record[0], _NO_FORMS))
        for record in records
    ]


_NO_FORMS: tuple[list[str], list[str]] = ([], [])


def build_documents(bib_ids: Sequence[int]) -> list[SearchDocument]:
    """Return the search documents of the records `bib_ids`, as unsaved instances."""
    return [
        plain_sql.instance(SearchDocument, **dict(zip(COLUMNS, row, strict=True)))
        for row in build_rows(bib_ids)
    ]


def _document(
    record: tuple[Any, ...],
    copies: list[Copy],
    kinds: dict[int, str],
    heading_forms: tuple[list[str], list[str]],
) -> Row:
    """A record's row. `heading_forms`: the forms of the authorities its headings link to
    (names, subjects), searchable as its authors and subjects (not facets)."""
    (
        pk,
        title_value,
        authors_value,
        subjects_value,
        publisher_value,
        series,
        notes,
        isbns,
        issns,
        class_number,
        year,
        language,
        material_type,
        created_at,
    ) = record
    author_lines = _lines(authors_value)
    subject_lines = _lines(subjects_value)
    other_lines = _lines(series) + _lines(notes)
    codes = [token for isbn in _lines(isbns) for token in analysis.isbn_tokens(isbn)]
    codes += [analysis.compact_code(issn) for issn in _lines(issns)]
    if class_number:
        codes.append(analysis.compact_code(class_number))
    title, title_x = _both([title_value])
    names, subject_forms = heading_forms
    authors, authors_x = _both(_with_forms(author_lines, names), repeated=True)
    subjects, subjects_x = _both(_with_forms(subject_lines, subject_forms), repeated=True)
    publisher, publisher_x = _both([publisher_value], repeated=True)
    other, other_x = _both(other_lines)
    tags = _tags(
        year=year,
        language=language,
        material_type=material_type,
        subjects=subject_lines,
        copies=copies,
        kinds=kinds,
    )
    return (
        pk,
        title,
        authors,
        subjects,
        publisher,
        other,
        " ".join(code for code in codes if code),
        title_x,
        authors_x,
        subjects_x,
        publisher_x,
        other_x,
        " ".join(tags),
        " ".join(shelf_tags(copies, kinds)),
        year,
        _newest_on(copies, created_at),
    )


def _with_forms(lines: list[str], forms: list[str]) -> list[str]:
    """`lines` and the authority forms not among them already."""
    if not forms:
        return lines
    return list(dict.fromkeys([*lines, *forms]))


def _newest_on(copies: list[Copy], created_at: Any) -> dt.date:
    """When the title's newest copy was acquired; when it was catalogued, without copies
    (`created_at` as the database gives it)."""
    newest = max(
        (copy.acquired_on for copy in copies if copy.acquired_on is not None), default=None
    )
    if newest is None:
        # The ORM's own reading of the column (a Shape has the primary key first).
        catalogued = plain_sql.shape(BibRecord, ("id", "created_at")).values([0, created_at])[1]
        return clock.local_date(catalogued)
    return dt.date.fromisoformat(newest) if isinstance(newest, str) else newest


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
        tags += _held_tags(copy.home_library_id, kinds.get(copy.home_library_id, ""))
        if copy.current_library_id != copy.home_library_id:
            tags += _held_tags(copy.current_library_id, kinds.get(copy.current_library_id, ""))
    return list(dict.fromkeys(tags))


def shelf_tags(copies: Iterable[Copy], kinds: dict[int, str]) -> list[str]:
    """Where the title is on a shelf now (SearchDocument.shelf): the library a copy on the
    shelf is at, that library's kind, and "anywhere". A library (or kind) with a copy on its
    shelf always holds the title, so a filter by these is the held tag in the full-text match
    and this check on the rows it finds."""
    tags: list[str] = []
    for copy in copies:
        if copy.status == ItemStatus.AVAILABLE:
            tags += _available_tags(copy.current_library_id, kinds.get(copy.current_library_id, ""))
    return list(dict.fromkeys(tags))


@functools.lru_cache(maxsize=4096)
def _held_tags(library_id: int, kind: str) -> tuple[str, str]:
    return held_tag(library_id), held_kind_tag(kind)


@functools.lru_cache(maxsize=4096)
def _available_tags(library_id: int, kind: str) -> tuple[str, str, str]:
    return available_tag(library_id), available_kind_tag(kind), ANY_AVAILABLE_TAG


# The tags copy_tags writes (h<id>, hk<kind>); never a record's own (all, y<year>,
# l<language>, m<material>, s<subject>).
_COPY_TAG = re.compile(r"^_(?:h\d+|hk\S*)$")


def is_copy_tag(tag: str) -> bool:
    return _COPY_TAG.match(tag) is not None


def copies_of(bib_ids: Sequence[int]) -> tuple[dict[int, list[Copy]], dict[int, str]]:
    """The copies of `bib_ids` that count (not withdrawn or lost), and their libraries' kinds."""
    copies: dict[int, list[Copy]] = defaultdict(list)
    if not bib_ids:
        return copies, {}
    # Plain SQL (a rebuild reads millions of copies): the ORM's reading of each date was a
    # good share of it. `acquired_on` stays as the database gives it (see Copy).
    with plain_sql.cursor() as cursor:
        cursor.execute(
            _copies_sql()
            + plain_sql.placeholders(len(bib_ids))
            + f" ORDER BY {plain_sql.column(Item, 'id')}",
            [*_GONE, *bib_ids],
        )
        for bib_id, home, current, status, acquired_on in cursor.fetchall():
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


_GONE = sorted(str(status) for status in GONE_STATUSES)


@plain_sql.cached_sql
def _copies_sql() -> str:
    """The copies that count, of the records listed after it ("IN (…)" to be appended)."""
    column = functools.partial(plain_sql.column, Item)
    return (
        f"SELECT {column('bib')}, {column('home_library')}, {column('current_library')}, "
        f"{column('status')}, {column('acquired_on')} FROM {plain_sql.table(Item)} "
        f"WHERE {column('status')} NOT IN {plain_sql.placeholders(len(_GONE))} "
        f"AND {column('bib')} IN "
    )
