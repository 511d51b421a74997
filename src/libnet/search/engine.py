"""Search the union catalogue: ranked hits, facets, did-you-mean, and where copies are.

`search` runs one ranked, capped query in the engine of the database in use. What the
reader sees is drawn from its result:

- **Candidates.** The engine returns the best `SEARCH_CANDIDATES` matches (100 by default,
  five pages of twenty; setting LIBNET_SEARCH_CANDIDATES) in the order asked for. Pages inside them are slices;
  a page past them runs the same query with an offset.
- **Total.** Exact when the engine scored every match (below the rank cap: nearly every
  search a reader makes) or the order is not relevance (one COUNT over the same match).
  Past the rank cap a relevance search reports the cap as a lower bound ("more than
  10,000"), as Elasticsearch does by default (track_total_hits): an exact COUNT of a word
  in a third of a million-record catalogue costs as much as a good part of the search. Ask
  for `exact_total` to pay for it.
- **Ranking** scores at most LIBNET_SEARCH_RANK_CAP matches (10,000), the newest, or for a
  search of common words LIBNET_SEARCH_COMMON_RANK_CAP (500): see backends/base.py.
- **Facets** are counted over the candidates, not over every match: "in the best 100
  results, 56 are in Vietnamese" (Koha counts facets over its first results too, the
  maxRecordsForFacets preference). With fewer matches than the cap (nearly every search a
  reader makes) they are exact.
- **Hits** read title, authors, ISBN and year for the page only; `availability` reads the
  copies of the page's records only.

Library filters cover the library's subtree by default: the provincial library and every
library below it. A copy counts for the library that owns it and for the one it is at now.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from libnet.catalog.models import BibRecord, Item, ItemStatus
from libnet.network import selectors as network_selectors
from libnet.network.models import Library, LibraryKind
from libnet.search import analysis, documents, facets, ranking, rows, suggest
from libnet.search.backends import SORTS, Plan, get_backend
from libnet.search.errors import SearchRefused
from libnet.search.facets import FacetValue
from libnet.search.query import ANY, ParsedQuery, Term, parse

DEFAULT_CANDIDATES = 100
MAX_PAGE_SIZE = 100
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class SearchRequest:
    """What a reader or a client asks for. `library_codes` with `include_subtree` covers each
    library and every library below it."""

    q: str = ""
    library_codes: tuple[str, ...] = ()
    include_subtree: bool = True
    library_kind: str = ""
    year_from: int | None = None
    year_to: int | None = None
    language: str = ""
    material_type: str = ""
    subject: str = ""
    available: bool = False
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20
    # Count every match even past the rank cap (one more pass over the matches).
    exact_total: bool = False
    # A query another door has already read (the SRU server's CQL): searched instead of `q`.
    parsed: ParsedQuery | None = None
    # The first hit to return, counted from 0, instead of the start of `page`.
    offset: int | None = None


@dataclass(frozen=True)
class Hit:
    bib_id: int
    score: float
    title: str
    authors: list[str]
    isbn: str
    year: int | None
    # The title, HTML-escaped, with <mark> around the words the search matched.
    highlight_title: str


@dataclass(frozen=True)
class SearchResult:
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    suggestions: list[str]
    page: int
    page_size: int
    candidates: int = 0  # how many matches the facets were counted over
    # The order is the best of the newest `ranked_within` matches only (backends/base.py).
    ranked_within: int | None = None
    # False when `total` is a lower bound: more records match (see the module docstring).
    total_is_exact: bool = True


@dataclass(frozen=True)
class Availability:
    """Copies of a record at one library (where they are now), and how many are on the shelf."""

    library_code: str
    library_name: str
    available: int
    total: int


def candidate_cap() -> int:
    return int(getattr(settings, "LIBNET_SEARCH_CANDIDATES", DEFAULT_CANDIDATES))


def search(request: SearchRequest) -> SearchResult:
    """Search the catalogue. Raises QuerySyntaxError for a query it cannot read and
    SearchRefused for a filter or sort naming nothing libnet knows."""
    page = max(int(request.page), 1)
    page_size = min(max(int(request.page_size), 1), MAX_PAGE_SIZE)
    if request.sort not in SORTS:
        raise SearchRefused("unknown_sort", sort=request.sort)
    years = (request.year_from, request.year_to)
    if years[0] is not None and years[1] is not None and years[0] > years[1]:
        raise SearchRefused("bad_year_range", year_from=years[0], year_to=years[1])
    parsed = request.parsed if request.parsed is not None else parse(request.q)
    plan, available_ids, impossible = _plan(request, parsed)
    empty = SearchResult(
        total=0, hits=[], facets={}, suggestions=[], page=page, page_size=page_size
    )
    if impossible:
        return empty
    backend = get_backend()
    cap = candidate_cap()
    relevance_capped = False
    ranked_within = 0
    total_known = True
    if plan.sort == "relevance" and plan.terms:
        ranked = backend.ranked(plan, limit=cap)
        relevance_capped = not ranked.complete
        ranked_within = ranked.scored
        candidates = ranking.rerank(ranked.candidates, parsed)
        if ranked.total is not None:
            total = ranked.total
        elif relevance_capped and request.exact_total:
            total = backend.count(plan)
        else:
            total = ranked.scored
        total_known = not relevance_capped or ranked.total is not None or request.exact_total
    else:
        candidates = backend.candidates(plan, limit=cap)
        # Fewer candidates than the cap: they are every match. Otherwise count them.
        total = len(candidates) if len(candidates) < cap else backend.count(plan)
    start = max(int(request.offset), 0) if request.offset is not None else (page - 1) * page_size
    if start + page_size <= cap:
        page_rows = candidates[start : start + page_size]
    else:
        page_rows = backend.candidates(plan, limit=page_size, offset=start)
    suggestions: list[str] = []
    # Did-you-mean rewrites the reader's text; a query read elsewhere has none.
    if total == 0 and parsed.has_terms and request.parsed is None:
        suggestions = suggest.suggestions(
            request.q,
            parsed,
            is_found=lambda query: _finds_anything(request, query),
            frequency=lambda word: backend.count(Plan(terms=(Term(ANY, (word,), (word,)),))),
        )
    return SearchResult(
        total=total,
        hits=_hits(page_rows, parsed),
        facets=facets.count_facets(
            [bib_id for bib_id, _score in candidates], available_library_ids=available_ids
        ),
        suggestions=suggestions,
        page=page,
        page_size=page_size,
        candidates=len(candidates),
        ranked_within=ranked_within if relevance_capped else None,
        total_is_exact=total_known,
    )


def _finds_anything(request: SearchRequest, query: str) -> bool:
    plan, _available, impossible = _plan(request, parse(query))
    return not impossible and bool(get_backend().candidates(plan, limit=1))


def _plan(request: SearchRequest, parsed: ParsedQuery) -> tuple[Plan, frozenset[int] | None, bool]:
    """Return the engine's plan, the libraries whose shelves "available" means (None: any),
    and whether nothing can match (a library filter that covers no library)."""
    groups: list[tuple[str, ...]] = []
    shelf_groups: list[tuple[str, ...]] = []
    available_ids: frozenset[int] | None = None
    impossible = False
    if request.library_kind and request.library_kind not in LibraryKind.values:
        raise SearchRefused("unknown_kind", kind=request.library_kind)
    if request.library_codes:
        library_ids = _library_ids(request)
        if not library_ids:
            impossible = True
        available_ids = library_ids
        # On a shelf there means held there: the held tags narrow the full-text match, the
        # shelf column is checked on what it finds.
        groups.append(tuple(documents.held_tag(library_id) for library_id in sorted(library_ids)))
        if request.available:
            shelf_groups.append(
                tuple(documents.available_tag(library_id) for library_id in sorted(library_ids))
            )
    elif request.library_kind:
        available_ids = frozenset(
            Library.objects.filter(kind=request.library_kind).values_list("pk", flat=True)
        )
        groups.append((documents.held_kind_tag(request.library_kind),))
        if request.available:
            shelf_groups.append((documents.available_kind_tag(request.library_kind),))
    elif request.available:
        shelf_groups.append((documents.ANY_AVAILABLE_TAG,))
    if request.language:
        groups.append((documents.language_tag(request.language),))
    if request.material_type:
        groups.append((documents.material_type_tag(request.material_type),))
    if request.subject:
        groups.append((documents.subject_tag(request.subject),))
    # The filter and the query's year: narrow each other.
    starts = [year for year in (request.year_from, parsed.year_from) if year is not None]
    ends = [year for year in (request.year_to, parsed.year_to) if year is not None]
    year_from = max(starts) if starts else None
    year_to = min(ends) if ends else None
    if year_from is not None and year_to is not None and year_from > year_to:
        impossible = True
    # Without words there is nothing to rank: "relevance" lists the newest first.
    sort = request.sort if parsed.has_terms or request.sort != "relevance" else "newest"
    plan = Plan(
        terms=parsed.terms,
        where=parsed.where,
        tag_groups=tuple(groups),
        shelf_groups=tuple(shelf_groups),
        year_from=year_from,
        year_to=year_to,
        sort=sort,
    )
    return plan, available_ids, impossible


def _library_ids(request: SearchRequest) -> frozenset[int]:
    """The ids of the libraries the request's codes cover (with subtrees, of the right kind)."""
    codes = {code.strip().upper() for code in request.library_codes if code.strip()}
    found = dict(Library.objects.filter(code__in=codes).values_list("code", "pk"))
    for code in sorted(codes):
        if code not in found:
            raise SearchRefused("unknown_library", code=code)
    library_ids = set(found.values())
    if request.include_subtree:
        library_ids = network_selectors.subtree_ids(library_ids)
    if request.library_kind:
        library_ids = set(
            Library.objects.filter(pk__in=library_ids, kind=request.library_kind).values_list(
                "pk", flat=True
            )
        )
    return frozenset(library_ids)


