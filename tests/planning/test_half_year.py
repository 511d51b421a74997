"""A half-year (2026-H1, 2026-H2) is a reporting period like the others: page, API, form."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from libnet.planning import services
from libnet.planning.periods import parse
from libnet.stats import services as stats
from tests.planning.test_pages_and_api import bearer


def test_a_half_year_report_adds_its_months_and_is_due_ten_days_after(client, province, hoa):
    commune = province["commune"]
    for day, loans in [
        (dt.date(2026, 2, 3), 7),
        (dt.date(2026, 6, 30), 5),
        (dt.date(2026, 7, 1), 100),
    ]:
        stats.bump(library_id=commune.pk, indicator="loans", day=day, by=loans)
    at = dt.datetime(2026, 7, 2, 3, 0, tzinfo=dt.UTC)
    report = services.submit_report(library=commune, period=parse("2026-H1"), by=hoa.user, at=at)
    assert (report.period, report.figures["loans"], report.due_on) == (
        "2026-H1",
        12,
        dt.date(2026, 7, 10),
    )
    body = client.get(
        "/api/v1/reports", {"library": "SL-TANLAP", "period": "2026-h1"}, headers=bearer(hoa)
    ).json()
    assert (body["period"], body["period_label"]) == ("2026-H1", "6 tháng đầu năm 2026")
    assert body["indicators"]["loans"]["value"] == 12
    client.force_login(hoa.user)
    page = client.get(reverse("planning:report", args=["SL-TANLAP", "2026-H1"]))
    assert page.status_code == 200
    assert "6 tháng đầu năm 2026" in page.content.decode()


def test_a_bad_half_year_is_refused_with_the_codes_it_takes(client, hoa):
    response = client.get(
        "/api/v1/reports", {"library": "SL-TANLAP", "period": "2026-H3"}, headers=bearer(hoa)
    )
    assert (response.status_code, response.json()["code"]) == (400, "invalid_period")
    assert "2026-H1" in response.json()["message"]
