"""The demo's training and inspections: two finished courses with their people and results,
and two school libraries inspected with findings, each seen by its body's officer."""

from __future__ import annotations

import pytest
from django.urls import reverse

from libnet.demo import people
from libnet.training.models import Course, CourseState, Inspection, Result

pytestmark = pytest.mark.django_db


def test_the_demo_has_two_finished_courses_with_results(small_demo):
    courses = list(Course.objects.order_by("starts_on"))
    assert len(courses) == 2
    assert {course.state for course in courses} == {CourseState.FINISHED}
    assert courses[0].library is not None
    assert courses[1].body is not None
    for course in courses:
        assert course.participants.filter(result=Result.PASSED).exists()
        assert not course.participants.filter(result=Result.PENDING).exists()
    assert courses[0].participants.filter(result=Result.FAILED).count() == 1


def test_two_school_libraries_are_inspected_and_their_officers_see_the_findings(client, small_demo):
    inspections = {
        inspection.library.code: inspection
        for inspection in Inspection.objects.select_related("library", "body")
    }
    assert set(inspections) == {"SL-THCS-TANLAP", "SL-THPT-HUNGLAM"}
    for code, officer in (("SL-THCS-TANLAP", "nga"), ("SL-THPT-HUNGLAM", "thu")):
        inspection = inspections[code]
        assert inspection.findings.count() == 8
        assert inspection.recommendations.filter(closed_on__isnull=True).count() == 1
        assert client.login(username=officer, password=people.DEMO_PASSWORD)
        page = client.get(reverse("training:inspection", args=[inspection.pk]))
        assert page.status_code == 200
        assert "Giá sách cũ, thiếu ánh sáng" in page.content.decode()
    # Thu (Sở GD&ĐT) is no party to Tân Lập school's inspection by its commune office.
    response = client.get(reverse("training:inspection", args=[inspections["SL-THCS-TANLAP"].pk]))
    assert response.status_code == 404
