"""Scoped access to plans and reports.

Anyone with a role at a library (or above it, covering it) sees its plans and reports; to
change them takes the "reporting" permission there; to accept or return a report takes it at
the library the report is sent to. Another province's or a sibling's report does not exist
for you (404).
"""

from __future__ import annotations

from libnet.core.errors import NotFound, PermissionDenied
from libnet.network import access as network_access
from libnet.network.access import User
from libnet.network.models import Library
from libnet.planning.errors import GroupingRefused, PeriodRefused
from libnet.planning.models import Report
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
    """Return the library with `code` if `user` sees it; NotFound otherwise."""
    return network_access.get_library_for_staff(user, code, "view")


def get_library_for_reporting(user: User, code: str) -> Library:
    """Return the library if `user` may prepare its plan and reports.

    NotFound when the user does not see it at all; PermissionDenied when they see it
    without the reporting role.
    """
    library = get_library_for_reports(user, code)
    if not network_access.can(user, "reporting", library):
        raise PermissionDenied("forbidden")
    return library


def get_report_for_decision(user: User, library: Library, period: Period) -> Report:
    """Return the report of `library` for `period` if `user` may accept or return it.

    `library` comes from get_library_for_reports. NotFound when no report was ever started;
    PermissionDenied when the user has no reporting role at the library it is sent to.
    """
    report = Report.objects.filter(library=library, period=period.code).first()
    if report is None:
        raise NotFound("not_found")
    if report.parent_id is None or report.parent_id not in network_access.visible_library_ids(
        user, "reporting"
    ):
        raise PermissionDenied("forbidden")
    return report


def can_decide(user: User, report: Report | None) -> bool:
    return bool(
        report
        and report.parent_id is not None
        and report.parent_id in network_access.visible_library_ids(user, "reporting")
    )


def can_approve_plan_of(user: User, library: Library, parent_id: int | None) -> bool:
    """Whether `user` sets `library`'s targets as the level above (approving them)."""
    return parent_id is not None and parent_id in network_access.visible_library_ids(
        user, "reporting"
    )
