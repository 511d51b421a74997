"""Reads of plans and reports: figures from the daily counters, the tree as it was, targets.

Every figure comes from stats.selectors (sums over the daily counters; no query reads the
loans) and the tree of a day from network.selectors (in memory): planning reads the other
apps only through their selectors.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings

from libnet.core import validation
from libnet.network import selectors as network_selectors
from libnet.network.models import Library
from libnet.network.selectors import (
    UnitOfPeriod,
    UnitVersion,
    admin_unit_in_period,
    admin_units_in_period,
)
from libnet.planning import policies
from libnet.planning.models import (
    Aggregation,
    AnnualPlan,
    Derivation,
    Indicator,
    ManualFigure,
    PlanTarget,
    Report,
    ReportAdjustment,
    ReportState,
)
from libnet.planning.periods import Period, month_of, parse, periods_to_date, year_of
from libnet.stats import selectors as stats_selectors

Figures = dict[str, int]


def indicators() -> list[Indicator]:
    """Return the active indicators in report order."""
    return list(Indicator.objects.filter(is_active=True))


def manual_indicators() -> list[Indicator]:
    return [indicator for indicator in indicators() if indicator.derivation == Derivation.MANUAL]


def due_days() -> dict[str, int]:
    return dict(getattr(settings, "LIBNET_REPORT_DUE_DAYS", None) or policies.DEFAULT_DUE_DAYS)


# --- figures ------------------------------------------------------------------------------


def rollup_ids(library: Library, day: dt.date) -> set[int]:
    """Return `library` and every library below it in the tree of `day` (network.selectors:
    the dated parent history, else today's parent)."""
    return network_selectors.subtree_ids(
        [library.pk], network_selectors.children_map(network_selectors.parents_on(day))
    )


def total_figures(library_ids: Iterable[int], start: dt.date, end: dt.date) -> Figures:
    """Return {indicator: value} over `library_ids`.

    Active readers are counted per library and added: a reader active at two libraries is an
    active reader of each (as each library reports them), so a roll-up is the sum of its parts.
    """
    return policies.add_figures(
        *stats_selectors.figures_by_library(library_ids, start, end).values()
    )


def live_figures(library: Library, period: Period, *, rollup: bool) -> Figures:
    """Return the figures of `library` for `period`, with the libraries below it when `rollup`
    (the tree as it was on the last day of the period)."""
    ids = rollup_ids(library, period.end) if rollup else {library.pk}
    return total_figures(ids, period.start, period.end)


def monthly_rollup(
    library: Library, year: int, indicator: str, *, on: dt.date
) -> dict[dt.date, int]:
    """Return first day of month → value of `indicator` in `year` at `library` and every
    library below it (the tree of `on`): the dashboard's chart."""
    return stats_selectors.monthly_figures(
        rollup_ids(library, on), dt.date(year, 1, 1), dt.date(year, 12, 31), indicator
    )


# --- plans --------------------------------------------------------------------------------


# The first year whose plans and figures the pages show (nothing in libnet is older).
FIRST_PLAN_YEAR = 2000


def plan_years(today: dt.date, *, writable: bool) -> range:
    """Return the plan years a page shows (`writable` False: from FIRST_PLAN_YEAR) or a plan
    may be set for (`writable` True: the years the operational date window of
    core.validation touches, two years either side of today by default)."""
    earliest, latest = validation.date_window("operational", today=today)
    first = earliest.year if writable else FIRST_PLAN_YEAR
    return range(first, latest.year + 1)


def plan_for(library: Library, year: int) -> AnnualPlan | None:
    return AnnualPlan.objects.filter(library=library, year=year).first()


def targets_by_library(library_ids: Iterable[int], year: int) -> dict[int, Figures]:
    """Return library id → {indicator: annual target} for `year`.

    A plan's targets are for the library's report: its own figures and those of the
    libraries below it, as rolled up.
    """
    result: dict[int, Figures] = defaultdict(dict)
    rows = PlanTarget.objects.filter(
        plan__library_id__in=list(library_ids), plan__year=year
    ).values_list("plan__library_id", "indicator__code", "value")
    for library_id, code, value in rows:
        result[library_id][code] = int(value)
    return dict(result)


def targets_for(library: Library, year: int) -> Figures:
    return targets_by_library([library.pk], year).get(library.pk, {})


# --- reports ------------------------------------------------------------------------------

# Where the figures of a sheet come from.
BASIS_REPORT = "report"  # the library's report: its own figures plus accepted reports below
BASIS_LIVE = "live"  # the counters as they stand, of the library (and everything below)


@dataclass
class ChildStatus:
    library: Library
    report: Report | None
    due_on: dt.date

    @property
    def state(self) -> str:
        return self.report.state if self.report else "missing"

    @property
    def is_included(self) -> bool:
        """Whether the parent's report adds this library's figures (only once accepted)."""
        return self.state == ReportState.ACCEPTED

    def is_overdue(self, today: dt.date) -> bool:
        return today > self.due_on and self.state in ("missing", "draft", "returned")


@dataclass
class ReportRow:
    indicator: Indicator
    computed: int
    adjustment: int
    value: int
    # None for an indicator that does not add up across periods (active readers) in a month's
    # or a quarter's report.
    cumulative: int | None
    target: int | None
    percent: float | None
    # On a report already sent: what the counters and the accepted reports below give now,
    # minus what they gave when it was sent (figures recorded late, reports accepted later).
    since_sent: int = 0
    reasons: list[str] = field(default_factory=list)


@dataclass
class ReportSheet:
    """Everything a report page, the XLSX, the PDF, the API and the CLI show: one set of
    figures, from one basis (`BASIS_REPORT` or `BASIS_LIVE`), in every column."""

    library: Library
    period: Period
    report: Report | None
    parent: Library | None
    due_on: dt.date
    rows: list[ReportRow]
    children: list[ChildStatus]
    adjustments: list[ReportAdjustment] = field(default_factory=list)
    # The administrative unit of the library on the period's last day (2025 reform).
    admin_unit: UnitOfPeriod | None = None
    basis: str = BASIS_REPORT
    rollup: bool = False
    # The periods "since the start of the year" adds up (see periods.periods_to_date).
    periods_to_date: list[Period] = field(default_factory=list)
    plan: AnnualPlan | None = None

    @property
    def state(self) -> str:
        return self.report.state if self.report else ReportState.DRAFT

    @property
    def is_sent(self) -> bool:
        return self.report is not None and self.report.state in SENT_STATES

    @property
    def figures(self) -> Figures:
        return {row.indicator.code: row.value for row in self.rows}

    @property
    def missing_children(self) -> list[ChildStatus]:
        return [child for child in self.children if not child.is_included]

    @property
    def included_children(self) -> list[ChildStatus]:
        return [child for child in self.children if child.is_included]

    @property
    def changed_since_sent(self) -> bool:
        return any(row.since_sent for row in self.rows)

    @property
    def cumulative_start(self) -> dt.date:
        return self.period.year_start


SENT_STATES = frozenset({ReportState.SUBMITTED, ReportState.ACCEPTED})


def _reporting_split(
    library_id: int, parents: dict[int, int | None], runs_libnet: dict[int, bool]
) -> tuple[set[int], list[int]]:
    children = network_selectors.children_map(parents)

    def sends_no_report(child_id: int) -> bool:
        return not runs_libnet.get(child_id, True)

    own = network_selectors.subtree_ids([library_id], children, enter=sends_no_report)
    reporting = [
        child_id
        for current in own
        for child_id in children.get(current, ())
        if not sends_no_report(child_id)
    ]
    return own, reporting


def reporting_children(library: Library, period: Period) -> tuple[set[int], list[int]]:
    """Return (the libraries whose figures `library` reports as its own, the libraries that
    report to it) in `period`.

    Deposit points that do not run libnet (bookcases, post-office shelves) send no report:
    their hand-entered use counts are part of the library above them.
    """
    return _reporting_split(
        library.pk, network_selectors.parents_on(period.end), network_selectors.runs_libnet_map()
    )


def report_sheet(library: Library, period: Period) -> ReportSheet:
    """Return the report of `library` for `period`, every column from one basis.

    *Computed*: the library's own figures (with its deposit points that do not run libnet)
    as recorded, plus the reports the libraries below sent for the same period and it
    accepted; once the report is sent, what they gave when it was sent. *Adjusted by*: the
    report's changes by hand, each with its reason. *Reported*: computed plus adjustments,
    frozen when sent. *Since the start of the year*: the sum of the library's reports of the
    same kind from the start of the plan year through this one (the months January to
    this month, the quarters to this one; a year's report is the whole year), each worked out
    the same way, or as sent. *%*: that sum against the year's target. `since_sent` tells
    what was recorded or accepted after the report was sent, which it does not include.

    A fixed number of queries whatever the size of the network.
    """
    to_date = periods_to_date(period)
    codes = [item.code for item in to_date]
    trees = network_selectors.parents_on_days(item.end for item in to_date)
    runs_libnet = network_selectors.runs_libnet_map()
    splits = {
        item.code: _reporting_split(library.pk, trees[item.end], runs_libnet) for item in to_date
    }
    own_reports = {
        report.period: report
        for report in Report.objects.filter(library=library, period__in=codes).select_related(
            "submitted_by"
        )
    }
    report = own_reports.get(period.code)
    adjustment_rows = list(
        ReportAdjustment.objects.filter(report__in=list(own_reports.values())).select_related(
            "indicator", "made_by", "report"
        )
    )
    deltas: dict[str, Figures] = defaultdict(lambda: defaultdict(int))
    for adjustment in adjustment_rows:
        deltas[adjustment.report.period][adjustment.indicator.code] += adjustment.delta
    adjustments = [row for row in adjustment_rows if row.report.period == period.code]
    child_ids = {child for _own, reporting in splits.values() for child in reporting}
    child_reports: dict[tuple[int, str], Report] = {
        (child.library_id, child.period): child
        for child in Report.objects.filter(library_id__in=child_ids, period__in=codes)
    }

    def accepted_below(item: Period) -> list[Figures]:
        return [
            {code: int(value) for code, value in found.figures.items()}
            for child_id in splits[item.code][1]
            if (found := child_reports.get((child_id, item.code))) is not None
            and found.state == ReportState.ACCEPTED
        ]

    def sent_figures(item: Period) -> Figures | None:
        found = own_reports.get(item.code)
        if found is None or found.state not in SENT_STATES:
            return None
        return {code: int(value) for code, value in found.figures.items()}

    # This period: the counters now (with active readers, counted once per period).
    own_ids = splits[period.code][0]
    computed_now = policies.add_figures(
        total_figures(own_ids, period.start, period.end), *accepted_below(period)
    )
    # The periods before it this year: the additive counters, in one query.
    earlier = to_date[:-1]
    by_period = stats_selectors.additive_figures_by_span(
        set().union(*(splits[item.code][0] for item in earlier)),
        [(item.start, item.end) for item in earlier],
    )

    def value_of(index: int, item: Period) -> Figures:
        sent = sent_figures(item)
        own = policies.add_figures(
            *(by_period.get((library_id, index), {}) for library_id in splits[item.code][0])
        )
        computed = policies.add_figures(own, *accepted_below(item))
        worked_out = policies.adjusted(computed, deltas[item.code].items())
        if sent is None:
            return worked_out
        return {**worked_out, **sent}

    earlier_values = [value_of(index, item) for index, item in enumerate(earlier)]
    sent = sent_figures(period)
    delta = deltas[period.code]
    reasons: dict[str, list[str]] = defaultdict(list)
    for adjustment in adjustments:
        reasons[adjustment.indicator.code].append(f"{adjustment.delta:+d}: {adjustment.reason}")
    plan = plan_for(library, year_of(period).plan_year)
    targets = targets_for(library, year_of(period).plan_year)
    rows: list[ReportRow] = []
    for indicator in indicators():
        code = indicator.code
        if sent is not None and code in sent:
            value = sent[code]
            # What the counters and the accepted reports below gave when it was sent.
            computed = value - delta[code]
            since_sent = computed_now.get(code, 0) - computed
        else:
            computed = computed_now.get(code, 0)
            value = computed + delta[code]
            since_sent = 0
        cumulative: int | None
        if not earlier:
            cumulative = value
        elif indicator.aggregation == Aggregation.DISTINCT:
            cumulative = None  # a reader active in two months is one reader, not two
        else:
            cumulative = value + sum(figures.get(code, 0) for figures in earlier_values)
        target = targets.get(code)
        rows.append(
            ReportRow(
                indicator=indicator,
                computed=computed,
                adjustment=delta[code],
                value=value,
                cumulative=cumulative,
                target=target,
                percent=policies.percent(cumulative, target),
                since_sent=since_sent,
                reasons=reasons[code],
            )
        )
    deadline = policies.due_on(period, due_days())
    reporting_ids = splits[period.code][1]
    parent_id = trees[period.end].get(library.pk)
    # The children and the parent in one query.
    named = network_selectors.libraries_by_id([*reporting_ids, parent_id])
    statuses = [
        ChildStatus(
            library=child, report=child_reports.get((child.pk, period.code)), due_on=deadline
        )
        for child in named.values()
        if child.pk in reporting_ids
    ]
    return ReportSheet(
        library=library,
        period=period,
        report=report,
        parent=named.get(parent_id) if parent_id else None,
        due_on=report.due_on if report else deadline,
        rows=rows,
        children=statuses,
        adjustments=adjustments,
        admin_unit=admin_unit_in_period(library, period.end, start=period.start),
        basis=BASIS_REPORT,
        periods_to_date=to_date,
        plan=plan,
    )


def reports_awaiting(library_ids: Iterable[int]) -> list[Report]:
    """Return the submitted reports sent to `library_ids`, oldest first."""
    return list(
        Report.objects.filter(parent_id__in=list(library_ids), state=ReportState.SUBMITTED)
        .select_related("library")
        .order_by("submitted_at")
    )


@dataclass
class ReportDue:
    library: Library
    period: Period
    state: str
    due_on: dt.date


def reports_due(
    library_ids: Iterable[int], today: dt.date, *, limit: int = 50
) -> tuple[list[ReportDue], int]:
    """Return the reports of the last closed periods (see `last_closed_periods`) that
    `library_ids` have not sent yet (not started, draft or returned), the first `limit` of
    them, and how many more there are.

    Only libraries that run libnet and have a library above them on the period's last day
    send a report (the same tree as the report pages); the provincial library sends its own
    on paper. Two queries per period (the tree is in memory).
    """
    ids = set(library_ids)
    due: list[ReportDue] = []
    total = 0
    runs_libnet = network_selectors.runs_libnet_map()
    for period in last_closed_periods(today):
        parents = network_selectors.parents_on(period.end)
        sending = [library_id for library_id in ids if parents.get(library_id) is not None]
        states = dict(
            Report.objects.filter(library_id__in=sending, period=period.code).values_list(
                "library_id", "state"
            )
        )
        waiting = [
            library_id
            for library_id in sending
            if states.get(library_id, ReportState.DRAFT)
            in (ReportState.DRAFT, ReportState.RETURNED)
        ]
        libraries = network_selectors.libraries_by_id(
            library_id for library_id in waiting if runs_libnet.get(library_id)
        ).values()
        deadline = policies.due_on(period, due_days())
        for library in libraries:
            total += 1
            if len(due) < limit:
                due.append(
                    ReportDue(
                        library=library,
                        period=period,
                        state=states.get(library.pk, ReportState.DRAFT),
                        due_on=deadline,
                    )
                )
    return due, total - len(due)


def last_closed_periods(today: dt.date) -> list[Period]:
    """Return the last month, and the last quarter when it ended last month: the reports
    due soonest."""
    first = today.replace(day=1)
    last_month = month_of(first - dt.timedelta(days=1))
    result = [last_month]
    if last_month.start.month % 3 == 0:
        result.append(parse(f"{last_month.year}-Q{last_month.start.month // 3}"))
    return result


def manual_figures(library: Library, year: int) -> list[ManualFigure]:
    return list(
        ManualFigure.objects.filter(library=library, month__year=year)
        .select_related("indicator", "entered_by")
        .order_by("month", "indicator__order")
    )


def live_sheet(library: Library, period: Period, *, rollup: bool) -> ReportSheet:
    """Return the figures as they stand (not a report): `library` alone, or with every library
    below it when `rollup` (the tree of the period's last day); "since the start of the year"
    is the same counters from the start of the plan year. The dashboard's figures, for the
    API and the CLI."""
    ids = rollup_ids(library, period.end) if rollup else {library.pk}
    values = total_figures(ids, period.start, period.end)
    if period.year_start == period.start:
        cumulative = values  # a year's figures are the year's
    else:
        cumulative = total_figures(ids, period.year_start, period.end)
    targets = targets_for(library, year_of(period).plan_year)
    parent_id = network_selectors.parents_on(period.end).get(library.pk)
    parent = network_selectors.libraries_by_id([parent_id]).get(parent_id) if parent_id else None
    rows = [
        ReportRow(
            indicator=indicator,
            computed=values.get(indicator.code, 0),
            adjustment=0,
            value=values.get(indicator.code, 0),
            cumulative=cumulative.get(indicator.code, 0),
            target=targets.get(indicator.code),
            percent=policies.percent(
                cumulative.get(indicator.code, 0), targets.get(indicator.code)
            ),
        )
        for indicator in indicators()
    ]
    return ReportSheet(
        library=library,
        period=period,
        report=None,
        parent=parent,
        due_on=policies.due_on(period, due_days()),
        rows=rows,
        children=[],
        admin_unit=admin_unit_in_period(library, period.end, start=period.start),
        basis=BASIS_LIVE,
        rollup=rollup,
    )


def unit_object(unit: UnitVersion | None) -> dict[str, str] | None:
    return {"code": unit.code, "name": unit.name} if unit is not None else None


def sheet_object(sheet: ReportSheet) -> dict[str, object]:
    """Return a sheet as the API and `libnet report --format json` give it: the same figures
    as the page, column by column.

    {"library", "period", "period_label", "basis" ("report" | "live"), "rollup", "state",
    "sent_to", "admin_unit": {"code", "name"} | null, "indicators": {code: {"computed",
    "adjustment", "value", "cumulative", "target", "percent", "since_sent"}}, "children":
    [{"library", "state", "included"}], "adjustments": [{"indicator", "delta", "reason"}]}.
    `state`, `children` and `adjustments` are a report's (null and empty for live figures).
    """
    is_report = sheet.basis == BASIS_REPORT
    return {
        "library": sheet.library.code,
        "period": sheet.period.code,
        "period_label": sheet.period.label,
        "basis": sheet.basis,
        "rollup": sheet.rollup,
        "state": sheet.state if is_report else None,
        "sent_to": sheet.parent.code if sheet.parent else None,
        "admin_unit": unit_object(sheet.admin_unit.unit if sheet.admin_unit else None),
        "indicators": {
            row.indicator.code: {
                "computed": row.computed,
                "adjustment": row.adjustment,
                "value": row.value,
                "cumulative": row.cumulative,
                "target": row.target,
                "percent": row.percent,
                "since_sent": row.since_sent,
            }
            for row in sheet.rows
        },
        "children": [
            {"library": child.library.code, "state": child.state, "included": child.is_included}
            for child in sheet.children
        ],
        "adjustments": [
            {
                "indicator": adjustment.indicator.code,
                "delta": adjustment.delta,
                "reason": adjustment.reason,
            }
            for adjustment in sheet.adjustments
        ],
    }


def report_object(library: Library, period: Period) -> dict[str, object]:
    """Return the report of `library` for `period` in the API's shape (see `sheet_object`)."""
    return sheet_object(report_sheet(library, period))


def figures_object(
    library: Library, period: Period, *, rollup: bool, by: str | None = None
) -> dict[str, object]:
    """Return the live figures of `library` (with every library below when `rollup`) for
    `period` in the API's shape (see `sheet_object`); `target` is the year's target. With
    `by="admin_unit"`, "groups" splits the same figures by the administrative units of the
    period's last day (see `figures_by_admin_unit`); the groups add up to the figures."""
    sheet = live_sheet(library, period, rollup=rollup)
    result = sheet_object(sheet)
    if by is not None:
        groups = figures_by_admin_unit(library, period, rollup=rollup)
        codes = [row.indicator.code for row in sheet.rows]  # the indicators, read once
        result["by"] = by
        result["groups"] = [
            {
                "admin_unit": unit_object(group.unit),
                "libraries": group.library_count,
                "indicators": {code: group.figures.get(code, 0) for code in codes},
            }
            for group in groups
        ]
    return result


# --- the roll-up by administrative unit -----------------------------------------------------

GROUPINGS = ("admin_unit",)


@dataclass
class UnitGroup:
    """The libraries of a roll-up that lay in `unit` on the period's last day (None: the
    libraries with no administrative unit recorded), and the sum of their figures."""

    unit: UnitVersion | None
    library_count: int
    figures: Figures

    def value(self, code: str) -> int:
        return self.figures.get(code, 0)


def figures_by_admin_unit(
    library: Library, period: Period, *, rollup: bool = True
) -> list[UnitGroup]:
    """Return the live roll-up of `library` for `period` split by administrative unit.

    Each library of the roll-up (the tree of the period's last day) goes to the unit directly
    under the province that held it on the period's last day: a district before 1/7/2025, a
    commune after. A period that straddles the reform day (the year 2025, the evaluation
    year 2025-EY, the school year 2025-SY) groups by the units of its last day, i.e. the new
    communes, for the whole period. The groups add up to `live_figures(..., rollup=True)`.

    Four queries whatever the size of the network: the libraries' units, every unit
    version, the sums over the daily counters and the active readers (the tree is in
    memory).
    """
    ids = rollup_ids(library, period.end) if rollup else {library.pk}
    per_library = stats_selectors.figures_by_library(ids, period.start, period.end)
    places = admin_units_in_period(ids, period.end)
    members: dict[int | None, list[int]] = defaultdict(list)
    units: dict[int, UnitVersion] = {}
    for library_id in ids:
        place = places.get(library_id)
        if place is None:
            members[None].append(library_id)
        else:
            units[place.group.id] = place.group
            members[place.group.id].append(library_id)
    groups = [
        UnitGroup(
            unit=units[unit_id] if unit_id is not None else None,
            library_count=len(library_ids),
            figures=policies.add_figures(
                *(per_library.get(library_id, {}) for library_id in library_ids)
            ),
        )
        for unit_id, library_ids in members.items()
    ]
    groups.sort(key=lambda group: (group.unit is None, group.unit.code if group.unit else ""))
    return groups


# --- the province dashboard ---------------------------------------------------------------


@dataclass
class ProgressRow:
    library: Library
    depth: int
    actual: int
    target: int | None
    percent: float | None
    css_class: str
    # The year's figure if the pace since 1 January holds (None before the year starts).
    projected: int | None = None


def network_progress(
    root_ids: Iterable[int], year: int, indicator: str, on: dt.date, *, visible: set[int]
) -> tuple[list[ProgressRow], float]:
    """Return the tree under `root_ids` (as it was on `on`) with each library's roll-up of
    `indicator` since 1 January against its year's target, and the share of the year gone.

    Only the libraries in `visible` (the user's, from the access layer) are rows; a row's
    roll-up still adds the libraries below it, as its report does.

    Two queries for the figures, whatever the size of the network.
    """
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    until = min(max(on, start), end)
    share = policies.share_of_year_gone(start=start, end=end, on=on)
    children = network_selectors.children_map(network_selectors.parents_on(until))
    ids = network_selectors.subtree_ids(root_ids, children)
    own = stats_selectors.figures_by_library(ids, start, until, indicator) if on >= start else {}
    targets = targets_by_library(ids, year)
    libraries = network_selectors.libraries_by_id(ids)
    rolled: dict[int, int] = {}

    def roll(library_id: int) -> int:
        if library_id not in rolled:
            rolled[library_id] = own.get(library_id, {}).get(indicator, 0) + sum(
                roll(child) for child in children.get(library_id, ()) if child in ids
            )
        return rolled[library_id]

    rows: list[ProgressRow] = []

    def walk(library_id: int, depth: int) -> None:
        library = libraries[library_id]
        actual = roll(library_id)
        target = targets.get(library_id, {}).get(indicator)
        rows.append(
            ProgressRow(
                library=library,
                depth=depth,
                actual=actual,
                target=target,
                percent=policies.percent(actual, target),
                css_class=policies.progress_class(actual, target, share),
                projected=policies.projected(actual, share),
            )
        )
        below = [
            libraries[child]
            for child in children.get(library_id, ())
            if child in libraries and child in visible
        ]
        for child in sorted(below, key=lambda item: (item.sort_key, item.code)):
            walk(child.pk, depth + 1)

    roots = [pk for pk in root_ids if pk in libraries and pk in visible]
    for root_id in sorted(roots, key=lambda pk: (libraries[pk].sort_key, libraries[pk].code)):
        walk(root_id, 0)
    return rows, share


def roots_of(library_ids: Iterable[int], on: dt.date) -> list[int]:
    """Return the libraries of `library_ids` whose parent (on `on`) is not among them."""
    ids = set(library_ids)
    parents = network_selectors.parents_on(on)
    return [library_id for library_id in ids if parents.get(library_id) not in ids]
