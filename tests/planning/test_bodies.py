"""A school library's report goes to the body that manages it: its commune office (primary,
lower secondary, kindergarten) or the Sở GD&ĐT (upper secondary). The body accepts or returns
it and sees its schools rolled up; another body's officer, and every library's staff, get a
404 for the body's pages and for its schools' reports; a public library's path is as before.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from libnet.core import clock, tokens
from libnet.network import services as network_services
from libnet.network.models import LibraryKind, Membership, Role
from libnet.planning import selectors, services
from libnet.planning.models import Report, ReportState
from libnet.planning.periods import parse
from libnet.stats import services as stats
from tests.factories import LibraryFactory, UserFactory

MARCH = "2026-03"
SCHOOL = "SL-THCS-TANLAP"
OFFICE = "SL-PVHXH-TANLAP"


def bearer(user) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens.create_api_token(user=user)}"}


@pytest.fixture
def school_march(province, bodies):
    """Tân Lập school lent 12 books in March; the commune library 40."""
    stats.bump(library_id=province["school"].pk, indicator="loans", day=dt.date(2026, 3, 9), by=12)
    stats.bump(library_id=province["commune"].pk, indicator="loans", day=dt.date(2026, 3, 9), by=40)


@pytest.fixture
def sent(province, school_march, an, after_march):
    """An sent the school's March report on 5 April."""
    return services.submit_report(
        library=province["school"], period=parse(MARCH), by=an.user, at=after_march
    )


@pytest.fixture
def primary(province, bodies):
    """Tân Lập primary school, created through the service: the rule sends it to the office."""
    return network_services.create_library(
        code="SL-TH-TANLAP",
        name="Thư viện Trường Tiểu học Tân Lập",
        kind=LibraryKind.SCHOOL_PRIMARY,
        admin_unit=province["school"].admin_unit,
        since=dt.date(2025, 9, 5),
        by=None,
    )


def test_a_school_librarian_sends_the_report_to_the_commune_office_and_nga_accepts_it(
    client, province, bodies, an, nga, school_march, in_april
):
    client.force_login(an.user)
    page = client.get(reverse("planning:report", args=[SCHOOL, MARCH])).content.decode()
    assert "Phòng Văn hóa – Xã hội xã Tân Lập" in page
    response = client.post(reverse("planning:report_submit", args=[SCHOOL, MARCH]))
    assert response.status_code == 302
    report = Report.objects.get(library=province["school"], period=MARCH)
    assert (report.state, report.body, report.parent) == (
        ReportState.SUBMITTED,
        bodies["office"],
        None,
    )
    client.force_login(nga.user)
    waiting = client.get(reverse("planning:bodies")).content.decode()
    assert "Thư viện Trường THCS Tân Lập" in waiting
    accepted = client.post(reverse("planning:report_accept", args=[SCHOOL, MARCH]))
    assert accepted.status_code == 302
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED
    assert report.decided_by == nga.user


def test_the_body_page_adds_up_the_accepted_reports_and_names_who_is_late(
    client, province, bodies, nga, sent, primary, monkeypatch
):
    services.accept_report(report=sent, by=nga.user)
    monkeypatch.setattr(clock, "now", lambda: dt.datetime(2026, 4, 12, 3, 0, tzinfo=dt.UTC))
    client.force_login(nga.user)
    page = client.get(reverse("planning:body", args=[OFFICE]) + "?period=2026-03")
    assert page.status_code == 200
    html = page.content.decode()
    sheet = selectors.body_sheet(bodies["office"], parse(MARCH))
    assert {indicator.code: value for indicator, value in sheet.totals}["loans"] == 12
    assert 'data-indicator="loans"' in html
    overdue = html.split('id="overdue"')[1].split("</section>")[0]
    assert "Thư viện Trường Tiểu học Tân Lập" in overdue  # not sent by 5 April
    assert "Thư viện Trường THCS Tân Lập" not in overdue
    api = client.get(f"/api/v1/bodies/{OFFICE}/reports?period=2026-03", headers=bearer(nga.user))
    assert api.status_code == 200
    body = api.json()
    assert body["totals"]["loans"] == 12
    assert {row["library"]: row["overdue"] for row in body["reports"]} == {
        SCHOOL: False,
        "SL-TH-TANLAP": True,
    }