def _hits(page_rows: Sequence[tuple[int, float]], parsed: ParsedQuery) -> list[Hit]:
    ids = [bib_id for bib_id, _score in page_rows]
    records = {
        row[0]: row
        for row in rows.columns_of(BibRecord, ["title", "authors", "isbns", "year"], ids)
    }
    words = {
        token
        for term in parsed.terms
        if term.field not in {"isbn", "class"}
        for token in term.folded
    }
    prefixes = tuple(term.folded[-1] for term in parsed.terms if term.prefix)
    hits: list[Hit] = []
    for bib_id, score in page_rows:
        record = records.get(bib_id)
        if record is None:  # deleted by hand since it was indexed; `libnet reindex` tidies up
            continue
        _pk, title, authors, isbns, year = record
        hits.append(
            Hit(
                bib_id=bib_id,
                score=round(score, 4),
                title=title,
                authors=[line for line in authors.splitlines() if line],
                isbn=next((line for line in isbns.splitlines() if line), ""),
                year=year,
                highlight_title=highlight(title, words, prefixes),
            )
        )
    return hits


def highlight(title: str, words: set[str], prefixes: tuple[str, ...] = ()) -> SafeString:
    """Return `title` HTML-escaped with <mark> around each word whose folded form is one of
    `words` or begins with one of `prefixes`."""
    parts: list[str] = []
    position = 0
    for match in _WORD.finditer(title):
        folded = analysis.fold_token(match.group())  # cached: titles repeat their words
        if folded in words or (prefixes and folded.startswith(prefixes)):
            parts.append(escape(title[position : match.start()]))
            parts.append(f"<mark>{escape(match.group())}</mark>")
            position = match.end()
    parts.append(escape(title[position:]))
    # Every piece above went through escape().
    return mark_safe("".join(parts))


