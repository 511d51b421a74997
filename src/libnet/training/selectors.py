"""Reads of training, for its pages and for the apps above (the cooperation programme links
courses and reports the people trained)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from libnet.training.models import Course, CourseState, Participant, Result, Session


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
