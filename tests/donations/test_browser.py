"""Recording a donation in a real browser (Debian chromium): Lan types the titles of a
family's gift for the province's Book Day drive (one by its ISBN), catalogues the copies of
the title found, and opens the receipt and letter of thanks. Screenshots land in
screenshots/ for a person to look at."""

from __future__ import annotations

import re

import pytest

from libnet.catalog.models import Item
from libnet.donations.models import Donation
from tests.browser import PHONE, SCREENSHOTS, launch, log_in
from tests.donations.conftest import ISBN

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
DONATION_URL = re.compile(r"/staff/donations/\d+/$")


@pytest.fixture
def browser():
    yield from launch()


def _shot(page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"donations-{name}.png"), full_page=True)


def test_lan_records_a_donation_catalogues_it_and_prints_the_receipt(
    browser, live_server, province, lan, donor, drive, de_men, register, received_on
):
    page = log_in(browser, live_server.url, "/staff/donations/new/")
    page.select_option("#id_library", province["provincial"].code)
    page.select_option("#id_donor", str(donor.pk))
    page.select_option("#id_drive", str(drive.pk))
    page.fill("#id_received_on", received_on.isoformat())
    page.fill("#id_lines-0-isbn", ISBN)
    page.fill("#id_lines-0-copies", "2")
    page.fill("#id_lines-1-title", "Truyện cổ tích Việt Nam")
    page.fill("#id_lines-1-copies", "4")
    page.fill("#id_lines-1-value_vnd", "120000")
    _shot(page, "new")
    page.get_by_role("button", name="Ghi nhận", exact=True).click()
    page.wait_for_url(DONATION_URL)
    donation = Donation.objects.get()
    assert page.locator("h1").inner_text() == f"Lượt tặng sách {donation.receipt_number}"
    assert "Dế Mèn phiêu lưu ký" in page.locator("#lines").inner_text()
    _shot(page, "donation")

    page.get_by_role("button", name="Biên mục vào kho").first.click()
    page.wait_for_url(DONATION_URL)
    assert "Đã thêm 2 bản" in page.locator("body").inner_text()
    assert Item.objects.filter(intake_batch=Donation.objects.get().intake_batch).count() == 2

    with page.expect_response(re.compile(r"receipt\.pdf$")) as receipt:
        page.get_by_role("link", name="Giấy biên nhận và thư cảm ơn (PDF)").click()
    assert receipt.value.status == 200
    assert receipt.value.headers["content-type"] == "application/pdf"

    phone = log_in(browser, live_server.url, "/staff/donations/", viewport=PHONE)
    assert drive.title in phone.locator("#drives").inner_text()
    _shot(phone, "index-phone")
