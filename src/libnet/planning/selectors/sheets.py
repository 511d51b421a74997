"""Report sheets: a library's report for a period (its own figures plus the reports accepted
from below, adjusted by hand, frozen when sent) or its live figures, one basis in every
column; and the same sheet in the API's shape."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from libnet.network import selectors as network_selectors
from libnet.network.models import Library, ManagingBody
from libnet.network.selectors import UnitOfPeriod, admin_unit_in_period
from libnet.planning import policies
from libnet.planning.models import (
    Aggregation,
    AnnualPlan,
    Indicator,
    Report,
    ReportAdjustment,
    ReportState,
)
from libnet.planning.periods import Period, periods_to_date, year_of
from libnet.planning.selectors.due import due_days
from libnet.planning.selectors.figures import (
    Figures,
    indicators,
    rollup_ids,
    total_figures,
)
from libnet.planning.selectors.plans import plan_for, targets_for
from libnet.stats import selectors as stats_selectors

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
    # A school library's report goes to the body that manages it (then `parent` is None).
    body: ManagingBody | None = None

    @property
    def recipient(self) -> Library | ManagingBody | None:
        """Where the report is sent: the library above, or the school's managing body."""
        return self.parent if self.parent is not None else self.body

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
    library_id: int,
    parents: dict[int, int | None],
    runs_libnet: dict[int, bool],
    to_bodies: dict[int, int],
) -> tuple[set[int], list[int]]:
    children = network_selectors.children_map(parents)

    def sends_no_report(child_id: int) -> bool:
        return not runs_libnet.get(child_id, True) and child_id not in to_bodies

    own = network_selectors.subtree_ids([library_id], children, enter=sends_no_report)
    # A school below a public library (kept there for rotation and liên thông) reports to its
    # managing body, not up the tree: neither its figures nor its report are the parent's.
    reporting = [
        child_id
        for current in own
        for child_id in children.get(current, ())
        if not sends_no_report(child_id) and child_id not in to_bodies
    ]
    return own, reporting


def reporting_children(library: Library, period: Period) -> tuple[set[int], list[int]]:
    """Return (the libraries whose figures `library` reports as its own, the libraries that
    report to it) in `period`.

    Deposit points that do not run libnet (bookcases, post-office shelves) send no report:
    their hand-entered use counts are part of the library above them.
    """
    return _reporting_split(
        library.pk,
        network_selectors.parents_on(period.end),
        network_selectors.runs_libnet_map(),
        network_selectors.bodies_on(period.end),
    )


@dataclass
class _ReportBasis:
    """What a report is worked out from, for each period of the year to date (by period
    code): the libraries whose figures the library reports as its own and those that report
    to it, the library's own reports and their adjustments, the reports of those below."""

    splits: dict[str, tuple[set[int], list[int]]]
    own_reports: dict[str, Report]
    adjustments: list[ReportAdjustment]
    child_reports: dict[tuple[int, str], Report]

    def own_ids(self, period: Period) -> set[int]:
        return self.splits[period.code][0]

    def reporting_ids(self, period: Period) -> list[int]:
        return self.splits[period.code][1]

    def deltas(self) -> dict[str, Figures]:
        """Period code → {indicator: the sum of the report's adjustments by hand}."""
        deltas: dict[str, Figures] = defaultdict(lambda: defaultdict(int))
        for adjustment in self.adjustments:
            deltas[adjustment.report.period][adjustment.indicator.code] += adjustment.delta
        return deltas

    def accepted_below(self, period: Period) -> list[Figures]:
        """The figures of the reports of `period` the library accepted from those below."""
        return [
            {code: int(value) for code, value in found.figures.items()}
            for child_id in self.reporting_ids(period)
            if (found := self.child_reports.get((child_id, period.code))) is not None
            and found.state == ReportState.ACCEPTED
        ]

    def late_deltas(self) -> dict[str, Figures]:
        """Period code → {indicator: the sum of the adjustments made after the report was
        accepted} (an event recorded later for its period: services.record_late_figures).
        They are in `deltas` too; the report's figures as sent do not hold them."""
        late: dict[str, Figures] = defaultdict(lambda: defaultdict(int))
        for adjustment in self.adjustments:
            if is_after_acceptance(adjustment):
                late[adjustment.report.period][adjustment.indicator.code] += adjustment.delta
        return late

    def sent_figures(self, period: Period) -> Figures | None:
        """The figures of the library's report of `period` as sent, plus what was adjusted
        after it was accepted; None if it is not sent."""
        found = self.own_reports.get(period.code)
        if found is None or found.state not in SENT_STATES:
            return None
        sent = {code: int(value) for code, value in found.figures.items()}
        return policies.adjusted(sent, self.late_deltas()[period.code].items())


def is_after_acceptance(adjustment: ReportAdjustment) -> bool:
    """Whether `adjustment` was made to a report already accepted (after its decision)."""
    report = adjustment.report
    return (
        report.state == ReportState.ACCEPTED
        and report.decided_at is not None
        and adjustment.made_at > report.decided_at
    )


