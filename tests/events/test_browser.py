"""Book Day in a real browser (Debian chromium): Minh makes Book Day his commune's event from
the national days page, reports who came, and sees the figures on April's report page. Also
the calendar and the public page at phone width. Screenshots land in screenshots/."""

from __future__ import annotations

import pytest

from libnet.events.models import Event
from tests.browser import PHONE, SCREENSHOTS, launch, new_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def browser():
    yield from launch()


def _shot(page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"events-{name}.png"), full_page=True)


def _login(browser, live_server, next_url: str, viewport=None):
    page = new_page(browser, viewport) if viewport else new_page(browser)
    page.goto(f"{live_server.url}/staff/login/?next={next_url}")
    page.fill("#id_username", "minh")
    page.fill("#id_password", "demo-password")
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    return page


def test_book_day_planned_from_the_suggestion_reported_and_counted(
    browser, live_server, minh, province
):
    page = _login(browser, live_server, "/staff/events/national-days/?year=2026")
    row = page.locator("#day-book_day")
    assert "21/04/2026" in row.inner_text()
    _shot(page, "national-days")
    row.get_by_role("button", name="Tổ chức tại thư viện").click()
    page.wait_for_url("**/staff/events/*/")
    assert "Ngày Sách và Văn hóa đọc Việt Nam 2026" in page.locator("h1").inner_text()
    page.fill("#id_adults", "35")
    page.fill("#id_children", "80")
    page.fill("#id_pupils", "70")
    page.fill("#id_results", "Trao giải cuộc thi kể chuyện theo sách")
    page.locator("#report button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#event-state").inner_text() == "Đã báo cáo"
    assert page.locator("#attendance").inner_text() == "115"
    _shot(page, "event")
    event = Event.objects.get()
    assert (event.library.code, event.state, event.attendance) == ("SL-TANLAP", "reported", 115)

    page.goto(f"{live_server.url}/staff/planning/reports/SL-TANLAP/2026-04/")
    events_row = page.locator("tr[data-indicator=events] td.num").first
    attendance_row = page.locator("tr[data-indicator=event_attendance] td.num").first
    assert events_row.inner_text() == "1"
    assert attendance_row.inner_text() == "115"
    assert "(từ sự kiện)" in page.locator("tr[data-indicator=events] th").inner_text()
    _shot(page, "report")

    page.goto(f"{live_server.url}/staff/events/?month=2026-04")
    assert "Ngày Sách và Văn hóa đọc Việt Nam 2026" in page.locator("#month").inner_text()
    _shot(page, "calendar")


def test_the_calendar_and_the_public_page_on_a_phone(browser, live_server, minh, province):
    page = _login(browser, live_server, "/staff/events/national-days/?year=2026", PHONE)
    page.locator("#day-world_book_day").get_by_role("button", name="Tổ chức tại thư viện").click()
    page.wait_for_url("**/staff/events/*/")
    event = Event.objects.get()
    page.goto(f"{live_server.url}/staff/events/?month=2026-04")
    assert page.locator("#month a.event").is_visible()
    _shot(page, "calendar-phone")
    page.goto(f"{live_server.url}/events/{event.pk}")
    assert "Thư viện xã Tân Lập" in page.locator("main").inner_text()
    _shot(page, "public-event-phone")


def test_a_reader_registers_for_an_event_on_a_phone(browser, live_server, minh, province):
    import datetime as dt

    from libnet.core import clock
    from tests.events.conftest import plan

    club = plan(
        province["commune"],
        kind="reading_club",
        title="Câu lạc bộ đọc sách cuối tuần",
        day=clock.today() + dt.timedelta(days=10),
        capacity=2,
    )
    page = new_page(browser, PHONE)
    page.goto(f"{live_server.url}/events/{club.pk}")
    assert "Còn 2 chỗ." in page.locator("#register").inner_text()
    page.fill("#id_full_name", "Trần Văn Nam")
    page.fill("#id_phone", "0912 345 678")
    page.locator("#register button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "Bạn đã đăng ký" in page.locator("main").inner_text()
    assert "Còn 1 chỗ." in page.locator("#register").inner_text()
    _shot(page, "register-phone")
    assert club.registrations.get().full_name == "Trần Văn Nam"
