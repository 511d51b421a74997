"""The demo's managing bodies: Thu of the Sở GD&ĐT and Nga of Tân Lập's commune office log in
with the demo password and find their schools' reports, some accepted, one returned, one
waiting; the Sở VHTTDL and every commune office with a school exist."""

from __future__ import annotations

import pytest
from django.urls import reverse

from libnet.demo import bodies as demo_bodies
from libnet.demo import people
from libnet.network.models import BodyKind, Library, ManagingBody, ReportingAssignment
from libnet.planning.models import Report, ReportState

pytestmark = pytest.mark.django_db


def test_the_demo_schools_report_to_their_bodies_by_the_rule(small_demo):
    lines = dict(
        ReportingAssignment.objects.filter(valid_to__isnull=True).values_list(
            "library__code", "body__code"
        )
    )
    assert lines["SL-THPT-HUNGLAM"] == "SL-SGDDT"
    assert lines["SL-THCS-TANLAP"] == lines["SL-TH-TANLAP"] == "SL-PVHXH-TANLAP"
    assert lines["SL-THTHCS-PAKHOM"] == "SL-PVHXH-NAMLUONG"  # TH&THCS: primary and lower
    assert Library.objects.get(code="SL-THTHCS-PAKHOM").school_levels == [
        "primary",
        "lower_secondary",
    ]
    assert ManagingBody.objects.filter(kind=BodyKind.CULTURE_DEPARTMENT).count() == 1


def test_nga_finds_one_report_waiting_one_returned_and_the_months_before_accepted(
    client, small_demo
):
    assert client.login(username="nga", password=people.DEMO_PASSWORD)
    office = ManagingBody.objects.get(code="SL-PVHXH-TANLAP")
    states = {
        (report.library.code, report.state)
        for report in Report.objects.filter(body=office).select_related("library")
    }
    assert ("SL-THCS-TANLAP", ReportState.SUBMITTED) in states
    assert ("SL-TH-TANLAP", ReportState.RETURNED) in states
    assert ("SL-TH-TANLAP", ReportState.ACCEPTED) in states
    returned = Report.objects.get(body=office, state=ReportState.RETURNED)
    assert returned.return_reason == demo_bodies.RETURN_REASON
    page = client.get(reverse("planning:bodies")).content.decode()
    assert "Thư viện Trường THCS Tân Lập" in page


def test_thu_sees_the_upper_secondary_schools_reports_and_not_the_communes(client, small_demo):
    assert client.login(username="thu", password=people.DEMO_PASSWORD)
    received = set(
        Report.objects.filter(body__code="SL-SGDDT").values_list("library__code", flat=True)
    )
    assert received == {"SL-THPT-HUNGLAM"}
    assert client.get(reverse("planning:body", args=["SL-SGDDT"])).status_code == 200
    assert client.get(reverse("planning:body", args=["SL-PVHXH-TANLAP"])).status_code == 404
    last = Report.objects.filter(library__code="SL-THCS-TANLAP").latest("period").period
    assert client.get(reverse("planning:report", args=["SL-THCS-TANLAP", last])).status_code == 404


def test_chi_sees_the_public_networks_reports_on_the_culture_departments_page(client, small_demo):
    assert client.login(username="chi", password=people.DEMO_PASSWORD)
    html = client.get(reverse("planning:body", args=["SL-SVHTTDL"])).content.decode()
    assert "Thư viện xã Tân Lập" in html
    assert "Thư viện Trường THCS Tân Lập" not in html
