"""The programme's parties, schools, activities, targets and reviews, through the services."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.programmes import activities, selectors, services
from libnet.programmes.errors import ProgrammeInvalid, ProgrammeNotFound
from libnet.programmes.models import Programme, ReviewKind
from tests.factories import NOW


def test_a_mid_term_review_counts_what_was_recorded_in_its_half_year(
    programme, shipped_batch, held_talk, school_uses, chi_officer, thu
):
    services.link_activity(
        programme=programme, kind="rotation_batch", object_id=shipped_batch.pk, by=thu.user, at=NOW
    )
    services.link_activity(
        programme=programme, kind="event", object_id=held_talk.pk, by=chi_officer.user, at=NOW
    )
    services.set_targets(
        programme=programme,
        targets={activities.COPIES_ROTATED: 6, activities.SCHOOLS_SERVED: 1},
        by=chi_officer.user,
        at=NOW,
    )
    first = selectors.review_sheet(programme, ReviewKind.MID_TERM, "2026-H1")
    assert (first.start, first.end) == (dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    figures = {row.code: (row.value, row.target) for row in first.measures}
    assert figures == {
        "schools_served": (1, 1),
        "uses_at_schools": (42, None),
        "batches_rotated": (1, None),
        "copies_rotated": (3, 6),
        "events_held": (1, None),
        "event_participants": (43, None),
        "courses_held": (0, None),
        "people_trained": (0, None),
        "inspections": (0, None),
    }
    assert [(row.batches, row.copies, row.uses, row.participants) for row in first.schools] == [
        (1, 3, 42, 43)
    ]
    second = selectors.review_sheet(programme, ReviewKind.MID_TERM, "2026-H2")
    assert (second.value("uses_at_schools"), second.value("copies_rotated")) == (7, 0)
    final = selectors.review_sheet(programme, ReviewKind.FINAL)
    assert (final.value("uses_at_schools"), final.value("events_held")) == (49, 1)


def test_an_activity_that_does_not_concern_the_programme_is_not_linked(
    programme, province, lan, thu
):
    from libnet.rotation import services as rotation_services

    elsewhere = rotation_services.create_batch(
        from_library=province["provincial"],
        to_library=province["commune"],
        planned_start=dt.date(2026, 3, 2),
        planned_end=dt.date(2026, 8, 31),
        by=lan.user,
        at=NOW,
    )
    with pytest.raises(ProgrammeNotFound) as refused:
        services.link_activity(
            programme=programme, kind="rotation_batch", object_id=elsewhere.pk, by=thu.user
        )
    assert refused.value.code == "activity_not_found"
    assert "đợt luân chuyển" in refused.value.message
    assert not programme.activities.exists()
    with pytest.raises(ProgrammeInvalid) as unknown:
        services.link_activity(programme=programme, kind="lecture", object_id=1, by=thu.user)
    assert unknown.value.code == "unknown_activity_kind"


def test_parties_must_be_a_culture_and_an_education_unit(bodies, province, chi_officer):
    with pytest.raises(ProgrammeInvalid) as wrong_way:
        services.create_programme(
            title="Đảo ngược",
            culture=bodies["education"],
            education=bodies["culture"],
            starts_on=dt.date(2026, 1, 1),
            ends_on=dt.date(2026, 12, 31),
            by=chi_officer.user,
            at=NOW,
        )
    assert wrong_way.value.code == "not_culture_party"
    with pytest.raises(ProgrammeInvalid) as commune:
        services.create_programme(
            title="Thư viện với thư viện",
            culture=province["provincial"],
            education=province["commune"],
            starts_on=dt.date(2026, 1, 1),
            ends_on=dt.date(2026, 12, 31),
            by=chi_officer.user,
            at=NOW,
        )
    assert commune.value.code == "not_education_party"
    assert not Programme.objects.exists()


def test_a_library_and_a_school_make_a_programme_of_that_one_school(province, chi, an):
    made = services.create_programme(
        title="Thư viện tỉnh và Trường THCS Tân Lập",
        culture=province["provincial"],
        education=province["school"],
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
        by=chi.user,
        at=NOW,
    )
    assert [school.code for school in selectors.schools_of(made)] == [province["school"].code]
    with pytest.raises(ProgrammeInvalid) as other:
        services.choose_schools(programme=made, schools=[province["commune"]], by=an.user)
    assert other.value.code == "not_a_school"


def test_a_mid_term_review_needs_a_period_inside_the_programme(programme, thu):
    with pytest.raises(ProgrammeInvalid) as outside:
        services.save_review(programme=programme, kind="mid_term", period="2027-H1", by=thu.user)
    assert outside.value.code == "period_outside"
    assert "01/01/2026" in outside.value.message
    with pytest.raises(ProgrammeInvalid) as missing:
        services.save_review(programme=programme, kind="mid_term", period="", by=thu.user)
    assert missing.value.code == "period_required"
    review = services.save_review(
        programme=programme,
        kind="mid_term",
        period="2026-h1",
        education_text="Các trường phối hợp tốt.",
        by=thu.user,
        at=NOW,
    )
    assert (review.period, review.education_text, review.culture_text) == (
        "2026-H1",
        "Các trường phối hợp tốt.",
        "",
    )


def test_training_courses_and_inspections_count_in_the_final_review(
    programme, bodies, province, school, thu
):
    """A course of the Sở GD&ĐT (two passed, one did not) and a survey of the chosen school
    by the provincial library are linked and counted; a planned course counts nothing yet."""
    from libnet.training import services as training_services

    course = training_services.plan_course(
        title="Tập huấn nghiệp vụ thư viện trường học", body=bodies["education"],
        starts_on=dt.date(2026, 8, 10), ends_on=dt.date(2026, 8, 12), by=None, at=NOW,
    )  # fmt: skip
    people = [
        training_services.add_participant(
            course=course,
            kind="outside",
            full_name=name,
            unit="Trường THCS Tân Lập",
            by=None,
            at=NOW,
        )
        for name in ("Lê Thị An", "Trần Văn Bình", "Phạm Thị Cúc")
    ]
    training_services.record_results(
        course=course,
        results={people[0].pk: "passed", people[1].pk: "passed", people[2].pk: "failed"},
        by=None,
        at=NOW,
    )
    training_services.finish_course(course=course, by=None, at=NOW)
    planned = training_services.plan_course(
        title="Lớp sau", body=bodies["education"], starts_on=dt.date(2026, 11, 2),
        ends_on=dt.date(2026, 11, 3), by=None, at=NOW,
    )  # fmt: skip
    survey = training_services.record_inspection(
        library=school, kind="survey", visited_on=dt.date(2026, 4, 15),
        by_library=province["provincial"], by=None, at=NOW,
    )  # fmt: skip
    services.link_activities(
        programme=programme, kind="course", object_ids=[course.pk, planned.pk], by=thu.user, at=NOW
    )
    services.link_activity(
        programme=programme, kind="inspection", object_id=survey.pk, by=thu.user, at=NOW
    )
    final = selectors.review_sheet(programme, ReviewKind.FINAL)
    assert (
        final.value(activities.COURSES_HELD),
        final.value(activities.PEOPLE_TRAINED),
        final.value(activities.INSPECTIONS),
    ) == (1, 2, 1)
