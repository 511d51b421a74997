"""The self-assessment at the end of the school year: sent by the school to the body it
reports to (Tân Lập's commune office), accepted or returned by that body's officer; the body's
dashboard. Another body's officer gets a 404 for all of it."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.planning.periods import parse
from libnet.schools import services
from libnet.schools.models import AssessmentState, Evidence, SelfAssessment
from tests.schools.conftest import OFFICE, SCHOOL, YEAR, enrol

PAGE = f"/staff/schools/{SCHOOL}/?period={YEAR}"
SUBMIT = f"/staff/schools/{SCHOOL}/{YEAR}/submit/"
DECIDE = f"/staff/schools/{SCHOOL}/{YEAR}/decide/"
DASHBOARD = f"/staff/schools/bodies/{OFFICE}/?period={YEAR}"


@pytest.fixture
def sent(client, an, school, forty_copies):
    enrol(school, pupils=10)
    client.force_login(an.user)
    client.post(
        f"/staff/schools/{SCHOOL}/{YEAR}/evidence/",
        {"criterion": "R1.teacher_sets", "answer": "yes", "evidence": "Sổ đăng ký sách giáo viên"},
    )
    response = client.post(SUBMIT)
    assert response.status_code == 302
    client.logout()
    return SelfAssessment.objects.get()


def test_the_school_sends_its_self_assessment_to_its_commune_office(sent, bodies):
    assert sent.body == bodies["office"]
    assert sent.state == AssessmentState.SUBMITTED
    assert sent.due_on == dt.date(2026, 5, 31)
    rows = {
        row["code"]: row["met"] for group in sent.results["groups"] for row in group["criteria"]
    }
    assert rows["R1.copies_per_pupil"] is True
    assert rows["R1.teacher_sets"] is True


def test_the_results_are_frozen_when_sent(client, an, sent, school):
    """Evidence cannot change while the body decides; the API answers what was sent."""
    client.force_login(an.user)
    response = client.post(
        f"/staff/schools/{SCHOOL}/{YEAR}/evidence/",
        {"criterion": "R1.teacher_sets", "answer": "no", "evidence": "Sửa lại"},
    )
    assert response.status_code == 400
    assert "đã được gửi" in response.content.decode()
    assert Evidence.objects.get().is_met is True


def test_the_commune_officer_accepts_the_self_assessment(client, nga, sent):
    client.force_login(nga.user)
    page = client.get(PAGE)
    assert page.status_code == 200
    assert 'id="accept"' in page.content.decode()
    response = client.post(DECIDE, {"decision": "accept"})
    assert response.status_code == 302
    sent.refresh_from_db()
    assert (sent.state, sent.decided_by) == (AssessmentState.ACCEPTED, nga.user)
    # Accepted is final: a second decision is refused, nothing changes.
    response = client.post(DECIDE, {"decision": "return", "reason": "Thiếu minh chứng"})
    assert response.status_code == 409
    sent.refresh_from_db()
    assert sent.state == AssessmentState.ACCEPTED


def test_returning_needs_a_reason_and_lets_the_school_send_again(client, an, nga, sent):
    client.force_login(nga.user)
    response = client.post(DECIDE, {"decision": "return", "reason": " "})
    assert response.status_code == 409
    assert "lý do" in response.content.decode()
    client.post(DECIDE, {"decision": "return", "reason": "Thiếu biên bản kiểm kê"})
    sent.refresh_from_db()
    assert (sent.state, sent.return_reason) == (AssessmentState.RETURNED, "Thiếu biên bản kiểm kê")
    client.force_login(an.user)
    assert client.post(SUBMIT).status_code == 302
    sent.refresh_from_db()
    assert sent.state == AssessmentState.SUBMITTED


def test_the_school_cannot_decide_its_own_self_assessment(client, an, sent):
    client.force_login(an.user)
    assert client.post(DECIDE, {"decision": "accept"}).status_code == 404
    sent.refresh_from_db()
    assert sent.state == AssessmentState.SUBMITTED


def test_the_education_department_gets_404_for_a_commune_schools_assessment(client, thu, sent):
    client.force_login(thu.user)
    assert client.get(PAGE).status_code == 404
    assert client.post(DECIDE, {"decision": "accept"}).status_code == 404
    assert client.get(DASHBOARD).status_code == 404
    sent.refresh_from_db()
    assert sent.state == AssessmentState.SUBMITTED


def test_a_self_assessment_without_enrolment_is_refused(client, an, school):
    client.force_login(an.user)
    response = client.post(SUBMIT)
    assert response.status_code == 409
    assert "sĩ số" in response.content.decode()
    assert not SelfAssessment.objects.exists()


def test_the_dashboard_shows_levels_minimums_and_missed_deadlines(client, nga, an, school):
    """39 copies for 10 pupils: below the NĐ 93 minimum of 4; not sent by 31/5/2026."""
    from tests.factories import ItemFactory

    ItemFactory.create_batch(39, home_library=school)
    enrol(school, pupils=10)
    client.force_login(nga.user)
    page = client.get(DASHBOARD).content.decode()
    below = page.split('id="below"')[1].split("</section>")[0]
    assert "3,9 bản/học sinh, ít hơn 4" in below
    late = page.split('id="late"')[1].split("</section>")[0]
    assert school.name in late
    assert "Chưa đạt mức độ 1: <strong>1</strong>" in page


def test_a_self_assessment_sent_after_the_deadline_is_late_and_one_in_time_is_not(
    client, an, nga, school, forty_copies
):
    enrol(school, pupils=10)
    services.submit_self_assessment(
        library=school, period=parse(YEAR), by=an.user,
        at=dt.datetime(2026, 6, 2, 3, 0, tzinfo=dt.UTC),
    )  # fmt: skip
    client.force_login(nga.user)
    assert 'id="late"' in client.get(DASHBOARD).content.decode()
    SelfAssessment.objects.update(submitted_at=dt.datetime(2026, 5, 30, 3, 0, tzinfo=dt.UTC))
    assert 'id="late"' not in client.get(DASHBOARD).content.decode()


def test_the_commune_officer_reads_the_assessment_through_the_api(client, nga, sent):
    from libnet.core import tokens

    response = client.get(
        f"/api/v1/schools/{SCHOOL}/assessment?period={YEAR}",
        HTTP_AUTHORIZATION=f"Bearer {tokens.create_api_token(user=nga.user)}",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "submitted"
    assert set(body) >= {"level", "groups"}
    assert set(body["groups"][0]) >= {"code", "level", "criteria"}
    assert set(body["groups"][0]["criteria"][0]) >= {"code", "value", "threshold", "met"}
