"""The stocktake pages: opening one, the desk (scan box, scanner file), closing, the lists,
marking lost, the province view; another library's staff get 404 everywhere."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from libnet.catalog.models import Item
from libnet.stock import services
from libnet.stock.models import Stocktake, StocktakeScan
from tests.factories import NOW

HTMX = {"HX-Request": "true"}


def _page_urls(stocktake):
    urls = [
        reverse("stock:desk", args=[stocktake.pk]),
        reverse("stock:close", args=[stocktake.pk]),
        reverse("stock:record_pdf", args=[stocktake.pk]),
    ]
    for outcome in ("found", "misplaced", "not_missing", "missing", "unknown"):
        urls.append(reverse("stock:outcome_list", args=[stocktake.pk, outcome]))
        for fmt in ("pdf", "xlsx"):
            urls.append(reverse("stock:outcome_file", args=[stocktake.pk, outcome, fmt]))
    return urls


def test_every_page_opens_for_the_librarys_clerk(client, minh, stocktake):
    client.force_login(minh.user)
    for url in [reverse("stock:list"), reverse("stock:new"), *_page_urls(stocktake)]:
        response = client.get(url)
        assert response.status_code == 200, url
        if response["Content-Type"].startswith("text/html"):
            # A template comment over two lines ({# … #} is one line only) leaks onto the page.
            assert "{#" not in response.content.decode(), url


def test_staff_of_another_library_get_404_on_every_page(client, an, stocktake):
    """An's school library is not Minh's commune: the stocktake does not exist for her."""
    client.force_login(an.user)
    for url in _page_urls(stocktake):
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("stock:mark_lost", args=[stocktake.pk])).status_code == 404
    for name, body in (
        ("stock:scan", {"barcode": "CX001"}),
        ("stock:upload", {"file": SimpleUploadedFile("s.txt", b"CX001\n")}),
        ("stock:close", {}),
        ("stock:mark_lost", {"confirm": "yes"}),
    ):
        assert client.post(reverse(name, args=[stocktake.pk]), body).status_code == 404, name
    assert not StocktakeScan.objects.exists()
    stocktake.refresh_from_db()
    assert stocktake.state == "open"
    # Her own list is empty; she cannot open one for the commune.
    response = client.get(reverse("stock:list"))
    assert response.status_code == 200
    assert reverse("stock:desk", args=[stocktake.pk]) not in response.content.decode()
    response = client.post(reverse("stock:new"), {"library": "SL-TANLAP", "reason": "periodic"})
    assert response.status_code == 400
    assert Stocktake.objects.count() == 1


def test_opening_a_stocktake_from_the_page(client, minh, commune, commune_stock, open_stacks):
    client.force_login(minh.user)
    response = client.post(
        reverse("stock:new"),
        {
            "library": commune.code,
            "reason": "periodic",
            "locations": [open_stacks.pk],
            "committee": "Nguyễn Văn Minh, Trưởng ban\nĐỗ Thị Hoa, Thư ký\n",
        },
    )
    stocktake = Stocktake.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("stock:desk", args=[stocktake.pk])
    assert list(stocktake.committee.values_list("name", "role")) == [
        ("Nguyễn Văn Minh", "Trưởng ban"),
        ("Đỗ Thị Hoa", "Thư ký"),
    ]
    assert stocktake.lines.count() == 5


def test_the_desk_says_what_each_scan_is_in_vietnamese(
    client, minh, stocktake, open_stacks, children
):
    client.force_login(minh.user)
    url = reverse("stock:scan", args=[stocktake.pk])
    said = []
    for barcode, location in (
        ("CX001", open_stacks),
        ("CX002", children),
        ("CX001", open_stacks),
        ("KHONGCO", open_stacks),
    ):
        response = client.post(url, {"barcode": barcode, "location": location.pk}, headers=HTMX)
        assert response.status_code == 200
        said.append(response.content.decode())
    assert "Đã quét CX001 — đúng giá" in said[0]
    assert "Đã quét CX002 — sai vị trí (giá đúng: Kho mở)" in said[1]
    assert "CX001 — đã quét rồi" in said[2]
    assert "KHONGCO — không phải mã vạch của bản sách nào" in said[3]
    assert f'<option value="{open_stacks.pk}" selected>' in said[3]  # the shelf stays chosen


def test_a_scanner_file_is_read_and_its_bad_lines_reported(client, minh, stocktake):
    client.force_login(minh.user)
    content = "CX001\t2026-03-02 10:00:00\nCX002\nCX 003\nCX002\n\nnot;a;line\nCX004,hôm qua\n"
    response = client.post(
        reverse("stock:upload", args=[stocktake.pk]),
        {"file": SimpleUploadedFile("scanner.txt", content.encode())},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        "2 bản được kiểm, 0 mã vạch không thuộc đợt kiểm kê, 1 lượt quét lặp, 3 dòng lỗi." in page
    )
    for number in (3, 6, 7):
        assert f"Dòng {number}" in page
    assert set(StocktakeScan.objects.values_list("barcode", flat=True)) == {"CX001", "CX002"}


def test_a_file_that_is_not_text_is_refused_and_nothing_recorded(client, minh, stocktake):
    client.force_login(minh.user)
    response = client.post(
        reverse("stock:upload", args=[stocktake.pk]),
        {"file": SimpleUploadedFile("scanner.xls", b"CX001\n\xff\xfe\x00garbage\n")},
        follow=True,
    )
    assert "UTF-8" in response.content.decode()
    assert not StocktakeScan.objects.exists()


def test_closing_and_marking_lost_from_the_pages(client, minh, stocktake):
    client.force_login(minh.user)
    services.record_scan(stocktake=stocktake, barcode="CX001", by=minh.user, at=NOW)
    response = client.get(reverse("stock:close", args=[stocktake.pk]))
    assert 'id="close-counts"' in response.content.decode()
    response = client.post(reverse("stock:close", args=[stocktake.pk]))
    assert response.status_code == 302
    response = client.get(reverse("stock:mark_lost", args=[stocktake.pk]))
    assert response.status_code == 200
    assert response.content.decode().count("data-barcode=") == 4
    response = client.post(reverse("stock:mark_lost", args=[stocktake.pk]), {"confirm": "yes"})
    assert response.status_code == 302
    assert Item.objects.filter(status="lost").count() == 4
    # Done once: the page now refuses, saying why.
    response = client.get(reverse("stock:mark_lost", args=[stocktake.pk]))
    assert response.status_code == 409


@pytest.mark.parametrize(("who", "sees"), [("chi", True), ("lan", True), ("an", False)])
def test_the_province_view_lists_this_years_stocktakes_with_their_missing_rate(
    client, request, stocktake, minh, who, sees
):
    services.record_scan(stocktake=stocktake, barcode="CX001", by=minh.user, at=NOW)
    services.close_stocktake(stocktake=stocktake, by=minh.user, at=NOW)
    # The stocktake is this year's whatever the day the test runs.
    Stocktake.objects.update(opened_at=services.clock.now())
    client.force_login(request.getfixturevalue(who).user)
    response = client.get(reverse("stock:province"))
    assert response.status_code == 200
    page = response.content.decode()
    assert ("Thư viện xã Tân Lập" in page) is sees
    if sees:
        assert "80,00 %" in page
