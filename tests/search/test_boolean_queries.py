"""OR and NOT in the engine: a query read by another door (the SRU server's CQL) as a boolean
clause over the reader's own terms, on SQLite and PostgreSQL, ranked as a reader's search is.
"""

from __future__ import annotations

import pytest

from libnet.search import documents, engine
from libnet.search.query import Boolean, ParsedQuery, Tags, positive_terms, read_term
from tests.search.conftest import titles

pytestmark = pytest.mark.django_db


def word(field: str, value: str, *, phrase: bool = False):
    term = read_term(field, value, quoted=phrase)
    assert term is not None
    return term


def where(clause, **options) -> engine.SearchResult:
    parsed = ParsedQuery(terms=positive_terms(clause), where=clause)
    return engine.search(engine.SearchRequest(parsed=parsed, page_size=50, **options))


def years(first: int, last: int) -> Tags:
    return Tags(tuple(documents.year_tag(year) for year in range(first, last + 1)))


@pytest.fixture(params=["bm25", "common words"])
def ranking_path(request, settings):
    """Each case on FTS5's bm25 and on SQLite's path for searches of common words."""
    from django.db import connection

    from libnet.search.backends import sqlite

    if request.param == "common words":
        if connection.vendor != "sqlite":
            pytest.skip("SQLite's path for common words")
        settings.LIBNET_SEARCH_COMMON_WORDS = 0
    sqlite.forget_frequencies()
    yield request.param
    sqlite.forget_frequencies()


def test_or_finds_either_title(catalogue, ranking_path):
    clause = Boolean("or", word("title", "kiều"), word("title", "tắt đèn", phrase=True))
    found = titles(where(clause))
    assert set(found) == {"Truyện Kiều", "The Tale of Kieu", "Tắt đèn"}
    assert found.index("Truyện Kiều") < found.index("The Tale of Kieu")  # the marks typed


def test_or_across_fields_finds_a_record_by_either(catalogue, ranking_path):
    clause = Boolean("or", word("author", "tô hoài", phrase=True), word("subject", "nhật ký"))
    assert sorted(titles(where(clause))) == ["Dế Mèn phiêu lưu ký", "Nhật ký Đặng Thùy Trâm"]


def test_not_leaves_out_what_its_right_side_matches(catalogue, ranking_path):
    clause = Boolean("not", word("author", "nguyễn"), word("title", "hoa"))
    found = titles(where(clause))
    assert "Tôi thấy hoa vàng trên cỏ xanh" not in found
    assert {"Truyện Kiều", "Cho tôi xin một vé đi tuổi thơ"} <= set(found)


def test_a_record_matching_both_sides_of_or_ranks_first(catalogue, ranking_path):
    """ "Số đỏ" has both words in its title; the other matches have one of them."""
    clause = Boolean("or", word("any", "số"), word("any", "đỏ"))
    found = titles(where(clause))
    assert found[0] == "Số đỏ"
    assert set(found[:2]) == {"Số đỏ", "Sổ đỏ"}


def test_years_inside_or_are_matched_by_their_tags(catalogue, ranking_path):
    clause = Boolean("or", years(2020, 2021), word("title", "kiều"))
    assert sorted(titles(where(clause))) == sorted(
        ["Dế Mèn phiêu lưu ký", "Kỹ thuật trồng lúa", "Truyện Kiều", "The Tale of Kieu"]
    )


def test_every_record_but_some(catalogue):
    everything = Tags((documents.ALL_TAG,))
    result = where(Boolean("not", everything, word("subject", "văn học")))
    assert result.total == len(titles(result))
    assert "Số đỏ" not in titles(result)
    assert "Kỹ thuật trồng lúa" in titles(result)


def test_boolean_query_keeps_the_filters(catalogue):
    """The library filter still narrows: Tân Lập commune holds both, but no Truyện Kiều."""
    clause = Boolean("or", word("title", "số"), word("title", "kiều"))
    result = where(clause, library_codes=("SL-TANLAP",), include_subtree=False)
    assert set(titles(result)) == {"Sổ đỏ", "Số đỏ"}


def test_a_plain_and_of_terms_is_the_readers_search(catalogue):
    """Built by hand or typed in the OPAC, the same terms give the same order and scores."""
    typed = engine.search(engine.SearchRequest(q="truyen kieu nguyen du"))
    parsed = engine.search(
        engine.SearchRequest(
            parsed=ParsedQuery(
                terms=tuple(word("any", value) for value in ("truyen", "kieu", "nguyen", "du"))
            )
        )
    )
    assert [(hit.bib_id, hit.score) for hit in parsed.hits] == [
        (hit.bib_id, hit.score) for hit in typed.hits
    ]


def test_an_offset_starts_the_page_anywhere(catalogue):
    whole = engine.search(engine.SearchRequest(q="văn học", page_size=10))
    shifted = engine.search(engine.SearchRequest(q="văn học", page_size=3, offset=2))
    assert [hit.bib_id for hit in shifted.hits] == [hit.bib_id for hit in whole.hits[2:5]]


def test_positive_terms_leave_out_what_not_excludes():
    first, second, third = word("any", "a1"), word("any", "b2"), word("any", "c3")
    clause = Boolean("or", first, Boolean("not", second, third))
    assert positive_terms(clause) == (first, second)
