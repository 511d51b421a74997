"""Who sees which school's assessment: its own staff (and those covering it), and the
officers of the body it reports to. Anyone else gets a 404, as for a school that does not
exist."""

from __future__ import annotations

from libnet.network import access as network_access
from libnet.network import selectors as network_selectors
from libnet.network.access import User
from libnet.network.models import SCHOOL_KINDS, Library, ManagingBody
from libnet.planning.access import period_from
from libnet.planning.periods import Period, PeriodKind
from libnet.schools.errors import SchoolNotFound, SchoolPeriodRefused, SchoolPermissionDenied
from libnet.schools.models import LibraryPlan, SelfAssessment


def school_year_from(code: str) -> Period:
    """Return the school year named by `code` (2026-SY); refused for any other period."""
    period = period_from(code)
    if period.kind != PeriodKind.SCHOOL_YEAR:
        raise SchoolPeriodRefused("not_school_year")
    return period


def readable_school_ids(user: User) -> frozenset[int]:
    """Schools whose assessment `user` reads: where they work, and those reporting to their
    managing bodies."""
    return network_access.visible_library_ids(user) | network_access.reporting_library_ids(user)


def school_ids(user: User) -> frozenset[int]:
    """The school libraries where `user` works (or that they cover)."""
    visible = network_access.visible_library_ids(user)
    if not visible:
        return frozenset()
    kinds = network_selectors.kind_map()
    return frozenset(library_id for library_id in visible if kinds.get(library_id) in SCHOOL_KINDS)


def get_school_for_reading(user: User, code: str) -> Library:
    """Return the school library with `code` if `user` works there (or above it) or is an
    officer of the body it reports to; SchoolNotFound (404) otherwise."""
    library = Library.objects.filter(
        code=code, kind__in=list(SCHOOL_KINDS), pk__in=readable_school_ids(user)
    ).first()
    if library is None:
        raise SchoolNotFound("school_not_found")
    return library


def get_school_for_preparing(user: User, code: str) -> Library:
    """Return the school if `user` may enter its figures and send its self-assessment (the
    prepare_report permission there); 404 when they cannot see it, 403 without the role."""
    library = get_school_for_reading(user, code)
    if not network_access.can(user, "prepare_report", library):
        if library.pk not in network_access.visible_library_ids(user):
            raise SchoolNotFound("school_not_found")
        raise SchoolPermissionDenied("cannot_prepare", library=library.name)
    return library


def can_prepare(user: User, library: Library) -> bool:
    return network_access.can(user, "prepare_report", library)


def can_decide(user: User, assessment: SelfAssessment | None) -> bool:
    """Whether `user` is an officer of the body the self-assessment was sent to."""
    return assessment is not None and assessment.body_id in network_access.body_ids(user, "decide")


def get_assessment_for_decision(user: User, code: str, period: Period) -> SelfAssessment:
    """Return the school's self-assessment of `period` if it was sent to one of `user`'s
    bodies; SchoolNotFound (404) otherwise."""
    library = get_school_for_reading(user, code)
    found = (
        SelfAssessment.objects.filter(
            library=library,
            school_year=period.year,
            body_id__in=network_access.body_ids(user, "decide"),
        )
        .select_related("library", "body")
        .first()
    )
    if found is None:
        raise SchoolNotFound("assessment_not_found")
    return found


def get_body_for_dashboard(user: User, code: str) -> ManagingBody:
    """The managing body's dashboard, for its officers only (404 for another body)."""
    return network_access.get_body_for_staff(user, code, "view")


def get_school_for_registers(user: User, code: str, *, write: bool = False) -> Library:
    """The school's own registers (pupil helpers, classroom bookcases): its staff only — the
    bodies that read its reports see none of it (a 404). Writing takes the circulation or
    reporting role there (403 without it)."""
    library = Library.objects.filter(
        code=code, kind__in=list(SCHOOL_KINDS), pk__in=network_access.visible_library_ids(user)
    ).first()
    if library is None:
        raise SchoolNotFound("school_not_found")
    if write and not (
        network_access.can(user, "circulation", library)
        or network_access.can(user, "prepare_report", library)
    ):
        raise SchoolPermissionDenied("cannot_keep_registers", library=library.name)
    return library


def get_plan_for_decision(user: User, code: str, school_year: int) -> LibraryPlan:
    """The school's plan of the school year if it was sent to one of `user`'s bodies; 404
    otherwise."""
    library = get_school_for_reading(user, code)
    found = LibraryPlan.objects.filter(
        library=library,
        school_year=school_year,
        body_id__in=network_access.body_ids(user, "decide"),
    ).first()
    if found is None:
        raise SchoolNotFound("plan_not_found")
    return found


def can_decide_plan(user: User, plan: LibraryPlan | None) -> bool:
    return (
        plan is not None
        and plan.body_id is not None
        and plan.body_id in network_access.body_ids(user, "decide")
    )
