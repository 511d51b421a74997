"""Reads of training, for its pages and for the apps above (the cooperation programme links
courses and reports the people trained)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet

from libnet.network.models import Library, Membership
from libnet.training import policies
from libnet.training.models import (
    ChecklistItem,
    Course,
    CourseState,
    Finding,
    Inspection,
    Participant,
    Recommendation,
    Result,
    Session,
    StaffQualification,
)
from libnet.training.policies import StaffRequirement


def courses_in(
    *,
    library_ids: Collection[int],
    start: dt.date,
    end: dt.date,
    body_ids: Collection[int] = (),
) -> QuerySet[Course]:
    """The courses, not cancelled, held (wholly or partly) from `start` through `end` that the
    libraries `library_ids` or the bodies `body_ids` organised, or that people of those
    libraries took part in; earliest first."""
    return (
        Course.objects.filter(starts_on__lte=end, ends_on__gte=start)
        .exclude(state=CourseState.CANCELLED)
        .filter(
            Q(library_id__in=library_ids)
            | Q(body_id__in=body_ids)
            | Q(participants__library_id__in=library_ids)
        )
        .distinct()
        .select_related("library", "body")
        .order_by("starts_on", "pk")
    )


def people_trained(*, library_ids: Collection[int], start: dt.date, end: dt.date) -> int:
    """How many people of the libraries `library_ids` passed a course finished from `start`
    through `end` (its last day), whoever organised it."""
    return Participant.objects.filter(
        library_id__in=library_ids,
        result=Result.PASSED,
        course__state=CourseState.FINISHED,
        course__ends_on__range=(start, end),
    ).count()


def course_list(courses: QuerySet[Course]) -> QuerySet[Course]:
    """`courses` with how many take part and how many passed, for the list page."""
    return courses.select_related("library", "body").annotate(
        participant_count=Count("participants", distinct=True),
        passed_count=Count(
            "participants", filter=Q(participants__result=Result.PASSED), distinct=True
        ),
    )


@dataclass(frozen=True)
class AttendanceRow:
    participant: Participant
    present: tuple[bool, ...]  # one per session, in order

    @property
    def sessions_attended(self) -> int:
        return sum(self.present)


def attendance_sheet(course: Course) -> tuple[list[Session], list[AttendanceRow]]:
    """The course's sessions and, per participant, whether they came to each: two queries."""
    sessions = list(course.sessions.all())
    participants = list(course.participants.prefetch_related("attended"))
    rows = []
    for participant in participants:
        came = {session.pk for session in participant.attended.all()}
        rows.append(AttendanceRow(participant, tuple(s.pk in came for s in sessions)))
    return sessions, rows


def passed_participants(course: Course) -> list[Participant]:
    """Those who passed a finished course, by certificate number."""
    return list(
        course.participants.filter(result=Result.PASSED, certificate_number__isnull=False)
        .select_related("library")
        .order_by("certificate_number")
    )


@dataclass(frozen=True)
class QualificationShare:
    """The staff of a library and how many of them are qualified, against NĐ 93."""

    library: Library
    staff: int
    qualified: int
    requirement: StaffRequirement | None
    meets: bool | None

    @property
    def share_percent(self) -> int | None:
        return round(self.qualified * 100 / self.staff) if self.staff else None


def qualification_shares(library_ids: Collection[int]) -> list[QualificationShare]:
    """For each active library of `library_ids` that runs libnet, in Vietnamese order: its
    staff (people with a staff role there), how many hold a qualification that meets NĐ 93 for
    its kind, and whether the library meets the requirement. Three queries."""
    libraries = list(
        Library.objects.filter(pk__in=library_ids, is_active=True, runs_libnet=True).order_by(
            "sort_key", "code"
        )
    )
    staff: dict[int, set[int]] = {}
    for library_id, user_id in Membership.objects.filter(
        library_id__in=[library.pk for library in libraries],
        role__in=policies.STAFF_ROLES,
        user__is_active=True,
    ).values_list("library_id", "user_id"):
        staff.setdefault(library_id, set()).add(user_id)
    held: dict[int, list[tuple[str, bool]]] = {}
    for user_id, level, is_library_science in StaffQualification.objects.filter(
        user_id__in=set().union(*staff.values()) if staff else []
    ).values_list("user_id", "level", "is_library_science"):
        held.setdefault(user_id, []).append((level, is_library_science))
    shares = []
    for library in libraries:
        requirement = policies.STAFF_REQUIREMENTS.get(library.kind)
        people = staff.get(library.pk, set())
        qualified = (
            sum(
                1
                for person in people
                if any(
                    policies.qualifies(level, science, requirement)
                    for level, science in held.get(person, [])
                )
            )
            if requirement is not None
            else 0
        )
        shares.append(
            QualificationShare(
                library=library,
                staff=len(people),
                qualified=qualified,
                requirement=requirement,
                meets=policies.meets_requirement(
                    staff=len(people), qualified=qualified, requirement=requirement
                ),
            )
        )
    return shares


def staff_of(library: Library) -> list[tuple[Any, list[StaffQualification]]]:
    """The staff of `library` (people with a staff role there), by name, with their
    qualifications. Two queries."""
    people = list(
        get_user_model()
        .objects.filter(
            memberships__library=library,
            memberships__role__in=policies.STAFF_ROLES,
            is_active=True,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
    held: dict[int, list[StaffQualification]] = {}
    for qualification in StaffQualification.objects.filter(user__in=people):
        held.setdefault(qualification.user_id, []).append(qualification)
    return [(person, held.get(person.pk, [])) for person in people]


def inspections_of(
    *, library_ids: Collection[int], start: dt.date, end: dt.date
) -> QuerySet[Inspection]:
    """The surveys and inspections of the libraries `library_ids` visited from `start` through
    `end`, earliest first."""
    return (
        Inspection.objects.filter(library_id__in=library_ids, visited_on__range=(start, end))
        .select_related("library", "by_library", "body")
        .order_by("visited_on", "pk")
    )


def open_recommendations(*, library_ids: Collection[int]) -> QuerySet[Recommendation]:
    """The recommendations made to the libraries `library_ids` not closed yet, the earliest
    follow-up first."""
    return (
        Recommendation.objects.filter(
            inspection__library_id__in=library_ids, closed_on__isnull=True
        )
        .select_related("inspection", "inspection__library")
        .order_by("follow_up_on", "pk")
    )


@dataclass(frozen=True)
class SheetLine:
    item: ChecklistItem
    finding: Finding | None


def inspection_sheet(inspection: Inspection) -> list[SheetLine]:
    """Every item of the inspection's checklist, in order, with its finding if rated."""
    findings = {finding.item_id: finding for finding in inspection.findings.all()}
    return [SheetLine(item, findings.get(item.pk)) for item in inspection.checklist.items.all()]


def courses_by_ids(course_ids: Iterable[int]) -> QuerySet[Course]:
    """The courses `course_ids` with their organiser and how many passed (`passed`)."""
    return (
        Course.objects.filter(pk__in=list(course_ids))
        .select_related("library", "body")
        .annotate(passed=Count("participants", filter=Q(participants__result=Result.PASSED)))
    )


def inspections_by_ids(inspection_ids: Iterable[int]) -> QuerySet[Inspection]:
    """The surveys and inspections `inspection_ids`, with the library inspected."""
    return Inspection.objects.filter(pk__in=list(inspection_ids)).select_related(
        "library", "by_library", "body"
    )
