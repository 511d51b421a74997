"""The figures training gives, defined here once: `training_courses` (courses finished) and
`people_trained` (their participants who passed). A course counts on its last day for its
organising library only; a course a managing body organises is in no library's figures (the
body's courses are read with `selectors.courses_in`).

`count_course` is called by the service that finishes a course, in its transaction; `SOURCES`
count the same again from the training tables for `libnet rebuild_stats`.
"""

from __future__ import annotations

from libnet.stats import services as stats
from libnet.stats.sources import per_day
from libnet.training.models import Course, CourseState, Participant, Result

TRAINING_COURSES = "training_courses"
PEOPLE_TRAINED = "people_trained"
INDICATORS = (TRAINING_COURSES, PEOPLE_TRAINED)


def count_course(course: Course, *, passed: int) -> None:
    """Add a finished course and its `passed` participants to its library's figures."""
    if course.library_id is None:
        return
    stats.bump(library_id=course.library_id, indicator=TRAINING_COURSES, day=course.ends_on)
    if passed:
        stats.bump(
            library_id=course.library_id, indicator=PEOPLE_TRAINED, day=course.ends_on, by=passed
        )


def count_courses(courses: list[tuple[Course, int]]) -> None:
    """Count finished courses (each with its number passed) at once: the demo."""
    stats.bump_many(
        (course.library_id, indicator, course.ends_on, value)
        for course, passed in courses
        if course.library_id is not None
        for indicator, value in ((TRAINING_COURSES, 1), (PEOPLE_TRAINED, passed))
        if value
    )


SOURCES = (
    per_day(
        "training.courses",
        TRAINING_COURSES,
        lambda: Course.objects.filter(state=CourseState.FINISHED, library__isnull=False),
        library="library_id",
        day="ends_on",
    ),
    per_day(
        "training.people_trained",
        PEOPLE_TRAINED,
        lambda: Participant.objects.filter(
            course__state=CourseState.FINISHED,
            course__library__isnull=False,
            result=Result.PASSED,
        ),
        library="course__library_id",
        day="course__ends_on",
    ),
)
