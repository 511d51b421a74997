"""A training course through its life: planned with sessions, people join, attendance per
session, results, finished (certificates numbered, the figures counted) or cancelled."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.core.models import AuditEntry
from libnet.planning import periods
from libnet.planning import selectors as planning_selectors
from libnet.stats.rebuild import rebuild_daily_stats
from libnet.training import policies, selectors, services
from libnet.training.errors import TrainingInvalid, TrainingRefused
from libnet.training.models import Course, CourseState, Participant, Result
from tests.training.conftest import plan


def join(course, by, **person):
    return services.add_participant(course=course, by=by, **person)


@pytest.mark.django_db
def test_staff_of_any_library_and_outsiders_join_with_their_workplace(course, lan, minh, an):
    staff = join(course, lan.user, kind="staff", username="minh")
    librarian = join(course, lan.user, kind="school_librarian", username="an")
    teacher = join(
        course, lan.user, kind="teacher", full_name="Ngô Văn Tuấn", unit="Trường THCS Hòa Bình"
    )
    assert (staff.full_name, staff.library, staff.unit) == (
        "Nguyễn Văn Minh",
        minh.library,
        minh.library.name,
    )
    assert librarian.library == an.library
    assert (teacher.user, teacher.library, teacher.unit) == (None, None, "Trường THCS Hòa Bình")


@pytest.mark.django_db
def test_a_person_joins_a_course_once(course, lan, minh):
    join(course, lan.user, kind="staff", username="minh")
    with pytest.raises(TrainingRefused) as refused:
        join(course, lan.user, kind="staff", username="minh")
    assert refused.value.code == "already_on_course"
    assert course.participants.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("person", "code"),
    [
        ({"kind": "staff", "username": "nobody"}, "unknown_person"),
        ({"kind": "outside", "full_name": "Ngô Văn Tuấn"}, "unit_required"),
        ({"kind": "outside", "unit": "UBND xã"}, "name_required"),
        ({"kind": "guest", "full_name": "Ngô Văn Tuấn", "unit": "UBND xã"}, "unknown_kind"),
    ],
)
def test_a_participant_without_a_known_person_or_a_unit_is_refused(course, lan, person, code):
    with pytest.raises(TrainingInvalid) as refused:
        join(course, lan.user, **person)
    assert refused.value.code == code
    assert not Participant.objects.exists()


@pytest.mark.django_db
def test_a_course_has_one_organiser_and_its_sessions_fall_within_its_days(province, bodies):
    with pytest.raises(TrainingInvalid) as refused:
        plan(province["provincial"], body=bodies["culture"])
    assert refused.value.code == "one_organiser"
    with pytest.raises(TrainingInvalid) as refused:
        services.plan_course(
            title="Lớp A",
            library=province["provincial"],
            starts_on=dt.date(2026, 3, 16),
            ends_on=dt.date(2026, 3, 17),
            sessions=[services.SessionPlan(dt.date(2026, 3, 18), "Buổi 3")],
            by=None,
        )
    assert refused.value.code == "session_outside_course"
    with pytest.raises(TrainingInvalid) as refused:
        plan(province["provincial"], days=(dt.date(2026, 3, 17), dt.date(2026, 3, 16)))
    assert refused.value.code == "ends_before_start"
    assert not Course.objects.exists()


@pytest.mark.django_db
def test_attendance_is_taken_per_session(course, lan, minh, an):
    minh_place = join(course, lan.user, kind="staff", username="minh")
    an_place = join(course, lan.user, kind="school_librarian", username="an")
    first, second = course.sessions.all()
    assert (
        services.mark_attendance(session=first, present=[minh_place.pk, an_place.pk], by=lan.user)
        == 2
    )
    assert services.mark_attendance(session=second, present=[an_place.pk], by=lan.user) == 1
    # Ticking again replaces the sheet of that session.
    services.mark_attendance(session=first, present=[an_place.pk], by=lan.user)
    sessions, rows = selectors.attendance_sheet(course)
    assert [session.topic for session in sessions] == ["Buổi 1", "Buổi 2"]
    assert [(row.participant.full_name, row.present) for row in rows] == [
        ("Lê Thị An", (True, True)),
        ("Nguyễn Văn Minh", (False, False)),
    ]


@pytest.mark.django_db
def test_a_course_finishes_only_when_every_result_is_decided(course, lan, minh, an):
    minh_place = join(course, lan.user, kind="staff", username="minh")
    join(course, lan.user, kind="school_librarian", username="an")
    services.record_results(course=course, results={minh_place.pk: Result.PASSED}, by=lan.user)
    with pytest.raises(TrainingRefused) as refused:
        services.finish_course(course=course, by=lan.user)
    assert refused.value.code == "results_pending"
    assert refused.value.params == {"count": 1}
    assert Course.objects.get(pk=course.pk).state == CourseState.PLANNED


@pytest.mark.django_db
def test_finishing_numbers_the_certificates_and_counts_the_course_and_the_people_trained(
    course, lan, minh, an, province
):
    minh_place = join(course, lan.user, kind="staff", username="minh")
    an_place = join(course, lan.user, kind="school_librarian", username="an")
    outsider = join(course, lan.user, kind="outside", full_name="Bùi Thị Hoa", unit="UBND xã")
    services.record_results(
        course=course,
        results={minh_place.pk: "passed", an_place.pk: "passed", outsider.pk: "failed"},
        by=lan.user,
    )
    services.finish_course(course=course, by=lan.user)
    assert [(p.full_name, p.certificate_number) for p in selectors.passed_participants(course)] == [
        ("Lê Thị An", 1),
        ("Nguyễn Văn Minh", 2),
    ]
    report = planning_selectors.report_object(province["provincial"], periods.parse("2026-03"))
    figures = {code: report["indicators"][code]["computed"] for code in policies_codes()}
    assert figures == {"training_courses": 1, "people_trained": 2}
    # Counted again from the tables, the figures are the same.
    rebuild_daily_stats()
    report = planning_selectors.report_object(province["provincial"], periods.parse("2026-03"))
    assert {code: report["indicators"][code]["computed"] for code in policies_codes()} == figures
    assert AuditEntry.objects.filter(action="training.finish").count() == 1


def policies_codes():
    return ("training_courses", "people_trained")


@pytest.mark.django_db
def test_a_finished_course_is_not_changed_and_a_body_course_is_in_no_library_figure(
    province, bodies, lan, minh
):
    course = plan(body=bodies["culture"])
    place = join(course, None, kind="staff", username="minh")
    services.record_results(course=course, results={place.pk: "passed"}, by=None)
    services.finish_course(course=course, by=None)
    with pytest.raises(TrainingRefused) as refused:
        join(course, None, kind="staff", username="lan")
    assert refused.value.code == "not_allowed"
    with pytest.raises(TrainingRefused):
        services.cancel_course(course=course, by=None)
    report = planning_selectors.report_object(province["provincial"], periods.parse("2026-03"))
    assert report["indicators"]["training_courses"]["computed"] == 0
    # The programme reads the people trained of its libraries, whoever organised the course.
    march = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    assert (
        selectors.people_trained(library_ids=[minh.library.pk], start=march[0], end=march[1]) == 1
    )
    assert list(
        selectors.courses_in(library_ids=[minh.library.pk], start=march[0], end=march[1])
    ) == [course]
    assert list(
        selectors.courses_in(
            library_ids=[], body_ids=[bodies["culture"].pk], start=march[0], end=march[1]
        )
    ) == [course]


@pytest.mark.parametrize(
    ("state", "action", "expected"),
    [
        ("planned", "finish", "finished"),
        ("planned", "cancel", "cancelled"),
        ("finished", "cancel", None),  # its certificates are out
        ("finished", "finish", None),
        ("cancelled", "finish", None),
    ],
)
def test_next_course_state(state, action, expected):
    assert policies.next_course_state(state, action) == expected
