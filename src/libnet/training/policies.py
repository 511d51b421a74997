"""Pure rules of training: a course's lifecycle as data, and what may be done in each state."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from libnet.training.models import CourseState, Result

# A course is planned (participants join, attendance and results are recorded), then finished
# (results closed, certificates numbered, the course counted) or cancelled. A finished course
# does not reopen: its certificates are out.
COURSE_TRANSITIONS: dict[tuple[str, str], str] = {
    (CourseState.PLANNED, "finish"): CourseState.FINISHED,
    (CourseState.PLANNED, "cancel"): CourseState.CANCELLED,
}

# What may be changed while the course is in a state: everything only while it is planned.
EDITABLE_STATES = frozenset({CourseState.PLANNED})


def next_course_state(state: str, action: str) -> str | None:
    """The state `action` takes a course in `state` to; None when it is not allowed."""
    return COURSE_TRANSITIONS.get((state, action))


def finish_refusal(results: list[str]) -> tuple[str, int] | None:
    """Why a course with these participants' results cannot finish: ("results_pending", how
    many) while a result is undecided; None when it can."""
    pending = sum(1 for result in results if result == Result.PENDING)
    return ("results_pending", pending) if pending else None


def certificate_numbers(names_in_order: list[int], *, first: int = 1) -> dict[int, int]:
    """Number the certificates of the passed participants (ids, in name order) from `first`."""
    return {participant_id: first + index for index, participant_id in enumerate(names_in_order)}


# The verbs a refusal names ("A course that is finished cannot be changed.").
ACTION_LABELS = {
    "change": pgettext_lazy("training action", "changed"),
    "finish": pgettext_lazy("training action", "finished"),
    "cancel": pgettext_lazy("training action", "cancelled"),
}
