"""An order from drafting to its labels in a real browser (Debian chromium): Lan drafts an
order, adds a title by its record number with copies for the provincial library and Tân Lập,
is asked for the reason when it goes beyond the budget, sends it, and receives part of it.
Screenshots land in screenshots/ for a person to look at."""

from __future__ import annotations

import re

import pytest

from libnet.acquisitions.models import Order, Overspend
from libnet.catalog.models import Item
from tests.browser import PHONE, SCREENSHOTS, launch, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
ORDER_URL = re.compile(r"/staff/acquisitions/orders/\d+/$")


@pytest.fixture
def browser():
    yield from launch()


def _shot(page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"acquisitions-{name}.png"), full_page=True)


def test_an_order_from_drafting_to_its_labels_in_the_browser(
    browser, live_server, lan, budget, supplier, record, commune
):
    page = log_in(browser, live_server.url, "/staff/acquisitions/orders/new/")
    page.select_option("#id_supplier", str(supplier.pk))
    page.select_option("#id_budget", str(budget.pk))
    page.fill("#id_ordered_on", "2026-03-02")
    page.get_by_role("button", name="Lập đơn đặt hàng", exact=True).click()
    page.wait_for_url(ORDER_URL)

    page.fill("#id_record", str(record.pk))
    page.fill("#id_unit_price_vnd", "2000000")
    page.select_option("#id_library_1", "SL-TVT")
    page.fill("#id_copies_1", "4")
    page.select_option("#id_library_2", "SL-TANLAP")
    page.fill("#id_copies_2", "2")
    page.get_by_role("button", name="Thêm tên sách", exact=True).click()
    page.wait_for_url(ORDER_URL)
    assert "Dế Mèn phiêu lưu ký" in page.inner_text("#order-lines")
    assert "12.000.000" in page.inner_text("#order-lines")

    # 12.000.000 đồng against 10.000.000 left: the page asks why before sending.
    page.get_by_role("button", name="Gửi đơn đặt hàng", exact=True).click()
    assert "bị âm 2.000.000 đồng" in page.inner_text("body")
    _shot(page, "overspend")
    page.fill("#id_overspend_reason", "Sở đã duyệt bổ sung kinh phí")
    page.get_by_role("button", name="Gửi đơn đặt hàng", exact=True).click()
    page.wait_for_url(ORDER_URL)
    assert page.inner_text("#order-state") == "Đã gửi"
    assert Overspend.objects.get().amount_vnd == 2_000_000

    page.get_by_role("link", name="Nhận sách", exact=True).click()
    page.fill(f"#id_copies_{commune.pk}", "0")
    page.fill("#id_document_number", "PGH-0007")
    page.get_by_role("button", name="Nhận và đưa vào mục lục", exact=True).click()
    assert page.locator("#received tbody tr").count() == 4
    labels = page.get_by_role("link", name="In nhãn gáy và mã vạch (PDF)")
    assert labels.get_attribute("href").count("items=") == 4
    _shot(page, "received")
    assert Item.objects.filter(home_library__code="SL-TVT").count() == 4

    order = Order.objects.get()
    phone = log_in(
        browser, live_server.url, f"/staff/acquisitions/orders/{order.pk}/", viewport=PHONE
    )
    assert phone.inner_text("#order-state") == "Đã nhận một phần"
    assert "Thư viện xã Tân Lập: 0 / 2" in phone.inner_text("#order-lines")
    _shot(phone, "order-phone")
