"""Bình signs in to the catalogue and renews his book, on a desktop and on his phone.

Screenshots land in /tmp/shots-desk/ (and screenshots/) so a person can look at them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser import DESKTOP, PHONE, SCREENSHOTS, launch, new_page
from tests.opac.account.conftest import PIN

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SHOTS = Path("/tmp/shots-desk")


@pytest.fixture
def browser():
    yield from launch()


def _shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    for folder in (SHOTS, SCREENSHOTS):
        page.screenshot(path=str(folder / f"opac-account-{name}.png"), full_page=True)


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1


@pytest.mark.parametrize(("viewport", "label"), [(DESKTOP, "desktop"), (PHONE, "phone")])
def test_binh_signs_in_sees_his_loan_and_renews_it(
    browser, live_server, binh_loan, viewport, label
):
    page = new_page(browser, viewport)
    page.goto(f"{live_server.url}/")
    page.click(".opac-nav a[href='/account/login']")
    page.wait_for_url(re.compile(r"/account/login"))
    _shot(page, f"login-{label}")
    page.fill("#id_card_number", "HS2026000123")
    page.fill("#id_pin", PIN)
    page.press("#id_pin", "Enter")
    page.wait_for_url(re.compile(r"/account/$"))
    row = page.inner_text(".account-loans tbody tr")
    assert "Dế Mèn phiêu lưu ký" in row
    assert binh_loan.due_on.strftime("%d/%m/%Y") in row
    _fits(page)
    _shot(page, f"{label}")

    first_due = binh_loan.due_on
    page.click(".account-loans button")
    page.wait_for_selector(".message-success")
    binh_loan.refresh_from_db()
    assert binh_loan.renewals == 1
    assert binh_loan.due_on > first_due
    assert binh_loan.due_on.strftime("%d/%m/%Y") in page.inner_text(".account-loans")
    _fits(page)
    _shot(page, f"renewed-{label}")
