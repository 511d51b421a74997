"""The page-text index of the digital library: its own table, folded like the catalogue, and
never part of the catalogue's ranking."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from libnet.catalog import services
from libnet.search import engine
from libnet.search import pages as page_index
from libnet.search.models import PageText
from tests.factories import UserFactory, make_marc, make_province

PAGE = "Cây đa đầu làng, giếng nước sân đình.\nĐồng lúa quê hương Hà Nam xanh mướt."


@pytest.fixture
def records(db):
    province = make_province()
    lan = UserFactory(username="lan-pages")

    def record(title):
        return services.create_record(
            marc_record=make_marc(title=title, author="Nguyễn Văn Khoa", subjects=("Địa chí",)),
            by=lan,
            library=province["provincial"],
        )

    return {"title": record("Làng quê Hà Nam"), "pages": record("Địa chí tỉnh Sông Lam")}


def _sequences(query, **scope):
    return [(hit.object_id, hit.sequence) for hit in page_index.page_hits(query, **scope)]


def test_page_text_never_enters_the_catalogue_ranking(records):
    """A record whose title holds the word is found by the catalogue search; a record whose
    digitised pages only hold it is not (its pages are offered separately)."""
    page_index.index_page(
        page_id=703, object_id=7, sequence=3, record_id=records["pages"].pk, text=PAGE * 50
    )

    found = [hit.bib_id for hit in engine.search(engine.SearchRequest(q="lang")).hits]

    assert found == [records["title"].pk]
    hits = page_index.page_hits("lang", record_ids=[records["title"].pk, records["pages"].pk])
    assert [(hit.record_id, hit.sequence) for hit in hits] == [(records["pages"].pk, 3)]


@pytest.mark.parametrize(
    "query",
    ["lang", "LÀNG", "dong lua", "Ðồng", "đồng", '"dau lang"', "gie*", "ha nam xanh"],
)
def test_a_page_is_found_with_or_without_diacritics(db, query):
    page_index.index_page(page_id=101, object_id=1, sequence=1, record_id=None, text=PAGE)
    page_index.index_page(
        page_id=102, object_id=1, sequence=2, record_id=None, text="Một trang khác hẳn."
    )

    assert _sequences(query, object_ids=[1]) == [(1, 1)]


def test_words_out_of_order_are_not_a_phrase_and_record_fields_are_left_out(db):
    page_index.index_page(page_id=101, object_id=1, sequence=1, record_id=None, text=PAGE)

    assert _sequences('"lang dau"', object_ids=[1]) == []
    # title: and year: are about the record: with nothing else, no page is looked for.
    assert _sequences("title:lang year:2020", object_ids=[1]) == []
    assert _sequences("title:", object_ids=[1]) == []  # unreadable: no page, no error


def test_only_the_objects_asked_for_are_searched(db):
    page_index.index_page(page_id=101, object_id=1, sequence=1, record_id=None, text=PAGE)
    page_index.index_page(page_id=201, object_id=2, sequence=1, record_id=None, text=PAGE)

    assert _sequences("lang", object_ids=[2]) == [(2, 1)]
    assert _sequences("lang", object_ids=[]) == []
    assert _sequences("lang") == []


def test_new_text_replaces_the_old_and_empty_text_leaves_the_index(db):
    page_index.index_page(page_id=101, object_id=1, sequence=1, record_id=None, text=PAGE)
    page_index.index_page(page_id=101, object_id=1, sequence=1, record_id=None, text="Chùa Bà Đanh")

    assert _sequences("lang", object_ids=[1]) == []
    assert _sequences("chua ba danh", object_ids=[1]) == [(1, 1)]

    page_index.index_page(page_id=101, object_id=1, sequence=1, record_id=None, text="  ")
    assert _sequences("chua", object_ids=[1]) == []
    assert not PageText.objects.exists()


def test_an_object_attached_to_another_record_is_found_by_it(records):
    page_index.index_page(page_id=401, object_id=4, sequence=1, record_id=None, text=PAGE)

    page_index.set_object_record(object_id=4, record_id=records["pages"].pk)

    assert _sequences("lang", record_ids=[records["pages"].pk]) == [(4, 1)]
    page_index.remove_object(object_id=4)
    assert _sequences("lang", record_ids=[records["pages"].pk]) == []


def test_the_snippet_marks_the_words_found_around_the_first_hit(db):
    words = " ".join(f"chữ{number}" for number in range(40))
    page_index.index_page(
        page_id=101, object_id=1, sequence=1, record_id=None, text=f"{words} Đồng lúa {words}"
    )

    (hit,) = page_index.page_hits("dong", object_ids=[1])

    marked = [part.text for part in hit.snippet if part.is_hit]
    assert marked == ["Đồng"]
    text = "".join(part.text for part in hit.snippet)
    assert text.startswith("… ")
    assert text.endswith(" …")
    assert len(text.split()) <= page_index.SNIPPET_WORDS + 2


def test_the_pages_of_the_records_shown_come_first(db):
    """One query serves a result list: the pages of its records first, then the best others."""
    page_index.index_page(page_id=101, object_id=1, sequence=1, record_id=None, text=PAGE * 3)
    page_index.index_page(page_id=201, object_id=2, sequence=1, record_id=42, text=PAGE)

    assert _sequences("lang", anywhere=True, limit=1, first_records=[42]) == [(2, 1)]
    assert sorted(_sequences("lang", anywhere=True)) == [(1, 1), (2, 1)]


def test_libnet_reindex_folds_the_page_texts_again_and_rebuilds_their_index(db):
    """A migration that changes the folding asks for `libnet reindex`: the pages' folded words
    are made again from their text, and the engine's index from them."""
    page_index.index_page(page_id=201, object_id=2, sequence=1, record_id=None, text=PAGE)
    # As if written by an older folding, which kept the marks.
    PageText.objects.filter(page_id=201).update(folded="cây đa đầu làng")
    assert _sequences("dau lang", object_ids=[2]) == []

    out = io.StringIO()
    call_command("reindex", "--no-progress", "--workers", "0", stdout=out)

    assert "1 trang" in out.getvalue()
    assert _sequences("dau lang", object_ids=[2]) == [(2, 1)]
    assert _sequences("dong lua", object_ids=[2]) == [(2, 1)]
