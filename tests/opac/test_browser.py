"""Bình looks for a book on his phone, in a real browser (Debian chromium through Playwright).

Screenshots land in screenshots/ (not committed) so a person can look at them: every page at
375 px (a small phone) and at 1280 px (a desktop).
"""

from __future__ import annotations

import re

import pytest

from tests.browser import DESKTOP, PHONE, SCREENSHOTS, launch, new_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def browser():
    yield from launch()


def _page(browser, viewport):
    return new_page(browser, viewport)


def _shot(page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"opac-{name}.png"), full_page=True)


def _fits(page) -> None:
    """Nothing sticks out sideways: the page scrolls only up and down."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1


def test_binh_searches_opens_a_record_and_filters_by_library_on_his_phone(
    browser, live_server, catalogue
):
    page = _page(browser, PHONE)
    page.goto(f"{live_server.url}/")
    _fits(page)
    _shot(page, "home-phone")

    # He types without accents, as on most phone keyboards.
    page.fill("#q", "so do")
    page.press("#q", "Enter")
    page.wait_for_url(re.compile(r"/search\?q=so\+do"))
    page.wait_for_selector(".hit")
    assert "Số đỏ" in page.inner_text(".hits")
    assert page.locator(".hit mark").count() >= 1  # the matched words are highlighted
    _fits(page)
    _shot(page, "search-phone")

    page.click(".hit h2 a")
    page.wait_for_url(re.compile(rf"/record/{catalogue['so_do'].pk}$"))
    where = page.inner_text("section[aria-labelledby='where-heading']")
    assert "Thư viện tỉnh Sông Lam" in where
    assert "Thư viện xã Tân Lập" in where
    assert "Góc thiếu nhi" in where
    _fits(page)
    _shot(page, "record-phone")

    # Back to the results: the filters are folded on a phone; he opens them and picks his
    # commune library.
    page.go_back()
    page.wait_for_selector(".hit")
    page.click("#refine > summary")
    page.click("#refine a:has-text('Thư viện xã Tân Lập')")
    page.wait_for_url(re.compile(r"library=SL-TANLAP"))
    assert page.locator(".active-filters").inner_text().count("Thư viện xã Tân Lập") == 1
    assert "Số đỏ" in page.inner_text(".hits")
    _fits(page)
    _shot(page, "search-filtered-phone")

    page.goto(f"{live_server.url}/libraries")
    _fits(page)
    _shot(page, "libraries-phone")
    page.click("a:has-text('Thư viện xã Tân Lập')")
    page.wait_for_url(re.compile(r"/libraries/SL-TANLAP$"))
    _fits(page)
    _shot(page, "library-phone")


def test_desktop_pages_and_the_english_switch(browser, live_server, catalogue):
    page = _page(browser, DESKTOP)
    page.goto(f"{live_server.url}/")
    _shot(page, "home-desktop")
    page.fill("#q", "văn học")
    page.press("#q", "Enter")
    page.wait_for_selector(".hit")
    assert page.is_visible("#refine .facet")  # filters are open beside the results
    _shot(page, "search-desktop")
    page.goto(f"{live_server.url}/record/{catalogue['so_do'].pk}")
    _shot(page, "record-desktop")
    page.goto(f"{live_server.url}/libraries")
    _shot(page, "libraries-desktop")

    page.click(".lang-switch button[value='en']")
    page.wait_for_selector("html[lang='en']")
    assert "Libraries of the network" in page.inner_text("h1")
    page.goto(f"{live_server.url}/search?q=xyzzy")
    _shot(page, "search-nothing-desktop-en")


def test_keyboard_user_reaches_the_content_through_the_skip_link(browser, live_server, catalogue):
    page = _page(browser, DESKTOP)
    page.goto(f"{live_server.url}/record/{catalogue['so_do'].pk}")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.is_visible(".skip-link")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
