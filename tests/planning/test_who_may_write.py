"""Who may enter hand figures, prepare and send a report, decide on it and set targets; what
another branch of the tree gets when it tries (404, nothing written); and a step done twice.

The roles (network/policies.py): hand figures take a desk, cataloguing, reporting, principal
or administrator role at the library; preparing and sending its report a desk, reporting,
principal or administrator role; accepting or returning it and setting targets a reporting,
principal or administrator role at the library above.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from libnet.core import tokens
from libnet.core.models import AuditEntry
from libnet.network.models import LibraryKind, Membership, Role
from libnet.planning import services
from libnet.planning.models import AnnualPlan, ManualFigure, Report, ReportAdjustment, ReportState
from libnet.planning.periods import parse
from libnet.stats import services as stats
from tests.factories import LibraryFactory, UserFactory


def bearer(user) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens.create_api_token(user=user)}"}


@pytest.fixture
def march(province):
    stats.bump(library_id=province["commune"].pk, indicator="loans", day=dt.date(2026, 3, 9), by=40)


@pytest.fixture
def quang(province):
    """Lý Văn Quang, reporting officer of the Cửa Lâm branch and every library under it:
    another branch of the province's tree than Tân Lập."""
    branch = LibraryFactory(
        code="SL-TVT-CUALAM",
        name="Chi nhánh Cửa Lâm",
        kind=LibraryKind.BRANCH,
        parent=province["provincial"],
    )
    LibraryFactory(code="SL-CUALAM", kind=LibraryKind.COMMUNE, parent=branch)
    user = UserFactory(username="quang")
    Membership.objects.create(user=user, library=branch, role=Role.REPORTING, covers_subtree=True)
    return user


def person(province, username: str, role: str):
    user = UserFactory(username=username)
    Membership.objects.create(user=user, library=province["commune"], role=role)
    return user


# --- the commune clerk files his library's figures and report -------------------------------


def test_a_commune_clerk_enters_hand_figures_adjusts_and_sends_his_librarys_report(
    client, minh, province, march, in_april
):
    """Minh (circulation and cataloguing at Tân Lập) runs the library alone: the figures page
    has its form, and adjusting and submitting work."""
    client.force_login(minh.user)
    url = reverse("planning:figures", args=["SL-TANLAP"])
    page = client.get(url, {"year": 2026}).content.decode()
    assert 'name="note"' in page
    saved = client.post(
        url, {"month": "2026-03", "indicator": "talks", "value": "2", "note": "Sổ hoạt động"}
    )
    assert saved.status_code == 302
    report_url = reverse("planning:report", args=["SL-TANLAP", "2026-03"])
    assert reverse("planning:report_adjust", args=["SL-TANLAP", "2026-03"]) in (
        client.get(report_url).content.decode()
    )
    adjusted = client.post(
        reverse("planning:report_adjust", args=["SL-TANLAP", "2026-03"]),
        {"indicator": "loans", "delta": "4", "reason": "Sổ mượn giấy"},
    )
    assert adjusted.status_code == 302
    sent = client.post(reverse("planning:report_submit", args=["SL-TANLAP", "2026-03"]))
    assert sent.status_code == 302
    report = Report.objects.get(library=province["commune"], period="2026-03")
    assert (report.state, report.figures["loans"], report.figures["talks"]) == (
        ReportState.SUBMITTED,
        44,
        2,
    )


def test_the_figures_link_is_on_the_dashboard_only_for_roles_that_can_enter_figures(
    client, minh, province
):
    figures_url = reverse("planning:figures", args=["SL-TANLAP"])
    client.force_login(minh.user)
    assert figures_url in client.get(reverse("planning:dashboard")).content.decode()
    client.force_login(person(province, "xem", Role.VIEWER))
    assert figures_url not in client.get(reverse("planning:dashboard")).content.decode()


@pytest.mark.parametrize("role", [Role.VIEWER, Role.COLLABORATOR])
def test_a_viewer_or_a_pupil_collaborator_cannot_enter_figures_or_adjust_and_is_told_why(
    client, province, march, in_april, role
):
    client.force_login(person(province, "helper", role))
    figures = client.post(
        reverse("planning:figures", args=["SL-TANLAP"]),
        {"month": "2026-03", "indicator": "talks", "value": "2", "note": "Sổ"},
    )
    assert figures.status_code == 403
    assert "nhập số liệu thủ công của Thư viện xã Tân Lập" in figures.content.decode()
    adjust = client.post(
        reverse("planning:report_adjust", args=["SL-TANLAP", "2026-03"]),
        {"indicator": "loans", "delta": "4", "reason": "Sổ"},
    )
    assert adjust.status_code == 403
    assert "lập và gửi báo cáo của Thư viện xã Tân Lập" in adjust.content.decode()
    assert not ManualFigure.objects.exists()
    assert not ReportAdjustment.objects.exists()


def test_a_cataloguer_enters_pages_digitised_but_cannot_send_the_report(
    client, lan, province, in_april
):
    client.force_login(lan.user)
    saved = client.post(
        reverse("planning:figures", args=["SL-TVT"]),
        {"month": "2026-03", "indicator": "pages_digitised", "value": "1200", "note": "Sổ số hóa"},
    )
    assert saved.status_code == 302
    sent = client.post(reverse("planning:report_submit", args=["SL-TANLAP", "2026-03"]))
    assert sent.status_code == 403
    assert not Report.objects.exists()