def availability(bib_ids: Sequence[int]) -> dict[int, list[Availability]]:
    """Return, for each record, its copies by the library where they are now, with how many
    are on the shelf. Withdrawn and lost copies are left out. One query, in Vietnamese order
    of library names (plain SQL: it runs for every page of results)."""
    if not bib_ids:
        return {}
    quote = connection.ops.quote_name
    items, libraries = quote(Item._meta.db_table), quote(Library._meta.db_table)
    gone = sorted(documents.GONE_STATUSES)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT i.bib_id, l.code, l.name, COUNT(*),"
            f" SUM(CASE WHEN i.status = %s THEN 1 ELSE 0 END)"
            f" FROM {items} i JOIN {libraries} l ON l.id = i.current_library_id"
            f" WHERE i.bib_id IN ({', '.join(['%s'] * len(bib_ids))})"
            f" AND i.status NOT IN ({', '.join(['%s'] * len(gone))})"
            " GROUP BY i.bib_id, l.id, l.code, l.name, l.sort_key"
            " ORDER BY i.bib_id, l.sort_key, l.code",
            [ItemStatus.AVAILABLE, *[int(pk) for pk in bib_ids], *gone],
        )
        found = cursor.fetchall()
    result: dict[int, list[Availability]] = {}
    for bib_id, code, name, total, available in found:
        result.setdefault(int(bib_id), []).append(
            Availability(
                library_code=code, library_name=name, available=int(available), total=int(total)
            )
        )
    return result


def hit_as_dict(hit: Hit, places: Sequence[Availability]) -> dict[str, object]:
    """A hit as the search API and `libnet search --json` give it: catalogue data and copy
    counts per library, nothing about readers or loans."""
    return {
        "id": hit.bib_id,
        "title": hit.title,
        "authors": hit.authors,
        "isbn": hit.isbn,
        "year": hit.year,
        "score": hit.score,
        "availability": [
            {
                "library": place.library_code,
                "name": place.library_name,
                "available": place.available,
                "total": place.total,
            }
            for place in places
        ],
    }
