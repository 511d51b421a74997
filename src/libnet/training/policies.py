"""Pure rules of training: a course's lifecycle as data, and what may be done in each state."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import pgettext_lazy

from libnet.network.models import LibraryKind
from libnet.training.models import CourseState, DegreeLevel, Result

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


# Roles that make someone a library's staff for the NĐ 93 share: pupils helping as
# collaborators and read-only viewers are not its staff.
STAFF_ROLES = frozenset({"admin", "cataloguer", "circulation", "reporting", "principal"})

DEGREE_RANK = {level: rank for rank, level in enumerate(DegreeLevel.values)}


@dataclass(frozen=True)
class StaffRequirement:
    """What NĐ 93 asks of a kind of library's staff: the lowest degree in library science that
    qualifies (a library certificate always does), and either a share of the staff (per cent)
    or a number of people who must be qualified."""

    article: str
    lowest_degree: str
    share_percent: int | None = None
    people: int = 1


# NĐ 93/2020 Art. 11–21 (DOMAIN.md §2.3, §1.3). Art. 11: ≥ 70 % of a provincial library's
# staff hold a college degree or higher in library science, or a library certificate. Art. 12,
# 13, 17, 20 name the qualification of the staff without a share: read as "at least one
# qualified person". Art. 20 (community libraries) is in conflict between sources (DOMAIN.md
# §2.3): intermediate or a certificate is used here, unchecked against the official text.
STAFF_REQUIREMENTS: dict[str, StaffRequirement] = {
    LibraryKind.PROVINCIAL: StaffRequirement("NĐ 93 Art. 11", DegreeLevel.COLLEGE, 70),
    LibraryKind.BRANCH: StaffRequirement("NĐ 93 Art. 12", DegreeLevel.COLLEGE),
    LibraryKind.COMMUNE: StaffRequirement("NĐ 93 Art. 13", DegreeLevel.INTERMEDIATE),
    LibraryKind.COMMUNITY_BOOKCASE: StaffRequirement("NĐ 93 Art. 20", DegreeLevel.INTERMEDIATE),
    **{
        kind: StaffRequirement("NĐ 93 Art. 17", DegreeLevel.INTERMEDIATE)
        for kind in (
            LibraryKind.SCHOOL_PRIMARY,
            LibraryKind.SCHOOL_LOWER_SECONDARY,
            LibraryKind.SCHOOL_UPPER_SECONDARY,
            LibraryKind.SCHOOL_MULTI,
        )
    },
}


def qualifies(level: str, is_library_science: bool, requirement: StaffRequirement) -> bool:
    """Whether one qualification meets `requirement`: a library certificate, or a degree in
    library science at its lowest degree or above."""
    if level == DegreeLevel.CERTIFICATE:
        return True
    return is_library_science and DEGREE_RANK[level] >= DEGREE_RANK[requirement.lowest_degree]


def meets_requirement(
    *, staff: int, qualified: int, requirement: StaffRequirement | None
) -> bool | None:
    """Whether a library with `staff` people, `qualified` of them qualified, meets its
    requirement; None when the law sets none for its kind or it has no staff in libnet."""
    if requirement is None or staff == 0:
        return None
    if requirement.share_percent is not None:
        return qualified * 100 >= requirement.share_percent * staff
    return qualified >= requirement.people