def test_a_report_not_accepted_adds_nothing_to_the_body_roll_up(bodies, sent):
    sheet = selectors.body_sheet(bodies["office"], parse(MARCH))
    assert {indicator.code: value for indicator, value in sheet.totals}["loans"] == 0
    assert [row.state for row in sheet.waiting] == [ReportState.SUBMITTED]


def test_nga_returns_a_report_with_its_reason_through_the_api_and_an_empty_reason_is_refused(
    client, province, nga, sent
):
    url = f"/api/v1/reports/{SCHOOL}/{MARCH}/return"
    empty = client.post(
        url, {"reason": "   "}, content_type="application/json", headers=bearer(nga.user)
    )
    assert empty.status_code == 409
    assert empty.json()["code"] == "return_reason_required"
    sent.refresh_from_db()
    assert sent.state == ReportState.SUBMITTED
    returned = client.post(
        url,
        {"reason": "Số lượt mượn tháng 3 thiếu sổ mượn lớp 7A"},
        content_type="application/json",
        headers=bearer(nga.user),
    )
    assert returned.status_code == 200
    assert returned.json()["state"] == ReportState.RETURNED
    assert returned.json()["sent_to"] == OFFICE
    sent.refresh_from_db()
    assert sent.return_reason == "Số lượt mượn tháng 3 thiếu sổ mượn lớp 7A"


def _other_body_answers(client, headers) -> list[int]:
    """Every page and endpoint of Tân Lập's office and of its school's report."""
    return [
        client.get(reverse("planning:body", args=[OFFICE])).status_code,
        client.get(reverse("planning:plan", args=[SCHOOL, 2026])).status_code,
        client.get(reverse("planning:figures", args=[SCHOOL])).status_code,
        client.post(reverse("planning:report_submit", args=[SCHOOL, MARCH])).status_code,
        client.get(reverse("planning:report", args=[SCHOOL, MARCH])).status_code,
        client.get(reverse("planning:report_xlsx", args=[SCHOOL, MARCH])).status_code,
        client.get(reverse("planning:report_pdf", args=[SCHOOL, MARCH])).status_code,
        client.post(reverse("planning:report_accept", args=[SCHOOL, MARCH])).status_code,
        client.post(
            reverse("planning:report_return", args=[SCHOOL, MARCH]), {"reason": "x"}
        ).status_code,
        client.post(
            reverse("planning:report_comment", args=[SCHOOL, MARCH]), {"comment": "x"}
        ).status_code,
        client.get(f"/api/v1/reports?library={SCHOOL}&period={MARCH}", headers=headers).status_code,
        client.post(f"/api/v1/reports/{SCHOOL}/{MARCH}/accept", headers=headers).status_code,
        client.post(
            f"/api/v1/reports/{SCHOOL}/{MARCH}/return",
            {"reason": "x"},
            content_type="application/json",
            headers=headers,
        ).status_code,
        client.get(f"/api/v1/bodies/{OFFICE}/reports?period={MARCH}", headers=headers).status_code,
    ]


def test_the_education_department_officer_gets_404_for_the_commune_offices_pages_and_school(
    client, thu, sent
):
    client.force_login(thu.user)
    assert set(_other_body_answers(client, bearer(thu.user))) == {404}
    sent.refresh_from_db()
    assert sent.state == ReportState.SUBMITTED
    assert not sent.comments.exists()


def test_another_communes_office_officer_gets_404_for_tan_laps_school(client, province, sent):
    other = network_services.create_managing_body(
        code="SL-PVHXH-PHUCLAM",
        name="Phòng Văn hóa – Xã hội xã Phúc Lâm",
        kind="commune_office",
        since=dt.date(2025, 7, 1),
        by=None,
    )
    network_services.add_body_staff(username="phuong", body=other, role="head", by=None)
    user = other.memberships.get().user
    client.force_login(user)
    assert set(_other_body_answers(client, bearer(user))) == {404}
    sent.refresh_from_db()
    assert sent.state == ReportState.SUBMITTED


