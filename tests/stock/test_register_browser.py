"""The general register in a real browser (Debian chromium): Lan opens the provincial
library's register, chooses the year, sees the batch in Part I and downloads the workbook.
Screenshots land in screenshots/ for a person to look at."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from libnet.catalog import services as catalog_services
from libnet.catalog.services import NewCopy
from tests.browser import PHONE, SCREENSHOTS, launch, new_page
from tests.factories import BibRecordFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def browser():
    yield from launch()


@pytest.fixture
def purchase(province, lan):
    provincial = province["provincial"]
    batch = catalog_services.open_intake_batch(
        library=provincial,
        source="purchase",
        received_on=dt.date(2025, 9, 15),
        document_number="HĐ 0009876",
        supplier="Công ty Phát hành sách Sông Lam",
        by=lan.user,
    )
    catalog_services.add_items(
        copies=[
            NewCopy(
                bib_id=BibRecordFactory().pk,
                library=provincial,
                intake_batch=batch,
                price_vnd=90_000,
            )
            for _ in range(3)
        ],
        by=lan.user,
        at=dt.datetime(2025, 9, 15, 3, tzinfo=dt.UTC),
    )
    return batch


def _login(browser, live_server):
    page = new_page(browser)
    page.goto(f"{live_server.url}/staff/login/?next=/staff/stock/register/")
    page.fill("#id_username", "lan")
    page.fill("#id_password", "demo-password")
    page.keyboard.press("Enter")
    page.wait_for_url("**/staff/stock/register/")
    return page


def test_lan_reads_last_years_register_and_downloads_it(browser, live_server, purchase):
    page = _login(browser, live_server)
    page.select_option("#register-library", "SL-TVT")
    page.select_option("#register-year", "2025")
    page.get_by_role("button", name="Xem", exact=True).click()
    page.wait_for_url("**year=2025")
    part_one = page.inner_text("#register-intake")
    assert "HĐ 0009876" in part_one
    assert "Công ty Phát hành sách Sông Lam" in part_one
    assert "270.000" in part_one
    page.screenshot(path=str(SCREENSHOTS / "stock-register.png"), full_page=True)
    with page.expect_download() as download:
        page.click("#register-xlsx")
    content = download.value.path().read_bytes()
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    cells = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert "SỔ ĐĂNG KÝ TỔNG QUÁT" in cells
    assert "HĐ 0009876" in cells
    page.set_viewport_size(PHONE)
    assert page.locator("#register-intake").is_visible()
    page.screenshot(path=str(SCREENSHOTS / "stock-register-phone.png"), full_page=True)
