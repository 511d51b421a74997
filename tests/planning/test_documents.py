"""The report form as printed: the letterhead, dated by the report, the same on a reprint."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from libnet.core import clock
from libnet.planning import services
from libnet.planning.periods import parse
from libnet.stats import services as stats

pytestmark = pytest.mark.django_db


@pytest.fixture
def march(province):
    stats.bump(
        library_id=province["commune"].pk, indicator="loans", day=dt.date(2026, 3, 10), by=40
    )


def _text(content: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(text.split())


def _pdf(client, code="SL-TANLAP", period="2026-03") -> bytes:
    response = client.get(reverse("planning:report_pdf", args=[code, period]))
    assert response.status_code == 200
    return response.content


def test_a_draft_report_is_dated_by_the_last_day_of_its_period(client, chi, march):
    client.force_login(chi.user)
    text = _text(_pdf(client))
    assert "ỦY BAN NHÂN DÂN XÃ TÂN LẬP" in text
    assert "THƯ VIỆN XÃ TÂN LẬP" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Tân Lập, ngày 31 tháng 3 năm 2026" in text
    assert "……, ngày …… tháng" not in text


def test_a_sent_report_is_dated_by_the_day_it_was_sent(client, chi, hoa, march, province):
    sent_at = dt.datetime(2026, 4, 2, 18, 0, tzinfo=dt.UTC)  # 3 April, 01:00 in Vietnam
    services.submit_report(
        library=province["commune"], period=parse("2026-03"), by=hoa.user, at=sent_at
    )
    client.force_login(chi.user)
    assert "Tân Lập, ngày 03 tháng 4 năm 2026" in _text(_pdf(client))


def test_the_printed_form_carries_no_disclaimer(client, chi, march):
    """What the layout does not claim is said once, in README "Official documents"."""
    client.force_login(chi.user)
    text = _text(_pdf(client))
    for disclaimer in ("chưa đối chiếu", "giả định", "libnet"):
        assert disclaimer not in text
    xlsx = client.get(reverse("planning:report_xlsx", args=["SL-TANLAP", "2026-03"])).content
    cells = " ".join(
        str(value)
        for row in load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True)
        for value in row
        if value
    )
    assert "chưa đối chiếu" not in cells
    assert "libnet" not in cells
    assert "Tân Lập, ngày 31 tháng 3 năm 2026" in cells
    assert "ỦY BAN NHÂN DÂN XÃ TÂN LẬP" in cells


def test_a_report_printed_again_later_is_the_same_file(client, chi, march, monkeypatch):
    client.force_login(chi.user)
    prints = []
    for day in (dt.date(2026, 4, 10), dt.date(2026, 5, 20)):
        moment = dt.datetime(day.year, day.month, day.day, 3, 0, tzinfo=dt.UTC)
        monkeypatch.setattr(clock, "now", lambda moment=moment: moment)
        prints.append(_pdf(client))
    assert prints[0] == prints[1]


def test_a_school_report_is_signed_by_the_principal_under_the_school(client, an, province):
    client.force_login(an.user)
    text = _text(_pdf(client, "SL-THCS-TANLAP", "2026-03"))
    assert "TRƯỜNG THCS TÂN LẬP" in text
    assert "HIỆU TRƯỞNG" in text
