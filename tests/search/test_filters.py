"""Filters, facets, sorts and pages over the search catalogue (see conftest for its copies)."""

from __future__ import annotations

import pytest

from libnet.core import text
from libnet.search import engine
from libnet.search.errors import SearchRefused
from tests.search.conftest import BOOKS, run, titles

pytestmark = pytest.mark.django_db


def found(query: str = "", **options) -> set[str]:
    return set(titles(run(query, page_size=100, **options)))


def facet(result: engine.SearchResult, name: str) -> dict[str, int]:
    return {value.value: value.count for value in result.facets[name]}


# ---------------------------------------------------------------- libraries and availability


def test_available_now_keeps_records_with_a_copy_on_a_shelf(catalogue):
    # Đất rừng phương Nam: one copy on loan, one withdrawn. Tắt đèn is on the bookcase's shelf.
    assert found(available=True) == {
        "Số đỏ",
        "Sổ đỏ",
        "Truyện Kiều",
        "Dế Mèn phiêu lưu ký",
        "Tắt đèn",
    }


def test_a_library_filter_covers_the_libraries_below_it(catalogue):
    assert found(library_codes=("SL-TANLAP",)) == {
        "Số đỏ",
        "Sổ đỏ",
        "Dế Mèn phiêu lưu ký",
        "Đất rừng phương Nam",
        "Tắt đèn",  # owned by the province, at the bookcase below Tân Lập
    }


def test_without_the_subtree_a_library_filter_is_that_library_only(catalogue):
    assert found(library_codes=("SL-TANLAP",), include_subtree=False) == {
        "Số đỏ",
        "Sổ đỏ",
        "Dế Mèn phiêu lưu ký",
        "Đất rừng phương Nam",
    }


def test_a_withdrawn_copy_does_not_make_a_library_hold_the_title(catalogue):
    held_by_province = found(library_codes=("SL-TVT",), include_subtree=False)
    assert held_by_province == {"Số đỏ", "Truyện Kiều", "Tắt đèn"}


def test_available_at_a_library_means_on_a_shelf_there_or_below(catalogue):
    # Số đỏ's Tân Lập copy is on loan; its provincial copies do not count here.
    assert found(library_codes=("SL-TANLAP",), available=True) == {
        "Sổ đỏ",
        "Dế Mèn phiêu lưu ký",
        "Tắt đèn",
    }


def test_library_codes_are_read_in_any_case_and_combine(catalogue):
    assert found(library_codes=("sl-thcs-tanlap", "SL-TANLAP-TS1")) == {
        "Truyện Kiều",
        "Dế Mèn phiêu lưu ký",
        "Tắt đèn",
    }


def test_a_kind_of_library_filters_by_the_libraries_of_that_kind(catalogue):
    assert found(library_kind="school_lower_secondary") == {"Truyện Kiều", "Dế Mèn phiêu lưu ký"}
    assert found(library_kind="commune", available=True) == {"Sổ đỏ", "Dế Mèn phiêu lưu ký"}
    assert found(library_codes=("SL-TVT",), library_kind="community_bookcase") == {"Tắt đèn"}


def test_an_unknown_library_or_kind_or_sort_is_refused(catalogue):
    with pytest.raises(SearchRefused) as unknown_library:
        run("kieu", library_codes=("SL-NOWHERE",))
    assert unknown_library.value.code == "unknown_library"
    with pytest.raises(SearchRefused) as unknown_kind:
        run("kieu", library_kind="castle")
    assert unknown_kind.value.code == "unknown_kind"
    with pytest.raises(SearchRefused) as unknown_sort:
        run("kieu", sort="price")
    assert unknown_sort.value.code == "unknown_sort"
    with pytest.raises(SearchRefused):
        run("kieu", year_from=2020, year_to=2010)


def test_other_filters_language_type_subject_years(catalogue):
    assert found(language="eng") == {"The Tale of Kieu"}
    assert found(query="kieu", language="vie") == {"Truyện Kiều"}
    assert len(found(material_type="text")) == len(BOOKS)
    assert found(subject="Văn học thiếu nhi") == {"Dế Mèn phiêu lưu ký", "Đất rừng phương Nam"}
    assert found(subject="van hoc thieu nhi") == {"Dế Mèn phiêu lưu ký", "Đất rừng phương Nam"}
    assert found(year_from=2020) == {"Dế Mèn phiêu lưu ký", "Kỹ thuật trồng lúa"}
    assert found(query="year:2010..", year_to=2012) == {
        "Chí Phèo",
        "Đường Kách mệnh",
        "Tôi thấy hoa vàng trên cỏ xanh",
    }
    assert found(query="year:2016", year_from=2017) == set()


