"""An enters Tân Lập school's enrolment and evidence and sends its self-assessment; Nga of
the commune office finds it on her body's dashboard and accepts it, in a real browser
(desktop and phone).

Screenshots land in screenshots/schools-*.png (not committed) so a person can look at them.
"""

from __future__ import annotations

import re

import pytest

from libnet.schools.models import AssessmentState, SelfAssessment
from tests.browser import PHONE, SCREENSHOTS, launch, log_in, new_page
from tests.factories import ItemFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def browser():
    yield from launch()


def _shot(page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"schools-{name}.png"), full_page=True)


def _log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/staff/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo-password")
    page.press("#id_password", "Enter")
    page.wait_for_url(re.compile(r"/staff/"))


def test_a_schools_self_assessment_is_accepted_by_the_commune_office(
    browser, live_server, province, bodies, an, nga
):
    ItemFactory.create_batch(45, home_library=province["school"])
    page = new_page(browser)
    _log_in(page, live_server, "an")
    page.goto(f"{live_server.url}/staff/schools/SL-THCS-TANLAP/?period=2026-SY")
    form = page.locator("#enrolment-form")
    form.locator("input[name=class_name]").fill("6A")
    form.locator("input[name=pupils]").fill("10")
    form.locator("input[name=teachers]").fill("2")
    form.locator("button").click()
    page.wait_for_selector("text=Đã lưu sĩ số lớp.")
    row = page.locator("tr[data-criterion='R1.copies_per_pupil']").first
    assert "4,5" in row.inner_text()
    assert "Đạt" in row.locator(".result").inner_text()
    sets = page.locator("tr[data-criterion='R1.teacher_sets']")
    sets.locator("select[name=answer]").select_option("yes")
    sets.locator("input[name=evidence]").fill("Sổ đăng ký sách giáo viên")
    sets.locator("button").click()
    page.wait_for_selector("text=Đã lưu minh chứng.")
    _shot(page, "school")
    page.click("#submit")
    page.wait_for_selector("text=Đã gửi báo cáo tự đánh giá tới Phòng Văn hóa – Xã hội xã Tân Lập.")
    page.context.clear_cookies()

    _log_in(page, live_server, "nga")
    page.click("nav.mainnav >> text=Tiêu chuẩn thư viện trường học")
    page.click("text=Phòng Văn hóa – Xã hội xã Tân Lập")
    page.fill("input[name=period]", "2026-SY")
    page.click("form.inline-form button")
    assert "Đã gửi" in page.locator("tr[data-school='SL-THCS-TANLAP']").inner_text()
    _shot(page, "body")
    page.click("tr[data-school='SL-THCS-TANLAP'] a")
    page.click("#accept")
    page.wait_for_selector("text=Đã chấp nhận báo cáo tự đánh giá.")
    assert SelfAssessment.objects.get().state == AssessmentState.ACCEPTED

    phone = new_page(browser, PHONE)
    phone.context.add_cookies(page.context.cookies())
    phone.goto(f"{live_server.url}/staff/schools/bodies/SL-PVHXH-TANLAP/?period=2026-SY")
    assert "Đã tiếp nhận" in phone.locator("tr[data-school='SL-THCS-TANLAP']").inner_text()
    _shot(phone, "body-phone")


def test_the_education_department_dashboard_at_1280_px(browser, live_server, province, bodies, thu):
    """Thu of the Sở GD&ĐT opens her dashboard on a desktop screen: her upper-secondary school
    with its level, copies per pupil below the NĐ 93 minimum, and its library plan not sent by
    15/10 — never Tân Lập's lower-secondary school, which reports to its commune office."""
    import datetime as dt

    from libnet.network import services as network_services
    from libnet.network.models import LibraryKind
    from libnet.schools import services
    from tests.factories import LibraryFactory

    upper = LibraryFactory(
        code="SL-THPT-SONGLAM", name="Thư viện Trường THPT Sông Lam",
        kind=LibraryKind.SCHOOL_UPPER_SECONDARY, school_levels=["upper_secondary"],
        parent=province["provincial"],
    )  # fmt: skip
    network_services.apply_default_reporting(library=upper, on=dt.date(2025, 7, 1), by=None)
    ItemFactory.create_batch(20, home_library=upper)
    services.set_enrolment(
        library=upper, school_year=2026, class_name="10A1", school_level="upper_secondary",
        pupils=10, teachers=3, by=None,
    )  # fmt: skip
    page = log_in(browser, live_server.url, "/staff/schools/", user="thu")
    page.click("text=Sở Giáo dục và Đào tạo tỉnh Sông Lam")
    page.fill("input[name=period]", "2026-SY")
    page.click("form.inline-form button")
    row = page.locator("tr[data-school='SL-THPT-SONGLAM']")
    assert "2" in row.locator("td.num").inner_text()
    assert "Chưa gửi" in row.locator("td.plan").inner_text()
    assert "Thư viện Trường THPT Sông Lam" in page.locator("#below").inner_text()
    assert "Thư viện Trường THPT Sông Lam" in page.locator("#plans-late").inner_text()
    assert page.locator("tr[data-school='SL-THCS-TANLAP']").count() == 0
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1280
    _shot(page, "education-department")
