"""JSON endpoints of acquisitions, under /api/v1/acquisitions.

Thin: parse → access getter → one service → answer. A refusal is a 4xx `{"code", "message"}`;
another library's budget line or order is a 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from libnet.acquisitions import access, policies, selectors, services
from libnet.acquisitions.errors import (
    AcquisitionsInvalid,
    AcquisitionsNotFound,
    AcquisitionsRefused,
)
from libnet.acquisitions.models import MAX_COPIES, Budget, Order, OrderLine, Overspend
from libnet.catalog.errors import CatalogRefused
from libnet.catalog.models import MAX_PRICE_VND, BibRecord
from libnet.core import clock
from libnet.core.api_auth import STAFF_AUTH
from libnet.core.api_errors import refusals
from libnet.core.errors import NotFound
from libnet.core.schemas import (
    Date,
    Flag,
    Id,
    Identifier,
    IdParam,
    InputSchema,
    IntRange,
    TextRules,
)
from libnet.core.validation import DateOutOfRange
from libnet.network.models import Library

# The most lines one order placed through the API holds.
MAX_LINES = 500

router = Router(tags=["acquisitions"], auth=STAFF_AUTH)


class BudgetOut(Schema):
    id: int
    library: str = Field(description="The library's code.")
    year: int
    source: str = Field(description="state, community, project or other.")
    amount_vnd: int
    committed_vnd: int = Field(description="Copies of orders sent and not yet received.")
    spent_vnd: int = Field(description="Copies received.")
    left_vnd: int = Field(description="What can still be ordered; below zero once overspent.")


class BudgetQuery(Schema):
    year: Annotated[int, IntRange(2000, 2100, from_text=True)] | None = None


class CopiesIn(InputSchema):
    library: Identifier = Field(description="The library's code.")
    copies: Annotated[int, IntRange(0, MAX_COPIES)]


class LineIn(InputSchema):
    record: Id | None = Field(None, description="A catalogue record's id.")
    isbn: Annotated[str, TextRules(max_length=20)] = ""
    title: Annotated[str, TextRules.column(OrderLine, "title")] = ""
    unit_price_vnd: Annotated[int, IntRange(0, MAX_PRICE_VND)]
    copies: Annotated[list[CopiesIn], Field(min_length=1, max_length=50)]


class OrderIn(InputSchema):
    budget: Id = Field(description="The budget line that pays; its library is the buyer.")
    supplier: Id
    ordered_on: Date | None = None
    number: Annotated[str, TextRules.column(Order, "number")] = ""
    note: Annotated[str, TextRules.column(Order, "note")] = ""
    lines: Annotated[list[LineIn], Field(max_length=MAX_LINES)] = []
    send: Flag = Field(False, description="Send the order to the supplier at once.")
    overspend_reason: Annotated[str, TextRules.column(Overspend, "reason")] = Field(
        "", description="Needed to send an order costing more than its budget line has left."
    )


class DestinationOut(Schema):
    library: str
    ordered: int
    received: int


class LineOut(Schema):
    id: int
    record: int | None
    isbn: str
    title: str
    unit_price_vnd: int
    copies: list[DestinationOut]


class OrderOut(Schema):
    id: int
    library: str
    supplier: str
    number: str
    ordered_on: dt.date
    state: str = Field(description="draft, sent, partly_received, received or cancelled.")
    ordered_vnd: int
    received_vnd: int
    invoiced_vnd: int
    lines: list[LineOut]


class ReceiveIn(InputSchema):
    copies: Annotated[list[CopiesIn], Field(min_length=1, max_length=50)]
    received_on: Date | None = Field(None, description="Today when not given.")
    document_number: Annotated[str, TextRules(max_length=100)] = Field(
        "", description="The invoice or delivery note: the intake batch's document."
    )


class CopyOut(Schema):
    id: int
    library: str
    barcode: str
    accession_number: str


class ReceivedOut(Schema):
    copies: list[CopyOut]
    charged_vnd: int
    order_state: str


def _budget_out(budget: Budget, figures: policies.BudgetFigures) -> BudgetOut:
    return BudgetOut(
        id=budget.pk,
        library=budget.library.code,
        year=budget.year,
        source=budget.source,
        amount_vnd=figures.amount,
        committed_vnd=figures.committed,
        spent_vnd=figures.spent,
        left_vnd=figures.left,
    )


@router.get("/budgets", response={200: list[BudgetOut], **refusals(NotFound)})
def list_budgets(request: HttpRequest, query: Query[BudgetQuery]) -> list[BudgetOut]:
    """The budget lines of the caller's libraries (of one year, with `year`), each with what
    open orders committed, what was spent on copies received, and what is left."""
    budgets = list(
        access.budgets_for_staff(request.user)
        .filter(**({"year": query.year} if query.year else {}))
        .select_related("library")
        .order_by("library__code", "-year", "pk")[:1000]
    )
    figures = selectors.budget_figures(budget.pk for budget in budgets)
    return [_budget_out(budget, figures[budget.pk]) for budget in budgets]


def _libraries(codes: list[str]) -> dict[str, Library]:
    found = {library.code: library for library in Library.objects.filter(code__in=codes)}
    if set(codes) - set(found):
        raise AcquisitionsNotFound("library_not_found")
    return found


def _order_out(order: Order) -> OrderOut:
    rows = selectors.line_rows(order)
    totals = selectors.order_totals(order, rows)
    return OrderOut(
        id=order.pk,
        library=order.library.code,
        supplier=order.supplier.name,
        number=order.number,
        ordered_on=order.ordered_on,
        state=order.state,
        ordered_vnd=totals.ordered,
        received_vnd=totals.received,
        invoiced_vnd=totals.invoiced,
        lines=[
            LineOut(
                id=row.line.pk,
                record=row.line.bib_id,
                isbn=row.line.isbn,
                title=row.line.title,
                unit_price_vnd=row.line.unit_price_vnd,
                copies=[
                    DestinationOut(
                        library=destination.library_code,
                        ordered=destination.ordered,
                        received=destination.received,
                    )
                    for destination in row.destinations
                ],
            )
            for row in rows
        ],
    )


@router.post(
    "/orders",
    response={
        201: OrderOut,
        **refusals(NotFound, AcquisitionsInvalid, AcquisitionsRefused, DateOutOfRange),
    },
)
def create_order(request: HttpRequest, data: OrderIn) -> Status[OrderOut]:
    """Draft an order paid from a budget line of the caller's libraries, with its lines (a
    record, or an ISBN, or a title; copies for the buying library or libraries below it);
    with `"send": true`, send it too. Beyond what the budget line has left, sending is
    refused (409 `overspend_needs_reason`) unless `overspend_reason` says why. Nothing is
    written on a refusal."""
    budget = access.get_budget_for_staff(request.user, data.budget)
    supplier = access.get_supplier(data.supplier)
    libraries = _libraries(sorted({copy.library for line in data.lines for copy in line.copies}))
    records = {
        record.pk: record
        for record in BibRecord.objects.filter(
            pk__in=[line.record for line in data.lines if line.record]
        )
    }
    if any(line.record and line.record not in records for line in data.lines):
        raise AcquisitionsNotFound("record_not_found")
    order = services.place_order(
        library=budget.library,
        supplier=supplier,
        budget=budget,
        ordered_on=data.ordered_on,
        number=data.number,
        note=data.note,
        lines=[
            services.NewLine(
                bib=records.get(line.record) if line.record else None,
                isbn=line.isbn,
                title=line.title,
                unit_price_vnd=line.unit_price_vnd,
                destinations=[
                    (libraries[copy.library], copy.copies) for copy in line.copies if copy.copies
                ],
            )
            for line in data.lines
        ],
        send=data.send,
        overspend_reason=data.overspend_reason,
        by=request.user,
    )
    order.library = budget.library
    order.supplier = supplier
    return Status(201, _order_out(order))


@router.get("/orders/{order_id}", response={200: OrderOut, **refusals(NotFound)})
def get_order(request: HttpRequest, order_id: IdParam) -> OrderOut:
    """The order with its lines, each library's copies ordered and received, and what was
    ordered, received and invoiced in đồng."""
    return _order_out(access.get_order_for_staff(request.user, order_id))


@router.post(
    "/orders/{order_id}/lines/{line_id}/receive",
    response={
        200: ReceivedOut,
        **refusals(NotFound, AcquisitionsInvalid, AcquisitionsRefused, CatalogRefused),
    },
)
def receive_line(
    request: HttpRequest, order_id: IdParam, line_id: IdParam, data: ReceiveIn
) -> ReceivedOut:
    """Receive copies of a line, all or part, for its libraries: in one step the copies are
    added to each library's catalogue with accession numbers and barcodes, in an intake
    batch (source purchase, `document_number`), and their cost is charged to the order's
    budget line. More than ordered for a library is refused (409 `over_receipt`); so is an
    order not sent (409 `not_sent`). Nothing is written on a refusal."""
    order = access.get_order_for_staff(request.user, order_id)
    line = access.get_line(order, line_id)
    libraries = _libraries(sorted({copy.library for copy in data.copies}))
    received = services.receive_line(
        line=line,
        copies=[(libraries[copy.library], copy.copies) for copy in data.copies],
        received_on=data.received_on or clock.today(),
        document_number=data.document_number,
        by=request.user,
    )
    codes = {library.pk: library.code for library in libraries.values()}
    order.refresh_from_db(fields=["state"])
    return ReceivedOut(
        copies=[
            CopyOut(
                id=item.pk,
                library=codes[item.home_library_id],
                barcode=item.barcode,
                accession_number=item.accession_number,
            )
            for item in received.items
        ],
        charged_vnd=received.amount_vnd,
        order_state=order.state,
    )