# ---------------------------------------------------------------- facets


def test_facets_count_the_records_found(catalogue):
    result = run()
    assert facet(result, "library") == {
        "SL-TVT": 3,
        "SL-TANLAP": 4,
        "SL-THCS-TANLAP": 2,
        "SL-TANLAP-TS1": 1,
    }
    assert facet(result, "library_kind") == {
        "provincial": 3,
        "commune": 4,
        "school_lower_secondary": 2,
        "community_bookcase": 1,
    }
    assert facet(result, "available") == {"true": 5}
    assert facet(result, "language") == {"vie": len(BOOKS) - 1, "eng": 1}
    assert facet(result, "material_type") == {"text": len(BOOKS)}
    assert facet(result, "year")["2019"] == 3
    subjects = facet(result, "subject")
    assert subjects["Văn học Việt Nam"] == 9
    assert subjects["Tiểu thuyết"] == 4


def test_facets_follow_the_query_and_its_filters(catalogue):
    result = run("nguyen du")
    assert facet(result, "language") == {"vie": 1, "eng": 1}
    assert facet(result, "library") == {"SL-TVT": 1, "SL-THCS-TANLAP": 1}
    at_commune = run(library_codes=("SL-TANLAP",), available=True)
    assert facet(at_commune, "available") == {"true": 3}
    assert [
        value.label for value in at_commune.facets["library"] if value.value == "SL-TANLAP"
    ] == ["Thư viện xã Tân Lập"]


def test_a_facet_value_is_a_filter_that_finds_its_count(catalogue):
    result = run()
    for value in result.facets["subject"][:5]:
        assert run(subject=value.value).total == value.count
    for value in result.facets["library"]:
        assert run(library_codes=(value.value,), include_subtree=False).total == value.count


# ---------------------------------------------------------------- sorts and pages


def test_sort_by_title_follows_vietnamese_order(catalogue):
    listed = titles(run("class:895.922", sort="title", page_size=50))
    assert listed == text.vietnamese_sorted(listed)
    assert listed.index("Dế Mèn phiêu lưu ký") < listed.index("Đất rừng phương Nam")  # d < đ


def test_sort_by_year_puts_the_latest_first(catalogue):
    years = [hit.year for hit in run("class:895.922", sort="year", page_size=50).hits]
    assert years == sorted(years, reverse=True)


def test_sort_by_newest_follows_the_latest_copy_acquired(catalogue):
    assert titles(run(available=True, sort="newest")) == [
        "Dế Mèn phiêu lưu ký",
        "Truyện Kiều",
        "Số đỏ",
        "Sổ đỏ",
        "Tắt đèn",
    ]
    # Without words there is nothing to rank: relevance lists the newest.
    assert titles(run(available=True)) == titles(run(available=True, sort="newest"))


def test_pages_split_the_results_and_keep_the_total(catalogue):
    everything = titles(run("class:895.922", sort="title", page_size=50))
    pages = [run("class:895.922", sort="title", page=page, page_size=5) for page in (1, 2, 3)]
    assert [result.total for result in pages] == [len(everything)] * 3
    assert [title for result in pages for title in titles(result)] == everything
    assert titles(run("class:895.922", page=99)) == []


def test_page_size_is_capped(catalogue):
    assert run(page_size=1000).page_size == engine.MAX_PAGE_SIZE
    assert run(page=0, page_size=0).page == 1


def test_past_the_candidate_cap_the_total_is_counted_and_pages_still_work(catalogue, settings):
    full = titles(run("class:895.922", sort="title", page_size=50))
    settings.LIBNET_SEARCH_CANDIDATES = 4
    result = run("class:895.922", sort="title", page=2, page_size=3)
    assert result.total == len(full)
    assert result.candidates == 4
    assert titles(result) == full[3:6]


def test_availability_counts_copies_where_they_are_now(catalogue):
    bibs = catalogue.bibs
    held = engine.availability([bibs["Số đỏ"].pk, bibs["Tắt đèn"].pk, bibs["Bỉ vỏ"].pk])
    # In Vietnamese order of names: "Thư viện tỉnh…" before "Thư viện xã…".
    so_do = [(place.library_code, place.available, place.total) for place in held[bibs["Số đỏ"].pk]]
    assert so_do == [("SL-TVT", 2, 2), ("SL-TANLAP", 0, 1)]
    assert [(place.library_code, place.available) for place in held[bibs["Tắt đèn"].pk]] == [
        ("SL-TANLAP-TS1", 1)
    ]
    assert bibs["Bỉ vỏ"].pk not in held