def _report_basis(
    library: Library, to_date: list[Period], trees: dict[dt.date, dict[int, int | None]]
) -> _ReportBasis:
    """Read what the reports of `library` for `to_date` are worked out from: three queries
    (the tree is in memory)."""
    runs_libnet = network_selectors.runs_libnet_map()
    codes = [item.code for item in to_date]
    splits = {
        item.code: _reporting_split(
            library.pk, trees[item.end], runs_libnet, network_selectors.bodies_on(item.end)
        )
        for item in to_date
    }
    own_reports = {
        report.period: report
        for report in Report.objects.filter(library=library, period__in=codes).select_related(
            "submitted_by"
        )
    }
    adjustments = list(
        ReportAdjustment.objects.filter(report__in=list(own_reports.values())).select_related(
            "indicator", "made_by", "report"
        )
    )
    child_ids = {child for _own, reporting in splits.values() for child in reporting}
    child_reports = {
        (child.library_id, child.period): child
        for child in Report.objects.filter(library_id__in=child_ids, period__in=codes)
    }
    return _ReportBasis(splits, own_reports, adjustments, child_reports)


def _earlier_values(
    basis: _ReportBasis, earlier: list[Period], deltas: dict[str, Figures]
) -> list[Figures]:
    """The reported figures of each period before this one in the year: as sent, or worked
    out as the report would be (own additive counters, accepted reports, adjustments). The
    counters of all of them in one query."""
    by_period = stats_selectors.additive_figures_by_span(
        set().union(*(basis.own_ids(item) for item in earlier)),
        [(item.start, item.end) for item in earlier],
    )
    values = []
    for index, item in enumerate(earlier):
        own = policies.add_figures(
            *(by_period.get((library_id, index), {}) for library_id in basis.own_ids(item))
        )
        computed = policies.add_figures(own, *basis.accepted_below(item))
        worked_out = policies.adjusted(computed, deltas[item.code].items())
        sent = basis.sent_figures(item)
        values.append(worked_out if sent is None else {**worked_out, **sent})
    return values


def _report_row(
    indicator: Indicator,
    *,
    computed_now: Figures,
    sent: Figures | None,
    delta: Figures,
    earlier_values: list[Figures],
    target: int | None,
    reasons: list[str],
    late: Figures | None = None,
) -> ReportRow:
    """One indicator's row: computed, adjusted, reported (as sent, once sent, plus what was
    adjusted after acceptance: `late`), since the start of the year (`earlier_values`: the
    periods before), against the year's target."""
    code = indicator.code
    late_delta = (late or {}).get(code, 0)
    if sent is not None and code in sent:
        value = sent[code]
        # What the counters and the accepted reports below gave when it was sent.
        computed = value - delta[code]
        # Recorded after sending, less what became an adjustment after acceptance.
        since_sent = computed_now.get(code, 0) - computed - late_delta
    else:
        computed = computed_now.get(code, 0)
        value = computed + delta[code]
        since_sent = 0
    cumulative: int | None
    if not earlier_values:
        cumulative = value
    elif indicator.aggregation == Aggregation.DISTINCT:
        cumulative = None  # a reader active in two months is one reader, not two
    else:
        cumulative = value + sum(figures.get(code, 0) for figures in earlier_values)
    return ReportRow(
        indicator=indicator,
        computed=computed,
        adjustment=delta[code],
        value=value,
        cumulative=cumulative,
        target=target,
        percent=policies.percent(cumulative, target),
        since_sent=since_sent,
        reasons=reasons,
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
    trees = network_selectors.parents_on_days(item.end for item in to_date)
    basis = _report_basis(library, to_date, trees)
    report = basis.own_reports.get(period.code)
    deltas = basis.deltas()
    adjustments = [row for row in basis.adjustments if row.report.period == period.code]
    # This period: the counters now (with active readers, counted once per period).
    computed_now = policies.add_figures(
        total_figures(basis.own_ids(period), period.start, period.end),
        *basis.accepted_below(period),
    )
    earlier_values = _earlier_values(basis, to_date[:-1], deltas)
    reasons: dict[str, list[str]] = defaultdict(list)
    for adjustment in adjustments:
        reasons[adjustment.indicator.code].append(f"{adjustment.delta:+d}: {adjustment.reason}")
    plan = plan_for(library, year_of(period).plan_year)
    targets = targets_for(library, year_of(period).plan_year)
    sent = basis.sent_figures(period)
    rows = [
        _report_row(
            indicator,
            computed_now=computed_now,
            sent=sent,
            delta=deltas[period.code],
            earlier_values=earlier_values,
            target=targets.get(indicator.code),
            reasons=reasons[indicator.code],
            late=basis.late_deltas()[period.code],
        )
        for indicator in indicators()
    ]
    deadline = policies.due_on(period, due_days())
    reporting_ids = basis.reporting_ids(period)
    body_id = network_selectors.bodies_on(period.end).get(library.pk)
    body = ManagingBody.objects.filter(pk=body_id).first() if body_id else None
    parent_id = None if body_id else trees[period.end].get(library.pk)
    # The children and the parent in one query.
    named = network_selectors.libraries_by_id([*reporting_ids, parent_id])
    statuses = [
        ChildStatus(
            library=child,
            report=basis.child_reports.get((child.pk, period.code)),
            due_on=deadline,
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
        body=body,
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
