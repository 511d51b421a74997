"""The full MARC editor in a real browser (Debian chromium), at 1280 and 375 px: Lan adds a
subject field with the keyboard, the table flags its indicator on the field, she corrects it
and saves. Screenshots land in screenshots/ for a person to look at."""

from __future__ import annotations

import pytest

from libnet.catalog import services
from libnet.catalog.models import BibRecord
from tests.browser import DESKTOP, PHONE, SCREENSHOTS, launch, log_in
from tests.factories import make_marc

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def browser():
    yield from launch()


@pytest.mark.parametrize(("viewport", "name"), [(DESKTOP, "1280"), (PHONE, "375")])
def test_a_cataloguer_adds_a_subject_with_the_keyboard_and_saves(
    browser, live_server, lan, viewport, name
):
    bib = services.create_record(
        marc_record=make_marc(title="Số đỏ"), by=lan.user, library=lan.library
    )
    page = log_in(browser, live_server.url, f"/staff/catalogue/marc/{bib.pk}/", viewport=viewport)
    assert "Biểu ghi phù hợp với bảng MARC 21." in page.inner_text("body")
    fields_before = page.locator(".marc-field").count()

    page.focus("#add-field-end")
    page.keyboard.press("Enter")
    new_tag = f"#field-{fields_before}-tag"
    page.wait_for_selector(f"{new_tag}:focus")  # the new field's tag box has the focus
    page.keyboard.type("650")
    page.keyboard.press("Tab")  # first indicator
    page.keyboard.type("#")
    page.keyboard.press("Tab")  # second indicator
    page.keyboard.type("9")  # not a thesaurus code 650 allows
    page.keyboard.press("Tab")  # subfield code, already a
    page.keyboard.press("Tab")  # its value
    page.keyboard.type("Tiểu thuyết trào phúng")
    page.keyboard.press("Enter")  # checks, saves nothing
    problem = page.locator(f"#mf-{fields_before}-problems").filter(
        has_text="Chỉ thị 2 của trường 650 không thể là “9”"
    )
    problem.wait_for()
    assert page.get_attribute(new_tag, "aria-invalid") == "true"
    page.screenshot(path=str(SCREENSHOTS / f"marc-editor-error-{name}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

    # Refused: the error stays shown. Wait for htmx's answer and its swap, or the boxes filled
    # below could be replaced by the refused form arriving late.
    with page.expect_response(lambda response: response.request.method == "POST"):
        page.get_by_role("button", name="Lưu biểu ghi").click()
    page.wait_for_function(
        "!document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )
    assert "Còn 1 lỗi cần sửa trước khi lưu." in page.inner_text(".marc-status")
    assert BibRecord.objects.get(pk=bib.pk).marc_json == bib.marc_json
    page.fill(f"#field-{fields_before}-ind2", "7")
    page.fill(f"#field-{fields_before}-sf-0-value", "Tiểu thuyết trào phúng")
    page.locator(f"#field-{fields_before}-sf-0-value").press("Tab")
    page.keyboard.press("Enter")  # adds a subfield after $a
    page.wait_for_selector(f"#field-{fields_before}-sf-1-code:focus")
    page.keyboard.type("2")
    page.keyboard.press("Tab")
    page.keyboard.type("Bộ TĐCĐ")
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu biểu ghi").click()
    assert "Đã lưu biểu ghi." in page.inner_text("body")
    bib = BibRecord.objects.get(pk=bib.pk)
    assert {
        "650": {
            "ind1": " ",
            "ind2": "7",
            "subfields": [{"a": "Tiểu thuyết trào phúng"}, {"2": "Bộ TĐCĐ"}],
        }
    } in bib.marc_json["fields"]
    page.goto(f"{live_server.url}/staff/catalogue/marc/{bib.pk}/")
    page.screenshot(path=str(SCREENSHOTS / f"marc-editor-{name}.png"), full_page=True)
    assert "thay biểu ghi" in page.inner_text("#history-heading + ul")
