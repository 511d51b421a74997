"""The query language, read without a database: what each form of search text means."""

from __future__ import annotations

import pytest

from libnet.search import analysis
from libnet.search.query import QuerySyntaxError, Term, parse
from libnet.search.suggest import edit_distance


def term(field: str, *words: str, prefix: bool = False, exact: tuple[str, ...] = ()) -> Term:
    return Term(field=field, folded=tuple(words), exact=exact or tuple(words), prefix=prefix)


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("kieu", [term("any", "kieu")]),
        ("Kiều", [term("any", "kieu", exact=("kiều",))]),
        ("ĐẤT", [term("any", "dat", exact=("đất",))]),
        ("ÐẤT", [term("any", "dat", exact=("đất",))]),  # Ð U+00D0 reads as Đ in both forms
        ('"số đỏ"', [term("any", "so", "do", exact=("số", "đỏ"))]),
        ("Dế-Mèn", [term("any", "de", "men", exact=("dế", "mèn"))]),  # one word, two tokens
        ("truy*", [term("any", "truy", prefix=True)]),
        ('"truyện ki"*', [term("any", "truyen", "ki", prefix=True, exact=("truyện", "ki"))]),
        ("title:kieu", [term("title", "kieu")]),
        ("TITLE:kieu", [term("title", "kieu")]),
        ("title: kieu", [term("title", "kieu")]),
        ('title:"truyen kieu"', [term("title", "truyen", "kieu")]),
        ("tácgiả:du", [term("author", "du")]),
        ("tac-gia:du", [term("author", "du")]),
        ("nxb:tre", [term("publisher", "tre")]),
        ("chude:tho", [term("subject", "tho")]),
        (
            "Kiều: tập 1",
            [
                term("any", "kieu", exact=("kiều",)),
                term("any", "tap", exact=("tập",)),
                term("any", "1"),
            ],
        ),
        ("http://example.org", [term("any", "http", "example", "org")]),  # one word: a phrase
        ("isbn:978-604-1-00001-8", [term("isbn", "9786041000018")]),
        ("isbn:604-1-00001-9", [term("isbn", "9786041000018")]),
        ("978 604 1 00001 8", [term("any", n) for n in ("978", "604", "1", "00001", "8")]),
        ("9786041000018", [term("isbn", "9786041000018")]),
        ("issn:0317-8471", [term("isbn", "03178471")]),
        ("0317-8471", [term("isbn", "03178471")]),
        ("class:895.922", [term("class", "895922", prefix=True)]),
        ("895.9223", [term("any", "8959223")]),
    ],
)
def test_a_search_reads_as(query, terms):
    assert list(parse(query).terms) == terms


@pytest.mark.parametrize(
    ("query", "year_from", "year_to"),
    [
        ("year:2015", 2015, 2015),
        ("year:2010..2020", 2010, 2020),
        ("year:2010-2020", 2010, 2020),
        ("year:2010..", 2010, None),
        ("year:..1975", None, 1975),
        ("nam:2000.. year:..2010", 2000, 2010),  # two year terms narrow each other
        ("year:2000..2020 year:2010..2030", 2010, 2020),
    ],
)
def test_years_and_ranges(query, year_from, year_to):
    parsed = parse(query)
    assert (parsed.year_from, parsed.year_to) == (year_from, year_to)
    assert not parsed.terms


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ('"số đỏ', "unbalanced_quote"),
        ('so "do', "unbalanced_quote"),
        ("title:", "empty_field"),
        ("title:   ", "empty_field"),
        ('title:""', "empty_field"),
        ("class:.", "empty_field"),
        ("year:", "empty_field"),
        ("year:abc", "bad_year"),
        ("year:..", "bad_year"),
        ("year:2020..2010", "bad_year"),
        ("year:2000.. year:..1990", "bad_year"),
        ("isbn:123", "bad_isbn"),
        ("isbn:978-604-1-00001-9", "bad_isbn"),  # wrong check digit
        ("k*", "short_prefix"),
        ("đ*", "short_prefix"),
        ("!!!", "nothing_to_search"),
        (" ".join(["sách"] * 40), "too_long"),
        ("a" * 1001, "too_long"),
    ],
)
def test_what_cannot_be_read_is_refused_with_a_reason(query, reason):
    with pytest.raises(QuerySyntaxError) as refused:
        parse(query)
    assert refused.value.code == "query_syntax"
    assert refused.value.reason == reason
    assert refused.value.status == 400
    assert refused.value.message


def test_every_reason_has_a_message():
    for reason, message in QuerySyntaxError.messages.items():
        assert str(message), reason


def test_an_empty_search_is_a_browse():
    assert parse("").terms == ()
    assert parse("   ").terms == ()


@pytest.mark.parametrize(
    ("value", "folded", "exact"),
    [
        ("Đường Kách Mệnh", ["duong", "kach", "menh"], ["đường", "kách", "mệnh"]),
        (
            "Nguyễn, Du, 1765-1820",
            ["nguyen", "du", "1765", "1820"],
            ["nguyễn", "du", "1765", "1820"],
        ),
        ("Tập 2.5 (tái bản)", ["tap", "25", "tai", "ban"], ["tập", "25", "tái", "bản"]),
        ("snake_case", ["snake", "case"], ["snake", "case"]),
    ],
)
def test_text_becomes_the_same_tokens_in_both_forms(value, folded, exact):
    assert analysis.folded_tokens(value) == folded
    assert analysis.exact_tokens(value) == exact


@pytest.mark.parametrize(
    ("first", "second", "distance"),
    [
        ("kieu", "kieu", 0),
        ("kieuu", "kieu", 1),
        ("kiue", "kieu", 1),  # two letters swapped
        ("truyen", "truyenn", 1),
        ("truyen", "tuyen", 1),
        ("phiue", "phieu", 1),
        ("abc", "xyz", 2),  # capped at limit + 1
    ],
)
def test_edit_distance(first, second, distance):
    assert edit_distance(first, second, 1) == distance
