"""CQL read into the search engine's own query: what each index, relation and boolean becomes,
and the diagnostic of the standard list for what cannot be searched."""

from __future__ import annotations

import pytest

from libnet.interop.sru import cql
from libnet.interop.sru.errors import NUMBERS, SruDiagnostic
from libnet.search import query
from libnet.search.query import Boolean, Tags


def terms(parsed: query.ParsedQuery) -> list[tuple[str, str, bool]]:
    """(field, folded words, prefix) of each term."""
    return [(term.field, " ".join(term.folded), term.prefix) for term in parsed.terms]


@pytest.mark.parametrize(
    ("cql_query", "expected"),
    [
        # A bare term is the OPAC's search of the same words, term for term.
        ('"truyện kiều"', [("any", "truyen", False), ("any", "kieu", False)]),
        ("kieu", [("any", "kieu", False)]),
        ('cql.anywhere = "so do"', [("any", "so", False), ("any", "do", False)]),
        ('cql.serverChoice all "so do"', [("any", "so", False), ("any", "do", False)]),
        # Fields.
        ('dc.title = "tắt đèn"', [("title", "tat", False), ("title", "den", False)]),
        ('dc.creator all "Nguyễn Du"', [("author", "nguyen", False), ("author", "du", False)]),
        ('dc.subject = "thiếu nhi"', [("subject", "thieu", False), ("subject", "nhi", False)]),
        ('dc.publisher = "Kim Đồng"', [("publisher", "kim", False), ("publisher", "dong", False)]),
        ("bath.isbn = 978-604-1-00001-8", [("isbn", "9786041000018", False)]),
        ("bath.isbn = 6041000019", [("isbn", "9786041000018", False)]),  # ISBN-10
        ("bath.issn = 1859-2171", [("isbn", "18592171", False)]),
        # Without a prefix: dc, then cql, then bath; any case.
        ('title = "số đỏ"', [("title", "so", False), ("title", "do", False)]),
        ("DC.Title ALL kieu", [("title", "kieu", False)]),
        ("isbn = 9786041000018", [("isbn", "9786041000018", False)]),
        # adj and == keep the words together; a trailing * is a prefix.
        ('dc.title adj "đất rừng"', [("title", "dat rung", False)]),
        ('dc.title == "đất rừng"', [("title", "dat rung", False)]),
        ("truy*", [("any", "truy", True)]),
        ('dc.title = "truyện ki*"', [("title", "truyen", False), ("title", "ki", True)]),
        ('dc.title adj "dế mèn phiêu*"', [("title", "de men phieu", True)]),
        # Harmless modifiers describe what the engine does anyway.
        ("dc.title =/relevant/ignoreAccents kieu", [("title", "kieu", False)]),
        # A prefix assigned in the query.
        ('> d = "info:srw/cql-context-set/1/dc-v1.1" d.title = kieu', [("title", "kieu", False)]),
        ('> "info:srw/cql-context-set/1/dc-v1.1" creator = du', [("author", "du", False)]),
        # AND of terms stays the OPAC's flat search.
        (
            'dc.title = kieu and dc.creator = "nguyễn du"',
            [("title", "kieu", False), ("author", "nguyen", False), ("author", "du", False)],
        ),
    ],
)
def test_a_query_reads_as(cql_query, expected):
    parsed = cql.translate(cql_query)
    assert terms(parsed) == expected
    assert parsed.where is None


@pytest.mark.parametrize(
    ("cql_query", "year_from", "year_to"),
    [
        ("dc.date = 2015", 2015, 2015),
        ("dc.date == 2015", 2015, 2015),
        ("dc.date > 2015", 2016, None),
        ("dc.date >= 2015", 2015, None),
        ("dc.date < 2015", None, 2014),
        ("dc.date <= 2015", None, 2015),
        ('dc.date within "2010 2020"', 2010, 2020),
        ("dc.date >= 2010 and dc.date <= 2020 and kieu", 2010, 2020),
    ],
)
def test_dates_are_a_year_range(cql_query, year_from, year_to):
    parsed = cql.translate(cql_query)
    assert (parsed.year_from, parsed.year_to) == (year_from, year_to)
    assert parsed.where is None


