"""The batch flow in a real browser (Debian chromium): Lan plans and ships a batch, scanning
copies in; Minh scans the boxes in at Tân Lập and sends them back; Lan scans the return and
closes, with one copy lost. Screenshots land in screenshots/ for a person to look at."""

from __future__ import annotations

import re

import pytest

from libnet.catalog.models import ItemStatus, WeedingCandidate
from libnet.rotation.models import BatchState, RotationBatch
from tests.browser import DESKTOP, PHONE, SCREENSHOTS, launch, new_page
from tests.rotation.conftest import stock

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
BATCH_URL = re.compile(r"/staff/rotation/batches/\d+/$")


@pytest.fixture
def browser():
    yield from launch()


def _shot(page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"rotation-{name}.png"), full_page=True)


def _login(browser, live_server, username: str, next_url: str, viewport=DESKTOP):
    page = new_page(browser, viewport)
    page.goto(f"{live_server.url}/staff/login/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo-password")
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    return page


def _scan(page, field: str, barcode: str, expected: str) -> None:
    """Type like a scanner into the scan box, press Enter, wait for the line saying what it did."""
    page.focus(field)
    page.keyboard.type(barcode)
    page.keyboard.press("Enter")
    page.wait_for_function(
        "([text]) => document.querySelector('#batch-work .desk-event')?.innerText.includes(text)",
        arg=[expected],
    )


def _click(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state("networkidle")


def test_a_batch_from_plan_to_close_in_the_browser(browser, live_server, lan, minh, province):
    provincial, commune = province["provincial"], province["commune"]
    copies = stock(provincial, titles=4, copies=3, prefix="BR")[:4]

    page = _login(browser, live_server, "lan", "/staff/rotation/batches/new/")
    page.select_option("#id_from_library", provincial.code)
    page.select_option("#id_to_library", commune.code)
    page.fill("#id_planned_start", "2026-12-01")
    page.fill("#id_planned_end", "2027-05-31")
    page.fill("#id_purpose", "Sách thiếu nhi cho mùa hè")
    page.fill("#id_keeper_name", "Nguyễn Văn Minh")
    page.fill("#id_boxes", "2")
    _shot(page, "browser-new")
    page.get_by_role("button", name=re.compile("Plan the batch|Lập đợt")).click()
    page.wait_for_url(BATCH_URL)
    batch = RotationBatch.objects.get()

    for item in copies:
        _scan(page, "#scan-add", item.barcode, item.barcode)
    page.focus("#scan-add")
    page.keyboard.type("KHONG-CO-MA")
    page.keyboard.press("Enter")
    page.wait_for_selector("#batch-work .desk-event-refused")
    assert page.evaluate("document.activeElement.id") == "scan-add"  # ready for the next scan
    assert batch.lines.count() == 4
    _shot(page, "browser-draft")

    page.locator("form[action$='/pack/'] button").click()
    page.wait_for_load_state("networkidle")
    page.locator("form[action$='/ship/'] button").click()
    page.wait_for_load_state("networkidle")
    batch.refresh_from_db()
    assert batch.state == BatchState.SHIPPED
    _shot(page, "browser-shipped")
    page.context.close()

    page = _login(browser, live_server, "minh", f"/staff/rotation/batches/{batch.pk}/")
    for item in copies[:3]:
        _scan(page, "#scan-arrival", item.barcode, item.barcode)
    _shot(page, "browser-arrival")
    page.locator("button[name='by'][value='scan']").click()
    page.wait_for_load_state("networkidle")
    # The copy not scanned is listed before it is recorded missing on arrival.
    assert copies[3].barcode in page.inner_text("#confirm-lines")
    _shot(page, "browser-receipt-confirm")
    page.click("#confirm-step")
    page.wait_for_load_state("networkidle")
    batch.refresh_from_db()
    assert batch.state == BatchState.RECEIVED
    assert batch.lines.filter(state="missing_on_arrival").count() == 1
    page.locator("form[action$='/use/'] button").click()
    page.wait_for_load_state("networkidle")
    page.fill("#id_point_requests", "Truyện tranh\nSách nông nghiệp")
    page.locator("form[action$='/send-back/'] button").click()
    page.wait_for_load_state("networkidle")
    _shot(page, "browser-sent-back")
    page.context.close()

    page = _login(browser, live_server, "lan", f"/staff/rotation/batches/{batch.pk}/")
    _scan(page, "#scan-return", copies[0].barcode, copies[0].barcode)
    page.check("input[name='damaged']")
    _scan(page, "#scan-return", copies[1].barcode, copies[1].barcode)
    _shot(page, "browser-return")
    page.locator("form[action$='/close/'] button").click()
    page.wait_for_load_state("networkidle")
    assert copies[2].barcode in page.inner_text("#confirm-lines")  # never scanned back
    _shot(page, "browser-close-confirm")
    page.click("#confirm-step")
    page.wait_for_load_state("networkidle")
    batch.refresh_from_db()
    assert batch.state == BatchState.CLOSED
    assert {line.item.status for line in batch.lines.select_related("item")} == {
        ItemStatus.AVAILABLE,
        ItemStatus.DAMAGED,
        ItemStatus.LOST,
    }
    assert WeedingCandidate.objects.count() == 3
    _shot(page, "browser-closed")
    page.goto(f"{live_server.url}/staff/rotation/")
    _shot(page, "browser-plan")
    page.context.close()

    phone = _login(browser, live_server, "lan", f"/staff/rotation/batches/{batch.pk}/", PHONE)
    _shot(phone, "browser-phone")


def test_the_plan_of_a_draft_batch_is_changed_on_its_page(browser, live_server, lan, draft):
    page = _login(browser, live_server, "lan", f"/staff/rotation/batches/{draft.pk}/")
    page.locator("#batch-plan summary").click()
    page.fill("#id_planned_end", "2026-12-31")
    page.fill("#id_keeper_name", "Hoàng Thị Hoa")
    _click(page, "Lưu kế hoạch")
    assert "tối đa 6 tháng" in page.inner_text("#form-errors")
    _shot(page, "plan-refused")
    page.fill("#id_planned_end", "2026-07-31")
    _click(page, "Lưu kế hoạch")
    page.wait_for_url(BATCH_URL)
    _shot(page, "plan-saved")
    draft.refresh_from_db()
    assert (str(draft.planned_end), draft.keeper_name) == ("2026-07-31", "Hoàng Thị Hoa")
