"""An sends Tân Lập school's monthly report, Nga of the commune office accepts it from her
body's page and sees it rolled up, in a real browser (desktop and phone).

Screenshots land in screenshots/bodies-*.png (not committed) so a person can look at them.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from libnet.core import clock
from libnet.planning.models import Report, ReportState
from libnet.stats import services as stats
from tests.browser import PHONE, SCREENSHOTS, launch, new_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def browser():
    yield from launch()


def _shot(page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"bodies-{name}.png"), full_page=True)


def _log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/staff/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo-password")
    page.press("#id_password", "Enter")
    page.wait_for_url(re.compile(r"/staff/"))


def test_a_schools_report_is_accepted_by_the_commune_office(
    browser, live_server, province, bodies, an, nga
):
    last_month = clock.today().replace(day=1) - dt.timedelta(days=1)
    period = f"{last_month.year}-{last_month.month:02d}"
    stats.bump(
        library_id=province["school"].pk, indicator="loans", day=last_month.replace(day=3), by=57
    )
    page = new_page(browser)
    _log_in(page, live_server, "an")
    page.goto(f"{live_server.url}/staff/planning/reports/SL-THCS-TANLAP/{period}/")
    assert "Phòng Văn hóa – Xã hội xã Tân Lập" in page.inner_text("main")
    page.click("form[action$='/submit/'] button")
    page.wait_for_selector("text=Đã gửi")
    page.context.clear_cookies()

    _log_in(page, live_server, "nga")
    page.click("nav.mainnav >> text=Cơ quan quản lý")
    page.wait_for_selector("text=Báo cáo chờ anh/chị xem xét")
    page.click("text=Phòng Văn hóa – Xã hội xã Tân Lập")
    page.wait_for_selector("table.body-reports")
    _shot(page, "office-waiting")
    page.click("table.body-reports >> text=Thư viện Trường THCS Tân Lập")
    page.wait_for_selector("form[action$='/accept/'] button")
    page.click("form[action$='/accept/'] button")
    page.wait_for_selector(".badge.report-accepted")
    page.click(".breadcrumb >> text=Phòng Văn hóa – Xã hội xã Tân Lập")
    page.wait_for_selector("table.body-totals")
    loans = page.inner_text("table.body-totals tr[data-indicator=loans] td.num")
    assert loans.strip() == "57"
    _shot(page, "office-accepted")
    phone = new_page(browser, PHONE)
    phone.context.add_cookies(page.context.cookies())
    phone.goto(page.url)
    phone.wait_for_selector("table.body-totals")
    _shot(phone, "office-accepted-phone")
    report = Report.objects.get(library=province["school"], period=period)
    assert report.state == ReportState.ACCEPTED
    assert report.decided_by == nga.user
