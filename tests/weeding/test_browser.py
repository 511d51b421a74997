"""The weeding procedure in a real browser (Debian chromium): Lan opens a round of the
provincial library, records the approval, ticks the surplus copies the data proposes, names
the council, records its minutes and the decision, publishes the list, and a reader sees it
on the library's OPAC page. Screenshots land in screenshots/."""

from __future__ import annotations

import re

import pytest

from libnet.catalog.models import Item, ItemStatus
from tests.browser import PHONE, SCREENSHOTS, launch, new_page
from tests.weeding.conftest import copies

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
ROUND_URL = re.compile(r"/staff/weeding/\d+/$")


@pytest.fixture
def browser():
    yield from launch()


def _shot(page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"weeding-{name}.png"), full_page=True)


def _login(browser, live_server, next_url: str, viewport=None):
    page = new_page(browser, viewport) if viewport else new_page(browser)
    page.goto(f"{live_server.url}/staff/login/?next={next_url}")
    page.fill("#id_username", "lan")
    page.fill("#id_password", "demo-password")
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    return page


def _step(page) -> None:
    page.click("#advance")
    page.wait_for_url(ROUND_URL)
    page.wait_for_load_state("networkidle")


def test_a_weeding_round_from_request_to_publication_in_the_browser(
    browser, live_server, lan, provincial, shelf
):
    six = copies(provincial, 6, prefix="SU", title="Truyện Kiều")
    page = _login(browser, live_server, "/staff/weeding/new/")
    page.select_option("#id_library", provincial.code)
    page.fill("#id_plan", "Thanh lọc bản trùng thừa của kho mở")
    page.get_by_role("button", name="Mở đợt thanh lọc", exact=True).click()
    page.wait_for_url(ROUND_URL)
    assert "0 / 4" in page.inner_text("#list-count")  # 46 copies held: at most 4

    page.fill("#id_reference", "112/QĐ-SVHTTDL")
    _step(page)
    assert "Đề án đã được phê duyệt" in page.inner_text("#round-state")
    proposals = page.locator("#proposals tbody tr")
    assert proposals.count() == 2
    assert "Bản trùng thừa" in page.inner_text("#proposals")
    page.check(f"#proposal-{six[4].pk}")
    page.check(f"#proposal-{six[5].pk}")
    page.click("#add-ticked")
    page.wait_for_url(ROUND_URL)
    assert page.locator("#round-copies tbody tr").count() == 2
    _shot(page, "list")

    _step(page)  # the list proposed (Mẫu 04)
    page.fill("#id_members", "Nguyễn Văn Hải; Chủ tịch Hội đồng; Giám đốc\nTrần Thị Lan; Thư ký")
    page.click("#save-council")
    page.wait_for_url(ROUND_URL)
    assert page.locator("#council li").count() == 2
    _step(page)  # the council set up (Mẫu 05)
    _step(page)  # its minutes (Mẫu 06a, 06b)
    page.fill("#id_number", "15/QĐ-TVT")
    page.click("#decide")
    page.wait_for_url(ROUND_URL)
    assert "Đã ghi quyết định số 15/QĐ-TVT" in page.inner_text("body")
    assert set(
        Item.objects.filter(status=ItemStatus.WITHDRAWN).values_list("barcode", flat=True)
    ) == {
        "SU05",
        "SU06",
    }
    _step(page)  # published
    assert "đang được công bố trên OPAC" in page.inner_text("#publication")
    _shot(page, "published")

    phone = new_page(browser, PHONE)
    phone.goto(f"{live_server.url}/libraries/{provincial.code}")
    phone.locator("#weeding-notices a").first.click()
    phone.wait_for_load_state("networkidle")
    assert phone.locator("#weeding-list tbody tr").count() == 2
    assert "Truyện Kiều" in phone.inner_text("#weeding-list")
    _shot(phone, "opac-phone")
    assert (SCREENSHOTS / "weeding-opac-phone.png").exists()
