"""Minh at the Tân Lập desk, keyboard and scanner only, in a real browser (Debian chromium).

Screenshots land in /tmp/shots-desk/ (and screenshots/) so a person can look at them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from libnet.circulation.models import Loan
from tests.browser import DESKTOP, SCREENSHOTS, launch, new_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SHOTS = Path("/tmp/shots-desk")
DESK_URL = re.compile(r"^[^?]*/staff/circulation/desk/$")  # not the login's ?next=


@pytest.fixture
def page():
    for browser in launch():
        yield new_page(browser, DESKTOP)


def _shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    for folder in (SHOTS, SCREENSHOTS):
        page.screenshot(path=str(folder / f"desk-{name}.png"), full_page=True)


def _scan(page, barcode: str, expected_code: str) -> None:
    """Type like a scanner into whatever has the focus, press Enter, wait for the outcome."""
    assert page.evaluate("document.activeElement.id") == "scan"
    page.keyboard.type(barcode)
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#desk-status .desk-event[data-code='{expected_code}']")


def test_minh_lends_refuses_and_takes_back_with_the_keyboard_only(
    page, live_server, minh, binh, tu, so_do, dictionary
):
    page.goto(f"{live_server.url}/staff/login/?next=/staff/circulation/desk/")
    page.keyboard.press("Tab")  # the skip link, then the fields
    page.focus("#id_username")
    page.keyboard.type("minh")
    page.keyboard.press("Tab")
    page.keyboard.type("demo-password")
    page.keyboard.press("Enter")
    page.wait_for_url(DESK_URL)

    # Bình used the commune, so Minh knows him; his school card does not lend here: the card
    # scan says so, and no reader is opened.
    _scan(page, binh.card_number, "card_not_valid_here")
    assert "Thư viện Trường THCS Tân Lập" in page.inner_text("#desk-status")
    assert not page.query_selector("#end-form")
    _shot(page, "card-not-valid-here")

    _scan(page, tu.card_number, "reader_opened")
    _scan(page, "TL0000001", "lent")
    loan = Loan.objects.get(item=so_do, closed_at__isnull=True)
    row = page.inner_text(".desk-loans tr[data-barcode='TL0000001']")
    assert "Số đỏ" in row
    assert loan.due_on.strftime("%d/%m/%Y") in row

    _scan(page, "TL0000099", "reference_only")
    refusal = page.inner_text("#desk-status")
    assert "TL0000099" in refusal
    assert page.get_attribute("#desk-status", "aria-live") == "assertive"
    _shot(page, "lend-and-refusal")

    page.keyboard.press("F2")
    page.wait_for_selector(".desk-modes [data-mode='return'][aria-pressed='true']")
    _scan(page, "TL0000001", "returned")
    _shot(page, "return")
    loan.refresh_from_db()
    assert loan.closed_at is not None


def test_the_slip_prints_todays_loans(page, live_server, minh, tu, so_do):
    page.goto(f"{live_server.url}/staff/login/?next=/staff/circulation/desk/")
    page.fill("#id_username", "minh")
    page.fill("#id_password", "demo-password")
    page.press("#id_password", "Enter")
    page.wait_for_url(DESK_URL)
    _scan(page, tu.card_number, "reader_opened")
    _scan(page, "TL0000001", "lent")
    page.goto(f"{live_server.url}/staff/circulation/desk/slip/")
    assert "Số đỏ" in page.inner_text(".slip")
    _shot(page, "slip")
    page.emulate_media(media="print")
    assert not page.is_visible(".slip-actions")
