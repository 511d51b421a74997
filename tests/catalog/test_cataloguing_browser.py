"""The cataloguing form in a real browser (Debian chromium), at desktop and phone widths:
a commune clerk types a donated book, sees its MARC record beside the form, saves it and
goes on to its copies. Screenshots land in screenshots/ for a person to look at."""

from __future__ import annotations

import pytest

from libnet.catalog.models import BibRecord
from tests.browser import DESKTOP, PHONE, SCREENSHOTS, launch, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def browser():
    yield from launch()


@pytest.mark.parametrize(("viewport", "name"), [(DESKTOP, "1280"), (PHONE, "375")])
def test_a_donated_book_is_catalogued_in_the_browser(browser, live_server, minh, viewport, name):
    page = log_in(
        browser, live_server.url, "/staff/cataloguing/new/book/", user="minh", viewport=viewport
    )
    page.fill("#id_title", "Mắt biếc")
    page.fill("#id_author_1", "Nguyễn Nhật Ánh")
    page.fill("#id_publisher", "Trẻ")
    page.fill("#id_year", "2019")
    page.fill("#id_pages", "300 tr.")
    page.fill("#id_size", "20 cm")
    page.fill("#id_isbn", "978-604-1-00475-7")
    page.fill("#id_class_number", "895.92234")
    page.locator("#id_class_number").dispatch_event("change")
    page.wait_for_selector("#marc-preview table.marc")
    preview = page.inner_text("#marc-preview")
    assert "895.92234" in preview
    assert "ANH" in preview
    assert "Nguyễn Nhật Ánh" in preview
    # Nothing sticks out sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    page.screenshot(path=str(SCREENSHOTS / f"cataloguing-form-{name}.png"), full_page=True)
    with page.expect_navigation():
        page.click("#cataloguing-form button.primary")
    assert "/saved/" in page.url
    assert "Thêm bản sách" in page.inner_text("main")
    page.screenshot(path=str(SCREENSHOTS / f"cataloguing-saved-{name}.png"), full_page=True)
    bib = BibRecord.objects.get()
    assert bib.title == "Mắt biếc"
    assert bib.created_at_library == minh.library
