"""The planning pages, endpoints, command and documents; other libraries are 404."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from libnet.core import tokens
from libnet.planning import services
from libnet.planning.models import AnnualPlan, PlanState, Report, ReportState
from libnet.planning.periods import parse
from libnet.stats import services as stats

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


def bearer(persona) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens.create_api_token(user=persona.user)}"}


@pytest.fixture
def figures(province, sibling):
    """March 2026 at the commune, the sibling and the province, and the province's plan."""
    for library, loans in [(province["commune"], 40), (sibling, 25), (province["provincial"], 300)]:
        stats.bump(library_id=library.pk, indicator="loans", day=dt.date(2026, 3, 10), by=loans)
        stats.bump(
            library_id=library.pk, indicator="visits", day=dt.date(2026, 3, 11), by=loans * 3
        )


@pytest.fixture
def submitted(province, hoa, figures, after_march):
    """Tân Lập's March report, submitted to the province."""
    return services.submit_report(
        library=province["commune"], period=parse("2026-03"), by=hoa.user, at=after_march
    )


# --- pages --------------------------------------------------------------------------------


def test_the_department_officer_sees_the_network_against_its_targets(
    client, chi, province, figures
):
    services.set_targets(
        library=province["provincial"],
        year=2026,
        targets={"loans": 750_000},
        by=chi.user,
        approve=True,
    )
    client.force_login(chi.user)
    response = client.get(reverse("planning:dashboard"), {"year": 2026, "indicator": "loans"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Thư viện xã Tân Lập" in content
    assert "Thư viện xã Hòa Bình" in content
    assert "<svg" in content
    assert "progress-behind" in content


@pytest.mark.parametrize(
    "name",
    ["planning:report", "planning:report_xlsx", "planning:report_pdf"],
)
def test_commune_clerk_gets_404_for_a_sibling_report(client, minh, sibling, name):
    client.force_login(minh.user)
    response = client.get(reverse(name, args=[sibling.code, "2026-03"]))
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("planning:plan", ["SL-HOABINH", 2026]),
        ("planning:figures", ["SL-HOABINH"]),
        ("planning:plan", ["SL-THCS-TANLAP", 2026]),
        ("planning:report", ["SL-THCS-TANLAP", "2026-03"]),
    ],
)
def test_commune_clerk_gets_404_for_another_librarys_plan_figures_and_report(
    client, minh, sibling, name, args
):
    client.force_login(minh.user)
    assert client.get(reverse(name, args=args)).status_code == 404


@pytest.mark.parametrize(
    "name",
    [
        "planning:report_adjust",
        "planning:report_comment",
        "planning:report_submit",
        "planning:report_accept",
        "planning:report_return",
    ],
)
def test_report_actions_on_a_sibling_are_404(client, hoa, sibling, name):
    client.force_login(hoa.user)
    response = client.post(reverse(name, args=[sibling.code, "2026-03"]), {"reason": "x"})
    assert response.status_code == 404


def test_a_viewer_cannot_submit_and_is_told_which_role_it_takes(client, province, figures):
    from libnet.network.models import Membership, Role
    from tests.factories import UserFactory

    viewer = UserFactory(username="viewer_tanlap")
    Membership.objects.create(user=viewer, library=province["commune"], role=Role.VIEWER)
    client.force_login(viewer)
    response = client.post(
        reverse("planning:report_submit", args=[province["commune"].code, "2026-03"])
    )
    assert response.status_code == 403
    assert "Thư viện xã Tân Lập" in response.content.decode()
    assert not Report.objects.exists()


def test_the_library_cannot_accept_its_own_report(client, hoa, province, submitted):
    client.force_login(hoa.user)
    response = client.post(
        reverse("planning:report_accept", args=[province["commune"].code, "2026-03"])
    )
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.state == ReportState.SUBMITTED


