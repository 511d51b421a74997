"""Writes of the planning app: targets, hand-entered figures, reports and their life cycle.

Every write is one transaction and leaves an audit entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from libnet.core import audit, clock, text, validation
from libnet.core.audit import Actor
from libnet.digital import project_selectors as digital_selectors
from libnet.events import selectors as events_selectors
from libnet.network import selectors as network_selectors
from libnet.network.models import Library
from libnet.planning import policies, selectors, stats_sources
from libnet.planning.errors import FigureRefused, PlanRefused, ReportRefused
from libnet.planning.models import (
    AnnualPlan,
    Derivation,
    Indicator,
    ManualFigure,
    PlanState,
    PlanTarget,
    Report,
    ReportAdjustment,
    ReportComment,
    ReportState,
)
from libnet.planning.periods import Period

# The largest figure, target or adjustment libnet takes (a province counts in millions);
# beyond it a typing slip would overflow the database column.
MAX_FIGURE = 10**12
# Reasons and notes are stored in 500 characters; a comment is a text, kept to what the
# page's field allows.
MAX_TEXT = 500
MAX_COMMENT = 2000


def _user(by: Actor) -> Any:
    return by if by is not None and getattr(by, "is_authenticated", False) else None


def _indicator(code: str) -> Indicator:
    indicator = Indicator.objects.filter(code=code).first()
    if indicator is None:
        raise PlanRefused("unknown_indicator", code=code)
    return indicator


# --- plans --------------------------------------------------------------------------------


@transaction.atomic
def set_targets(
    *,
    library: Library,
    year: int,
    targets: Mapping[str, int],
    by: Actor,
    approve: bool,
    at: dt.datetime | None = None,
) -> AnnualPlan:
    """Set the year's targets of `library` (indicator code → value) and return the plan.

    `approve` is True when the library above sets them (the plan is approved at once);
    a library proposing its own targets leaves the plan proposed, and any change to an
    approved plan by the library itself makes it proposed again. Raises PlanRefused.
    """
    at = at or clock.now()
    years = selectors.plan_years(clock.local_date(at), writable=True)
    if year not in years:
        raise PlanRefused("invalid_year", year=year, first=years[0], last=years[-1])
    if not targets:
        raise PlanRefused("no_targets")
    indicators = {code: _indicator(code) for code in targets}
    for code, value in targets.items():
        if value < 0:
            raise PlanRefused("negative_target", code=code)
        if value > MAX_FIGURE:
            raise PlanRefused(
                "target_too_large", code=code, limit=f"{MAX_FIGURE:,}".replace(",", ".")
            )
    plan, _created = AnnualPlan.objects.select_for_update().get_or_create(
        library=library, year=year, defaults={"updated_at": at}
    )
    before = {
        target.indicator.code: target.value for target in plan.targets.select_related("indicator")
    }
    before_state = plan.state
    for code, value in targets.items():
        PlanTarget.objects.update_or_create(
            plan=plan, indicator=indicators[code], defaults={"value": value}
        )
    plan.state = PlanState.APPROVED if approve else PlanState.PROPOSED
    plan.approved_at = at if approve else None
    plan.approved_by = _user(by) if approve else None
    plan.updated_at = at
    plan.save(update_fields=["state", "approved_at", "approved_by", "updated_at"])
    audit.record(
        "plan.targets",
        subject=plan,
        by=by,
        at=at,
        library_id=library.pk,
        before={"state": before_state, "targets": before},
        after={"state": plan.state, "targets": dict(targets)},
    )
    return plan


@transaction.atomic
def approve_plan(*, plan: AnnualPlan, by: Actor, at: dt.datetime | None = None) -> AnnualPlan:
    """Approve a proposed plan (at the library above). Raises PlanRefused("already_approved")."""
    at = at or clock.now()
    plan = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.state == PlanState.APPROVED:
        raise PlanRefused("already_approved")
    plan.state = PlanState.APPROVED
    plan.approved_at = at
    plan.approved_by = _user(by)
    plan.save(update_fields=["state", "approved_at", "approved_by"])
    audit.record(
        "plan.approve",
        subject=plan,
        by=by,
        at=at,
        library_id=plan.library_id,
        before={"state": PlanState.PROPOSED},
        after={"state": PlanState.APPROVED},
    )
    return plan


# --- hand-entered figures -----------------------------------------------------------------


@transaction.atomic
def enter_manual_figure(
    *,
    library: Library,
    indicator_code: str,
    month: dt.date,
    value: int,
    note: str,
    by: Actor,
    at: dt.datetime | None = None,
) -> ManualFigure:
    """Set a hand-entered figure of `library` for the month of `month` (entering it again
    corrects it); the daily figure of the month's first day moves by the difference.

    Raises FigureRefused for a computed indicator, a missing note, a negative value or a
    month still to come; DateOutOfRange for a month outside the operational window (1990).
    """
    at = at or clock.now()
    indicator = _indicator(indicator_code)
    if indicator.derivation != Derivation.MANUAL:
        raise FigureRefused("not_manual", code=indicator_code)
    note = text.clean(note)
    if not note:
        raise FigureRefused("note_required")
    if value < 0:
        raise FigureRefused("negative_value")
    if value > MAX_FIGURE:
        raise FigureRefused("value_too_large", limit=f"{MAX_FIGURE:,}".replace(",", "."))
    if len(note) > MAX_TEXT:
        raise FigureRefused("text_too_long", limit=MAX_TEXT)
    first = month.replace(day=1)
    if first > clock.local_date(at):
        raise FigureRefused("future_month", month=first.strftime("%m/%Y"))
    if indicator_code in events_selectors.EVENT_INDICATORS:
        since = events_selectors.counting_since(library.pk)
        if since is not None and first >= since:
            raise FigureRefused(
                "computed_from_events", code=indicator.name, month=since.strftime("%m/%Y")
            )
    if indicator_code == digital_selectors.PAGES_DIGITISED:
        since = digital_selectors.counting_since(library.pk)
        if since is not None and first >= since:
            raise FigureRefused(
                "computed_from_projects", code=indicator.name, month=since.strftime("%m/%Y")
            )
    validation.check_date(
        first, field=str(_("Month")), window="operational", today=clock.local_date(at)
    )
    figure = (
        ManualFigure.objects.select_for_update()
        .filter(library=library, indicator=indicator, month=first)
        .first()
    )
    before = figure.value if figure else 0
    if figure is None:
        figure = ManualFigure(library=library, indicator=indicator, month=first)
    figure.value = value
    figure.note = note
    figure.entered_by = _user(by)
    figure.entered_at = at
    figure.save()
    audit.record(
        "planning.manual_figure",
        subject=figure,
        by=by,
        at=at,
        library_id=library.pk,
        before={"value": before},
        after={"value": value, "indicator": indicator_code, "month": first.isoformat()},
        note=note,
    )
    stats_sources.count_manual_figure(figure, before=before)
    return figure


@transaction.atomic
def take_out_event_hand_entries(
    library_id: int, since: dt.date, by: Actor, at: dt.datetime
) -> None:
    """Take out the hand-entered event figures of `library_id` from the month `since`: they
    are computed from its events from then on, and would be counted twice.

    A report already sent keeps what it sent; the difference shows as recorded after
    sending. Each figure taken out is audited with its value.
    """
    _take_out_hand_entries(
        library_id, since, events_selectors.EVENT_INDICATORS, by, at, "computed from events"
    )


@transaction.atomic
def take_out_digitised_hand_entries(
    library_id: int, since: dt.date, by: Actor, at: dt.datetime
) -> None:
    """Take out the hand-entered pages digitised of `library_id` from the month `since`: they
    are counted from its digitisation projects from then on (digital's hand_entry port)."""
    _take_out_hand_entries(
        library_id,
        since,
        (digital_selectors.PAGES_DIGITISED,),
        by,
        at,
        "computed from digitisation projects",
    )


def _take_out_hand_entries(
    library_id: int,
    since: dt.date,
    codes: Iterable[str],
    by: Actor,
    at: dt.datetime,
    note: str,
) -> None:
    figures = list(
        ManualFigure.objects.select_for_update()
        .filter(library_id=library_id, indicator__code__in=list(codes), month__gte=since)
        .select_related("indicator")
    )
    for figure in figures:
        before = figure.value
        figure.value = 0
        stats_sources.count_manual_figure(figure, before=before)
        audit.record(
            "planning.manual_figure_taken_out",
            subject=figure,
            by=by,
            at=at,
            library_id=library_id,
            before={"value": before},
            after={
                "value": 0,
                "indicator": figure.indicator.code,
                "month": figure.month.isoformat(),
            },
            note=note,
        )
    ManualFigure.objects.filter(pk__in=[figure.pk for figure in figures]).delete()


# --- reports ------------------------------------------------------------------------------


def _report_for_update(library: Library, period: Period, at: dt.datetime) -> Report:
    report = Report.objects.select_for_update().filter(library=library, period=period.code).first()
    if report is not None:
        return report
    body_id = network_selectors.bodies_on(period.end).get(library.pk)
    parent_id = None if body_id else network_selectors.parents_on(period.end).get(library.pk)
    report, _created = Report.objects.get_or_create(
        library=library,
        period=period.code,
        defaults={
            "parent_id": parent_id,
            "body_id": body_id,
            "due_on": policies.due_on(period, selectors.due_days()),
            "created_at": at,
        },
    )
    return report


def _check_reportable(library: Library, period: Period, at: dt.datetime) -> None:
    """Refuse a report of a deposit point (its figures are its parent's) or of a period
    outside the operational window (1990, 2999): nothing is written for them."""
    if not library.runs_libnet:
        parent = library.parent.name if library.parent else "—"
        raise ReportRefused("not_reporting", library=library.name, parent=parent)
    today = clock.local_date(at)
    # The day of the period nearest today: its last day for a period gone, its first for
    # one to come, today for the period under way.
    nearest = min(max(today, period.start), period.end)
    validation.check_date(
        nearest, field=str(_("Reporting period")), window="operational", today=today
    )


def _check_editable(report: Report) -> None:
    if report.state not in policies.EDITABLE_STATES:
        raise ReportRefused("not_editable", state=ReportState(report.state).label)


@transaction.atomic
def adjust_report(
    *,
    library: Library,
    period: Period,
    indicator_code: str,
    delta: int,
    reason: str,
    by: Actor,
    at: dt.datetime | None = None,
) -> ReportAdjustment:
    """Change one computed figure of the report by `delta`, with the reason.

    Raises ReportRefused for a report already submitted or accepted, a missing reason, a
    change of 0, or a hand-entered indicator (corrected on the figures page instead).
    """
    at = at or clock.now()
    reason = text.clean(reason)
    if not reason:
        raise ReportRefused("reason_required")
    if delta == 0:
        raise ReportRefused("zero_adjustment")
    if abs(delta) > MAX_FIGURE:
        raise ReportRefused("adjustment_too_large", limit=f"{MAX_FIGURE:,}".replace(",", "."))
    if len(reason) > MAX_TEXT:
        raise ReportRefused("text_too_long", limit=MAX_TEXT)
    indicator = _indicator(indicator_code)
    if indicator.derivation == Derivation.MANUAL:
        raise ReportRefused("manual_indicator", code=indicator_code)
    _check_reportable(library, period, at)
    report = _report_for_update(library, period, at)
    _check_editable(report)
    adjustment = ReportAdjustment.objects.create(
        report=report,
        indicator=indicator,
        delta=delta,
        reason=reason,
        made_by=_user(by),
        made_at=at,
    )
    audit.record(
        "report.adjust",
        subject=report,
        by=by,
        at=at,
        library_id=library.pk,
        after={"indicator": indicator_code, "delta": delta, "period": period.code},
        note=reason,
    )
    return adjustment


def _periods_of_day(day: dt.date) -> list[str]:
    """The codes of every reporting period that holds `day`: its month, quarter, half-year,
    year, evaluation year and school year."""
    quarter = (day.month - 1) // 3 + 1
    half = 1 if day.month <= 6 else 2
    evaluation_year = day.year + 1 if day.month == 12 else day.year
    school_year = day.year + 1 if day.month >= 9 else day.year
    return [
        f"{day.year}-{day.month:02d}",
        f"{day.year}-Q{quarter}",
        f"{day.year}-H{half}",
        str(day.year),
        f"{evaluation_year}-EY",
        f"{school_year}-SY",
    ]


@transaction.atomic
def record_late_figures(
    *,
    library_id: int,
    day: dt.date,
    changes: Mapping[str, int],
    what: str,
    by: Actor,
    at: dt.datetime | None = None,
) -> list[ReportAdjustment]:
    """Record figures that moved after a report holding `day` was accepted: each accepted
    report of the library whose period holds `day` gets one adjustment per indicator, with
    the reason ("Ghi nhận sau khi báo cáo đã được chấp nhận: <what>"). The report's figures
    as sent are not rewritten, and it stays accepted; its page shows the adjustment, and its
    "recorded after sending" column no longer counts the change. A report not accepted yet
    is left alone: one being prepared counts the change itself, one submitted shows it as
    recorded after sending and can be returned.

    Called through events' `late_figures` port when an event is held or reported (or its
    attendance corrected). Returns the adjustments written.
    """
    at = at or clock.now()
    moved = {code: delta for code, delta in changes.items() if delta}
    if not moved:
        return []
    reports = list(
        Report.objects.select_for_update()
        .filter(library_id=library_id, period__in=_periods_of_day(day), state=ReportState.ACCEPTED)
        .order_by("pk")
    )
    if not reports:
        return []
    found = {indicator.code: indicator for indicator in Indicator.objects.filter(code__in=moved)}
    reason = audit.note(_("Recorded after the report was accepted: %(what)s"), what=what)
    reason = reason[:MAX_TEXT]
    made = [
        ReportAdjustment(
            report=report,
            indicator=found[code],
            delta=delta,
            reason=reason,
            made_by=_user(by),
            made_at=at,
        )
        for report in reports
        for code, delta in moved.items()
        if code in found
    ]
    ReportAdjustment.objects.bulk_create(made)
    for adjustment in made:
        audit.record(
            "report.adjust",
            subject=adjustment.report,
            by=by,
            at=at,
            library_id=library_id,
            after={
                "indicator": adjustment.indicator.code,
                "delta": adjustment.delta,
                "period": adjustment.report.period,
                "after_acceptance": True,
            },
            note=reason,
        )
    return made


def late_event_figures(
    library_id: int,
    day: dt.date,
    changes: Mapping[str, int],
    what: str,
    by: Actor,
    at: dt.datetime,
) -> None:
    """events' late_figures handler (registered in apps.py)."""
    record_late_figures(library_id=library_id, day=day, changes=changes, what=what, by=by, at=at)


@transaction.atomic
def comment_report(
    *, library: Library, period: Period, comment: str, by: Actor, at: dt.datetime | None = None
) -> ReportComment:
    """Add a comment to the report (by the library or by the library above)."""
    at = at or clock.now()
    comment = text.clean(comment)
    if not comment:
        raise ReportRefused("comment_empty")
    if len(comment) > MAX_COMMENT:
        raise ReportRefused("text_too_long", limit=MAX_COMMENT)
    _check_reportable(library, period, at)
    report = _report_for_update(library, period, at)
    written = ReportComment.objects.create(
        report=report, text=comment, written_by=_user(by), written_at=at
    )
    audit.record(
        "report.comment",
        subject=report,
        by=by,
        at=at,
        library_id=library.pk,
        after={"comment": comment},
    )
    return written


@transaction.atomic
def submit_report(
    *, library: Library, period: Period, by: Actor, at: dt.datetime | None = None
) -> Report:
    """Send the report to the library above (a school's to its managing body): its figures
    are frozen as they are now.

    Raises ReportRefused for a period not over yet, a report already submitted or accepted,
    or a library with nobody above it.
    """
    at = at or clock.now()
    if clock.local_date(at) <= period.end:
        raise ReportRefused(
            "period_not_over", period=period.label, end=period.end.strftime("%d/%m/%Y")
        )
    _check_reportable(library, period, at)
    report = _report_for_update(library, period, at)
    _check_editable(report)
    sheet = selectors.report_sheet(library, period)
    if sheet.recipient is None:
        raise ReportRefused("no_body" if library.is_school else "no_parent", library=library.name)
    before = audit.snapshot(report, ["state"])
    report.state = policies.next_report_state(report.state, "submit") or report.state
    report.parent = sheet.parent
    report.body = sheet.body
    report.figures = sheet.figures
    report.submitted_at = at
    report.submitted_by = _user(by)
    report.decided_at = None
    report.decided_by = None
    report.save(
        update_fields=[
            "state",
            "parent",
            "body",
            "figures",
            "submitted_at",
            "submitted_by",
            "decided_at",
            "decided_by",
        ]
    )
    audit.record(
        "report.submit",
        subject=report,
        by=by,
        at=at,
        library_id=library.pk,
        before=before,
        after={"state": report.state, "figures": report.figures, "period": period.code},
    )
    return report


def _decide(
    *, report: Report, action: str, by: Actor, at: dt.datetime | None, reason: str = ""
) -> Report:
    at = at or clock.now()
    report = Report.objects.select_for_update().get(pk=report.pk)
    state = policies.next_report_state(report.state, action)
    if state is None:
        raise ReportRefused("not_submitted", state=ReportState(report.state).label)
    before = audit.snapshot(report, ["state"])
    report.state = state
    report.decided_at = at
    report.decided_by = _user(by)
    report.return_reason = reason
    report.save(update_fields=["state", "decided_at", "decided_by", "return_reason"])
    audit.record(
        f"report.{action}",
        subject=report,
        by=by,
        at=at,
        # The library that decided; a body's decision is filed under the school's library.
        library_id=report.parent_id or report.library_id,
        before=before,
        after={"state": state, "period": report.period},
        note=reason,
    )
    return report


@transaction.atomic
def accept_report(*, report: Report, by: Actor, at: dt.datetime | None = None) -> Report:
    """Accept a submitted report at the library above: its figures join the roll-up.

    Raises ReportRefused("not_submitted").
    """
    return _decide(report=report, action="accept", by=by, at=at)


@transaction.atomic
def return_report(
    *, report: Report, reason: str, by: Actor, at: dt.datetime | None = None
) -> Report:
    """Send a submitted report back to its library with the reason, to be corrected.

    Raises ReportRefused("return_reason_required") or ReportRefused("not_submitted").
    """
    reason = text.clean(reason)
    if not reason:
        raise ReportRefused("return_reason_required")
    if len(reason) > MAX_TEXT:
        raise ReportRefused("text_too_long", limit=MAX_TEXT)
    return _decide(report=report, action="return", by=by, at=at, reason=reason)
