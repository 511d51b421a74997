"""The public pages render for anyone, in Vietnamese first, and show catalogue data only."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _section(page: str, heading_id: str) -> str:
    """The HTML of the <section> labelled by `heading_id`."""
    start = page.index(f'aria-labelledby="{heading_id}"')
    return page[start : page.index("</section>", start)]


def test_home_offers_a_search_box_new_books_subjects_and_libraries(client, catalogue):
    response = client.get(reverse("opac:home"))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in page
    assert '<a class="skip-link" href="#main">' in page
    assert '<main id="main"' in page
    assert '<label for="q">Tra cứu mục lục</label>' in page
    new_books = _section(page, "new-books-heading")
    # The newest copy is the school's Dế Mèn; Truyện Kiều has no copy, so it is not "new".
    assert new_books.index("Dế Mèn phiêu lưu ký") < new_books.index("Số đỏ")
    assert "Truyện Kiều" not in new_books
    subjects = _section(page, "subjects-heading")
    assert 'href="/search?subject=V%C4%83n%20h%E1%BB%8Dc%20Vi%E1%BB%87t%20Nam"' in subjects
    assert 'Văn học Việt Nam <span class="chip-count">2</span>' in subjects
    libraries = _section(page, "libraries-heading")
    assert 'href="/libraries?kind=community_bookcase"' in libraries


def test_home_is_a_handful_of_queries(client, catalogue, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        assert client.get(reverse("opac:home")).status_code == 200


def test_record_lists_copies_per_library_with_call_number_shelf_and_status(client, catalogue):
    response = client.get(reverse("opac:record", args=[catalogue["so_do"].pk]))
    page = response.content.decode()
    assert response.status_code == 200
    where = _section(page, "where-heading")
    # Two libraries, in Vietnamese order; the withdrawn copy is not shown.
    assert where.index("Thư viện tỉnh Sông Lam") < where.index("Thư viện xã Tân Lập")
    assert "1 trên 2 bản sẵn sàng" in where  # the provincial library: one free, one on loan
    assert "1 trên 1 bản sẵn sàng" in where
    assert where.count('<span class="status status-available">') == 2
    assert where.count('<span class="status status-on_loan">') == 1
    assert "status-withdrawn" not in where
    assert "Góc thiếu nhi" in where
    assert "895.9223 V500T-TN" in where
    assert f'href="{reverse("opac:library", args=["SL-TANLAP"])}"' in where


def test_record_shows_no_staff_only_data(client, catalogue):
    page = client.get(reverse("opac:record", args=[catalogue["so_do"].pk])).content.decode()
    for staff_only in (
        "TVT0000001",
        "TANLAP000001",
        "VV.000001",
        "85.000",
        "85000",
        "Nguyễn Văn A",
    ):
        assert staff_only not in page
    assert "Trần Thị Lan" not in page  # who catalogued it


def test_record_page_has_a_qr_code_of_its_own_address(client, catalogue):
    bib = catalogue["so_do"]
    page = client.get(reverse("opac:record", args=[bib.pk])).content.decode()
    assert re.search(
        r'<img class="share-qr" src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+"', page
    )
    assert f"http://testserver/record/{bib.pk}" in page


def test_record_without_copies_says_so(client, catalogue):
    page = client.get(reverse("opac:record", args=[catalogue["kieu"].pk])).content.decode()
    assert "Chưa thư viện nào trong mạng lưới có bản của nhan đề này." in page


def test_record_page_is_three_queries(client, catalogue, django_assert_num_queries):
    url = reverse("opac:record", args=[catalogue["so_do"].pk])
    # The record, its copies with their libraries and shelves, its digital copies (the viewer).
    with django_assert_num_queries(3):
        client.get(url)


def test_unknown_record_is_a_friendly_404(client, catalogue):
    response = client.get(reverse("opac:record", args=[999999]))
    assert response.status_code == 404
    assert "Không có biểu ghi nào mang số này." in response.content.decode()


def test_directory_lists_libraries_including_those_without_libnet(client, catalogue):
    page = client.get(reverse("opac:libraries")).content.decode()
    for name in (
        "Thư viện tỉnh Sông Lam",
        "Thư viện xã Tân Lập",
        "Thư viện Trường THCS Tân Lập",
        "Tủ sách cộng đồng thôn Đồng Xuân",  # runs_libnet=False: still in the directory
    ):
        assert name in page


def test_directory_filters_by_folded_name_and_by_kind(client, catalogue):
    page = client.get(reverse("opac:libraries"), {"q": "dong xuan"}).content.decode()
    assert "Tủ sách cộng đồng thôn Đồng Xuân" in page
    assert "Thư viện tỉnh Sông Lam" not in page
    page = client.get(
        reverse("opac:libraries"), {"kind": "school_lower_secondary"}
    ).content.decode()
    assert "Thư viện Trường THCS Tân Lập" in page
    assert "Thư viện xã Tân Lập" not in page


def test_library_page_shows_address_hours_and_what_it_holds(client, catalogue):
    commune = catalogue["commune"]
    commune.address = "Nhà văn hóa xã, thôn Trung Lập, xã Tân Lập"
    commune.opening_hours = "Thứ Hai – Thứ Sáu: 7h30–11h00"
    commune.phone = "0238 3 123 456"
    commune.save()
    page = client.get(reverse("opac:library", args=["SL-TANLAP"])).content.decode()
    assert "Nhà văn hóa xã, thôn Trung Lập, xã Tân Lập" in page
    assert "Thứ Hai – Thứ Sáu: 7h30–11h00" in page
    assert 'href="tel:02383123456"' in page
    holds = _section(page, "holds-heading")
    assert re.search(r"Đầu sách</dt><dd>1</dd>", holds)
    assert 'href="/search?library=SL-TANLAP"' in holds
    assert "Tủ sách cộng đồng thôn Đồng Xuân" in page  # the bookcase below it
    assert "Thư viện tỉnh Sông Lam" in page  # the library above it


def test_bookcase_without_libnet_has_a_page_that_explains_rotation(client, catalogue):
    response = client.get(reverse("opac:library", args=["SL-TANLAP-TS1"]))
    assert response.status_code == 200
    assert "luân chuyển" in response.content.decode()


def test_unknown_library_is_a_404_page_not_a_traceback(client, catalogue):
    response = client.get(reverse("opac:library", args=["SL-NOWHERE"]))
    page = response.content.decode()
    assert response.status_code == 404
    assert "Không có thư viện nào mang mã này trong mạng lưới." in page
    assert 'class="opac-header"' in page  # the public look, not the staff one
    assert "Traceback" not in page


def test_unknown_address_is_the_public_404_page(client, db):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert 'class="opac-header"' in response.content.decode()


def test_english_switch_turns_the_catalogue_into_english(client, catalogue):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("opac:home")}
    )
    assert response.status_code == 302
    page = client.get(reverse("opac:home")).content.decode()
    assert '<html lang="en">' in page
    assert "Find a book in the libraries of the province" in page
    record = client.get(reverse("opac:record", args=[catalogue["so_do"].pk])).content.decode()
    assert "Where to find it" in record
    assert "1 of 2 available" in record


def test_staff_pages_api_and_admin_still_answer_under_their_prefixes(client, minh):
    assert client.get("/staff/").status_code == 302  # to the staff login
    assert client.get("/staff/login/").status_code == 200
    assert client.get("/admin/login/").status_code == 200
    assert client.get("/api/v1/docs").status_code in {200, 401, 403}
