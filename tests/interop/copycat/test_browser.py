"""Copy cataloguing in a real browser (Debian chromium), at 1280 and 375 px: Lan picks the
Zebra catalogue started by conftest.py, searches it, opens a record's MARC view, imports it
and lands on "Add a copy". Screenshots land in screenshots/ (copycat-*.png)."""

from __future__ import annotations

import re

import pytest

from libnet.catalog.models import BibRecord
from tests.browser import DESKTOP, PHONE, SCREENSHOTS, launch, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
ADD_COPY = re.compile(r"/staff/catalogue/records/\d+/copies/add/$")


@pytest.fixture
def browser():
    yield from launch()


def _shot(page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"copycat-{name}.png"), full_page=True)


def _fits(page, width: int) -> None:
    """Nothing wider than the screen: the MARC table scrolls inside its own box."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize(
    ("viewport", "protocol", "field", "term", "title"),
    [
        (DESKTOP, "z3950", "title", "grande guerre", "L'Angleterre, le Canada et la grande guerre"),
        (PHONE, "sru", "isbn", "2-222-03050-1", "L'influence de la dépréciation monétaire"),
    ],
    ids=["1280-z3950-title", "375-sru-isbn"],
)
def test_lan_copies_a_record_and_goes_on_to_add_copies(
    browser, live_server, lan, zebra, viewport, protocol, field, term, title
):
    target = zebra.target(name="Zebra (Evergreen)")
    target.save()
    size = viewport["width"]
    page = log_in(browser, live_server.url, "/staff/catalogue/copy/", viewport=viewport)
    page.select_option("#id_target", f"{target.pk}:{protocol}")
    page.select_option("#id_field", field)
    page.fill("#id_term", term)
    page.click("form.copy-search button[type=submit]")
    page.wait_for_load_state("networkidle")
    result = page.locator("ol.copy-results > li").first
    assert title in result.locator("h2").inner_text()
    assert "Tác giả" in result.inner_text()  # the readable view, in Vietnamese
    result.locator("details.copy-marc summary").click()
    assert result.locator("table.marc").is_visible()
    assert "245" in result.locator("table.marc").inner_text()
    _fits(page, size)
    _shot(page, f"results-{size}")

    result.locator("form button[type=submit]").click()
    page.wait_for_url(ADD_COPY)
    page.wait_for_load_state("networkidle")
    bib = BibRecord.objects.get()
    assert bib.title.startswith(title)
    assert f"/records/{bib.pk}/copies/add/" in page.url
    assert title in page.inner_text("main")
    _fits(page, size)
    _shot(page, f"add-copy-{size}")

    # The same record again: the duplicate warning, with the way to the record already there.
    page.go_back()
    page.wait_for_load_state("networkidle")
    page.reload()
    page.wait_for_load_state("networkidle")
    result = page.locator("ol.copy-results > li").first
    assert f"#{bib.pk}" in result.inner_text()
    result.locator("form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    warning = page.locator(".duplicate-warning")
    assert warning.is_visible()
    assert f"/staff/catalogue/records/{bib.pk}/copies/add/" in warning.inner_html()
    _fits(page, size)
    _shot(page, f"duplicate-{size}")
    assert BibRecord.objects.count() == 1