def test_or_and_not_make_a_boolean_clause_whose_positive_terms_rank():
    parsed = cql.translate('(dc.title = kieu or dc.creator = "tô hoài") not dc.subject = thơ')
    assert isinstance(parsed.where, Boolean)
    assert parsed.where.operator == "not"
    assert terms(parsed) == [
        ("title", "kieu", False),
        ("author", "to", False),
        ("author", "hoai", False),
    ]


def test_any_is_an_or_of_the_words():
    parsed = cql.translate('dc.title any "kieu den"')
    assert parsed.where == Boolean("or", parsed.terms[0], parsed.terms[1])


def test_a_year_inside_or_is_matched_by_year_tags_and_all_records_by_their_tag():
    parsed = cql.translate('dc.date within "2019 2020" or cql.allRecords = 1')
    assert parsed.where == Boolean("or", Tags(("_y2019", "_y2020")), Tags(("_all",)))


def test_all_records_alone_is_a_browse_of_everything():
    parsed = cql.translate("cql.allRecords = 1")
    assert parsed == query.ParsedQuery()


@pytest.mark.parametrize(
    ("cql_query", "code", "details"),
    [
        ("", "query_syntax", "empty query"),
        ("truyen kieu", "query_syntax", None),  # two bare words: CQL wants quotes
        ("kieu and", "query_syntax", None),
        ("(kieu", "parentheses", None),
        ("kieu)", "parentheses", None),
        ('"kieu', "quotes", "0"),
        ("x" * 1001, "query_too_long", "1000"),
        ("marc.245 = kieu", "unsupported_context_set", "marc"),
        (
            '> x = "info:example/other" x.title = kieu',
            "unsupported_context_set",
            "info:example/other",
        ),
        ("dc.rights = kieu", "unsupported_index", "dc.rights"),
        ("nguyen du kieu", "unsupported_index", "nguyen"),  # index nguyen, relation du
        ("dc.title <> kieu", "unsupported_relation", "<>"),
        ("dc.title encloses kieu", "unsupported_relation", "encloses"),
        ("dc.title foo kieu", "unsupported_relation", "foo"),
        ("dc.title < kieu", "unsupported_relation_for_index", "dc.title <"),
        ("bath.isbn adj 9786041000018", "unsupported_relation_for_index", "bath.isbn adj"),
        ("dc.title =/stem kieu", "unsupported_relation_modifier", "stem"),
        ("kieu prox den", "proximity_not_supported", "prox"),
        ("kieu and/foo den", "unsupported_boolean_modifier", "foo"),
        ('dc.title = ""', "empty_term", ""),
        ('dc.title = "–"', "empty_term", "–"),
        ("dc.title = " + "a" * 201, "term_too_long", "200"),
        ("ki*u", "masking_position", "ki*u"),
        ("*kieu", "masking_position", "*kieu"),
        ("k*", "masked_word_too_short", "2"),
        ("kie?", "masking_not_supported", "?"),
        ("bath.isbn = 978604*", "masking_not_supported", "*"),
        ("^kieu", "anchoring_not_supported", "^"),
        ("bath.isbn = 123", "bad_term", "bath.isbn 123"),
        ("dc.date = năm", "bad_term", "dc.date năm"),
        ('dc.date within "2020 2010"', "bad_term", "dc.date 2020 2010"),
        ("dc.date > 2010 or kieu", "query_feature_unsupported", "dc.date"),
        ("kieu sortby dc.title", "sort_not_supported", "sortBy"),
        (" and ".join(f"w{n}" for n in range(33)), "too_many_terms", "32"),
    ],
)
def test_what_cannot_be_searched_is_the_standard_diagnostic(cql_query, code, details):
    with pytest.raises(SruDiagnostic) as refused:
        cql.translate(cql_query)
    assert refused.value.code == code
    assert refused.value.uri == f"info:srw/diagnostic/1/{NUMBERS[code]}"
    if details is not None:
        assert refused.value.details == details


def test_every_diagnostic_has_a_number_and_a_message():
    assert set(NUMBERS) == set(SruDiagnostic.messages)


def test_escaped_masks_are_plain_characters():
    parsed = cql.translate(r'dc.title = "kieu\*"')
    assert terms(parsed) == [("title", "kieu", False)]


def test_the_parser_serves_every_thread():
    """ply's parser keeps state while it works: each thread has its own."""
    import threading

    found: list[object] = []
    thread = threading.Thread(target=lambda: found.append(cql.translate("kieu")))
    thread.start()
    thread.join()
    assert found == [cql.translate("kieu")]
