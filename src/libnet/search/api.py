"""GET /api/v1/search: the public catalogue search as JSON.

No login: the catalogue is public. The answer holds catalogue data and copy counts per
library only, never a reader, a loan, a barcode or a price. Each request counts as one
lookup (lượt tra cứu) for the library searched in, or for the network.
"""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.renderers import JSONRenderer

from libnet.core.api_errors import ErrorOut
from libnet.core.inputs import YEAR_MAX, YEAR_MIN
from libnet.core.schemas import Code, InputSchema, IntRange, PageParam, TextRules
from libnet.search import engine, query, services

YearParam = Annotated[int, IntRange(YEAR_MIN, YEAR_MAX, from_text=True)]

router = Router(tags=["search"], auth=None)


class SearchParams(InputSchema):
    q: Annotated[str, TextRules(max_length=query.MAX_QUERY_LENGTH)] = ""
    # Library codes, separated by commas; each covers its subtree.
    library: Annotated[str, TextRules(max_length=1000)] = ""
    subtree: bool = True
    kind: Code = ""
    year_from: YearParam | None = None
    year_to: YearParam | None = None
    language: Code = ""
    type: Code = ""  # material type: text, serial, map…
    subject: Annotated[str, TextRules(max_length=300)] = ""
    available: bool = False
    sort: Code = "relevance"
    page: PageParam = 1
    # Larger pages are cut to engine.MAX_PAGE_SIZE.
    page_size: PageParam = 20
    exact_total: bool = False


class AvailabilityOut(Schema):
    library: str
    name: str
    available: int
    total: int


class HitOut(Schema):
    id: int
    title: str
    authors: list[str]
    isbn: str
    year: int | None
    score: float
    availability: list[AvailabilityOut]


class FacetValueOut(Schema):
    value: str
    label: str
    count: int


class SearchRefusalOut(ErrorOut):
    """A search that cannot be run: `query_syntax` (with `reason`), `unknown_library`,
    `unknown_kind`, `unknown_sort`, `bad_year_range`."""

    reason: str | None = Field(
        None, description="For query_syntax: what is wrong (unbalanced_quote, bad_year…)."
    )


class SearchOut(Schema):
    total: int
    # "eq": `total` is exact; "gte": at least `total` records match (a relevance search
    # past the rank cap; send exact_total=true to count them all).
    total_relation: str
    page: int
    page_size: int
    results: list[HitOut]
    facets: dict[str, list[FacetValueOut]]
    suggestions: list[str]


@router.get("", response={200: SearchOut, 400: SearchRefusalOut}, summary="Search the catalogue")
def search(request: HttpRequest, params: Query[SearchParams]) -> HttpResponse:
    """Search the union catalogue; the query language is described in libnet.search.query.

    `page_size` is capped at 100. `total` is exact unless `total_relation` is "gte": a
    relevance search matching more records than the rank cap counts them only with
    `exact_total=true`. A query that cannot be read is a 400 with code
    `query_syntax`; an unknown library code, kind or sort a 400 too.
    """
    codes = tuple(code.strip() for code in params.library.split(",") if code.strip())
    result = engine.search(
        engine.SearchRequest(
            q=params.q,
            library_codes=codes,
            include_subtree=params.subtree,
            library_kind=params.kind,
            year_from=params.year_from,
            year_to=params.year_to,
            language=params.language,
            material_type=params.type,
            subject=params.subject,
            available=params.available,
            sort=params.sort,
            page=params.page,
            page_size=params.page_size,
            exact_total=params.exact_total,
        )
    )
    services.count_lookup(codes[0] if len(codes) == 1 else None)
    held = engine.availability([hit.bib_id for hit in result.hits])
    # Rendered here: ninja's check of each hit against SearchOut was a share of every
    # search. SearchOut still documents the answer, and a test validates answers against it.
    body = {
        "total": result.total,
        "total_relation": "eq" if result.total_is_exact else "gte",
        "page": result.page,
        "page_size": result.page_size,
        "results": [engine.hit_as_dict(hit, held.get(hit.bib_id, [])) for hit in result.hits],
        "facets": {
            name: [{"value": v.value, "label": v.label, "count": v.count} for v in values]
            for name, values in result.facets.items()
        },
        "suggestions": result.suggestions,
    }
    return HttpResponse(
        JSONRenderer().render(request, body, response_status=200),
        content_type=JSONRenderer.media_type,
    )