# --- another branch of the tree: every write is a 404 and writes nothing ---------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("planning:report_adjust", {"indicator": "loans", "delta": "4", "reason": "Sổ"}),
        ("planning:report_comment", {"comment": "Kiểm tra lại"}),
        ("planning:report_submit", {}),
        ("planning:report_accept", {}),
        ("planning:report_return", {"reason": "Sai số"}),
    ],
)
def test_another_branchs_officer_gets_404_for_every_report_write_and_nothing_changes(
    client, quang, hoa, province, march, in_april, name, data
):
    services.submit_report(library=province["commune"], period=parse("2026-03"), by=hoa.user)
    client.force_login(quang)
    response = client.post(reverse(name, args=["SL-TANLAP", "2026-03"]), data)
    assert response.status_code == 404
    report = Report.objects.get(library=province["commune"])
    assert report.state == ReportState.SUBMITTED
    assert not report.adjustments.exists()
    assert not report.comments.exists()


def test_another_branchs_officer_gets_404_for_the_plan_figures_and_report_api(
    client, quang, hoa, province, march, in_april
):
    services.submit_report(library=province["commune"], period=parse("2026-03"), by=hoa.user)
    client.force_login(quang)
    plan = client.post(reverse("planning:plan", args=["SL-TANLAP", 2026]), {"target_loans": "10"})
    figures = client.post(
        reverse("planning:figures", args=["SL-TANLAP"]),
        {"month": "2026-03", "indicator": "talks", "value": "2", "note": "Sổ"},
    )
    assert (plan.status_code, figures.status_code) == (404, 404)
    headers = bearer(quang)
    for action in ("submit", "accept", "return"):
        response = client.post(
            f"/api/v1/reports/SL-TANLAP/2026-03/{action}",
            {"reason": "Sai số"},
            content_type="application/json",
            headers=headers,
        )
        assert response.status_code == 404, action
    api_plan = client.post(
        "/api/v1/plans",
        {"library": "SL-TANLAP", "year": 2026, "targets": {"loans": 10}},
        content_type="application/json",
        headers=headers,
    )
    assert api_plan.status_code == 404
    assert Report.objects.get(library=province["commune"]).state == ReportState.SUBMITTED
    assert not AnnualPlan.objects.exists()
    assert not ManualFigure.objects.exists()


def test_a_sibling_commune_officer_cannot_accept_or_return_tan_laps_report(
    client, hoa, province, sibling, march, in_april
):
    officer = UserFactory(username="hoabinh_officer")
    Membership.objects.create(user=officer, library=sibling, role=Role.REPORTING)
    services.submit_report(library=province["commune"], period=parse("2026-03"), by=hoa.user)
    for action in ("accept", "return"):
        response = client.post(
            f"/api/v1/reports/SL-TANLAP/2026-03/{action}",
            {"reason": "Sai số"},
            content_type="application/json",
            headers=bearer(officer),
        )
        assert response.status_code == 404, action
    assert Report.objects.get(library=province["commune"]).state == ReportState.SUBMITTED


# --- a step done twice ------------------------------------------------------------------------


def test_a_report_sent_twice_is_refused_the_second_time_and_audited_once(
    client, hoa, province, march, in_april
):
    headers = bearer(hoa.user)
    first = client.post("/api/v1/reports/SL-TANLAP/2026-03/submit", headers=headers)
    again = client.post("/api/v1/reports/SL-TANLAP/2026-03/submit", headers=headers)
    assert first.status_code == 200
    assert (again.status_code, again.json()["code"]) == (409, "not_editable")
    assert AuditEntry.objects.filter(action="report.submit").count() == 1


@pytest.mark.parametrize(
    ("first", "second"), [("accept", "accept"), ("accept", "return"), ("return", "accept")]
)
def test_a_decision_taken_twice_is_refused_and_changes_nothing(
    client, chi, hoa, province, march, in_april, first, second
):
    services.submit_report(library=province["commune"], period=parse("2026-03"), by=hoa.user)
    headers = bearer(chi.user)
    body = {"reason": "Thiếu số liệu"}
    done = client.post(
        f"/api/v1/reports/SL-TANLAP/2026-03/{first}",
        body,
        content_type="application/json",
        headers=headers,
    )
    state = Report.objects.get(library=province["commune"]).state
    refused = client.post(
        f"/api/v1/reports/SL-TANLAP/2026-03/{second}",
        body,
        content_type="application/json",
        headers=headers,
    )
    assert done.status_code == 200
    assert (refused.status_code, refused.json()["code"]) == (409, "not_submitted")
    assert Report.objects.get(library=province["commune"]).state == state
    assert AuditEntry.objects.filter(action__in=["report.accept", "report.return"]).count() == 1


def test_a_deposit_point_that_does_not_run_libnet_sends_no_report(client, chi, province, in_april):
    """Its figures are part of Tân Lập's report: a report of its own would count them twice."""
    client.force_login(chi.user)
    response = client.post(
        reverse("planning:report_adjust", args=["SL-TANLAP-TS1", "2026-03"]),
        {"indicator": "loans", "delta": "4", "reason": "Sổ"},
    )
    assert response.status_code == 409
    assert "không dùng libnet" in response.content.decode()
    api = client.post("/api/v1/reports/SL-TANLAP-TS1/2026-03/submit", headers=bearer(chi.user))
    assert (api.status_code, api.json()["code"]) == (409, "not_reporting")
    assert not Report.objects.exists()


def test_the_commune_clerk_sees_his_librarys_report_to_send_on_the_dashboard(
    client, minh, province, in_april
):
    client.force_login(minh.user)
    content = client.get(reverse("planning:dashboard")).content.decode()
    assert reverse("planning:report", args=["SL-TANLAP", "2026-03"]) in content
    assert "Thư viện xã Tân Lập — tháng 3/2026" in content
