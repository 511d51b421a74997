"""A reader finds words in a digitised page and sees them marked on its image, on a phone
and on a desktop (Debian chromium through Playwright). Screenshots in screenshots/."""

from __future__ import annotations

import pytest

from libnet.catalog import services as catalog_services
from libnet.digital import processing
from tests.browser import DESKTOP, PHONE, SCREENSHOTS, launch, new_page
from tests.digital.pages import add_page, make_object
from tests.factories import UserFactory, make_marc, make_province

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def browser():
    yield from launch()


@pytest.fixture
def read_page(settings, tmp_path):
    settings.LIBNET_DIGITAL_DIR = tmp_path / "digital"
    province = make_province()
    record = catalog_services.create_record(
        marc_record=make_marc(title="Làng nghề Sông Lam", subjects=("Địa chí",)),
        by=UserFactory(username="cataloguer-browser"),
        library=province["provincial"],
    )
    digital_object = make_object(province["provincial"], record=record)
    add_page(digital_object, derivatives_made=False)
    processing.run_pending()  # derivatives, then OCR
    return digital_object


@pytest.mark.parametrize(("viewport", "name"), [(PHONE, "375"), (DESKTOP, "1280")])
def test_a_reader_follows_a_page_hit_and_sees_the_words_marked_on_the_image(
    browser, live_server, read_page, viewport, name
):
    page = new_page(browser, viewport)
    page.goto(f"{live_server.url}/search?q=lang")
    page.get_by_role("link", name="trang 1").click()
    page.wait_for_selector(".page-frame img")
    page.screenshot(path=str(SCREENSHOTS / f"digital-page-hits-{name}.png"), full_page=True)

    image = page.locator(".page-frame img").bounding_box()
    boxes = page.locator(".hit-box")
    assert boxes.count() == 2  # "làng" twice on the rendered page
    for index in range(boxes.count()):
        box = boxes.nth(index).bounding_box()
        assert image["x"] <= box["x"]
        assert box["x"] + box["width"] <= image["x"] + image["width"] + 1
        assert image["y"] <= box["y"]
        assert box["y"] + box["height"] <= image["y"] + image["height"] + 1
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"] + 1
