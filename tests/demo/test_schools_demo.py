"""The demo's TT 16/2022 data: every school has its enrolment for the school year, and Nga of
Tân Lập's commune office finds Tân Lập lower-secondary's self-assessment waiting for her, its
results frozen as sent; the API answers them."""

from __future__ import annotations

import pytest

from libnet.demo import people
from libnet.network.models import Library
from libnet.schools.models import ClassEnrolment, SelfAssessment

pytestmark = pytest.mark.django_db


def test_every_demo_school_has_its_enrolment(small_demo):
    schools = Library.objects.filter(kind__startswith="school_")
    enrolled = set(ClassEnrolment.objects.values_list("library__code", flat=True))
    assert enrolled == set(schools.values_list("code", flat=True))


def test_nga_finds_tan_laps_self_assessment_waiting(client, small_demo):
    sent = SelfAssessment.objects.get()
    assert (sent.library.code, sent.body.code, sent.state) == (
        "SL-THCS-TANLAP",
        "SL-PVHXH-TANLAP",
        "submitted",
    )
    assert client.login(username="nga", password=people.DEMO_PASSWORD)
    period = f"{sent.school_year}-SY"
    page = client.get(f"/staff/schools/SL-THCS-TANLAP/?period={period}").content.decode()
    assert 'id="accept"' in page
    body = client.get(f"/api/v1/schools/SL-THCS-TANLAP/assessment?period={period}").json()
    assert body["level"] == sent.level
    assert body["state"] == "submitted"


def test_tan_lap_has_its_plan_pupil_helpers_and_a_classroom_bookcase(client, small_demo):
    from libnet.catalog.models import ItemStatus
    from libnet.schools.models import ClassroomBookcase, LibraryPlan, PupilHelper

    plan = LibraryPlan.objects.get(library__code="SL-THCS-TANLAP")
    assert plan.book_introductions_per_month == 4
    assert PupilHelper.objects.filter(library__code="SL-THCS-TANLAP").count() == 3
    bookcase = ClassroomBookcase.objects.get(library__code="SL-THCS-TANLAP", class_name="6A")
    copies = [row.item for row in bookcase.copies.filter(returned_at__isnull=True)]
    assert copies
    assert {copy.status for copy in copies} == {ItemStatus.ON_ROTATION}
    assert client.login(username="an", password=people.DEMO_PASSWORD)
    page = client.get(f"/staff/schools/SL-THCS-TANLAP/{plan.school_year}-SY/helpers/")
    assert "Phạm Thu Hà" in page.content.decode()


def test_the_demo_has_a_published_local_studies_bibliography_and_a_draft_of_new_books(
    client, small_demo
):
    from libnet.bibliographies.models import Bibliography

    local = Bibliography.objects.get(kind="local_studies")
    assert local.is_published
    assert local.record_list.entries.exists()
    assert Bibliography.objects.filter(kind="new_acquisitions", published_at__isnull=True).exists()
    page = client.get(f"/bibliographies/{local.pk}").content.decode()
    assert "Thư mục địa chí tỉnh Sông Lam" in page
