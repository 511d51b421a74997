"""Full-text search of the pages of digital objects: the port search offers the digital library.

The digital library (above search, DESIGN.md §2) calls `index_page` whenever a page's text
changes (OCR, or a Hán-Nôm transcription typed by staff), `set_object_record` when an
object is attached to another record, and `remove_object` when an object goes. Hits name the
page by its id (`page_id`), which reordering an object's pages does not change. Page texts
live in their own table (PageText) with their own full-text index, never in the
catalogue's: the catalogue's ranking of titles is untouched by them.

Text is folded exactly as the catalogue's (analysis.py: no marks, đ/Đ/Ð → d), so "lang"
finds "làng" and "dong" finds "đồng". `page_hits` finds the pages of some objects (or some
records) that hold every word of a reader's query, with a snippet each; fields of the
catalogue's query language (title:, author:, …) are about records and are left out here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection, transaction

from libnet.core import text as core_text
from libnet.search import analysis
from libnet.search.backends.postgres import term_query
from libnet.search.errors import QuerySyntaxError
from libnet.search.models import PageText
from libnet.search.query import ANY, Term, parse

# Pages found per search, at most (a reader reads the first few; the rest is one more word).
MAX_HITS = 200
# Words of a snippet around its first hit: before it, and in all.
SNIPPET_BEFORE = 8
SNIPPET_WORDS = 30


@dataclass(frozen=True)
class SnippetPart:
    text: str
    is_hit: bool


@dataclass(frozen=True)
class PageHit:
    """A page holding every word of the query, with a short passage around the first of them
    (`snippet`: plain text parts, the hits marked, for the template to escape). `sequence` is
    the page's number when its text was indexed."""

    page_id: int
    object_id: int
    sequence: int
    record_id: int | None
    snippet: tuple[SnippetPart, ...]


@transaction.atomic
def index_page(
    *, page_id: int, object_id: int, sequence: int, record_id: int | None, text: str
) -> None:
    """Write the text of page `page_id` (page `sequence` of object `object_id`) into the page
    index; an empty text takes the page out of it."""
    text = core_text.nfc(text or "")
    if not text.strip():
        PageText.objects.filter(page_id=page_id).delete()
        return
    folded = " ".join(analysis.folded_tokens(text))
    PageText.objects.update_or_create(
        page_id=page_id,
        defaults={
            "object_id": object_id,
            "sequence": sequence,
            "record_id": record_id,
            "text": text,
            "folded": folded,
        },
    )


def remove_page(*, page_id: int) -> None:
    """Take page `page_id` out of the page index."""
    PageText.objects.filter(page_id=page_id).delete()


def set_object_record(*, object_id: int, record_id: int | None) -> None:
    """Tell the page index that object `object_id` now describes record `record_id`."""
    PageText.objects.filter(object_id=object_id).update(record_id=record_id)


def remove_object(*, object_id: int) -> None:
    """Take every page of object `object_id` out of the page index."""
    PageText.objects.filter(object_id=object_id).delete()


# Pages re-folded per statement during a rebuild.
REBUILD_CHUNK = 500


def rebuild() -> int:
    """Make the page index again from the page texts it holds; return the pages indexed.

    Each page's folded words are made again from its text (a migration may change the
    folding: search/operations.py asks for `libnet reindex`), then the engine's index from
    every page: SQLite's FTS5 table from its content table, PostgreSQL's tsvectors by their
    trigger. Run by `index.rebuild`, in its transaction."""
    ids = list(PageText.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), REBUILD_CHUNK):
        chunk = PageText.objects.filter(pk__in=ids[start : start + REBUILD_CHUNK])
        changed = []
        for page in chunk.only("pk", "text", "folded"):
            folded = " ".join(analysis.folded_tokens(page.text))
            if folded != page.folded:
                page.folded = folded
                changed.append(page)
        PageText.objects.bulk_update(changed, ["folded"])
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("INSERT INTO search_page_fts(search_page_fts) VALUES ('rebuild')")
        elif connection.vendor == "postgresql":
            cursor.execute("UPDATE search_pagetext SET folded = folded")  # the trigger's work
    return len(ids)


def page_terms(query: str) -> tuple[Term, ...]:
    """The terms of a reader's query that page text can match: words and phrases in any field
    (a title: or year: term is about the record). A query that cannot be read has none."""
    try:
        parsed = parse(query)
    except QuerySyntaxError:
        return ()
    return tuple(term for term in parsed.terms if term.field == ANY and term.folded)


