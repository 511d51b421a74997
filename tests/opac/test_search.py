"""Bình searches the catalogue: results, facets, filters, suggestions, lookups, exports."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse

from libnet.catalog import services
from libnet.search.models import LookupCount
from tests.factories import make_marc

pytestmark = pytest.mark.django_db


def _search(client, **params):
    return client.get(reverse("opac:search"), params)


def _lookups() -> dict[str | None, int]:
    return {
        (row.library.code if row.library else None): row.count
        for row in LookupCount.objects.select_related("library")
    }


def _hrefs(page: str) -> list[str]:
    return [href.replace("&amp;", "&") for href in re.findall(r'href="([^"]+)"', page)]


def test_search_without_accents_finds_the_record_highlighted_with_where_it_is_free(
    client, catalogue
):
    response = _search(client, q="so do")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Tìm thấy 1 nhan đề" in page
    assert f'<a href="/record/{catalogue["so_do"].pk}"><mark>Số</mark> <mark>đỏ</mark></a>' in page
    where = page[page.index('class="hit-where"') :]
    where = where[: where.index("</p>")]
    assert "Sẵn sàng" in where
    assert where.index("Thư viện tỉnh Sông Lam") < where.index("Thư viện xã Tân Lập")


def test_each_search_counts_one_lookup_for_the_network_or_the_library_searched(client, catalogue):
    _search(client, q="so do")
    _search(client, q="so do", page="2")
    _search(client, q="so do", library="SL-TANLAP")
    assert _lookups() == {None: 2, "SL-TANLAP": 1}


def test_empty_search_offers_browsing_and_counts_no_lookup(client, catalogue):
    page = _search(client).content.decode()
    assert 'id="subjects-heading"' in page
    assert 'id="new-books-heading"' in page
    assert 'href="/libraries?kind=commune"' in page
    assert _lookups() == {}


def test_library_facet_link_filters_and_its_chip_removes_the_filter(client, catalogue):
    page = _search(client, q="văn học").content.decode()
    assert "Tìm thấy 3 nhan đề" in page
    library_link = next(href for href in _hrefs(page) if "library=SL-THCS-TANLAP" in href)
    filtered = client.get(reverse("opac:search") + library_link).content.decode()
    assert "Tìm thấy 1 nhan đề" in filtered
    assert "Dế Mèn phiêu lưu ký" in filtered
    assert "Số đỏ</a>" not in filtered
    # The chip names the library and links back to the unfiltered search.
    chip = re.search(r'<a class="chip chip-remove" href="([^"]+)"[^>]*>([^<]+)</a>', filtered)
    assert chip is not None
    assert chip.group(2) == "Thư viện Trường THCS Tân Lập"
    assert "library=" not in chip.group(1)
    assert "q=v%C4%83n+h%E1%BB%8Dc" in chip.group(1)


def test_subject_link_of_a_record_lists_the_records_with_that_subject(client, catalogue):
    record_page = client.get(reverse("opac:record", args=[catalogue["so_do"].pk])).content.decode()
    subject_link = next(
        href
        for href in _hrefs(record_page)
        if "subject=V%C4%83n%20h%E1%BB%8Dc%20Vi%E1%BB%87t" in href
    )
    page = client.get(subject_link).content.decode()
    assert "Tìm thấy 2 nhan đề" in page  # Số đỏ and Truyện Kiều
    assert "Chủ đề: Văn học Việt Nam" in page


def test_available_now_and_year_filters_narrow_the_results(client, catalogue):
    page = _search(client, q="văn học", available="1").content.decode()
    assert "Tìm thấy 2 nhan đề" in page  # Truyện Kiều has no copy at all
    page = _search(client, q="văn học", year_from="2016", year_to="2016").content.decode()
    assert "Tìm thấy 1 nhan đề" in page


def test_language_and_type_facets_speak_the_readers_language(client, catalogue):
    page = _search(client, q="văn học").content.decode()
    assert "Tiếng Việt" in page
    assert re.search(r"<span>Sách</span><span class=\"facet-count\">3</span>", page)


def test_nothing_found_suggests_a_spelling_that_finds_something(client, catalogue):
    page = _search(client, q="phungg").content.decode()
    assert "Không tìm thấy" in page
    assert "Có phải bạn muốn tìm:" in page
    assert any("q=ph" in href and "phungg" not in href for href in _hrefs(page))


def test_a_query_the_engine_cannot_read_is_a_form_error_not_a_500(client, catalogue):
    response = _search(client, q='"so do')
    page = response.content.decode()
    assert response.status_code == 400
    assert 'aria-invalid="true"' in page
    assert "Dấu ngoặc kép" in page or "ngoặc" in page
    assert _lookups() == {}


def test_an_unknown_library_in_the_address_is_a_400_with_a_sentence(client, catalogue):
    response = _search(client, q="so do", library="SL-NOWHERE")
    assert response.status_code == 400
    assert "SL-NOWHERE" in response.content.decode()


def test_a_bad_year_is_a_form_error(client, catalogue):
    response = _search(client, q="so do", year_from="năm ngoái")
    assert response.status_code == 400
    assert 'class="alert alert-error"' in response.content.decode()


def test_results_come_in_pages_of_twenty(client, lan, province):
    for number in range(1, 24):
        services.create_record(
            marc_record=make_marc(
                title=f"Cổ tích Việt Nam tập {number}", control_number=f"CT{number}"
            ),
            by=lan.user,
        )
    first = _search(client, q="co tich", sort="title").content.decode()
    assert "Tìm thấy 23 nhan đề" in first
    assert first.count('class="hit"') == 20
    assert "Trang 1 / 2" in first or "Trang 1 trên 2" in first or "1 / 2" in first
    second = _search(client, q="co tich", sort="title", page="2").content.decode()
    assert second.count('class="hit"') == 3
    assert '<ol class="hits" start="21">' in second
    assert "tập 23" in second


def test_search_page_reads_a_bounded_number_of_queries(
    client, catalogue, django_assert_max_num_queries
):
    # The first search of the day counts its words (kept ten minutes), reads the network
    # tree (kept in memory) and makes the day's lookup counter: the page's own queries are
    # those of the next one.
    assert _search(client, q="văn học").status_code == 200
    # Engine (candidates, boosts of the best, hits, facet tags), availability, the lookup
    # count in its savepoint (subject names are remembered too), and the digitised pages'
    # text (one query when no page holds the words).
    with django_assert_max_num_queries(9):
        assert _search(client, q="văn học").status_code == 200


def test_results_show_no_staff_only_data(client, catalogue):
    page = _search(client, q="so do").content.decode()
    for staff_only in ("TVT0000001", "TANLAP000001", "VV.000001", "85000", "Nguyễn Văn A"):
        assert staff_only not in page


def test_csv_export_lists_the_results_with_where_they_are(client, catalogue):
    page = _search(client, q="văn học").content.decode()
    csv_link = next(href for href in _hrefs(page) if href.startswith("/search/export.csv"))
    response = client.get(csv_link)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="libnet-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Nhan đề"
    titles = {row[0]: row for row in rows[1:]}
    assert set(titles) == {"Số đỏ", "Dế Mèn phiêu lưu ký", "Truyện Kiều"}
    assert titles["Số đỏ"][10] == "Thư viện tỉnh Sông Lam 1/2; Thư viện xã Tân Lập 1/1"
    assert titles["Số đỏ"][11] == f"http://testserver/record/{catalogue['so_do'].pk}"
    assert _lookups() == {None: 1}  # the search; the export repeats it and is not counted


def test_csv_export_keeps_the_filters(client, catalogue):
    response = client.get(reverse("opac:search_csv"), {"q": "văn học", "library": "SL-THCS-TANLAP"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["Dế Mèn phiêu lưu ký"]


def test_export_without_a_search_is_a_400_page(client, catalogue):
    response = client.get(reverse("opac:search_csv"))
    assert response.status_code == 400
    assert "Hãy tìm trước" in response.content.decode()


def test_printable_bibliography_cites_each_result(client, catalogue):
    response = client.get(reverse("opac:search_bibliography"), {"q": "so do"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Vũ Trọng Phụng. Số đỏ / Vũ Trọng Phụng. – Hà Nội : Nxb. Văn học, 2016." in page
    assert "Có tại: Thư viện tỉnh Sông Lam; Thư viện xã Tân Lập" in page
    assert "window.print()" in page


def test_search_page_in_english(client, catalogue):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = _search(client, q="so do").content.decode()
    assert '<html lang="en">' in page
    assert "1 title found" in page
    assert "Available" in page


def test_a_library_filter_means_that_library_not_the_libraries_below_it(client, catalogue, lan):
    commune_only = services.create_record(
        marc_record=make_marc(title="Kỹ thuật nuôi ong mật", subjects=("Chăn nuôi",)), by=lan.user
    )
    services.add_item(
        bib=commune_only, library=catalogue["commune"], by=lan.user, barcode="TL-ONG-1"
    )
    at_province = _search(client, q="nuoi ong", library="SL-TVT").content.decode()
    assert "Không tìm thấy" in at_province
    at_commune = _search(client, q="nuoi ong", library="SL-TANLAP").content.decode()
    assert "Tìm thấy 1 nhan đề" in at_commune


def test_a_search_ranked_among_the_newest_matches_says_so(client, catalogue, settings):
    settings.LIBNET_SEARCH_RANK_CAP = 1
    response = _search(client, q="van hoc")
    assert response.status_code == 200
    assert "được biên mục gần đây nhất" in response.content.decode()
    assert "Tìm thấy hơn 1 nhan đề" in response.content.decode()  # the count is a lower bound
    settings.LIBNET_SEARCH_RANK_CAP = 10_000
    assert "được biên mục gần đây nhất" not in _search(client, q="van hoc").content.decode()
