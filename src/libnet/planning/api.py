"""JSON endpoints of plans and reports.

`GET /api/v1/reports?library=&period=&rollup=` answers the figures as they stand, the shape
of `libnet report --format json` (`&by=admin_unit` adds them split by administrative unit); a report's life cycle is driven by
`POST /api/v1/reports/{library}/{period}/submit|accept|return`. Another province's or a
sibling's library is a 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from libnet.api.auth import STAFF_AUTH
from libnet.core.schemas import Code, Identifier, InputSchema, IntRange, TextRules
from libnet.planning import access, selectors, services
from libnet.planning.errors import PlanRefused
from libnet.planning.models import Indicator, Report

# Plans are set for these years (planning.services refuses others with a reason).
Year = Annotated[int, IntRange(2000, 2100)]
IndicatorCode = Annotated[str, TextRules.column(Indicator, "code")]
Target = Annotated[int, IntRange(0, services.MAX_FIGURE)]
# A period as written in the API: 2026-10, 2026-Q3, 2026, 2026-EY, 2026-SY.
Period = Annotated[str, TextRules(max_length=16)]

router = Router(tags=["planning"], auth=STAFF_AUTH)


class IndicatorFigure(Schema):
    value: int
    target: int | None


class AdminUnitOut(Schema):
    code: str
    name: str


class UnitGroupOut(Schema):
    admin_unit: AdminUnitOut | None
    libraries: int
    indicators: dict[str, int]


class FiguresOut(Schema):
    library: str
    period: str
    rollup: bool
    admin_unit: AdminUnitOut | None
    indicators: dict[str, IndicatorFigure]
    by: str | None = None
    groups: list[UnitGroupOut] | None = None


class PlanIn(InputSchema):
    library: Identifier
    year: Year
    # At least one target: a plan without any is a mistake, not a plan.
    targets: Annotated[dict[IndicatorCode, Target], Field(min_length=1, max_length=200)]


class PlanOut(Schema):
    library: str
    year: int
    state: str
    targets: dict[str, int]


class ReturnIn(InputSchema):
    reason: Annotated[str, TextRules.column(Report, "return_reason", multiline=True)]


class ReportOut(Schema):
    library: str
    period: str
    state: str
    sent_to: str | None
    figures: dict[str, int]
    return_reason: str


def _report_out(report: Report) -> ReportOut:
    return ReportOut(
        library=report.library.code,
        period=report.period,
        state=report.state,
        sent_to=report.parent.code if report.parent else None,
        figures={code: int(value) for code, value in report.figures.items()},
        return_reason=report.return_reason,
    )


@router.get("/reports", response=FiguresOut)
def get_report_figures(
    request: HttpRequest, library: Identifier, period: Period, rollup: bool = False, by: Code = ""
) -> dict[str, Any]:
    """Return a library's figures for a period against its year's targets; with
    `by=admin_unit`, also split by the administrative units of the period's last day."""
    found = access.get_library_for_reports(request.user, library.strip())
    return selectors.figures_object(
        found, access.period_from(period), rollup=rollup, by=access.grouping_from(by)
    )


@router.post("/plans", response={201: PlanOut})
def set_plan(request: HttpRequest, data: PlanIn) -> Status[PlanOut]:
    """Set a library's targets for a year: approved when set by the library above, proposed
    when the library sets its own."""
    library = access.get_library_for_reports(request.user, data.library.strip())
    if not 2000 <= data.year <= 2100:
        raise PlanRefused("invalid_year", year=data.year)
    parent_id = selectors.parents_on(dt.date(data.year, 1, 1)).get(library.pk)
    as_parent = access.can_approve_plan_of(request.user, library, parent_id)
    if not as_parent:
        access.get_library_for_reporting(request.user, library.code)
    plan = services.set_targets(
        library=library, year=data.year, targets=data.targets, by=request.user, approve=as_parent
    )
    return Status(
        201,
        PlanOut(
            library=library.code,
            year=plan.year,
            state=plan.state,
            targets=selectors.targets_for(library, plan.year),
        ),
    )


@router.post("/reports/{library}/{period}/submit", response=ReportOut)
def submit_report(request: HttpRequest, library: Identifier, period: Period) -> ReportOut:
    found = access.get_library_for_reporting(request.user, library)
    report = services.submit_report(
        library=found, period=access.period_from(period), by=request.user
    )
    return _report_out(report)


@router.post("/reports/{library}/{period}/accept", response=ReportOut)
def accept_report(request: HttpRequest, library: Identifier, period: Period) -> ReportOut:
    found = access.get_library_for_reports(request.user, library)
    report = access.get_report_for_decision(request.user, found, access.period_from(period))
    return _report_out(services.accept_report(report=report, by=request.user))


@router.post("/reports/{library}/{period}/return", response=ReportOut)
def return_report(
    request: HttpRequest, library: Identifier, period: Period, data: ReturnIn
) -> ReportOut:
    found = access.get_library_for_reports(request.user, library)
    report = access.get_report_for_decision(request.user, found, access.period_from(period))
    return _report_out(services.return_report(report=report, reason=data.reason, by=request.user))
