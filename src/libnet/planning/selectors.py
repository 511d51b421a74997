"""Reads of plans and reports: figures from the daily counters, the tree as it was, targets.

Every figure is a sum over `stats.DailyStat` (at most 366 rows per library and indicator a
year) plus a distinct count over `stats.ActivePatronMonth`; no query reads the loans.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from libnet.network.models import Library, LibraryParentPeriod
from libnet.network.selectors import (
    UnitOfPeriod,
    UnitVersion,
    admin_unit_in_period,
    admin_units_in_period,
)
from libnet.planning import policies
from libnet.planning.models import (
    AnnualPlan,
    Derivation,
    Indicator,
    ManualFigure,
    PlanTarget,
    Report,
    ReportAdjustment,
    ReportState,
)
from libnet.planning.periods import Period, month_of, parse, year_of
from libnet.stats.models import ActivePatronMonth, DailyStat

Figures = dict[str, int]


def indicators() -> list[Indicator]:
    """Return the active indicators in report order."""
    return list(Indicator.objects.filter(is_active=True))


def manual_indicators() -> list[Indicator]:
    return [indicator for indicator in indicators() if indicator.derivation == Derivation.MANUAL]


def due_days() -> dict[str, int]:
    return dict(getattr(settings, "LIBNET_REPORT_DUE_DAYS", None) or policies.DEFAULT_DUE_DAYS)


# --- the tree as it was -------------------------------------------------------------------


def parents_on(day: dt.date) -> dict[int, int | None]:
    """Return library id → parent id on `day`.

    A library with a dated parent history (`LibraryParentPeriod`) takes the period covering
    `day` (a former district library that became a provincial branch on 1/7/2025 reports
    under the district's tree before, under the province after); others their current parent.
    """
    parents: dict[int, int | None] = dict(Library.objects.order_by().values_list("id", "parent_id"))
    covering = LibraryParentPeriod.objects.filter(valid_from__lte=day).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=day)
    )
    for library_id, parent_id in covering.values_list("library_id", "parent_id"):
        parents[library_id] = parent_id
    return parents


def children_from(parents: dict[int, int | None]) -> dict[int | None, list[int]]:
    children: dict[int | None, list[int]] = defaultdict(list)
    for library_id, parent_id in parents.items():
        children[parent_id].append(library_id)
    return children


def subtree(root_id: int, children: dict[int | None, list[int]]) -> set[int]:
    """Return `root_id` and every library below it in `children`."""
    seen: set[int] = set()
    stack = [root_id]
    while stack:
        library_id = stack.pop()
        if library_id in seen:
            continue
        seen.add(library_id)
        stack.extend(children.get(library_id, ()))
    return seen


def subtree_on(library_id: int, day: dt.date) -> set[int]:
    """Return `library_id` and the libraries below it on `day`."""
    return subtree(library_id, children_from(parents_on(day)))


# --- figures ------------------------------------------------------------------------------


def figures_by_library(
    library_ids: Iterable[int], start: dt.date, end: dt.date, indicator: str | None = None
) -> dict[int, Figures]:
    """Return library id → {indicator: value} from `start` to `end` (both included); only
    `indicator` when given."""
    ids = list(library_ids)
    result: dict[int, Figures] = defaultdict(dict)
    sums = DailyStat.objects.filter(library_id__in=ids, day__gte=start, day__lte=end)
    if indicator is not None:
        sums = sums.filter(indicator=indicator)
    for library_id, code, total in (
        sums.values_list("library_id", "indicator").annotate(total=Sum("value")).order_by()
    ):
        result[library_id][code] = int(total or 0)
    if indicator in (None, "active_patrons"):
        first_month = start.replace(day=1)
        # Within one month a reader has one row per library: counting rows is enough.
        readers = (
            Count("pk") if first_month == end.replace(day=1) else Count("patron_id", distinct=True)
        )
        active = (
            ActivePatronMonth.objects.filter(
                library_id__in=ids, month__gte=first_month, month__lte=end
            )
            .values_list("library_id")
            .annotate(readers=readers)
            .order_by()
        )
        for library_id, count in active:
            result[library_id]["active_patrons"] = int(count)
    return dict(result)


def total_figures(library_ids: Iterable[int], start: dt.date, end: dt.date) -> Figures:
    """Return {indicator: value} over `library_ids`.

    Active readers are counted per library and added: a reader active at two libraries is an
    active reader of each (as each library reports them), so a roll-up is the sum of its parts.
    """
    return policies.add_figures(*figures_by_library(library_ids, start, end).values())


def live_figures(library: Library, period: Period, *, rollup: bool) -> Figures:
    """Return the figures of `library` for `period`, with the libraries below it when `rollup`
    (the tree as it was on the last day of the period)."""
    ids = subtree_on(library.pk, period.end) if rollup else {library.pk}
    return total_figures(ids, period.start, period.end)


def monthly_figures(
    library_ids: Iterable[int], start: dt.date, end: dt.date, indicator: str
) -> dict[dt.date, int]:
    """Return first day of month → value of `indicator` over `library_ids`."""
    ids = list(library_ids)
    if indicator == "active_patrons":
        readers = (
            ActivePatronMonth.objects.filter(library_id__in=ids, month__gte=start, month__lte=end)
            .values_list("month")
            .annotate(total=Count("id"))
            .order_by()
        )
        return {month: int(total) for month, total in readers}
    rows = (
        DailyStat.objects.filter(
            library_id__in=ids, indicator=indicator, day__gte=start, day__lte=end
        )
        .annotate(month=TruncMonth("day"))
        .values_list("month")
        .annotate(total=Sum("value"))
        .order_by()
    )
    result: dict[dt.date, int] = {}
    for month, total in rows:
        day = month.date() if isinstance(month, dt.datetime) else month
        result[day] = int(total or 0)
    return result


# --- plans --------------------------------------------------------------------------------


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


@dataclass
class ChildStatus:
    library: Library
    report: Report | None
    due_on: dt.date

    @property
    def state(self) -> str:
        return self.report.state if self.report else "missing"

    def is_overdue(self, today: dt.date) -> bool:
        return today > self.due_on and self.state in ("missing", "draft", "returned")


@dataclass
class ReportRow:
    indicator: Indicator
    computed: int
    adjustment: int
    value: int
    cumulative: int
    target: int | None
    percent: float | None


@dataclass
class ReportSheet:
    """Everything a report page, the XLSX and the PDF show."""

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

    @property
    def state(self) -> str:
        return self.report.state if self.report else ReportState.DRAFT

    @property
    def figures(self) -> Figures:
        return {row.indicator.code: row.value for row in self.rows}

    @property
    def missing_children(self) -> list[ChildStatus]:
        return [child for child in self.children if child.state != ReportState.ACCEPTED]


def reporting_children(library: Library, period: Period) -> tuple[set[int], list[int]]:
    """Return (the libraries whose figures `library` reports as its own, the libraries that
    report to it) in `period`.

    Deposit points that do not run libnet (bookcases, post-office shelves) send no report:
    their hand-entered use counts are part of the library above them.
    """
    children = children_from(parents_on(period.end))
    runs_libnet = dict(Library.objects.values_list("id", "runs_libnet"))
    own: set[int] = set()
    reporting: list[int] = []
    stack = [library.pk]
    while stack:
        library_id = stack.pop()
        own.add(library_id)
        for child_id in children.get(library_id, ()):
            if runs_libnet.get(child_id, True):
                reporting.append(child_id)
            else:
                stack.append(child_id)
    return own, reporting


def computed_report_figures(
    library: Library, period: Period
) -> tuple[Figures, list[ChildStatus], Library | None]:
    """Return the figures `library` reports for `period` (its own plus its children's accepted
    reports, as they were submitted), its children's status, and where the report goes."""
    own_ids, child_ids = reporting_children(library, period)
    own = total_figures(own_ids, period.start, period.end)
    reports = {
        report.library_id: report
        for report in Report.objects.filter(library_id__in=child_ids, period=period.code)
    }
    deadline = policies.due_on(period, due_days())
    child_libraries = Library.objects.filter(pk__in=child_ids).order_by("sort_key", "code")
    statuses = [
        ChildStatus(library=child, report=reports.get(child.pk), due_on=deadline)
        for child in child_libraries
    ]
    accepted = [
        {code: int(value) for code, value in report.figures.items()}
        for report in reports.values()
        if report.state == ReportState.ACCEPTED
    ]
    parent_id = parents_on(period.end).get(library.pk)
    parent = Library.objects.filter(pk=parent_id).first() if parent_id else None
    return policies.add_figures(own, *accepted), statuses, parent


def report_sheet(library: Library, period: Period) -> ReportSheet:
    """Return the report of `library` for `period`: computed (or, once submitted, sent)
    figures, adjustments, the year's targets and the total since the start of the year."""
    report = Report.objects.filter(library=library, period=period.code).first()
    computed, children, parent = computed_report_figures(library, period)
    adjustments = list(
        ReportAdjustment.objects.filter(report=report).select_related("indicator", "made_by")
        if report
        else []
    )
    delta: Figures = defaultdict(int)
    for adjustment in adjustments:
        delta[adjustment.indicator.code] += adjustment.delta
    # Once sent, the report shows what was sent; a draft or a returned report is live.
    sent = (
        report.figures
        if report and report.state in (ReportState.SUBMITTED, ReportState.ACCEPTED)
        else None
    )
    plan_period = year_of(period)
    cumulative = live_figures(
        library,
        Period(period.code, period.kind, period.year, period.year_start, period.end),
        rollup=True,
    )
    targets = targets_for(library, plan_period.plan_year)
    rows: list[ReportRow] = []
    for indicator in indicators():
        code = indicator.code
        value = int(sent[code]) if sent and code in sent else computed.get(code, 0) + delta[code]
        # Since 1 January: the live roll-up of the subtree, plus this report's adjustments.
        so_far = cumulative.get(code, 0) + delta[code]
        target = targets.get(code)
        rows.append(
            ReportRow(
                indicator=indicator,
                computed=computed.get(code, 0),
                adjustment=delta[code],
                value=value,
                cumulative=so_far,
                target=target,
                percent=policies.percent(so_far, target),
            )
        )
    return ReportSheet(
        library=library,
        period=period,
        report=report,
        parent=parent,
        due_on=report.due_on if report else policies.due_on(period, due_days()),
        rows=rows,
        children=children,
        adjustments=adjustments,
        admin_unit=admin_unit_in_period(library, period.end, start=period.start),
    )


def reports_awaiting(library_ids: Iterable[int]) -> list[Report]:
    """Return the submitted reports sent to `library_ids`, oldest first."""
    return list(
        Report.objects.filter(parent_id__in=list(library_ids), state=ReportState.SUBMITTED)
        .select_related("library")
        .order_by("submitted_at")
    )


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
    below it when `rollup`; for the CLI, the API and the dashboard."""
    values = live_figures(library, period, rollup=rollup)
    year_to_date = Period(period.code, period.kind, period.year, period.year_start, period.end)
    cumulative = live_figures(library, year_to_date, rollup=rollup)
    targets = targets_for(library, year_of(period).plan_year)
    parent_id = parents_on(period.end).get(library.pk)
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
        parent=Library.objects.filter(pk=parent_id).first() if parent_id else None,
        due_on=policies.due_on(period, due_days()),
        rows=rows,
        children=[],
        admin_unit=admin_unit_in_period(library, period.end, start=period.start),
    )


def unit_object(unit: UnitVersion | None) -> dict[str, str] | None:
    return {"code": unit.code, "name": unit.name} if unit is not None else None


def figures_object(
    library: Library, period: Period, *, rollup: bool, by: str | None = None
) -> dict[str, object]:
    """Return {"library", "period", "rollup", "admin_unit": {"code", "name"},
    "indicators": {code: {"value", "target"}}}, the shape of `libnet report --format json` and
    of the API. `target` is the year's target; `admin_unit` the library's unit on the
    period's last day (null when it has none). With `by="admin_unit"`, "groups" splits the
    same figures by the units of that day (see `figures_by_admin_unit`)."""
    # The groups add up to the roll-up: sum them rather than read the counters twice.
    groups = figures_by_admin_unit(library, period, rollup=rollup) if by is not None else []
    figures = (
        policies.add_figures(*(group.figures for group in groups))
        if by is not None
        else live_figures(library, period, rollup=rollup)
    )
    targets = targets_for(library, year_of(period).plan_year)
    place = admin_unit_in_period(library, period.end)
    result: dict[str, object] = {
        "library": library.code,
        "period": period.code,
        "rollup": rollup,
        "admin_unit": unit_object(place.unit if place else None),
        "indicators": {
            indicator.code: {
                "value": figures.get(indicator.code, 0),
                "target": targets.get(indicator.code),
            }
            for indicator in indicators()
        },
    }
    if by is not None:
        result["by"] = by
        result["groups"] = [
            {
                "admin_unit": unit_object(group.unit),
                "libraries": group.library_count,
                "indicators": {
                    indicator.code: group.figures.get(indicator.code, 0)
                    for indicator in indicators()
                },
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

    Six queries whatever the size of the network: the tree (two), the libraries' units,
    every unit version, the sums over the daily counters and the active readers.
    """
    ids = subtree_on(library.pk, period.end) if rollup else {library.pk}
    per_library = figures_by_library(ids, period.start, period.end)
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
    children = children_from(parents_on(until))
    ids: set[int] = set()
    for root_id in root_ids:
        ids |= subtree(root_id, children)
    own = figures_by_library(ids, start, until, indicator) if on >= start else {}
    targets = targets_by_library(ids, year)
    libraries = {library.pk: library for library in Library.objects.filter(pk__in=ids)}
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
    parents = parents_on(on)
    return [library_id for library_id in ids if parents.get(library_id) not in ids]