def page_hits(
    query: str,
    *,
    object_ids: Iterable[int] | None = None,
    record_ids: Iterable[int] | None = None,
    anywhere: bool = False,
    first_records: Iterable[int] = (),
    limit: int = MAX_HITS,
) -> list[PageHit]:
    """The pages of `object_ids` (or of the objects of `record_ids`, or of any object with
    `anywhere`: the caller keeps those the asker may see) holding every word of `query`, best
    first, at most `limit`; the pages of `first_records` before the others. One query.
    Nothing asked for: no page."""
    terms = page_terms(query)
    if not terms:
        return []
    column: str | None = None
    wanted: list[int] = []
    if object_ids is not None or record_ids is not None:
        column, ids = (
            ("object_id", object_ids) if object_ids is not None else ("record_id", record_ids)
        )
        wanted = sorted({int(value) for value in ids or ()})
        if not wanted:
            return []
    elif not anywhere:
        return []
    first = sorted({int(value) for value in first_records})
    if connection.vendor == "postgresql":
        rows = _postgres_rows(terms, column, wanted, first, limit)
    else:
        rows = _sqlite_rows(terms, column, wanted, first, limit)
    return [
        PageHit(
            page_id=page_id,
            object_id=object_id,
            sequence=sequence,
            record_id=record_id,
            snippet=snippet(page_text, terms),
        )
        for page_id, object_id, sequence, record_id, page_text in rows
    ]


def _fts5_expression(terms: Sequence[Term]) -> str:
    # Tokens are letters and digits only (analysis.py): nothing to escape inside the quotes.
    return " AND ".join(
        f'"{" ".join(term.folded)}"' + ("*" if term.prefix else "") for term in terms
    )


def _marks(values: Sequence[int]) -> str:
    return ", ".join(["%s"] * len(values))


def _sqlite_rows(
    terms: Sequence[Term], column: str | None, ids: list[int], first: list[int], limit: int
) -> list[tuple[int, int, int, int | None, str]]:
    scope = f" AND p.{column} IN ({_marks(ids)})" if column else ""
    order = f"(p.record_id IN ({_marks(first)})) DESC, " if first else ""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.page_id, p.object_id, p.sequence, p.record_id, p.text FROM search_page_fts"
            " JOIN search_pagetext p ON p.id = search_page_fts.rowid"
            f" WHERE search_page_fts MATCH %s{scope}"
            f" ORDER BY {order}search_page_fts.rank, p.object_id, p.sequence LIMIT %s",
            [_fts5_expression(terms), *ids, *first, limit],
        )
        return [tuple(row) for row in cursor.fetchall()]


def _postgres_rows(
    terms: Sequence[Term], column: str | None, ids: list[int], first: list[int], limit: int
) -> list[tuple[int, int, int, int | None, str]]:
    tsquery = " & ".join(term_query(term, weighted=False) for term in terms)
    scope, params = (f" AND {column} = ANY(%s)", [ids]) if column else ("", [])
    order, order_params = (
        ("coalesce(record_id = ANY(%s), false) DESC, ", [first]) if first else ("", [])
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT page_id, object_id, sequence, record_id, text FROM search_pagetext"
            f" WHERE folded_v @@ %s::tsquery{scope}"
            f" ORDER BY {order}ts_rank(folded_v, %s::tsquery) DESC, object_id, sequence"
            " LIMIT %s",
            [tsquery, *params, *order_params, tsquery, limit],
        )
        return [tuple(row) for row in cursor.fetchall()]


def is_hit(word: str, terms: Sequence[Term]) -> bool:
    """Whether `word` (a word of a page, as OCR or a typist wrote it) is one the query looks
    for: one of its folded tokens is a query word, or begins a query prefix."""
    tokens = analysis.folded_tokens(word)
    for term in terms:
        for index, wanted in enumerate(term.folded):
            last_prefix = term.prefix and index == len(term.folded) - 1
            for token in tokens:
                if token == wanted or (last_prefix and token.startswith(wanted)):
                    return True
    return False


def hit_words(words: Sequence[str], query: str) -> list[int]:
    """The positions in `words` of the words `query` looks for (to mark them on the image)."""
    terms = page_terms(query)
    if not terms:
        return []
    return [index for index, word in enumerate(words) if is_hit(word, terms)]


def snippet(page_text: str, terms: Sequence[Term]) -> tuple[SnippetPart, ...]:
    """A passage of `page_text` around its first hit: about SNIPPET_WORDS words, hits marked."""
    words = page_text.split()
    hits = [index for index, word in enumerate(words) if is_hit(word, terms)]
    start = max(0, hits[0] - SNIPPET_BEFORE) if hits else 0
    end = min(len(words), start + SNIPPET_WORDS)
    hit_set = set(hits)
    parts: list[SnippetPart] = []
    if start > 0:
        parts.append(SnippetPart("… ", False))
    for index in range(start, end):
        separator = " " if index < end - 1 else ""
        if index in hit_set:
            parts.append(SnippetPart(words[index], True))
            if separator:
                parts.append(SnippetPart(separator, False))
        elif parts and not parts[-1].is_hit:
            parts[-1] = SnippetPart(parts[-1].text + words[index] + separator, False)
        else:
            parts.append(SnippetPart(words[index] + separator, False))
    if end < len(words):
        parts.append(SnippetPart(" …", False))
    return tuple(parts)
