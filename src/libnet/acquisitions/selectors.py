"""Reads of acquisitions: a budget line's figures, an order's lines with what was received
and invoiced."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import F, Sum

from libnet.acquisitions import policies
from libnet.acquisitions.models import (
    Allocation,
    Budget,
    Invoice,
    Order,
    OrderLine,
    Overspend,
    Receipt,
)
from libnet.acquisitions.policies import BudgetFigures


def budget_figures(budget_ids: Iterable[int]) -> dict[int, BudgetFigures]:
    """Each budget line's amount, committed and spent (policies.BudgetFigures), in three
    queries whatever the number of lines.

    Committed: the copies of open orders (sent, partly received) not yet received, at their
    unit price. Spent: every copy received, at its line's unit price, whatever the order's
    state now (a cancelled order's receipts stay paid).
    """
    ids = list(budget_ids)
    amounts = dict(Budget.objects.filter(pk__in=ids).values_list("pk", "amount_vnd"))
    ordered: dict[int, int] = defaultdict(int)
    for budget_id, value in (
        Allocation.objects.filter(
            line__order__budget_id__in=ids, line__order__state__in=policies.OPEN_STATES
        )
        .values("line__order__budget_id")
        .annotate(value=Sum(F("copies") * F("line__unit_price_vnd")))
        .values_list("line__order__budget_id", "value")
    ):
        ordered[budget_id] += value or 0
    spent: dict[int, int] = defaultdict(int)
    received_open: dict[int, int] = defaultdict(int)
    for budget_id, state, value in (
        Receipt.objects.filter(line__order__budget_id__in=ids)
        .values("line__order__budget_id", "line__order__state")
        .annotate(value=Sum("amount_vnd"))
        .values_list("line__order__budget_id", "line__order__state", "value")
    ):
        spent[budget_id] += value or 0
        if state in policies.OPEN_STATES:
            received_open[budget_id] += value or 0
    return {
        budget_id: BudgetFigures(
            amount=amount,
            committed=ordered[budget_id] - received_open[budget_id],
            spent=spent[budget_id],
        )
        for budget_id, amount in amounts.items()
    }


@dataclass
class BudgetRow:
    budget: Budget
    figures: BudgetFigures
    overspends: list[Overspend] = field(default_factory=list)


@dataclass
class BudgetYear:
    """A library's budget lines of one year and their sum."""

    library_name: str
    year: int
    rows: list[BudgetRow]

    @property
    def total(self) -> BudgetFigures:
        total = BudgetFigures(0, 0, 0)
        for row in self.rows:
            total = total + row.figures
        return total


def budget_years(budgets: Iterable[Budget]) -> list[BudgetYear]:
    """`budgets` grouped by library and year, each line with its figures and its overspends
    (most recent year first)."""
    budgets = list(budgets)
    figures = budget_figures(budget.pk for budget in budgets)
    overspends: dict[int, list[Overspend]] = defaultdict(list)
    for overspend in Overspend.objects.filter(budget__in=budgets).select_related(
        "order", "created_by"
    ):
        overspends[overspend.budget_id].append(overspend)
    years: dict[tuple[int, int], BudgetYear] = {}
    for budget in budgets:
        key = (budget.library_id, budget.year)
        if key not in years:
            years[key] = BudgetYear(budget.library.name, budget.year, [])
        years[key].rows.append(BudgetRow(budget, figures[budget.pk], overspends[budget.pk]))
    return sorted(years.values(), key=lambda year: (-year.year, year.library_name))


def order_value(order: Order) -> int:
    """What the order costs in all: each line's copies at its unit price."""
    value = Allocation.objects.filter(line__order=order).aggregate(
        value=Sum(F("copies") * F("line__unit_price_vnd"))
    )["value"]
    return int(value or 0)


@dataclass
class Destination:
    library_id: int
    library_code: str
    library_name: str
    ordered: int
    received: int

    @property
    def left(self) -> int:
        return max(0, self.ordered - self.received)


@dataclass
class LineRow:
    line: OrderLine
    destinations: list[Destination]
    invoice_numbers: list[str]

    @property
    def ordered(self) -> int:
        return sum(destination.ordered for destination in self.destinations)

    @property
    def received(self) -> int:
        return sum(destination.received for destination in self.destinations)

    @property
    def amount(self) -> int:
        return self.ordered * self.line.unit_price_vnd

    @property
    def complete(self) -> bool:
        return all(destination.left == 0 for destination in self.destinations)


def line_rows(order: Order) -> list[LineRow]:
    """The order's lines, each with its copies ordered and received per library (four
    queries)."""
    lines = list(order.lines.select_related("bib").order_by("pk"))
    received: dict[tuple[int, int], int] = defaultdict(int)
    for line_id, library_id, copies in (
        Receipt.objects.filter(line__order=order)
        .values("line_id", "library_id")
        .annotate(copies=Sum("copies"))
        .values_list("line_id", "library_id", "copies")
    ):
        received[(line_id, library_id)] = copies
    destinations: dict[int, list[Destination]] = defaultdict(list)
    for allocation in Allocation.objects.filter(line__order=order).select_related("library"):
        destinations[allocation.line_id].append(
            Destination(
                library_id=allocation.library_id,
                library_code=allocation.library.code,
                library_name=allocation.library.name,
                ordered=allocation.copies,
                received=received[(allocation.line_id, allocation.library_id)],
            )
        )
    invoices: dict[int, list[str]] = defaultdict(list)
    for line_id, number in Invoice.lines.through.objects.filter(orderline__order=order).values_list(
        "orderline_id", "invoice__number"
    ):
        invoices[line_id].append(number)
    return [LineRow(line, destinations[line.pk], invoices[line.pk]) for line in lines]


@dataclass(frozen=True)
class OrderTotals:
    ordered: int
    received: int
    invoiced: int


def order_totals(order: Order, rows: list[LineRow] | None = None) -> OrderTotals:
    """What the order costs, what of it was received, and what the supplier invoiced."""
    rows = rows if rows is not None else line_rows(order)
    received = Receipt.objects.filter(line__order=order).aggregate(value=Sum("amount_vnd"))
    invoiced = Invoice.objects.filter(order=order).aggregate(value=Sum("amount_vnd"))
    return OrderTotals(
        ordered=sum(row.amount for row in rows),
        received=int(received["value"] or 0),
        invoiced=int(invoiced["value"] or 0),
    )
