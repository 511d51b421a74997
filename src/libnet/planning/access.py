"""Scoped access to plans and reports.

Anyone with a role at a library (or above it, covering it) sees its plans and reports.
Writing takes a permission there (network/policies.py):

- `enter_figures` — the month's hand-counted figures: desk, cataloguing, reporting,
  principal, administrator (whoever did the work);
- `prepare_report` — adjust, comment, submit the library's own report: desk, reporting,
  principal, administrator (a commune clerk files the commune's monthly report);
- `reporting` — accept or return the reports sent to the library, set the targets of the
  libraries below it and propose its own: reporting, principal, administrator.

Another province's or another branch's report does not exist for you (404); a library you
see without the role is a 403 that says which role it takes.
"""

from __future__ import annotations

from libnet.core.errors import NotFound
from libnet.network import access as network_access
from libnet.network.access import User
from libnet.network.models import Library, ManagingBody
from libnet.planning.errors import GroupingRefused, PeriodRefused, PlanningPermissionDenied
from libnet.planning.models import PerformanceEvaluation, Report
from libnet.planning.periods import InvalidPeriod, Period, parse


def period_from(code: str) -> Period:
    """Return the period named by `code`; raises PeriodRefused("invalid_period")."""
    try:
        return parse(code)
    except InvalidPeriod:
        raise PeriodRefused("invalid_period", period=code) from None


def grouping_from(value: str | None) -> str | None:
    """Return how to split a roll-up ("admin_unit"), None for no split; raises
    GroupingRefused("unknown_grouping")."""
    value = (value or "").strip()
    if not value:
        return None
    if value not in ("admin_unit",):
        raise GroupingRefused("unknown_grouping", by=value)
    return value


def get_library_for_reports(user: User, code: str) -> Library:
    """Return the library with `code` if `user` sees it, or sees its reports as an officer
    of a managing body (network_access.reporting_library_ids); NotFound otherwise."""
    try:
        return network_access.get_library_for_staff(user, code, "view")
    except NotFound:
        seen = network_access.reporting_library_ids(user)
        library = Library.objects.filter(code=code, pk__in=seen).first() if seen else None
        if library is None:
            raise
        return library


def get_body_for_reports(user: User, code: str) -> ManagingBody:
    """Return the managing body with `code` if `user` is one of its officers; BodyNotFound
    (404) otherwise: another body's schools do not exist for you."""
    return network_access.get_body_for_staff(user, code, "view")


def get_library_for_reporting(user: User, code: str) -> Library:
    """Return the library if `user` may propose its plan (the reporting permission there).

    NotFound when the user does not see it at all; PermissionDenied when they see it
    without the role.
    """
    library = get_library_for_reports(user, code)
    if not network_access.can(user, "reporting", library):
        raise PlanningPermissionDenied("cannot_set_targets", library=library.name)
    return library


def can_prepare_report(user: User, library: Library) -> bool:
    return network_access.can(user, "prepare_report", library)


def can_enter_figures(user: User, library: Library) -> bool:
    return network_access.can(user, "enter_figures", library)


def get_library_to_prepare_report(user: User, code: str) -> Library:
    """Return the library if `user` may adjust, comment on and submit its report.

    NotFound when the user does not see it; PermissionDenied("cannot_prepare_report") when
    they see it without the role.
    """
    library = get_library_for_reports(user, code)
    if not can_prepare_report(user, library):
        raise PlanningPermissionDenied("cannot_prepare_report", library=library.name)
    return library


def get_library_to_enter_figures(user: User, code: str) -> Library:
    """Return the library if `user` may enter its hand-counted figures.

    NotFound when the user does not see it; PermissionDenied("cannot_enter_figures") when
    they see it without the role.
    """
    library = get_library_for_reports(user, code)
    if not can_enter_figures(user, library):
        raise PlanningPermissionDenied("cannot_enter_figures", library=library.name)
    return library


def get_report_for_decision(user: User, library: Library, period: Period) -> Report:
    """Return the report of `library` for `period` if `user` may accept or return it.

    `library` comes from get_library_for_reports. NotFound when no report was ever started;
    PermissionDenied when the user has no reporting role at the library it is sent to.
    """
    report = Report.objects.filter(library=library, period=period.code).first()
    if report is None:
        raise NotFound("not_found")
    if not can_decide(user, report):
        raise PlanningPermissionDenied("cannot_decide")
    return report


def can_decide(user: User, report: Report | None) -> bool:
    """Whether `user` accepts or returns `report`: a reporting officer of the library it is
    sent to, or an officer of the managing body it is sent to."""
    if report is None:
        return False
    if report.body_id is not None:
        return report.body_id in network_access.body_ids(user, "decide")
    return report.parent_id is not None and report.parent_id in network_access.visible_library_ids(
        user, "reporting"
    )


def can_approve_plan_of(user: User, library: Library, parent_id: int | None) -> bool:
    """Whether `user` sets `library`'s targets as the level above (approving them)."""
    return parent_id is not None and parent_id in network_access.visible_library_ids(
        user, "reporting"
    )


def can_evaluate(user: User, evaluation: PerformanceEvaluation | None) -> bool:
    """Whether `user` gives the result of (or returns) a self-assessment: an officer of the
    body it was sent to, or a reporting officer of the library it was sent to."""
    if evaluation is None:
        return False
    if evaluation.body_id is not None:
        return evaluation.body_id in network_access.body_ids(user, "decide")
    return evaluation.parent_id is not None and (
        evaluation.parent_id in network_access.visible_library_ids(user, "reporting")
    )
