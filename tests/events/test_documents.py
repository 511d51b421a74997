"""An event's plan and results report, read back with pdftotext (Vietnamese survives only in
the embedded font)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from libnet.events import services
from tests.events.conftest import plan
from tests.rotation.test_documents import pdf_text


@pytest.fixture
def story_hour(commune, minh, province):
    event = plan(
        commune,
        by=minh.user,
        title="Ngày hội đọc sách thiếu nhi",
        day=dt.date(2026, 4, 21),
        audiences=["children", "pupils"],
        planned_children=150,
        co_organisers=[province["school"]],
        notes="Khơi dậy niềm yêu thích đọc sách của thiếu nhi.",
    )
    return event


@pytest.mark.django_db
def test_the_plan_has_the_official_heading_and_what_was_planned(client, minh, story_hour, tmp_path):
    client.force_login(minh.user)
    response = client.get(reverse("events:plan_pdf", args=[story_hour.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content, tmp_path, "event-plan").split())
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "THƯ VIỆN XÃ TÂN LẬP",
        "ngày 02 tháng 3 năm 2026",  # dated by the day it was planned
        "KẾ HOẠCH",
        "Tổ chức: Ngày hội đọc sách thiếu nhi",
        "Khơi dậy niềm yêu thích đọc sách của thiếu nhi.",
        "từ 08:00 đến 10:00 ngày 21/04/2026",
        "Phối hợp: Thư viện Trường THCS Tân Lập.",
        "Đối tượng: Thiếu nhi, Học sinh.",
        "0 người lớn và 150 trẻ em",
    ):
        assert expected in text, expected


@pytest.mark.django_db
def test_the_results_report_gives_the_attendance_and_the_results(
    client, minh, story_hour, tmp_path
):
    services.report_event(
        event=story_hour,
        adults=20,
        children=1130,
        groups={"pupils": 1100},
        results="Trao 12 giải thưởng kể chuyện theo sách.",
        by=minh.user,
        at=dt.datetime(2026, 4, 22, 3, tzinfo=dt.UTC),
    )
    client.force_login(minh.user)
    response = client.get(reverse("events:results_pdf", args=[story_hour.pk]))
    text = " ".join(pdf_text(response.content, tmp_path, "event-results").split())
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "ngày 22 tháng 4 năm 2026",  # dated by the report
        "BÁO CÁO",
        "Kết quả: Ngày hội đọc sách thiếu nhi",
        "Tổng số người tham dự 1.150",
        "Trong đó học sinh 1.100",
        "Trao 12 giải thưởng kể chuyện theo sách.",
    ):
        assert expected in text, expected


@pytest.mark.django_db
def test_school_librarian_gets_404_for_a_commune_events_papers(client, an, story_hour):
    client.force_login(an.user)
    for name in ("events:plan_pdf", "events:results_pdf"):
        assert client.get(reverse(name, args=[story_hour.pk])).status_code == 404
