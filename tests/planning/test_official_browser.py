"""In a real browser: An sends Tân Lập school's self-assessment of the school year, Nga of
the commune office records the result (Mẫu 02); Chi reads the province's official statistics
on a phone.

Screenshots land in screenshots/official-*.png (not committed) so a person can look at them.
"""

from __future__ import annotations

import pytest

from libnet.planning.models import EvaluationState, PerformanceEvaluation
from tests.browser import PHONE, SCREENSHOTS, launch, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def browser():
    yield from launch()


def _shot(page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"official-{name}.png"), full_page=True)


def test_a_school_sends_its_self_assessment_and_the_commune_office_evaluates_it(
    browser, live_server, province, bodies, an, nga
):
    url = "/staff/planning/evaluations/SL-THCS-TANLAP/2026-SY/"
    page = log_in(browser, live_server.url, url, user="an")
    page.select_option("select[name=self_visits]", "met")
    page.fill("#strengths", "Tổ chức tốt giờ đọc ở lớp.")
    page.click("button[value=submit]")
    page.wait_for_selector("text=Đã gửi báo cáo tự đánh giá.")
    _shot(page, "self-assessment-sent")
    page.close()

    page = log_in(browser, live_server.url, url, user="nga")
    assert "Tổ chức tốt giờ đọc ở lớp." in page.inner_text("main")
    page.select_option("#rating", "good")
    page.select_option("#method", "report")
    page.fill("#conclusion", "Thư viện hoàn thành tốt nhiệm vụ năm học.")
    page.click("button[value=evaluate]")
    page.wait_for_selector("text=Đã ghi kết quả đánh giá.")
    assert "Hoàn thành tốt nhiệm vụ" in page.inner_text("main")
    _shot(page, "evaluated")
    page.close()
    found = PerformanceEvaluation.objects.get(library=province["school"], period="2026-SY")
    assert found.state == EvaluationState.EVALUATED


def test_the_official_statistics_read_on_a_phone(browser, live_server, province, chi):
    page = log_in(
        browser,
        live_server.url,
        "/staff/planning/statistics/SL-TVT/?form=ministry&period=2026-Q3",
        user="chi",
        viewport=PHONE,
    )
    assert "BẢNG THỐNG KÊ THƯ VIỆN CÔNG CỘNG HẰNG NĂM" in page.inner_text("main")
    # The page itself does not scroll sideways: only the table does, inside its frame.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1
    _shot(page, "statistics-phone")
    page.close()
