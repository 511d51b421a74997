"""Hoa sends Tân Lập's report, Chi accepts it and looks at the network, in a real browser.

Screenshots land in screenshots/planning-*.png (not committed) so a person can look at them.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from libnet.core import clock
from libnet.planning import services
from libnet.stats import services as stats
from tests.browser import PHONE, SCREENSHOTS, launch, new_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def page():
    for browser in launch():
        yield new_page(browser)


def _shot(page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"planning-{name}.png"), full_page=True)


def _log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/staff/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo-password")
    page.press("#id_password", "Enter")
    page.wait_for_url(re.compile(r"/staff/"))


def test_hoa_submits_and_chi_accepts_then_sees_the_network(
    page, live_server, province, sibling, hoa, chi
):
    year = clock.today().year
    last_month = clock.today().replace(day=1) - dt.timedelta(days=1)
    period = f"{last_month.year}-{last_month.month:02d}"
    for month in range(1, last_month.month + 1):
        for library, level in [
            (province["provincial"], 900),
            (province["commune"], 60),
            (sibling, 25),
        ]:
            stats.bump(
                library_id=library.pk,
                indicator="loans",
                day=dt.date(year, month, 3),
                by=level * (10 + month),
            )
    services.set_targets(
        library=province["provincial"],
        year=year,
        targets={"loans": 150_000},
        by=chi.user,
        approve=True,
    )
    services.set_targets(
        library=province["commune"], year=year, targets={"loans": 9_000}, by=chi.user, approve=True
    )
    services.set_targets(
        library=sibling, year=year, targets={"loans": 9_000}, by=chi.user, approve=True
    )

    _log_in(page, live_server, "hoa")
    page.goto(f"{live_server.url}/staff/planning/reports/SL-TANLAP/{period}/")
    page.fill("input[name=delta]", "12")
    page.fill("form[action$='/adjust/'] input[name=reason]", "Sổ mượn giấy cuối tháng")
    page.click("form[action$='/adjust/'] button")
    page.wait_for_selector("text=Sổ mượn giấy cuối tháng")
    _shot(page, "report-draft")
    page.click("form[action$='/submit/'] button")
    page.wait_for_selector(".report-submitted")
    response = page.goto(f"{live_server.url}/staff/planning/reports/SL-HOABINH/{period}/")
    assert response is not None
    assert response.status == 404

    page.context.clear_cookies()
    _log_in(page, live_server, "chi")
    page.goto(f"{live_server.url}/staff/planning/reports/SL-TVT/{period}/")
    _shot(page, "province-report")
    page.goto(f"{live_server.url}/staff/planning/reports/SL-TANLAP/{period}/")
    page.click("form[action$='/accept/'] button")
    page.wait_for_selector(".report-accepted")
    _shot(page, "report-accepted")
    page.goto(f"{live_server.url}/staff/planning/?year={year}&indicator=loans")
    assert "Thư viện xã Hòa Bình" in page.content()
    assert page.locator("svg.chart").count() == 1
    _shot(page, "dashboard")
    page.goto(f"{live_server.url}/staff/planning/plans/SL-TANLAP/{year}/")
    assert page.input_value("#target_loans") == "9000"
    _shot(page, "plan")
    page.goto(f"{live_server.url}/staff/planning/figures/SL-TVT/?year={year}")
    page.fill("input[name=value]", "7")
    page.fill("input[name=note]", "Sổ theo dõi hoạt động")
    page.click("form.inline-form button[type=submit]")
    page.wait_for_selector("text=Sổ theo dõi hoạt động")
    _shot(page, "figures")


def test_chi_groups_the_province_report_by_administrative_unit(
    page, live_server, province, chi, loans
):
    """2024-Q3: the districts of before the reform; 2025-Q4: the merged communes."""
    _log_in(page, live_server, "chi")
    page.goto(f"{live_server.url}/staff/planning/reports/SL-TVT/2024-Q3/")
    page.locator('a[href*="by=admin_unit"]').click()
    page.wait_for_selector("#by-admin-unit")
    header = page.locator("#by-admin-unit thead").inner_text()
    assert "Huyện Hưng Lam" in header
    assert "Huyện Thanh Sơn" in header
    _shot(page, "report-by-district")
    page.goto(f"{live_server.url}/staff/planning/reports/SL-TVT/2025-Q4/?by=admin_unit")
    assert "Xã Thanh Sơn" in page.locator("#by-admin-unit thead").inner_text()
    _shot(page, "report-by-commune")


def test_minh_enters_a_figure_and_sends_his_report_on_a_phone_then_chi_sees_it_counted(
    live_server, province, sibling, minh, chi
):
    """The commune clerk runs the library alone: the figures page has its form, the report
    its adjust and submit forms. Once Chi accepts, the province's report says it adds 1 of
    the 2 communes' reports, and its columns agree."""
    last_month = clock.today().replace(day=1) - dt.timedelta(days=1)
    period = f"{last_month.year}-{last_month.month:02d}"
    for library, loans in [(province["provincial"], 300), (province["commune"], 40), (sibling, 9)]:
        stats.bump(library_id=library.pk, indicator="loans", day=last_month, by=loans)
    for browser in launch():
        phone = new_page(browser, PHONE)
        _log_in(phone, live_server, "minh")
        phone.goto(f"{live_server.url}/staff/planning/")
        phone.click("text=Số liệu nhập tay")
        phone.select_option("select[name=month]", period)
        phone.select_option("select[name=indicator]", "talks")
        phone.fill("input[name=value]", "2")
        phone.fill("input[name=note]", "Sổ hoạt động tháng")
        phone.click("form.inline-form button[type=submit]")
        phone.wait_for_selector("text=Sổ hoạt động tháng")
        _shot(phone, "minh-figures-phone")
        phone.goto(f"{live_server.url}/staff/planning/reports/SL-TANLAP/{period}/")
        phone.select_option("form[action$='/adjust/'] select[name=indicator]", "loans")
        phone.fill("input[name=delta]", "3")
        phone.fill("form[action$='/adjust/'] input[name=reason]", "Sổ mượn giấy")
        phone.click("form[action$='/adjust/'] button")
        phone.wait_for_selector("#adjustments")
        phone.click("form[action$='/submit/'] button")
        phone.wait_for_selector(".report-submitted")
        _shot(phone, "minh-report-phone")

        desk = new_page(browser)
        _log_in(desk, live_server, "chi")
        desk.goto(f"{live_server.url}/staff/planning/reports/SL-TANLAP/{period}/")
        desk.click("form[action$='/accept/'] button")
        desk.wait_for_selector(".report-accepted")
        desk.goto(f"{live_server.url}/staff/planning/reports/SL-TVT/{period}/")
        source = desk.inner_text("#figure-source")
        assert "1/2" in source
        assert "Thư viện xã Hòa Bình" in source
        loans = desk.locator("tr[data-indicator=loans] td").all_inner_texts()
        assert loans[1:4] == ["343", "", "343"]  # 300 + Tân Lập's 40 + 3; Hòa Bình not in
        _shot(desk, "province-report-sources")
