"""The self-assessment sent and decided through the API, and its report as a Word document."""

from __future__ import annotations

import pytest

from libnet.core import tokens, word
from libnet.schools.models import AssessmentState, SelfAssessment
from tests.schools.conftest import SCHOOL, YEAR, enrol

SUBMIT = f"/api/v1/schools/{SCHOOL}/assessment/submit"
DECIDE = f"/api/v1/schools/{SCHOOL}/assessment/decide"


def bearer(user) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {tokens.create_api_token(user=user)}"}


def test_the_school_sends_and_the_commune_office_returns_then_accepts_through_the_api(
    client, an, nga, school, forty_copies
):
    enrol(school, pupils=10)
    sent = client.post(SUBMIT, {"period": YEAR}, content_type="application/json", **bearer(an.user))
    assert sent.status_code == 200, sent.content
    assert sent.json()["state"] == "submitted"
    assert sent.json()["period"] == YEAR

    no_reason = client.post(
        DECIDE,
        {"period": YEAR, "accept": False},
        content_type="application/json",
        **bearer(nga.user),
    )
    assert no_reason.status_code == 409
    assert no_reason.json()["code"] == "reason_required"
    returned = client.post(
        DECIDE,
        {"period": YEAR, "accept": False, "reason": "Thiếu biên bản kiểm kê"},
        content_type="application/json",
        **bearer(nga.user),
    )
    assert returned.json()["state"] == "returned"
    assert SelfAssessment.objects.get().return_reason == "Thiếu biên bản kiểm kê"

    client.post(SUBMIT, {"period": YEAR}, content_type="application/json", **bearer(an.user))
    accepted = client.post(
        DECIDE,
        {"period": YEAR, "accept": True},
        content_type="application/json",
        **bearer(nga.user),
    )
    assert accepted.status_code == 200
    assert SelfAssessment.objects.get().state == AssessmentState.ACCEPTED


def test_the_school_cannot_decide_its_own_and_a_refusal_writes_nothing(client, an, school):
    refused = client.post(
        SUBMIT, {"period": YEAR}, content_type="application/json", **bearer(an.user)
    )
    assert refused.status_code == 409
    assert refused.json()["code"] == "no_enrolment"
    assert not SelfAssessment.objects.exists()
    enrol(school, pupils=10)
    client.post(SUBMIT, {"period": YEAR}, content_type="application/json", **bearer(an.user))
    own = client.post(
        DECIDE, {"period": YEAR, "accept": True}, content_type="application/json", **bearer(an.user)
    )
    assert own.status_code == 404
    assert SelfAssessment.objects.get().state == AssessmentState.SUBMITTED


@pytest.mark.parametrize("who", ["minh", "thu"])
def test_other_staff_and_another_body_get_404_from_the_api_writes(client, request, an, school, who):
    enrol(school, pupils=10)
    user = request.getfixturevalue(who).user
    response = client.post(
        SUBMIT, {"period": YEAR}, content_type="application/json", **bearer(user)
    )
    assert response.status_code == 404
    assert not SelfAssessment.objects.exists()
    client.post(SUBMIT, {"period": YEAR}, content_type="application/json", **bearer(an.user))
    response = client.post(
        DECIDE, {"period": YEAR, "accept": True}, content_type="application/json", **bearer(user)
    )
    assert response.status_code == 404
    assert SelfAssessment.objects.get().state == AssessmentState.SUBMITTED


def test_a_period_that_is_not_a_school_year_is_refused_by_the_api(client, an, school):
    enrol(school, pupils=10)
    response = client.post(
        SUBMIT, {"period": "2026-Q2"}, content_type="application/json", **bearer(an.user)
    )
    assert response.status_code == 400
    assert response.json()["code"] == "not_school_year"


def test_the_report_as_a_word_document_has_the_heading_the_criteria_and_the_level(
    client, an, nga, school, forty_copies
):
    enrol(school, pupils=10)
    client.force_login(an.user)
    response = client.get(f"/staff/schools/{SCHOOL}/{YEAR}/report.docx")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.docx"')
    text = word.text_of(response.content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "BÁO CÁO TỰ ĐÁNH GIÁ THƯ VIỆN THEO TIÊU CHUẨN TT 16/2022/TT-BGDĐT" in text
    assert "R1.copies_per_pupil" in text
    assert "Kết quả tự đánh giá:" in text
    assert "HIỆU TRƯỞNG" in text
    client.force_login(nga.user)
    assert client.get(f"/staff/schools/{SCHOOL}/{YEAR}/report.docx").status_code == 200


@pytest.mark.parametrize("who", ["minh", "thu"])
def test_other_staff_get_404_for_the_word_report(client, request, school, who):
    client.force_login(request.getfixturevalue(who).user)
    assert client.get(f"/staff/schools/{SCHOOL}/{YEAR}/report.docx").status_code == 404
