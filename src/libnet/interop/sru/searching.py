"""A searchRetrieve run through the catalogue's one search engine, and its records written in
the schema asked for, with the copies of every record library by library."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from libnet.catalog.models import BibRecord
from libnet.interop import records
from libnet.interop.sru import cql
from libnet.interop.sru.errors import SruDiagnostic
from libnet.interop.sru.protocol import DUBLIN_CORE, SruRequest
from libnet.interop.sru.responses import Page
from libnet.search import engine, services

# SRU's Dublin Core schema (info:srw/schema/1/dc-v1.1) wraps the elements in this element.
SRW_DC_NS = "info:srw/schema/1/dc-schema"


def search(request: SruRequest, *, record_url: Callable[[int], str]) -> Page:
    """Run the request's CQL query as the public catalogue runs a search (the same folding,
    ranking and totals) and return the page of records it asks for.

    Raises SruDiagnostic for a query that cannot be searched, and PastTheEnd for a
    startRecord past the last record found; neither counts a lookup.
    `record_url(record_id)` is a record's public page, for Dublin Core's identifier.
    """
    parsed = cql.translate(request.query)
    result = engine.search(
        engine.SearchRequest(
            parsed=parsed,
            offset=request.start_record - 1,
            # Without records to give (maximumRecords=0: how many match?), a page of one is
            # the least the engine reads.
            page_size=max(request.maximum_records, 1),
        )
    )
    hit_ids = [hit.bib_id for hit in result.hits][: request.maximum_records]
    page = Page(
        total=result.total,
        total_is_exact=result.total_is_exact,
        first=request.start_record,
        records=(),
    )
    if request.start_record > result.total and result.total > 0:
        raise PastTheEnd(page)
    # One search by another catalogue is one lookup (lượt tra cứu) of the network's
    # catalogue, as one call of the JSON search API is.
    services.count_lookup(None)
    if not hit_ids:
        return page
    return Page(
        total=page.total,
        total_is_exact=page.total_is_exact,
        first=page.first,
        records=record_texts(hit_ids, request, record_url=record_url),
    )


class PastTheEnd(SruDiagnostic):
    """startRecord is past the last record found: diagnostic 61, with the count."""

    def __init__(self, page: Page) -> None:
        super().__init__("first_record_out_of_range", details=str(page.first), count=page.total)
        self.page = page


def record_texts(
    bib_ids: Sequence[int], request: SruRequest, *, record_url: Callable[[int], str]
) -> list[str]:
    """The records `bib_ids`, in this order, as XML in the request's schema: MARCXML with an
    852 per copy (owner, where it is now, status), or SRU's Dublin Core."""
    wanted = BibRecord.objects.all()
    if request.schema is not DUBLIN_CORE:
        wanted = wanted.only("marc_json")  # the record is its MARC; the columns are extracts
    bibs = wanted.in_bulk(list(bib_ids))
    found = [bibs[bib_id] for bib_id in bib_ids if bib_id in bibs]
    if request.schema is DUBLIN_CORE:
        return [
            f'<srw_dc:dc xmlns:srw_dc="{SRW_DC_NS}" xmlns:dc="{records.DC_NS}">'
            + records.dublin_core_xml(records.dublin_core(bib, record_url=record_url(bib.pk)))
            + "</srw_dc:dc>"
            for bib in found
        ]
    copies = records.copies_by_record([bib.pk for bib in found])
    return [
        records.marcxml(
            records.marc_record(bib, holdings="availability", copies=copies.get(bib.pk, []))
        ).decode("utf-8")
        for bib in found
    ]