def test_the_commune_librarys_clerk_gets_404_for_the_office_and_403_for_its_list(
    client, minh, sent
):
    client.force_login(minh.user)
    assert client.get(reverse("planning:body", args=[OFFICE])).status_code == 404
    refused = client.get(reverse("planning:bodies"))
    assert refused.status_code == 403
    assert "cơ quan quản lý" in refused.content.decode()


def test_a_body_officer_never_opens_the_schools_readers_or_desk(client, province, nga, binh):
    client.force_login(nga.user)
    assert client.get(reverse("staff:library", args=[SCHOOL])).status_code in (403, 404)
    desk = client.get(reverse("circulation:desk"))
    assert desk.status_code == 403
    api = client.get(f"/api/v1/patrons/{binh.pk}", headers=bearer(nga.user))
    assert api.status_code in (403, 404)
    assert "Phạm Văn Bình" not in api.content.decode()


def test_a_school_below_the_commune_library_still_reports_to_its_office(
    client, province, bodies, minh, an, school_march, after_march
):
    """Kept under the commune library for rotation and liên thông, the school is not one of
    the commune's reporting children and its figures are not the commune's own."""
    Library = type(province["school"])
    Library.objects.filter(pk=province["school"].pk).update(parent=province["commune"])
    from libnet.core import cache

    cache.clear_all()
    sheet = selectors.report_sheet(province["commune"], parse(MARCH))
    assert [child.library.code for child in sheet.children] == []
    assert sheet.figures["loans"] == 40
    report = services.submit_report(
        library=province["school"], period=parse(MARCH), by=an.user, at=after_march
    )
    assert (report.body, report.parent) == (bodies["office"], None)


def test_a_school_with_no_body_is_told_to_ask_the_administrator(province, an, after_march):
    from libnet.planning.errors import ReportRefused

    with pytest.raises(ReportRefused) as refused:
        services.submit_report(
            library=province["school"], period=parse(MARCH), by=an.user, at=after_march
        )
    assert refused.value.code == "no_body"
    assert "quản trị viên" in refused.value.message


def test_the_culture_department_sees_the_public_reports_decides_none_and_no_school(
    client, province, bodies, sent, chi, after_march
):
    services.submit_report(
        library=province["commune"], period=parse(MARCH), by=chi.user, at=after_march
    )
    officer = UserFactory(username="vhttdl")
    network_services.add_body_staff(
        username="vhttdl", body=bodies["culture"], role="officer", by=None
    )
    client.force_login(officer)
    assert client.get(reverse("planning:report", args=["SL-TANLAP", MARCH])).status_code == 200
    assert (
        client.post(reverse("planning:report_accept", args=["SL-TANLAP", MARCH])).status_code == 403
    )
    assert client.get(reverse("planning:report", args=[SCHOOL, MARCH])).status_code == 404
    page = client.get(reverse("planning:body", args=["SL-SVHTTDL"]) + f"?period={MARCH}")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Thư viện xã Tân Lập" in html
    assert "Thư viện Trường THCS Tân Lập" not in html


def test_a_public_librarys_report_still_goes_to_the_library_above(province, chi, after_march):
    LibraryFactory(code="SL-X", kind=LibraryKind.COMMUNE, parent=province["provincial"])
    report = services.submit_report(
        library=province["commune"], period=parse(MARCH), by=chi.user, at=after_march
    )
    assert (report.parent, report.body) == (province["provincial"], None)


def test_a_principal_of_the_school_cannot_accept_her_own_report(client, province, sent):
    principal = UserFactory(username="hieutruong")
    Membership.objects.create(user=principal, library=province["school"], role=Role.PRINCIPAL)
    client.force_login(principal)
    response = client.post(reverse("planning:report_accept", args=[SCHOOL, MARCH]))
    assert response.status_code == 403
    sent.refresh_from_db()
    assert sent.state == ReportState.SUBMITTED


def test_a_body_officers_home_page_leads_to_her_body_not_to_ask_for_a_library(client, nga):
    client.force_login(nga.user)
    html = client.get(reverse("staff:home")).content.decode()
    assert reverse("planning:body", args=[OFFICE]) in html
    assert "Bạn chưa thuộc thư viện nào" not in html
