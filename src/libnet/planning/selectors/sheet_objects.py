"""A report sheet in the shape the API and `libnet report --format json` give it: the same
figures as the page, column by column."""

from __future__ import annotations

from libnet.network.models import Library
from libnet.network.selectors import UnitVersion
from libnet.planning.periods import Period
from libnet.planning.selectors.figures import figures_by_admin_unit
from libnet.planning.selectors.sheets import BASIS_REPORT, ReportSheet, live_sheet, report_sheet


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
        "sent_to": sheet.recipient.code if sheet.recipient else None,
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
