"""Reads of plans and reports: figures from the daily counters, the tree as it was, targets.

Every figure comes from stats.selectors (sums over the daily counters; no query reads the
loans) and the tree of a day from network.selectors (in memory): planning reads the other
apps only through their selectors.

By area: `figures` (sums, roll-ups, by administrative unit), `plans` (annual plans and
targets), `sheets` (a report or the live figures, column by column) and `sheet_objects`
(the same in the API's shape), `due` (reports waiting to be sent or accepted), `dashboard`
(the network tree against the year's targets).
"""

from libnet.planning.selectors.bodies import (
    BodyReportRow,
    BodySheet,
    body_library_ids,
    body_sheet,
    reports_awaiting_bodies,
)
from libnet.planning.selectors.dashboard import ProgressRow, network_progress, roots_of
from libnet.planning.selectors.due import (
    ReportDue,
    due_days,
    last_closed_periods,
    reports_awaiting,
    reports_due,
)
from libnet.planning.selectors.figures import (
    GROUPINGS,
    Figures,
    UnitGroup,
    figures_by_admin_unit,
    indicators,
    live_figures,
    manual_figures,
    manual_indicators,
    monthly_rollup,
    rollup_ids,
    total_figures,
)
from libnet.planning.selectors.plans import (
    FIRST_PLAN_YEAR,
    plan_for,
    plan_years,
    targets_by_library,
    targets_for,
)
from libnet.planning.selectors.sheet_objects import (
    figures_object,
    report_object,
    sheet_object,
    unit_object,
)
from libnet.planning.selectors.sheets import (
    BASIS_LIVE,
    BASIS_REPORT,
    SENT_STATES,
    ChildStatus,
    ReportRow,
    ReportSheet,
    live_sheet,
    report_sheet,
    reporting_children,
)

__all__ = [
    "BASIS_LIVE",
    "BASIS_REPORT",
    "FIRST_PLAN_YEAR",
    "GROUPINGS",
    "SENT_STATES",
    "BodyReportRow",
    "BodySheet",
    "ChildStatus",
    "Figures",
    "ProgressRow",
    "ReportDue",
    "ReportRow",
    "ReportSheet",
    "UnitGroup",
    "body_library_ids",
    "body_sheet",
    "due_days",
    "figures_by_admin_unit",
    "figures_object",
    "indicators",
    "last_closed_periods",
    "live_figures",
    "live_sheet",
    "manual_figures",
    "manual_indicators",
    "monthly_rollup",
    "network_progress",
    "plan_for",
    "plan_years",
    "report_object",
    "report_sheet",
    "reporting_children",
    "reports_awaiting",
    "reports_awaiting_bodies",
    "reports_due",
    "rollup_ids",
    "roots_of",
    "sheet_object",
    "targets_by_library",
    "targets_for",
    "total_figures",
    "unit_object",
]
