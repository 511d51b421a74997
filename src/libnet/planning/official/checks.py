"""One number per cell: the columns and rows of an official form agree with each other.

Pure: a built form in, the disagreements out (empty when it adds up). The tests run it on
every form of every demo library for every kind of period.
"""

from __future__ import annotations

from decimal import Decimal

from libnet.planning.official.layouts import DISTINCT, FLOW, RATIO, STOCK
from libnet.planning.official.sheets import OfficialForm, Value


def _number(value: Value) -> Decimal:
    return Decimal(value or 0)


def disagreements(form: OfficialForm) -> list[str]:
    """Return each way `form` does not add up:

    - a row that does not say what it counts, or has no unit;
    - a negative figure;
    - a figure for a moment (stock, ratio) with a "since the start of the year";
    - a flow or distinct count whose "since the start of the year" is below the period's,
      or differs from it when the period starts the plan year (a year, an evaluation or a
      school year, January, Q1: both cover the same days);
    - rows splitting a row that do not add up to it (or, for titles by format, add up to
      less), column by column;
    - a part ("trong đó") larger than the row it is part of.
    """
    problems: list[str] = []
    same_days = form.period.start == form.period.year_start
    for row in form.rows:
        where = f"{form.code} {form.library.code} {form.period.code} row {row.number}"
        if not row.counts.strip() or not row.unit.strip():
            problems.append(f"{where}: does not say what it counts")
        for value in (row.period, row.to_date):
            if value is not None and value < 0:
                problems.append(f"{where}: negative figure {value}")
        if row.kind in (STOCK, RATIO) and row.to_date is not None:
            problems.append(f"{where}: a figure of one day has a 'since the start of the year'")
        if row.kind in (FLOW, DISTINCT):
            if row.period is None or row.to_date is None:
                problems.append(f"{where}: a column is empty")
            elif row.to_date < row.period:
                problems.append(
                    f"{where}: since the start of the year {row.to_date} < {row.period}"
                )
            elif same_days and row.to_date != row.period:
                problems.append(f"{where}: same days, {row.to_date} ≠ {row.period}")
    for parent in form.rows:
        where = f"{form.code} {form.library.code} {form.period.code} row {parent.number}"
        parts = [row for row in form.rows if row.part_of == parent.number and row.splits]
        if parts:
            for column in ("period", "to_date"):
                whole = getattr(parent, column)
                if whole is None:
                    continue
                total = sum(_number(getattr(row, column)) for row in parts)
                if parent.adds_up and total != _number(whole):
                    problems.append(f"{where}: its rows add up to {total}, not {whole} ({column})")
                if not parent.adds_up and total < _number(whole):
                    problems.append(f"{where}: its rows add up to {total} < {whole} ({column})")
        for part in (row for row in form.rows if row.part_of == parent.number and not row.splits):
            if _number(part.period) > _number(parent.period):
                problems.append(f"{where}: its part {part.number} is larger than it")
    return problems
