"""What a user may type wrong on the planning pages and API (a refusal in Vietnamese naming
the field and the reason, nothing written), and periods shown in words, never as codes."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from libnet.core import tokens
from libnet.planning import services
from libnet.planning.models import AnnualPlan, ManualFigure, Report, ReportAdjustment
from libnet.planning.periods import label, parse
from libnet.stats import services as stats


def bearer(persona) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens.create_api_token(user=persona.user)}"}


# --- hand figures and reports outside the window ---------------------------------------------


def test_hand_figures_for_1990_are_refused_naming_the_month_and_the_window(
    client, hoa, province, in_april
):
    client.force_login(hoa.user)
    url = reverse("planning:figures", args=["SL-TANLAP"])
    old = client.post(url, {"month": "1990-01", "indicator": "talks", "value": "2", "note": "Sổ"})
    assert old.status_code == 400
    content = old.content.decode()
    assert "Tháng phải từ" in content
    assert "01/01/1990" in content
    future = client.post(
        url, {"month": "2026-05", "indicator": "talks", "value": "2", "note": "Sổ"}
    )
    assert future.status_code == 409
    assert "Tháng 05/2026 chưa bắt đầu." in future.content.decode()
    assert not ManualFigure.objects.exists()


@pytest.mark.parametrize("period", ["1990-01", "2999-01", "1990"])
def test_a_report_of_a_period_far_out_of_the_window_is_refused_and_nothing_written(
    client, hoa, province, in_april, period
):
    client.force_login(hoa.user)
    adjust = client.post(
        reverse("planning:report_adjust", args=["SL-TANLAP", period]),
        {"indicator": "loans", "delta": "4", "reason": "Sổ"},
    )
    comment = client.post(
        reverse("planning:report_comment", args=["SL-TANLAP", period]), {"comment": "Sổ"}
    )
    assert (adjust.status_code, comment.status_code) == (400, 400)
    assert "Kỳ báo cáo phải từ" in adjust.content.decode()
    assert not Report.objects.exists()
    assert not ReportAdjustment.objects.exists()


def test_a_word_where_a_number_goes_is_refused_naming_the_field(
    client, hoa, chi, province, in_april
):
    client.force_login(hoa.user)
    value = client.post(
        reverse("planning:figures", args=["SL-TANLAP"]),
        {"month": "2026-03", "indicator": "talks", "value": "ba", "note": "Sổ"},
    )
    assert value.status_code == 400
    assert "Giá trị phải là số nguyên, không phải “ba”." in value.content.decode()
    delta = client.post(
        reverse("planning:report_adjust", args=["SL-TANLAP", "2026-03"]),
        {"indicator": "loans", "delta": "bốn", "reason": "Sổ"},
    )
    assert delta.status_code == 400
    assert "Thay đổi (+ hoặc −) phải là số nguyên" in delta.content.decode()
    client.force_login(chi.user)
    target = client.post(
        reverse("planning:plan", args=["SL-TANLAP", 2026]), {"target_loans": "1,5"}
    )
    assert target.status_code == 400
    assert "Chỉ tiêu Lượt tài liệu cho mượn về nhà phải là số nguyên" in target.content.decode()
    dashboard = client.get(reverse("planning:dashboard"), {"year": "hai nghìn"})
    assert dashboard.status_code == 409
    assert "Năm kế hoạch" in dashboard.content.decode()


# --- plans ------------------------------------------------------------------------------------


def test_an_empty_plan_is_not_created_through_the_api_or_the_page(client, chi, province, in_april):
    headers = bearer(chi)
    nothing = client.post("/api/v1/plans", {}, content_type="application/json", headers=headers)
    assert 400 <= nothing.status_code < 500
    empty = client.post(
        "/api/v1/plans",
        {"library": "SL-TANLAP", "year": 2026, "targets": {}},
        content_type="application/json",
        headers=headers,
    )
    # The API's input rules refuse it first (422 naming "targets"); the service refuses it too.
    assert empty.status_code == 422
    assert empty.json()["detail"][0]["loc"][-1] == "targets"
    client.force_login(chi.user)
    page = client.post(reverse("planning:plan", args=["SL-TANLAP", 2026]), {"target_loans": ""})
    assert page.status_code == 409
    assert not AnnualPlan.objects.exists()


def test_a_plan_long_gone_is_shown_but_not_changed_and_far_years_are_refused(
    client, chi, province, in_april
):
    """On 5 April 2026 plans are set for 2024 to 2028 (the operational window of two years
    either side); older plans are shown read-only."""
    client.force_login(chi.user)
    old = client.get(reverse("planning:plan", args=["SL-TANLAP", 2023]))
    assert old.status_code == 200
    assert 'name="target_loans"' not in old.content.decode()
    refused = client.post(reverse("planning:plan", args=["SL-TANLAP", 2023]), {"target_loans": "9"})
    assert refused.status_code == 409
    assert "chọn một năm từ 2024 đến 2028" in refused.content.decode()
    api = client.post(
        "/api/v1/plans",
        {"library": "SL-TANLAP", "year": 2029, "targets": {"loans": 10}},
        content_type="application/json",
        headers=bearer(chi),
    )
    assert (api.status_code, api.json()["code"]) == (409, "invalid_year")
    assert not AnnualPlan.objects.exists()


# --- periods in words -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("2026-11", "tháng 11/2026"),
        ("2026-Q3", "quý III/2026"),
        ("2026", "năm 2026"),
        ("2026-EY", "năm đánh giá 2026"),
        ("2026-SY", "năm học 2025–2026"),
    ],
)
def test_a_period_reads_as_words(code, words):
    with translation.override("vi"):
        assert label(parse(code)) == words


def test_an_evaluation_year_gives_its_days_where_asked():
    with translation.override("vi"):
        assert label(parse("2026-EY"), dates=True) == "năm đánh giá 2026 (1/12/2025–30/11/2026)"


def test_no_period_code_on_the_dashboard_the_figures_page_or_the_documents(
    client, chi, hoa, province, in_april
):
    stats.bump(library_id=province["commune"].pk, indicator="loans", day=dt.date(2026, 3, 9), by=4)
    services.submit_report(library=province["commune"], period=parse("2026-03"), by=hoa.user)
    client.force_login(chi.user)
    dashboard = client.get(reverse("planning:dashboard")).content.decode()
    assert "Thư viện xã Tân Lập — tháng 3/2026" in dashboard
    assert "— 2026-03" not in dashboard
    figures = client.get(reverse("planning:figures", args=["SL-TANLAP"])).content.decode()
    assert '<option value="2026-03">tháng 3/2026</option>' in figures
    early = client.post(reverse("planning:report_submit", args=["SL-TVT", "2026-Q2"]))
    assert "Kỳ quý II/2026 chưa kết thúc" in early.content.decode()
    xlsx = client.get(reverse("planning:report_xlsx", args=["SL-TANLAP", "2026-Q1"]))
    assert load_workbook(io.BytesIO(xlsx.content)).active.title == "Báo cáo quý I-2026"
    pdf = client.get(reverse("planning:report_pdf", args=["SL-TANLAP", "2026-EY"]))
    if shutil.which("pdfinfo"):
        info = subprocess.run(
            ["pdfinfo", "-"], input=pdf.content, capture_output=True, check=True
        ).stdout.decode()
        assert "Năm đánh giá 2026 (1/12/2025–30/11/2026)" in info