def test_report_page_adjust_submit_and_accept(client, hoa, chi, province, figures, in_april):
    code = province["commune"].code
    client.force_login(hoa.user)
    page = client.get(reverse("planning:report", args=[code, "2026-03"]))
    assert page.status_code == 200
    assert reverse("planning:report_submit", args=[code, "2026-03"]) in page.content.decode()
    refused = client.post(
        reverse("planning:report_adjust", args=[code, "2026-03"]),
        {"indicator": "loans", "delta": "3", "reason": ""},
    )
    assert refused.status_code == 409
    client.post(
        reverse("planning:report_adjust", args=[code, "2026-03"]),
        {"indicator": "loans", "delta": "3", "reason": "Sổ giấy"},
    )
    client.post(reverse("planning:report_submit", args=[code, "2026-03"]))
    client.force_login(chi.user)
    parent_page = client.get(
        reverse("planning:report", args=[province["provincial"].code, "2026-03"])
    )
    assert "Thư viện xã Tân Lập" in parent_page.content.decode()
    client.post(reverse("planning:report_accept", args=[code, "2026-03"]))
    report = Report.objects.get(library=province["commune"])
    assert (report.state, report.figures["loans"]) == (ReportState.ACCEPTED, 43)


def test_hand_entered_figures_page(client, hoa, province, in_april):
    client.force_login(hoa.user)
    url = reverse("planning:figures", args=[province["commune"].code])
    response = client.post(
        url + "?year=2026",
        {"month": "2026-03", "indicator": "talks", "value": "3", "note": "Sổ hoạt động"},
    )
    assert response.status_code == 302
    assert "Sổ hoạt động" in client.get(url, {"year": 2026}).content.decode()
    refused = client.post(url, {"month": "2026-03", "indicator": "talks", "value": "3", "note": ""})
    assert refused.status_code == 409


