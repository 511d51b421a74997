"""Attendance and certificates in a real browser (Debian chromium, 1280 px): Lan ticks who
came to the first session of her course, records the results, finishes the course and prints
a certificate. Screenshots land in screenshots/."""

from __future__ import annotations

import subprocess

import pytest

from libnet.training import services
from libnet.training.models import CourseState, Participant
from tests.browser import SCREENSHOTS, launch, log_in
from tests.rotation.test_documents import pdf_text

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def browser():
    yield from launch()


def _shot(page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"training-{name}.png"), full_page=True)


def test_attendance_is_ticked_and_a_certificate_printed(
    browser, live_server, course, lan, minh, an, tmp_path
):
    for username in ("minh", "an"):
        services.add_participant(course=course, kind="staff", username=username, by=lan.user)
    minh_place = Participant.objects.get(user=minh.user)
    an_place = Participant.objects.get(user=an.user)
    page = log_in(browser, live_server.url, f"/staff/training/{course.pk}/", user="lan")
    assert "Tập huấn nghiệp vụ thư viện cơ sở" in page.locator("h1").inner_text()
    page.locator("#sessions a").first.click()
    page.wait_for_load_state("networkidle")
    page.check(f"#present-{minh_place.pk}")
    page.check(f"#present-{an_place.pk}")
    _shot(page, "attendance")
    page.click("#save-attendance")
    page.wait_for_load_state("networkidle")
    assert "2 người có mặt" in page.inner_text("body")
    assert page.is_checked(f"#present-{an_place.pk}")

    page.goto(f"{live_server.url}/staff/training/{course.pk}/")
    page.select_option(f"select[name=result-{minh_place.pk}]", "passed")
    page.select_option(f"select[name=result-{an_place.pk}]", "failed")
    page.click("#save-results")
    page.wait_for_load_state("networkidle")
    page.click("#finish")
    page.wait_for_load_state("networkidle")
    assert page.locator("#course-state").inner_text() == "Đã kết thúc"
    _shot(page, "course")
    course.refresh_from_db()
    assert course.state == CourseState.FINISHED

    link = page.locator("a.certificate-link")
    assert link.count() == 1  # An did not pass: no certificate
    response = page.request.get(live_server.url + link.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    certificate = response.body()
    text = " ".join(pdf_text(certificate, tmp_path, "browser-certificate").split())
    assert "GIẤY CHỨNG NHẬN" in text
    assert "Nguyễn Văn Minh" in text
    pdf_path = tmp_path / "certificate.pdf"
    pdf_path.write_bytes(certificate)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-singlefile",
            str(pdf_path),
            str(SCREENSHOTS / "training-certificate"),
        ],
        check=True,
    )
