"""Serials check-in and claims in a real browser (Debian chromium): Lan scans an arriving
Nhân Dân with the keyboard as a scanner does, ticks two issues that came together, then
claims a late one. Screenshots land in screenshots/ for a person to look at."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.catalog.models import IssueState, SerialClaim
from tests.browser import PHONE, SCREENSHOTS, launch, new_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
D = dt.date


@pytest.fixture
def browser():
    yield from launch()


def _login(browser, live_server, next_url: str, viewport=None):
    page = new_page(browser, viewport) if viewport else new_page(browser)
    page.goto(f"{live_server.url}/staff/login/?next={next_url}")
    page.fill("#id_username", "lan")
    page.fill("#id_password", "demo-password")
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    return page


def test_issues_are_checked_in_and_a_late_one_claimed_in_the_browser(
    browser, live_server, lan, daily_at_provincial
):
    issues = daily_at_provincial.issues
    issues.filter(expected_on__lt=D(2026, 3, 1)).update(state=IssueState.RECEIVED)
    page = _login(browser, live_server, "/staff/serials/check-in/")
    page.focus("#id_code")
    page.keyboard.type("9770866702004")
    page.fill("#id_issue", "09/03/2026")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Đã nhận: Nhân Dân, số 68 (09/03/2026)." in page.inner_text("body")
    for day in (2, 3):
        page.check(f"#due-{issues.get(expected_on=D(2026, 3, day)).pk}")
    with page.expect_navigation():
        page.click("#tick-form button[type=submit]")
    assert "Đã nhận 2 số." in page.inner_text("body")
    page.screenshot(path=str(SCREENSHOTS / "serials-checkin.png"), full_page=True)
    assert set(
        issues.filter(expected_on__in=[D(2026, 3, 2), D(2026, 3, 3), D(2026, 3, 9)]).values_list(
            "state", flat=True
        )
    ) == {IssueState.RECEIVED}

    page.goto(f"{live_server.url}/staff/serials/claims/")
    late = issues.get(expected_on=D(2026, 3, 1))
    page.check(f"#late-{late.pk}")
    with page.expect_navigation():
        page.click("#late-form button[type=submit]")
    assert "Đã lập khiếu nại cho 1 số." in page.inner_text("body")
    assert SerialClaim.objects.get().issue == late
    page.screenshot(path=str(SCREENSHOTS / "serials-claims.png"), full_page=True)

    phone = _login(browser, live_server, "/staff/serials/check-in/", PHONE)
    phone.screenshot(path=str(SCREENSHOTS / "serials-checkin-phone.png"), full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
