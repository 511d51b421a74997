"""The stocktake desk in a real browser (Debian chromium): Minh opens a stocktake of Tân Lập,
scans copies with the keyboard as a scanner does (Enter submits), one on the wrong shelf, one
twice, one that is no copy; closes it and writes off the copy not found. Screenshots land in
screenshots/ for a person to look at."""

from __future__ import annotations

import re

import pytest

from libnet.catalog.models import Item, ItemStatus, WeedingCandidate
from libnet.stock.models import Stocktake
from tests.browser import PHONE, SCREENSHOTS, launch, new_page
from tests.stock.conftest import shelf

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
DESK_URL = re.compile(r"/staff/stock/\d+/$")


@pytest.fixture
def browser():
    yield from launch()


def _shot(page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"stock-{name}.png"), full_page=True)


def _login(browser, live_server, next_url: str, viewport=None):
    page = new_page(browser, viewport) if viewport else new_page(browser)
    page.goto(f"{live_server.url}/staff/login/?next={next_url}")
    page.fill("#id_username", "minh")
    page.fill("#id_password", "demo-password")
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    return page


def _scan(page, barcode: str, expected: str) -> None:
    """Type like a scanner into the scan box, press Enter, wait for the line saying what it did."""
    page.focus("#scan-barcode")
    page.keyboard.type(barcode)
    page.keyboard.press("Enter")
    page.wait_for_function(
        "([text]) => document.querySelector('#scan-feedback')?.innerText.includes(text)",
        arg=[expected],
    )


def test_a_stocktake_from_opening_to_writing_off_in_the_browser(
    browser, live_server, minh, commune, open_stacks, children
):
    copies = shelf(commune, open_stacks, 4, "BK")
    page = _login(browser, live_server, "/staff/stock/new/")
    page.select_option("#id_library", commune.code)
    page.select_option("#id_reason", "staff_change")
    page.fill("#id_committee", "Nguyễn Văn Minh, Trưởng ban\nĐỗ Thị Hoa, Thư ký")
    page.get_by_role("button", name="Mở đợt kiểm kê", exact=True).click()
    page.wait_for_url(DESK_URL)
    assert "4 bản cần kiểm" in page.inner_text("body")

    page.select_option("#scan-location", str(open_stacks.pk))
    _scan(page, "bk001", "Đã quét BK001 — đúng giá")
    # The focus stays in the scan box after each swap: the next scan goes straight in.
    assert page.evaluate("document.activeElement.id") == "scan-barcode"
    _scan(page, "BK002", "Đã quét BK002 — đúng giá")
    _scan(page, "BK001", "BK001 — đã quét rồi")
    _scan(page, "KHONGCO", "KHONGCO — không phải mã vạch của bản sách nào")
    page.select_option("#scan-location", str(children.pk))
    _scan(page, "BK003", "Đã quét BK003 — sai vị trí (giá đúng: Kho mở)")
    counts = page.inner_text("#desk-counts")
    assert re.search(r"Đã kiểm\s+3", counts)
    assert re.search(r"Lượt quét lặp\s+1", counts)
    assert page.locator("#recent-scans tbody tr").count() == 4
    _shot(page, "desk")

    page.click("#close-link")
    page.wait_for_load_state("networkidle")
    assert re.search(r"Không tìm thấy\s+1", page.inner_text("#close-counts"))
    page.click("#confirm-close")
    page.wait_for_url(DESK_URL)
    assert re.search(r"Sai vị trí\s+1", page.inner_text("#outcome-counts"))
    _shot(page, "closed")

    page.click("#mark-lost-link")
    page.wait_for_load_state("networkidle")
    assert page.locator("#confirm-lines tbody tr").count() == 1
    page.click("#confirm-lost")
    page.wait_for_url(DESK_URL)
    assert "Đã ghi mất 1 bản" in page.inner_text("body")
    assert Item.objects.get(pk=copies[3].pk).status == ItemStatus.LOST
    assert WeedingCandidate.objects.filter(item=copies[3]).exists()
    assert Stocktake.objects.get().lost_marked_at is not None

    phone = _login(browser, live_server, page.url.replace(live_server.url, ""), PHONE)
    _shot(phone, "closed-phone")
