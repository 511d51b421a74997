"""A provincial cataloguer compiles a subject bibliography in a real browser (Debian chromium
through Playwright): starts it, finds records without accents, adds them, writes the
introduction, publishes it, and a reader opens it on the OPAC, on a desktop and on a phone.
Screenshots land in screenshots/."""

from __future__ import annotations

import pytest

from libnet.bibliographies.models import Bibliography
from libnet.catalog import services as catalog_services
from tests.browser import DESKTOP, PHONE, SCREENSHOTS, launch, log_in
from tests.factories import make_marc

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def browser():
    yield from launch()


@pytest.fixture
def books(lan, province):
    for title, author in (("Truyện Kiều", "Nguyễn Du"), ("Số đỏ", "Vũ Trọng Phụng")):
        catalog_services.create_record(
            marc_record=make_marc(title=title, author=author, subjects=("Văn học Việt Nam",)),
            by=lan.user,
            library=province["provincial"],
        )


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"] + 1


@pytest.mark.parametrize(("viewport", "name"), [(DESKTOP, "desktop"), (PHONE, "phone")])
def test_a_bibliography_is_compiled_published_and_read_on_the_opac(
    browser, live_server, books, viewport, name
):
    page = log_in(browser, live_server.url, "/staff/bibliographies/", viewport=viewport)
    form = page.locator("#new-bibliography")
    form.locator("select[name=library]").select_option("SL-TVT")
    form.locator("select[name=kind]").select_option("subject")
    form.locator("input[name=title]").fill("Thư mục Văn học Việt Nam")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    bibliography = Bibliography.objects.get()
    assert page.url.endswith(f"/staff/bibliographies/{bibliography.pk}/")

    page.fill("#find input[name=q]", "van hoc viet nam")
    with page.expect_navigation():
        page.press("#find input[name=q]", "Enter")
    assert page.locator("#results input[name=record]").count() == 2
    with page.expect_navigation():
        page.click("#add-records")
    assert "Truyện Kiều" in page.inner_text("#entries")
    assert "Số đỏ" in page.inner_text("#entries")

    page.click("summary:has-text('Nhan đề và lời giới thiệu')")
    page.fill("textarea[name=introduction]", "Những tác phẩm văn học Việt Nam tiêu biểu.")
    with page.expect_navigation():
        page.click("form:has(textarea[name=introduction]) button[type=submit]")
    assert "Những tác phẩm văn học Việt Nam tiêu biểu." in page.inner_text("main")
    _fits(page)
    page.screenshot(path=str(SCREENSHOTS / f"bibliography-{name}.png"), full_page=True)

    with page.expect_navigation():
        page.click("#publish")
    assert page.inner_text("#state") == "Đã công bố"
    page.goto(f"{live_server.url}/bibliographies/{bibliography.pk}")
    public = page.inner_text("main")
    assert "Thư mục Văn học Việt Nam" in public
    assert "Nguyễn Du. Truyện Kiều" in public
    _fits(page)
    page.screenshot(path=str(SCREENSHOTS / f"bibliography-public-{name}.png"), full_page=True)
    page.context.close()
