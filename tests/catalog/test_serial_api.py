"""Serials API: a library's subscriptions and issues, check-in, claims; other libraries 404."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.catalog.models import IssueState, SerialClaim
from libnet.core import tokens

D = dt.date


def _auth(persona):
    return {"Authorization": f"Bearer {tokens.create_api_token(user=persona.user)}"}


@pytest.mark.django_db
def test_the_cataloguer_lists_subscriptions_and_issues(client, lan, daily_at_provincial):
    headers = _auth(lan)
    listing = client.get("/api/v1/serials", {"library": "SL-TVT"}, headers=headers)
    assert listing.status_code == 200
    [row] = listing.json()
    assert (row["title"], row["issn"], row["frequency"], row["copies"]) == (
        "Nhân Dân",
        "0866-7020",
        "daily",
        2,
    )
    issues = client.get(
        f"/api/v1/serials/{daily_at_provincial.pk}/issues",
        {"year": "2026", "state": "expected"},
        headers=headers,
    )
    assert issues.status_code == 200
    assert len(issues.json()) == 90
    assert issues.json()[0]["label"] == "số 1 (01/01/2026)"


@pytest.mark.django_db
def test_an_issue_is_received_by_id_or_by_scan(client, lan, daily_at_provincial):
    headers = _auth(lan)
    issue = daily_at_provincial.issues.get(expected_on=D(2026, 3, 1))
    url = f"/api/v1/serials/{daily_at_provincial.pk}/issues/{issue.pk}/receive"
    response = client.post(url, {"copies": 1}, content_type="application/json", headers=headers)
    assert response.status_code == 200
    assert (response.json()["state"], response.json()["copies_received"]) == ("received", 1)
    again = client.post(url, {}, content_type="application/json", headers=headers)
    assert again.status_code == 400
    assert again.json()["code"] == "issue_not_expected"
    assert "Đã nhận" in again.json()["message"]
    scanned = client.post(
        "/api/v1/serials/scan",
        {"library": "SL-TVT", "code": "9770866702004", "issue": "61"},
        content_type="application/json",
        headers=headers,
    )
    assert scanned.status_code == 200
    assert scanned.json()["expected_on"] == "2026-03-02"
    unknown = client.post(
        "/api/v1/serials/scan",
        {"library": "SL-TVT", "code": "12345"},
        content_type="application/json",
        headers=headers,
    )
    assert unknown.status_code == 400
    assert unknown.json()["code"] == "unreadable_scan"


@pytest.mark.django_db
def test_late_issues_are_claimed_through_the_api(client, lan, daily_at_provincial):
    headers = _auth(lan)
    late = daily_at_provincial.issues.get(expected_on=D(2026, 3, 1))
    response = client.post(
        "/api/v1/serials/claims",
        {"issues": [late.pk]},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 201
    assert response.json()[0]["supplier"] == "Bưu điện tỉnh Sông Lam"
    recent = daily_at_provincial.issues.get(expected_on=D(2026, 3, 9))
    refused = client.post(
        "/api/v1/serials/claims",
        {"issues": [recent.pk]},
        content_type="application/json",
        headers=headers,
    )
    assert refused.status_code == 400
    assert refused.json()["code"] == "not_late"
    listing = client.get("/api/v1/serials/claims", {"library": "SL-TVT"}, headers=headers)
    assert [claim["issue"]["number"] for claim in listing.json()] == [60]


@pytest.mark.django_db
def test_staff_of_another_library_get_404_on_every_serials_endpoint(
    client, an, daily_at_provincial
):
    headers = _auth(an)
    issue = daily_at_provincial.issues.get(expected_on=D(2026, 3, 1))
    pk = daily_at_provincial.pk
    json = {"content_type": "application/json", "headers": headers}
    answers = [
        client.get("/api/v1/serials", {"library": "SL-TVT"}, headers=headers),
        client.get(f"/api/v1/serials/{pk}/issues", headers=headers),
        client.post(f"/api/v1/serials/{pk}/issues/{issue.pk}/receive", {}, **json),
        client.post("/api/v1/serials/scan", {"library": "SL-TVT", "code": "0866-7020"}, **json),
        client.get("/api/v1/serials/claims", {"library": "SL-TVT"}, headers=headers),
        client.post("/api/v1/serials/claims", {"issues": [issue.pk]}, **json),
    ]
    assert [answer.status_code for answer in answers] == [404] * 6
    assert {answer.json()["code"] for answer in answers} <= {
        "library_not_found",
        "subscription_not_found",
        "issue_not_found",
    }
    issue.refresh_from_db()
    assert issue.state == IssueState.EXPECTED
    assert not SerialClaim.objects.exists()
