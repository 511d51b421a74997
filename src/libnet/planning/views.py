"""Staff pages of plans and reports, under /staff/planning/.

Thin: parse → access getter → one service → render. Figures come from selectors.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from libnet.core import clock, validation
from libnet.core.errors import LibnetError, ValidationFailed
from libnet.digital import project_selectors as digital_selectors
from libnet.events import selectors as events_selectors
from libnet.network import access as network_access
from libnet.network import selectors as network_selectors
from libnet.network.models import Library
from libnet.planning import access, charts, documents, policies, selectors, services
from libnet.planning.errors import PlanningPermissionDenied, PlanRefused
from libnet.planning.models import PlanState, Report, ReportState
from libnet.planning.periods import Period, PeriodKind, label, month_of, month_period, parse

_THOUSANDS = re.compile(r"\d{1,3}(\.\d{3})+")


def _int(value: str | None, default: int, *, field: str) -> int:
    """The whole number typed in `field` ("20.000" is twenty thousand, as Vietnamese write
    it); `default` when empty; ValidationFailed naming the field otherwise."""
    value = (value or "").strip()
    if not value:
        return default
    if _THOUSANDS.fullmatch(value.lstrip("+-")):
        value = value.replace(".", "")
    try:
        return int(value)
    except ValueError:
        raise ValidationFailed(
            "invalid",
            detail=_("%(field)s must be a whole number, not “%(value)s”.")
            % {"field": field, "value": value[:40]},
        ) from None


def _year(request: HttpRequest) -> int:
    """The plan year of the page (?year=), this year by default; PlanRefused("invalid_year")
    for a year outside the ones libnet shows, with the years it does."""
    raw = (request.GET.get("year") or "").strip()
    years = selectors.plan_years(clock.today(), writable=False)
    if not raw:
        return clock.today().year
    if not (raw.isascii() and raw.isdigit()) or int(raw) not in years:
        raise PlanRefused("invalid_year", year=raw, first=years[0], last=years[-1])
    return int(raw)


def _default_period(today: dt.date) -> str:
    return month_of(today.replace(day=1) - dt.timedelta(days=1)).code


@login_required
@require_GET
def dashboard(request):
    """The network at a glance: progress of every library against its year's target, the
    chosen library's months, reports due and reports waiting for a decision."""
    today = clock.today()
    year = _year(request)
    visible = network_access.require_role(request.user, "view")
    indicators = selectors.indicators()
    codes = {indicator.code: indicator for indicator in indicators}
    indicator = codes.get(request.GET.get("indicator") or "loans") or indicators[0]
    roots = selectors.roots_of(visible, today)
    focus_code = request.GET.get("library")
    focus: Library | None
    if focus_code:
        focus = access.get_library_for_reports(request.user, focus_code)
    else:
        focus = next(iter(network_selectors.libraries_by_id(roots).values()), None)
    rows, share = selectors.network_progress(
        roots, year, indicator.code, today, visible=set(visible)
    )
    for row in rows:
        row.bar = mark_safe(charts.progress_bar(row.percent, share))  # type: ignore[attr-defined]  # our own SVG, values escaped
    chart = ""
    if focus is not None:
        monthly = selectors.monthly_rollup(
            focus, year, indicator.code, on=min(today, dt.date(year, 12, 31))
        )
        target = selectors.targets_for(focus, year).get(indicator.code)
        bars = [
            charts.MonthBar(
                label=f"{month:02d}",
                actual=monthly.get(dt.date(year, month, 1), 0),
                target=round(target / 12) if target else None,
            )
            for month in range(1, 13)
        ]
        chart = mark_safe(  # our own SVG, labels escaped
            charts.month_bars(
                bars,
                title=_("%(indicator)s month by month, %(library)s")
                % {"indicator": indicator.name, "library": focus.name},
                actual_label=_("Actual"),
                target_label=_("Target (1/12 of the year)"),
            )
        )
    reporting = network_access.visible_library_ids(request.user, "reporting")
    due, more_due = selectors.reports_due(
        network_access.visible_library_ids(request.user, "prepare_report"), today
    )
    return render(
        request,
        "planning/dashboard.html",
        {
            "year": year,
            "today": today,
            "indicator": indicator,
            "indicators": indicators,
            "rows": rows,
            "share_percent": round(share * 100),
            "focus": focus,
            "chart": chart,
            "due": due,
            "more_due": more_due,
            "awaiting": [
                (report, parse(report.period)) for report in selectors.reports_awaiting(reporting)
            ],
            "last_period": _default_period(today),
            # The links under the chart lead only to pages the user can use there.
            "can_enter_figures": focus is not None
            and access.can_enter_figures(request.user, focus),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan(request, code: str, year: int):
    """The year's targets of a library: set by the library above (approved at once) or
    proposed by the library and approved above."""
    library = access.get_library_for_reports(request.user, code)
    today = clock.today()
    shown = selectors.plan_years(today, writable=False)
    if year not in shown:
        raise PlanRefused("invalid_year", year=year, first=shown[0], last=shown[-1])
    parent_id = network_selectors.parents_on(dt.date(year, 1, 1)).get(library.pk)
    as_parent = access.can_approve_plan_of(request.user, library, parent_id)
    may_edit = as_parent or network_access.can(request.user, "reporting", library)
    # A plan of a year long gone is shown, not changed (the service refuses it too).
    can_edit = may_edit and year in selectors.plan_years(today, writable=True)
    plan_row = selectors.plan_for(library, year)
    indicators = selectors.indicators()
    status = 200
    error = None
    if request.method == "POST":
        if not may_edit:
            access.get_library_for_reporting(request.user, code)
        if request.POST.get("action") == "approve":
            if not as_parent:
                raise PlanningPermissionDenied("cannot_approve", library=library.name)
            try:
                if plan_row is None:
                    raise PlanRefused("no_plan", library=library.name, year=year)
                services.approve_plan(plan=plan_row, by=request.user)
            except LibnetError as refusal:
                error, status = refusal.message, refusal.status
            else:
                messages.success(request, _("Plan approved."))
                return redirect("planning:plan", code=library.code, year=year)
        else:
            targets: dict[str, int] = {}
            for indicator in indicators:
                raw = (request.POST.get(f"target_{indicator.code}") or "").strip()
                if raw:
                    # "20.000" is twenty thousand, as Vietnamese write it; "1.5" is a mistake.
                    if _THOUSANDS.fullmatch(raw):
                        raw = raw.replace(".", "")
                    try:
                        targets[indicator.code] = int(raw)
                    except ValueError:
                        error, status = (
                            _("Target for %(indicator)s: a whole number, not “%(value)s”.")
                            % {"indicator": indicator.name, "value": raw[:40]},
                            400,
                        )
            if error is None:
                try:
                    services.set_targets(
                        library=library,
                        year=year,
                        targets=targets,
                        by=request.user,
                        approve=as_parent,
                    )
                except LibnetError as refusal:
                    error, status = refusal.message, refusal.status
                else:
                    messages.success(request, _("Targets saved."))
                    return redirect("planning:plan", code=library.code, year=year)
    targets_now = selectors.targets_for(library, year)
    return render(
        request,
        "planning/plan.html",
        {
            "library": library,
            "year": year,
            "plan": plan_row,
            "rows": [(indicator, targets_now.get(indicator.code)) for indicator in indicators],
            "can_edit": can_edit,
            "may_edit": may_edit,
            "can_approve": as_parent
            and plan_row is not None
            and plan_row.state == PlanState.PROPOSED,
            "error": error,
        },
        status=status,
    )


def _report_context(request: HttpRequest, library: Library, period_code: str) -> dict[str, object]:
    period = access.period_from(period_code)
    sheet = selectors.report_sheet(library, period)
    events_since = events_selectors.counting_since(library.pk)
    return {
        # Event figures are the library's events' once it records them, not typed by hand.
        "from_events": events_selectors.EVENT_INDICATORS
        if events_since is not None and period.start >= events_since
        else (),
        "library": library,
        "period": period,
        "period_text": label(period, dates=True),
        "sheet": sheet,
        "comments": list(sheet.report.comments.select_related("written_by"))
        if sheet.report
        else [],
        "can_prepare": access.can_prepare_report(request.user, library) and library.runs_libnet,
        "can_decide": access.can_decide(request.user, sheet.report),
        # An officer of the school's body goes back to the body's page, not the dashboard.
        "back_body": sheet.body
        if sheet.body is not None and sheet.body.pk in network_access.body_ids(request.user)
        else None,
        "is_editable": sheet.state in policies.EDITABLE_STATES,
        "computed_indicators": [
            row.indicator for row in sheet.rows if row.indicator.derivation == "computed"
        ],
        "today": clock.today(),
        "overdue_states": ("missing", ReportState.DRAFT, ReportState.RETURNED),
    }


def _unit_context(library: Library, period: Period) -> dict[str, object]:
    """The live roll-up of `library` split by the administrative units of the period."""
    groups = selectors.figures_by_admin_unit(library, period, rollup=True)
    totals = policies.add_figures(*(group.figures for group in groups))  # = the roll-up
    return {
        "by": "admin_unit",
        "unit_groups": groups,
        "unit_rows": [
            (
                indicator,
                [group.value(indicator.code) for group in groups],
                totals.get(indicator.code, 0),
            )
            for indicator in selectors.indicators()
        ],
    }


@login_required
@require_GET
def report(request, code: str, period: str):
    """A library's report for a period: figures, adjustments, comments, its children's
    reports, and the actions its state allows; with ?by=admin_unit, the live roll-up split by
    the administrative units of the period's last day."""
    library = access.get_library_for_reports(request.user, code)
    by = access.grouping_from(request.GET.get("by"))
    context = _report_context(request, library, period)
    if by == "admin_unit":
        context.update(_unit_context(library, access.period_from(period)))
    return render(request, "planning/report.html", context)


def _act(request: HttpRequest, code: str, period_code: str, action) -> HttpResponse:
    library = access.get_library_for_reports(request.user, code)
    period = access.period_from(period_code)
    try:
        message = action(library, period)
    except LibnetError as refusal:
        if refusal.status in (403, 404):
            raise
        context = _report_context(request, library, period_code)
        context["error"] = refusal.message
        return render(request, "planning/report.html", context, status=refusal.status)
    messages.success(request, message)
    return redirect("planning:report", code=library.code, period=period.code)


@login_required
@require_POST
def report_adjust(request, code: str, period: str):
    def adjust(library, period_):
        access.get_library_to_prepare_report(request.user, library.code)
        services.adjust_report(
            library=library,
            period=period_,
            indicator_code=request.POST.get("indicator", ""),
            delta=_int(request.POST.get("delta"), 0, field=_("Change (+ or −)")),
            reason=request.POST.get("reason", ""),
            by=request.user,
        )
        return _("Adjustment recorded.")

    return _act(request, code, period, adjust)


@login_required
@require_POST
def report_comment(request, code: str, period: str):
    def comment(library, period_):
        report_row = Report.objects.filter(library=library, period=period_.code).first()
        if not access.can_decide(request.user, report_row):
            access.get_library_to_prepare_report(request.user, library.code)
        services.comment_report(
            library=library,
            period=period_,
            comment=request.POST.get("comment", ""),
            by=request.user,
        )
        return _("Comment added.")

    return _act(request, code, period, comment)


@login_required
@require_POST
def report_submit(request, code: str, period: str):
    def submit(library, period_):
        access.get_library_to_prepare_report(request.user, library.code)
        services.submit_report(library=library, period=period_, by=request.user)
        return _("Report submitted.")

    return _act(request, code, period, submit)


@login_required
@require_POST
def report_accept(request, code: str, period: str):
    def accept(library, period_):
        report_row = access.get_report_for_decision(request.user, library, period_)
        services.accept_report(report=report_row, by=request.user)
        return _("Report accepted.")

    return _act(request, code, period, accept)


@login_required
@require_POST
def report_return(request, code: str, period: str):
    def send_back(library, period_):
        report_row = access.get_report_for_decision(request.user, library, period_)
        services.return_report(
            report=report_row, reason=request.POST.get("reason", ""), by=request.user
        )
        return _("Report returned to the library.")

    return _act(request, code, period, send_back)


def _download(request: HttpRequest, code: str, period_code: str, kind: str) -> HttpResponse:
    library = access.get_library_for_reports(request.user, code)
    sheet = selectors.report_sheet(library, access.period_from(period_code))
    name = f"bao-cao-{library.code}-{sheet.period.code}"
    if kind == "xlsx":
        response = HttpResponse(
            documents.report_xlsx(sheet),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(documents.report_pdf(sheet), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


@login_required
@require_GET
def report_xlsx(request, code: str, period: str):
    return _download(request, code, period, "xlsx")


@login_required
@require_GET
def report_pdf(request, code: str, period: str):
    return _download(request, code, period, "pdf")


def _indicators_to_enter(months: list[Any], events_since: dt.date | None) -> list[Any]:
    """The indicators the form offers: once the library records its events, their figures
    are computed and come last (for the months before), or go when no month offered is before."""
    indicators = selectors.manual_indicators()
    if events_since is None:
        return indicators
    typed = [i for i in indicators if i.code not in events_selectors.EVENT_INDICATORS]
    if months and months[0].start >= events_since:
        return typed
    return typed + [i for i in indicators if i.code in events_selectors.EVENT_INDICATORS]


def _counted_from_projects(code: str, months: list[Any], library: Library) -> bool:
    """Pages digitised are counted from the library's digitisation projects from the month
    its first one starts: not offered when every month offered is from then on."""
    if code != digital_selectors.PAGES_DIGITISED or not months:
        return False
    since = digital_selectors.counting_since(library.pk)
    return since is not None and months[0].start >= since


@login_required
@require_http_methods(["GET", "POST"])
def figures(request, code: str):
    """Figures entered by hand each month (talks, events, pages digitised), with a note."""
    library = access.get_library_for_reports(request.user, code)
    year = _year(request)
    status = 200
    error = None
    if request.method == "POST":
        access.get_library_to_enter_figures(request.user, code)
        try:
            month = parse(request.POST.get("month", ""))
            if month.kind != PeriodKind.MONTH:
                raise ValueError("a month is needed")
            services.enter_manual_figure(
                library=library,
                indicator_code=request.POST.get("indicator", ""),
                month=month.start,
                value=_int(request.POST.get("value"), -1, field=_("Value")),
                note=request.POST.get("note", ""),
                by=request.user,
            )
        except LibnetError as refusal:
            error, status = refusal.message, refusal.status
        except ValueError:
            error, status = _("Choose a month."), 400
        else:
            messages.success(request, _("Figure saved."))
            return redirect(f"{reverse('planning:figures', args=[library.code])}?year={year}")
    today = clock.today()
    earliest, _latest = validation.date_window("operational", today=today)
    months = [
        month_period(year, month)
        for month in range(1, 13)
        if earliest.replace(day=1) <= dt.date(year, month, 1) <= today
    ]
    events_since = events_selectors.counting_since(library.pk)
    return render(
        request,
        "planning/figures.html",
        {
            "library": library,
            "year": year,
            "figures": selectors.manual_figures(library, year),
            "indicators": [
                indicator
                for indicator in _indicators_to_enter(months, events_since)
                if not _counted_from_projects(indicator.code, months, library)
            ],
            "months": months,
            "can_enter": access.can_enter_figures(request.user, library),
            "events_since": events_since,
            "error": error,
        },
        status=status,
    )


@login_required
@require_GET
def bodies(request):
    """The managing bodies the user works for, each with the reports waiting for a decision."""
    body_ids = network_access.require_body(request.user)
    found = list(network_access.bodies_by_ids(body_ids))
    awaiting = selectors.reports_awaiting_bodies(body_ids)
    return render(
        request,
        "planning/bodies.html",
        {
            "bodies": found,
            "awaiting": [(report, parse(report.period)) for report in awaiting],
            "last_period": _default_period(clock.today()),
        },
    )


@login_required
@require_GET
def body(request, code: str):
    """A managing body's page for a period (?period=, last month by default): the reports of
    the schools reporting to it, who has not sent theirs by the deadline, and the accepted
    reports added up."""
    found = access.get_body_for_reports(request.user, code)
    period = access.period_from(request.GET.get("period") or _default_period(clock.today()))
    sheet = selectors.body_sheet(found, period)
    today = clock.today()
    return render(
        request,
        "planning/body.html",
        {
            "body": found,
            "period": period,
            "period_text": label(period, dates=True),
            "sheet": sheet,
            "overdue": sheet.overdue(today),
            "today": today,
        },
    )
