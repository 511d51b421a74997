"""Lending and returning keep the OPAC's "available now" right, and write to the index only
when the answer changes (search.index.copy_changed)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from libnet.catalog import services as catalog_services
from libnet.circulation import services
from libnet.search import engine
from libnet.search.models import SearchDocument
from tests.factories import PatronFactory, make_marc


def search(**options) -> list[str]:
    result = engine.search(engine.SearchRequest(q="so do", page_size=100, **options))
    return [hit.title for hit in result.hits]


def at_commune() -> list[str]:
    return search(library_codes=("SL-TANLAP",), available=True)


def writes_to_the_index(queries: CaptureQueriesContext) -> list[str]:
    table = SearchDocument._meta.db_table
    return [
        query["sql"]
        for query in queries.captured_queries
        if table in query["sql"] and not query["sql"].lstrip().upper().startswith("SELECT")
    ]


def test_lending_one_of_two_copies_on_the_shelf_leaves_the_index_alone(lan, minh, province, at):
    desk = province["commune"]
    bib = catalog_services.create_record(marc_record=make_marc(title="Số đỏ"), by=lan.user)
    first = catalog_services.add_item(bib=bib, library=desk, by=lan.user, barcode="SA0001")
    second = catalog_services.add_item(bib=bib, library=desk, by=lan.user, barcode="SA0002")
    reader = PatronFactory(home_library=desk)
    tags = SearchDocument.objects.get(bib_id=bib.pk).tags
    with CaptureQueriesContext(connection) as lending:
        services.checkout_item(item=first, patron=reader, desk=desk, by=minh.user, at=at)
    assert writes_to_the_index(lending) == []
    assert SearchDocument.objects.get(bib_id=bib.pk).tags == tags
    assert at_commune() == ["Số đỏ"]  # the other copy is still on the shelf
    with CaptureQueriesContext(connection) as returning:
        services.checkin_item(item=first, desk=desk, by=minh.user, at=at)
    assert writes_to_the_index(returning) == []
    assert at_commune() == ["Số đỏ"]
    services.checkout_item(item=second, patron=reader, desk=desk, by=minh.user, at=at)
    assert at_commune() == ["Số đỏ"]


def test_lending_the_last_copy_on_a_shelf_takes_the_title_off_and_returning_puts_it_back(
    lan, minh, province, at
):
    desk = province["commune"]
    bib = catalog_services.create_record(marc_record=make_marc(title="Số đỏ"), by=lan.user)
    here = catalog_services.add_item(bib=bib, library=desk, by=lan.user, barcode="SA0001")
    catalog_services.add_item(bib=bib, library=province["provincial"], by=lan.user, barcode="SA9")
    reader = PatronFactory(home_library=desk)
    assert at_commune() == ["Số đỏ"]
    assert search(library_kind="commune", available=True) == ["Số đỏ"]
    with CaptureQueriesContext(connection) as lending:
        services.checkout_item(item=here, patron=reader, desk=desk, by=minh.user, at=at)
    (write,) = writes_to_the_index(lending)
    # One plain column: the record's full-text entry (and its triggers) is left alone.
    assert "shelf" in write
    assert "tags" not in write
    assert "title" not in write
    assert at_commune() == []
    assert search(library_codes=("SL-TANLAP",)) == ["Số đỏ"]  # still held there
    assert search(library_kind="commune", available=True) == []
    assert search(available=True) == ["Số đỏ"]  # on the provincial library's shelf
    services.checkin_item(item=here, desk=desk, by=minh.user, at=at)
    assert at_commune() == ["Số đỏ"]
    assert search(library_kind="commune", available=True) == ["Số đỏ"]


def test_the_only_copy_anywhere_lent_and_returned(lan, minh, province, at):
    desk = province["commune"]
    bib = catalog_services.create_record(marc_record=make_marc(title="Số đỏ"), by=lan.user)
    only = catalog_services.add_item(bib=bib, library=desk, by=lan.user, barcode="SA0001")
    reader = PatronFactory(home_library=desk)
    services.checkout_item(item=only, patron=reader, desk=desk, by=minh.user, at=at)
    assert search(available=True) == []
    assert search() == ["Số đỏ"]
    services.checkin_item(item=only, desk=desk, by=minh.user, at=at)
    assert search(available=True) == ["Số đỏ"]
    document = SearchDocument.objects.get(bib_id=bib.pk)
    assert document.shelf.split().count("_aany") == 1
    assert "_aany" not in document.tags.split()  # outside the full-text index
