"""JSON endpoints of plans and reports.

`GET /api/v1/reports?library=&period=` answers the library's report, every column as its
page shows it (`"basis": "report"`); with `rollup=true`, the figures as they stand of the
library and every library below (`"basis": "live"`, the dashboard's), and `&by=admin_unit`
splits those by administrative unit. The shape is that of `libnet report --format json`. A
report's life cycle is driven by `POST /api/v1/reports/{library}/{period}/submit|accept|
return`. Another province's or another branch's library is a 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from libnet.core import clock
from libnet.core.api_auth import STAFF_AUTH
from libnet.core.api_errors import refusals
from libnet.core.errors import NotFound
from libnet.core.schemas import Code, Identifier, InputSchema, IntRange, TextRules
from libnet.network import selectors as network_selectors
from libnet.planning import access, selectors, services
from libnet.planning.errors import (
    GroupingRefused,
    PeriodRefused,
    PlanningPermissionDenied,
    PlanRefused,
    ReportRefused,
)
from libnet.planning.models import Indicator, Report

# Plans are set for these years (planning.services refuses others with a reason).
Year = Annotated[int, IntRange(2000, 2100)]
IndicatorCode = Annotated[str, TextRules.column(Indicator, "code")]
Target = Annotated[int, IntRange(0, services.MAX_FIGURE)]
# A period as written in the API: 2026-10, 2026-Q3, 2026-H1, 2026, 2026-EY, 2026-SY.
Period = Annotated[str, TextRules(max_length=16)]

router = Router(tags=["planning"], auth=STAFF_AUTH)


class IndicatorFigure(Schema):
    computed: int
    adjustment: int
    value: int
    cumulative: int | None
    target: int | None
    percent: float | None
    since_sent: int


class ChildOut(Schema):
    library: str
    state: str
    included: bool


class AdjustmentOut(Schema):
    indicator: str
    delta: int
    reason: str


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
    period_label: str
    basis: str
    rollup: bool
    state: str | None
    sent_to: str | None
    admin_unit: AdminUnitOut | None
    indicators: dict[str, IndicatorFigure]
    children: list[ChildOut]
    adjustments: list[AdjustmentOut]
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
        sent_to=report.parent.code if report.parent else report.body.code if report.body else None,
        figures={code: int(value) for code, value in report.figures.items()},
        return_reason=report.return_reason,
    )


@router.get(
    "/reports", response={200: FiguresOut, **refusals(NotFound, PeriodRefused, GroupingRefused)}
)
def get_report_figures(
    request: HttpRequest, library: Identifier, period: Period, rollup: bool = False, by: Code = ""
) -> dict[str, Any]:
    """Return a library's report for a period (the numbers of its page); with `rollup=true`
    the live figures of the library and every library below; with `by=admin_unit`, the live
    figures split by the administrative units of the period's last day."""
    found = access.get_library_for_reports(request.user, library.strip())
    found_period = access.period_from(period)
    grouping = access.grouping_from(by)
    if not rollup and grouping is None:
        return selectors.report_object(found, found_period)
    return selectors.figures_object(found, found_period, rollup=rollup, by=grouping)


@router.post(
    "/plans", response={201: PlanOut, **refusals(NotFound, PlanningPermissionDenied, PlanRefused)}
)
def set_plan(request: HttpRequest, data: PlanIn) -> Status[PlanOut]:
    """Set a library's targets for a year: approved when set by the library above, proposed
    when the library sets its own."""
    library = access.get_library_for_reports(request.user, data.library.strip())
    years = selectors.plan_years(clock.today(), writable=True)
    if data.year not in years:
        raise PlanRefused("invalid_year", year=data.year, first=years[0], last=years[-1])
    parent_id = network_selectors.parents_on(dt.date(data.year, 1, 1)).get(library.pk)
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


@router.post(
    "/reports/{library}/{period}/submit",
    response={
        200: ReportOut,
        **refusals(NotFound, PlanningPermissionDenied, PeriodRefused, ReportRefused),
    },
)
def submit_report(request: HttpRequest, library: Identifier, period: Period) -> ReportOut:
    found = access.get_library_to_prepare_report(request.user, library)
    report = services.submit_report(
        library=found, period=access.period_from(period), by=request.user
    )
    return _report_out(report)


@router.post(
    "/reports/{library}/{period}/accept",
    response={
        200: ReportOut,
        **refusals(NotFound, PlanningPermissionDenied, PeriodRefused, ReportRefused),
    },
)
def accept_report(request: HttpRequest, library: Identifier, period: Period) -> ReportOut:
    found = access.get_library_for_reports(request.user, library)
    report = access.get_report_for_decision(request.user, found, access.period_from(period))
    return _report_out(services.accept_report(report=report, by=request.user))


@router.post(
    "/reports/{library}/{period}/return",
    response={
        200: ReportOut,
        **refusals(NotFound, PlanningPermissionDenied, PeriodRefused, ReportRefused),
    },
)
def return_report(
    request: HttpRequest, library: Identifier, period: Period, data: ReturnIn
) -> ReportOut:
    found = access.get_library_for_reports(request.user, library)
    report = access.get_report_for_decision(request.user, found, access.period_from(period))
    return _report_out(services.return_report(report=report, reason=data.reason, by=request.user))


class BodyReportOut(Schema):
    library: str
    state: str
    due_on: dt.date
    submitted_at: dt.datetime | None
    overdue: bool


class BodyReportsOut(Schema):
    body: str
    period: str
    due_on: dt.date
    basis: str
    reports: list[BodyReportOut]
    totals: dict[str, int]


@router.get(
    "/bodies/{body}/reports",
    response={200: BodyReportsOut, **refusals(NotFound, PeriodRefused)},
)
def get_body_reports(request: HttpRequest, body: Identifier, period: Period) -> BodyReportsOut:
    """Return the reports a managing body receives for a period (each school's state and
    whether it is late) and the accepted ones added up (`basis` "accepted"; for the Sở
    VHTTDL, "provincial": the provincial library's report). Another body is a 404."""
    found = access.get_body_for_reports(request.user, body)
    sheet = selectors.body_sheet(found, access.period_from(period))
    today = clock.today()
    return BodyReportsOut(
        body=found.code,
        period=sheet.period.code,
        due_on=sheet.due_on,
        basis=sheet.basis,
        reports=[
            BodyReportOut(
                library=row.library.code,
                state=row.state,
                due_on=row.due_on,
                submitted_at=row.report.submitted_at if row.report else None,
                overdue=row.is_overdue(today),
            )
            for row in sheet.rows
        ],
        totals={indicator.code: value for indicator, value in sheet.totals},
    )
