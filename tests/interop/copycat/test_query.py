"""What a cataloguer types becomes one query per protocol: PQF with Bib-1 attributes for
Z39.50, CQL for SRU; an ISBN is checked before anything is sent."""

from __future__ import annotations

import pytest

from libnet.interop.copycat import query
from libnet.interop.copycat.errors import CopyCatalogueRefused


@pytest.mark.parametrize(
    ("field", "typed", "pqf", "cql"),
    [
        # Both forms of the ISBN, either may be in the other catalogue's record.
        (
            "isbn",
            "2-222-03050-1",
            '@or @attr 1=7 "2222030501" @attr 1=7 "9782222030508"',
            'bath.isbn="2222030501" or bath.isbn="9782222030508"',
        ),
        # A 979 ISBN has no ten-digit form.
        ("isbn", "979-10-90636-07-1", '@attr 1=7 "9791090636071"', 'bath.isbn="9791090636071"'),
        # Every word of a title, punctuation dropped, Vietnamese kept as typed (NFC).
        (
            "title",
            "Truyện  Kiều:",
            '@and @attr 1=4 "Truyện" @attr 1=4 "Kiều"',
            'dc.title="Truyện" and dc.title="Kiều"',
        ),
        # An inverted name ("Nguyễn, Du") finds the same words as the direct order.
        (
            "author",
            "Nguyễn, Du",
            '@and @attr 1=1003 "Nguyễn" @attr 1=1003 "Du"',
            'dc.creator="Nguyễn" and dc.creator="Du"',
        ),
        # A quote or backslash cannot end the term early.
        ("title", 'a"b', '@and @attr 1=4 "a" @attr 1=4 "b"', 'dc.title="a" and dc.title="b"'),
    ],
)
def test_a_search_in_each_protocols_query_language(field, typed, pqf, cql):
    search = query.make_search(field, typed)
    assert query.pqf(search) == pqf
    assert query.cql(search) == cql


def test_decomposed_vietnamese_is_sent_composed():
    search = query.make_search("title", "Kie\u0302\u0300u")
    assert search.terms == ("Kiều",)


@pytest.mark.parametrize(
    ("field", "typed", "code"),
    [
        ("isbn", "978-604-1-00000-2", "invalid_isbn"),
        ("isbn", "abc", "invalid_isbn"),
        ("title", "   ", "empty_term"),
        ("author", "—:;", "empty_term"),
        ("title", "x" * 201, "term_too_long"),
    ],
)
def test_a_term_that_cannot_be_searched_is_refused_before_sending(field, typed, code):
    with pytest.raises(CopyCatalogueRefused) as refused:
        query.make_search(field, typed)
    assert refused.value.code == code


def test_a_long_title_is_searched_by_its_first_words():
    search = query.make_search("title", " ".join(f"w{n}" for n in range(20)))
    assert len(search.terms) == query.MAX_WORDS