def test_plan_page_sets_targets_as_the_level_above(client, chi, province):
    client.force_login(chi.user)
    url = reverse("planning:plan", args=[province["commune"].code, 2026])
    response = client.post(url, {"target_loans": "2000", "target_visits": "8000"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert 'value="2000"' in page
    assert AnnualPlan.objects.get(library=province["commune"]).state == PlanState.APPROVED


# --- API ----------------------------------------------------------------------------------


def test_api_answers_the_report_or_with_rollup_the_live_figures(client, chi, province, figures):
    services.set_targets(
        library=province["provincial"],
        year=2026,
        targets={"loans": 750_000},
        by=chi.user,
        approve=True,
    )
    response = client.get(
        "/api/v1/reports",
        {"library": "SL-TVT", "period": "2026-03", "rollup": "true"},
        headers=bearer(chi),
    )
    body = response.json()
    assert response.status_code == 200
    assert (body["library"], body["period"], body["rollup"], body["basis"]) == (
        "SL-TVT",
        "2026-03",
        True,
        "live",
    )
    assert body["indicators"]["loans"]["value"] == 365
    assert body["indicators"]["loans"]["target"] == 750_000
    report = client.get(
        "/api/v1/reports", {"library": "SL-TVT", "period": "2026-03"}, headers=bearer(chi)
    ).json()
    assert report["basis"] == "report"
    # No report from the libraries below was accepted: the province's own figures only.
    assert report["indicators"]["loans"]["value"] == 300
    assert {child["library"]: child["state"] for child in report["children"]} == {
        "SL-TANLAP": "missing",
        "SL-HOABINH": "missing",
    }


def test_api_gives_404_for_a_sibling_and_400_for_a_bad_period(client, hoa, sibling):
    response = client.get(
        "/api/v1/reports", {"library": sibling.code, "period": "2026-03"}, headers=bearer(hoa)
    )
    assert response.status_code == 404
    response = client.get(
        "/api/v1/reports", {"library": "SL-TANLAP", "period": "2026-13"}, headers=bearer(hoa)
    )
    assert (response.status_code, response.json()["code"]) == (400, "invalid_period")


def test_api_plans_and_report_life_cycle(client, hoa, chi, province, figures, in_april):
    response = client.post(
        "/api/v1/plans",
        {"library": "SL-TANLAP", "year": 2026, "targets": {"loans": 2000}},
        content_type="application/json",
        headers=bearer(hoa),
    )
    assert (response.status_code, response.json()["state"]) == (201, "proposed")
    submit = client.post("/api/v1/reports/SL-TANLAP/2026-03/submit", headers=bearer(hoa))
    assert (submit.status_code, submit.json()["state"]) == (200, "submitted")
    assert (
        client.post("/api/v1/reports/SL-TANLAP/2026-03/accept", headers=bearer(hoa)).status_code
        == 403
    )
    returned = client.post(
        "/api/v1/reports/SL-TANLAP/2026-03/return",
        {"reason": "Thiếu số liệu"},
        content_type="application/json",
        headers=bearer(chi),
    )
    assert returned.json()["state"] == "returned"
    client.post("/api/v1/reports/SL-TANLAP/2026-03/submit", headers=bearer(hoa))
    accepted = client.post("/api/v1/reports/SL-TANLAP/2026-03/accept", headers=bearer(chi))
    assert (accepted.json()["state"], accepted.json()["figures"]["loans"]) == ("accepted", 40)


def test_api_report_actions_on_a_sibling_are_404(client, hoa, sibling):
    for action in ("submit", "accept"):
        response = client.post(
            f"/api/v1/reports/{sibling.code}/2026-03/{action}", headers=bearer(hoa)
        )
        assert response.status_code == 404
    response = client.post(
        "/api/v1/plans",
        {"library": sibling.code, "year": 2026, "targets": {"loans": 1}},
        content_type="application/json",
        headers=bearer(hoa),
    )
    assert response.status_code == 404


# --- command and documents ----------------------------------------------------------------


def test_report_command_prints_the_report_or_with_rollup_the_live_figures(province, figures):
    out = io.StringIO()
    call_command("report", "--library", "SL-TVT", "--period", "2026-Q1", "--rollup", stdout=out)
    body = json.loads(out.getvalue())
    assert body["basis"] == "live"
    assert body["admin_unit"] is None  # make_province records no administrative units
    assert (body["indicators"]["loans"]["value"], body["indicators"]["loans"]["target"]) == (
        365,
        None,
    )
    out = io.StringIO()
    call_command("report", "--library", "SL-TVT", "--period", "2026-Q1", stdout=out)
    report = json.loads(out.getvalue())
    assert (report["basis"], report["indicators"]["loans"]["value"]) == ("report", 300)


def test_the_command_writes_the_report_form_not_live_figures(province, figures, tmp_path):
    target = tmp_path / "report.xlsx"
    call_command(
        "report", "--library", "SL-TVT", "--period", "2026-03", "--format", "xlsx", "--out", target
    )
    sheet = load_workbook(target).active
    cells = [list(row) for row in sheet.iter_rows(values_only=True)]
    flat = [value for row in cells for value in row if value is not None]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in flat
    assert "Kỳ báo cáo: Tháng 3/2026" in flat
    assert sheet.title == "Báo cáo tháng 3-2026"
    loans = next(row for row in cells if row[1] == "Lượt tài liệu cho mượn về nhà")
    assert loans[5] == 300
    with pytest.raises(CommandError):
        call_command(
            "report", "--library", "SL-TVT", "--period", "2026-03", "--rollup", "--format", "xlsx"
        )


def test_pdf_renders_with_vietnamese_text(client, chi, province, figures):
    client.force_login(chi.user)
    response = client.get(reverse("planning:report_pdf", args=["SL-TANLAP", "2026-03"]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", "-", "-"],
            input=response.content,
            capture_output=True,
            check=True,
        ).stdout.decode()
        assert "BÁO CÁO THỐNG KÊ HOẠT ĐỘNG THƯ VIỆN" in text
        assert "Thư viện xã Tân Lập" in text
    if shutil.which("pdftoppm"):
        SCREENSHOTS.mkdir(exist_ok=True)
        (SCREENSHOTS / "planning-report.pdf").write_bytes(response.content)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "60",
                "-singlefile",
                str(SCREENSHOTS / "planning-report.pdf"),
                str(SCREENSHOTS / "planning-report-pdf"),
            ],
            check=True,
        )


def test_a_library_cannot_approve_its_own_plan(client, hoa, province):
    services.set_targets(
        library=province["commune"], year=2026, targets={"loans": 10}, by=hoa.user, approve=False
    )
    client.force_login(hoa.user)
    url = reverse("planning:plan", args=[province["commune"].code, 2026])
    assert client.post(url, {"action": "approve"}).status_code == 403
    assert AnnualPlan.objects.get(library=province["commune"]).state == PlanState.PROPOSED


def test_a_school_library_gets_the_education_variant_of_the_form(client, an, province):
    """Schools answer to the Department of Education; the principal signs."""
    stats.bump(library_id=province["school"].pk, indicator="loans", day=dt.date(2026, 3, 4), by=9)
    client.force_login(an.user)
    response = client.get(reverse("planning:report_xlsx", args=["SL-THCS-TANLAP", "2026-03"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    flat = [
        value for row in sheet.iter_rows(values_only=True) for value in row if value is not None
    ]
    assert "BÁO CÁO THỐNG KÊ HOẠT ĐỘNG THƯ VIỆN TRƯỜNG HỌC" in flat
    assert "HIỆU TRƯỞNG" in flat
    assert any("Sở Giáo dục và Đào tạo" in str(value) for value in flat)


def test_a_clerk_sees_only_their_own_library_on_the_dashboard(
    client, minh, province, sibling, figures
):
    client.force_login(minh.user)
    content = client.get(reverse("planning:dashboard"), {"year": 2026}).content.decode()
    assert "Thư viện xã Tân Lập" in content
    assert "Thư viện xã Hòa Bình" not in content
    assert "Thư viện tỉnh Sông Lam</a>" not in content
    assert client.get(reverse("planning:dashboard"), {"library": sibling.code}).status_code == 404


def test_staff_of_the_province_alone_do_not_see_the_libraries_below_on_the_dashboard(
    client, province, sibling, figures
):
    """A membership at the provincial library without the libraries below: the tree lists
    the province only (its roll-up still adds them, as its report does)."""
    from libnet.network.models import Membership, Role
    from tests.factories import UserFactory

    clerk = UserFactory(username="desk_tvt")
    Membership.objects.create(user=clerk, library=province["provincial"], role=Role.CIRCULATION)
    client.force_login(clerk)
    content = client.get(reverse("planning:dashboard"), {"year": 2026}).content.decode()
    assert "Thư viện tỉnh Sông Lam" in content
    assert "Thư viện xã Tân Lập" not in content
    assert "Thư viện xã Hòa Bình" not in content


# --- mistakes a user can type: a clear refusal, never a 500 -----------------------------------


@pytest.mark.parametrize("year", [0, 1999, 2101, 99999])
def test_a_plan_year_out_of_range_is_refused_not_a_server_error(client, chi, province, year):
    client.force_login(chi.user)
    url = reverse("planning:plan", args=[province["commune"].code, year])
    assert client.get(url).status_code == 409
    assert client.post(url, {"target_loans": "10"}).status_code == 409
    api = client.post(
        "/api/v1/plans",
        {"library": province["commune"].code, "year": year, "targets": {"loans": 10}},
        content_type="application/json",
        headers=bearer(chi),
    )
    assert (api.status_code, api.json()["detail"][0]["field"]) == (422, "year")


def test_targets_too_large_or_not_whole_are_refused(client, chi, province):
    client.force_login(chi.user)
    url = reverse("planning:plan", args=[province["commune"].code, 2026])
    assert client.post(url, {"target_loans": "9" * 25}).status_code == 409
    assert client.post(url, {"target_loans": "1.5"}).status_code == 400
    assert client.post(url, {"target_loans": "20.000"}).status_code == 302
    assert 'value="20000"' in client.get(url).content.decode()
    api = client.post(
        "/api/v1/plans",
        {"library": province["commune"].code, "year": 2026, "targets": {"loans": 10**25}},
        content_type="application/json",
        headers=bearer(chi),
    )
    assert (api.status_code, api.json()["detail"][0]["field"]) == (422, "targets.loans")


def test_figures_and_adjustments_too_large_too_long_or_not_a_month_are_refused(
    client, hoa, province, figures, in_april
):
    client.force_login(hoa.user)
    code = province["commune"].code
    url = reverse("planning:figures", args=[code])
    huge = {"month": "2026-03", "indicator": "talks", "value": "9" * 25, "note": "Sổ"}
    assert client.post(url, huge).status_code == 409
    quarter = {"month": "2026-Q1", "indicator": "talks", "value": "3", "note": "Sổ"}
    assert client.post(url, quarter).status_code == 400
    long_note = {"month": "2026-03", "indicator": "talks", "value": "3", "note": "x" * 501}
    assert client.post(url, long_note).status_code == 409
    adjust = reverse("planning:report_adjust", args=[code, "2026-03"])
    assert (
        client.post(adjust, {"indicator": "loans", "delta": "9" * 25, "reason": "Sổ"}).status_code
        == 409
    )
    assert (
        client.post(adjust, {"indicator": "loans", "delta": "3", "reason": "x" * 501}).status_code
        == 409
    )
