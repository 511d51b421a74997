"""Running a reader's search through the engine, with where each title can be found.

The engine (libnet.search) ranks and counts; this module turns the search form into its
request and joins each hit with the libraries that hold a copy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from libnet.catalog.models import BibRecord
from libnet.opac.forms import SearchForm
from libnet.search.engine import (
    Availability,
    Hit,
    SearchRequest,
    SearchResult,
    availability,
    search,
)

PAGE_SIZE = 20
# An export is a reading list, not a copy of the catalogue.
EXPORT_LIMIT = 1000
EXPORT_PAGE_SIZE = 100
PLACES_SHOWN_PER_HIT = 3


def search_request(form: SearchForm, *, page: int, page_size: int = PAGE_SIZE) -> SearchRequest:
    """Translate a valid search form into the engine's request."""
    data = form.cleaned_data
    query = data.get("q") or ""
    # Without words there is nothing to rank: a browse by subject or library reads A to Z.
    sort = data.get("sort") or ("relevance" if query else "title")
    return SearchRequest(
        q=query,
        library_codes=form.library_codes,
        # A reader who picks a library wants what is on its shelves, not its whole subtree:
        # the facet counts and the library's own page count that library alone.
        include_subtree=False,
        library_kind=data.get("kind") or "",
        year_from=data.get("year_from"),
        year_to=data.get("year_to"),
        language=data.get("language") or "",
        material_type=data.get("type") or "",
        subject=data.get("subject") or "",
        available=bool(data.get("available")),
        sort=sort,
        page=page,
        page_size=page_size,
    )


@dataclass(frozen=True)
class HitWithPlaces:
    """A search hit and the libraries where a reader may find it."""

    hit: Hit
    places: list[Availability]  # libraries with a copy on the shelf now, the first few
    more_places: int  # further libraries with a copy on the shelf now
    copies: int
    available: int


def _places(
    holdings: Sequence[Availability], library_codes: Sequence[str]
) -> tuple[list[Availability], int]:
    on_shelf = [held for held in holdings if held.available]
    # The libraries the reader filtered on come first: that is where they want to go.
    on_shelf.sort(key=lambda held: held.library_code not in library_codes)
    return on_shelf[:PLACES_SHOWN_PER_HIT], max(len(on_shelf) - PLACES_SHOWN_PER_HIT, 0)


def hits_with_places(result: SearchResult, library_codes: Sequence[str]) -> list[HitWithPlaces]:
    held_by_bib = availability([hit.bib_id for hit in result.hits])
    rows = []
    for hit in result.hits:
        holdings = held_by_bib.get(hit.bib_id, [])
        places, more = _places(holdings, library_codes)
        rows.append(
            HitWithPlaces(
                hit=hit,
                places=places,
                more_places=more,
                copies=sum(held.total for held in holdings),
                available=sum(held.available for held in holdings),
            )
        )
    return rows


@dataclass(frozen=True)
class ExportList:
    records: list[BibRecord]
    holdings: dict[int, list[Availability]]
    total: int  # everything the search found; `records` stops at EXPORT_LIMIT


def export_list(form: SearchForm) -> ExportList:
    """Return the records of a search, in its order, up to EXPORT_LIMIT, with their holdings."""
    bib_ids: list[int] = []
    total = 0
    page = 1
    while len(bib_ids) < EXPORT_LIMIT:
        request = search_request(form, page=page, page_size=EXPORT_PAGE_SIZE)
        # The list's header gives the number found: count every match once.
        result = search(replace(request, exact_total=page == 1))
        total = result.total if page == 1 else total
        bib_ids.extend(hit.bib_id for hit in result.hits)
        if not result.hits or page * EXPORT_PAGE_SIZE >= result.total:
            break
        page += 1
    bib_ids = list(dict.fromkeys(bib_ids))[:EXPORT_LIMIT]
    records = BibRecord.objects.in_bulk(bib_ids)
    held_by_bib = availability(bib_ids)
    return ExportList(
        records=[records[bib_id] for bib_id in bib_ids if bib_id in records],
        holdings=held_by_bib,
        total=total,
    )
