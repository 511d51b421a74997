"""Mẫu 01 as printed: the form's heading, dated by its last trip, the same on every reprint."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from libnet.core import clock
from libnet.mobile import services
from tests.mobile.test_pages import REPORT_QUERY

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(text.split())


def _on(monkeypatch, day: dt.date) -> None:
    moment = dt.datetime(day.year, day.month, day.day, 3, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(clock, "now", lambda: moment)


@pytest.fixture
def reported(on_road, at):
    stop = on_road.stops.first()
    services.record_stop_figures(
        stop=stop,
        by=None,
        readers_served=30,
        in_place_uses=45,
        new_cards=3,
        loans_on_paper=0,
        activities="Kể chuyện",
    )
    return services.change_trip_state(trip=on_road, action="return", by=None, at=at)


def test_form_01_has_the_heading_and_is_dated_by_its_last_trip(client, hung, reported):
    client.force_login(hung.user)
    text = _text(client.get(reverse("mobile:report_pdf"), REPORT_QUERY).content)
    assert "Mẫu số 01" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "THƯ VIỆN TỈNH SÔNG LAM" in text  # the mobile library belongs to it
    assert "THƯ VIỆN LƯU ĐỘNG TỈNH SÔNG LAM" in text
    assert "Sông Lam, ngày 02 tháng 3 năm 2026" in text  # the trip's day, not today
    assert "giả định" not in text
    assert "chưa đối chiếu" not in text
    xlsx = client.get(reverse("mobile:report_xlsx"), REPORT_QUERY).content
    cells = [
        value
        for row in load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True)
        for value in row
        if value
    ]
    assert "Mẫu số 01" in cells
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells
    assert "Sông Lam, ngày 02 tháng 3 năm 2026" in cells


def test_form_01_printed_again_a_week_later_is_the_same_file(client, hung, reported, monkeypatch):
    client.force_login(hung.user)
    prints = []
    for day in (dt.date(2026, 4, 1), dt.date(2026, 4, 8)):
        _on(monkeypatch, day)
        prints.append(client.get(reverse("mobile:report_pdf"), REPORT_QUERY).content)
    assert prints[0] == prints[1]


def test_a_crew_member_chosen_among_the_staff_is_named_family_name_first(trip, hung):
    member = services.add_crew_member(trip=trip, role="librarian", user=hung.user, by=None)
    assert member.person_name == "Trương Văn Hùng"
