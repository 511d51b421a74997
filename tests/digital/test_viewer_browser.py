"""A reader opens a digital copy in the viewer, on a phone (375 px) and on a desktop (1280 px),
in a real browser (Debian chromium through Playwright). Screenshots land in screenshots/."""

from __future__ import annotations

import pytest

from tests.browser import DESKTOP, PHONE, SCREENSHOTS, launch, new_page
from tests.digital.iiif_pages import add_object, digital_dir, page_picture
from tests.factories import BibRecordFactory

__all__ = ["digital_dir"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def browser():
    yield from launch()


@pytest.fixture
def ca_dao(digital_dir, province):
    record = BibRecordFactory(title="Ca dao Sông Lam")
    pages = [
        page_picture(1600, 2200),
        page_picture(1600, 2200, shade=400),
        page_picture(1500, 2000),
    ]
    return add_object(province["provincial"], title="Ca dao Sông Lam", record=record, pages=pages)


def _open_viewer(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(".viewer-canvas[data-state='open']")
    page.wait_for_selector(".viewer-canvas[data-tiles='loaded']")
    page.wait_for_load_state("networkidle")


def _dark_pixels(page) -> int:
    """How many pixels of the viewer's canvas are dark: the bars of text of the test pages."""
    return page.evaluate(
        """() => {
        const canvas = document.querySelector('.viewer-canvas canvas');
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let dark = 0;
        for (let i = 0; i < pixels.length; i += 4) { if (pixels[i] < 100 && pixels[i + 3] > 0) dark++; }
        return dark;
    }"""
    )


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"] + 1


@pytest.mark.parametrize(("viewport", "name"), [(PHONE, "phone"), (DESKTOP, "desktop")])
def test_the_viewer_opens_the_manifest_and_turns_the_pages(
    browser, live_server, ca_dao, viewport, name
):
    page = new_page(browser, viewport)
    _open_viewer(page, f"{live_server.url}/record/{ca_dao.record_id}")
    viewer = page.locator(".digital-viewer")
    assert viewer.locator("[data-viewer='count']").inner_text() == "3"
    assert viewer.locator("select[data-viewer='page'] option").count() == 3
    assert viewer.get_attribute("data-page") == "1"
    assert viewer.locator("[data-viewer='previous']").is_disabled()
    box = page.locator(".viewer-canvas").bounding_box()
    assert box["width"] > viewport["width"] * 0.8
    assert box["height"] > 300
    assert _dark_pixels(page) > 100  # the page is drawn: the viewer's canvas is not blank
    _fits(page)
    page.screenshot(path=str(SCREENSHOTS / f"digital-viewer-{name}.png"), full_page=True)

    page.click("[data-viewer='next']")
    page.wait_for_selector(".digital-viewer[data-page='2']")
    page.wait_for_selector(".viewer-canvas[data-state='open']")
    zoom_before = page.evaluate(
        "document.querySelector('.digital-viewer').viewer.viewport.getZoom(true)"
    )
    page.click("[data-viewer='zoom-in']")
    page.wait_for_function(
        f"document.querySelector('.digital-viewer').viewer.viewport.getZoom(true) > {zoom_before} * 1.3"
    )
    page.select_option("select[data-viewer='page']", index=2)
    page.wait_for_selector(".digital-viewer[data-page='3']")
    assert viewer.locator("[data-viewer='next']").is_disabled()
    # The new page opens at its whole-page view once the viewer's animation has settled.
    page.wait_for_function(
        "!document.querySelector('.digital-viewer').viewer.viewport.getZoom(true)"
        " || Math.abs(document.querySelector('.digital-viewer').viewer.viewport.getZoom(true)"
        " - document.querySelector('.digital-viewer').viewer.viewport.getHomeZoom()) < 0.01"
    )
    page.wait_for_selector(".viewer-canvas[data-tiles='loaded']")
    page.wait_for_load_state("networkidle")
    assert _dark_pixels(page) > 100
    page.screenshot(path=str(SCREENSHOTS / f"digital-viewer-{name}-page3.png"), full_page=True)
    page.context.close()


def test_an_object_in_dublin_core_opens_on_its_own_page_on_a_phone(
    browser, live_server, digital_dir, province
):
    gia_pha = add_object(
        province["provincial"],
        title="Gia phả họ Nguyễn làng Tân Lập",
        dublin_core={"creator": ["Nguyễn Văn Khải"], "date": ["1925"]},
        pages=[page_picture(1200, 1700)],
    )
    page = new_page(browser, PHONE)
    _open_viewer(page, f"{live_server.url}/digital/{gia_pha.pk}")
    assert "Nguyễn Văn Khải" in page.inner_text("main")
    _fits(page)
    page.screenshot(path=str(SCREENSHOTS / "digital-object-phone.png"), full_page=True)
    page.context.close()
