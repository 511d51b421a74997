"""Every write of acquisitions: budget lines, suppliers, orders and their lines, receiving,
invoices. Each one checked, written and audited in one transaction; a refusal writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import pymarc
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _
from stdnum import isbn as stdnum_isbn
from stdnum.exceptions import ValidationError as StdnumError

from libnet.acquisitions import policies, selectors
from libnet.acquisitions.errors import (
    AcquisitionsInvalid,
    AcquisitionsRefused,
)
from libnet.acquisitions.models import (
    MAX_BUDGET_VND,
    MAX_COPIES,
    Allocation,
    Budget,
    BudgetSource,
    Invoice,
    Order,
    OrderLine,
    Overspend,
    Receipt,
    Supplier,
)
from libnet.catalog import selectors as catalog_selectors
from libnet.catalog import services as catalog_services
from libnet.catalog.models import BibIsbn, BibRecord, IntakeBatch, Item, ItemSource
from libnet.catalog.services.registers import grouped
from libnet.core import audit, clock, text
from libnet.core.audit import Actor
from libnet.core.validation import check_date
from libnet.network import selectors as network_selectors
from libnet.network.models import Library

FIRST_YEAR = 2000
TAX_CODE_DIGITS = (10, 13)


def _check_amount(amount_vnd: int, *, most: int) -> None:
    if not 0 <= amount_vnd <= most:
        raise AcquisitionsInvalid("bad_amount", max=grouped(most))


# ---------------------------------------------------------------- budget and suppliers


@transaction.atomic
def create_budget(
    *,
    library: Library,
    year: int,
    source: str,
    amount_vnd: int,
    by: Actor,
    note: str = "",
    at: dt.datetime | None = None,
) -> Budget:
    """Add a budget line (dự toán) of `library` for `year` from `source`.

    Raises AcquisitionsInvalid for a year, source or amount out of range."""
    at = at or clock.now()
    last = clock.local_date(at).year + 1
    if not FIRST_YEAR <= year <= last:
        raise AcquisitionsInvalid("bad_year", first=FIRST_YEAR, last=last)
    if source not in BudgetSource.values:
        raise AcquisitionsInvalid("bad_source")
    _check_amount(amount_vnd, most=MAX_BUDGET_VND)
    budget = Budget.objects.create(
        library=library,
        year=year,
        source=source,
        amount_vnd=amount_vnd,
        note=text.clean(note),
        created_at=at,
        created_by=audit.user_of(by),
    )
    audit.record(
        "budget.create",
        subject=budget,
        by=by,
        at=at,
        library_id=library.pk,
        after={"year": year, "source": source, "amount_vnd": amount_vnd},
    )
    return budget


def _tax_code(value: str) -> str:
    """A Vietnamese tax code (mã số thuế): 10 digits, or 10-3 for a branch."""
    digits = text.identifier(value).replace("-", "")
    if not digits:
        return ""
    if not digits.isdigit() or len(digits) not in TAX_CODE_DIGITS:
        raise AcquisitionsInvalid("bad_tax_code")
    return digits if len(digits) == 10 else f"{digits[:10]}-{digits[10:]}"


@transaction.atomic
def create_supplier(
    *,
    name: str,
    by: Actor,
    address: str = "",
    tax_code: str = "",
    contact: str = "",
    at: dt.datetime | None = None,
) -> Supplier:
    """Add a supplier. Raises AcquisitionsInvalid (no name, a malformed tax code) or
    AcquisitionsRefused("duplicate_tax_code")."""
    at = at or clock.now()
    name = text.clean(name)
    if not name:
        raise AcquisitionsInvalid("supplier_needs_name")
    tax_code = _tax_code(tax_code)
    if tax_code and Supplier.objects.filter(tax_code=tax_code).exists():
        raise AcquisitionsRefused("duplicate_tax_code", tax_code=tax_code)
    supplier = Supplier.objects.create(
        name=name,
        address=text.clean(address),
        tax_code=tax_code,
        contact=text.clean(contact),
        created_at=at,
    )
    audit.record(
        "supplier.create",
        subject=supplier,
        by=by,
        at=at,
        after={"name": name, "tax_code": tax_code},
    )
    return supplier


# ---------------------------------------------------------------- orders


def _next_number(library: Library, year: int) -> str:
    taken = set(Order.objects.filter(library=library).values_list("number", flat=True))
    sequence = sum(1 for number in taken if number.startswith(f"{year}-")) + 1
    while f"{year}-{sequence:03d}" in taken:
        sequence += 1
    return f"{year}-{sequence:03d}"


@transaction.atomic
def create_order(
    *,
    library: Library,
    supplier: Supplier,
    budget: Budget,
    by: Actor,
    ordered_on: dt.date | None = None,
    number: str = "",
    note: str = "",
    at: dt.datetime | None = None,
) -> Order:
    """Draft an order of `library` to `supplier`, paid from `budget` (one of the library's
    lines). Without a number, the next of the year ("2026-004").

    Raises AcquisitionsRefused (another library's budget line, a number already used) or
    DateOutOfRange."""
    at = at or clock.now()
    ordered_on = ordered_on or clock.local_date(at)
    check_date(ordered_on, field=str(_("Date")), window="operational")
    if budget.library_id != library.pk:
        raise AcquisitionsRefused("budget_other_library")
    number = text.identifier(number) or _next_number(library, ordered_on.year)
    if Order.objects.filter(library=library, number=number).exists():
        raise AcquisitionsRefused("duplicate_order_number", number=number)
    order = Order.objects.create(
        library=library,
        supplier=supplier,
        budget=budget,
        number=number,
        ordered_on=ordered_on,
        note=text.clean(note),
        created_at=at,
        created_by=audit.user_of(by),
    )
    audit.record(
        "order.create",
        subject=order,
        by=by,
        at=at,
        library_id=library.pk,
        after={"number": number, "supplier": supplier.name, "budget": budget.pk},
    )
    return order


def normalise_isbn(value: str) -> str:
    """The ISBN-13 of `value` (ISBN-10 or 13, with or without dashes); "" for "".

    Raises AcquisitionsInvalid("bad_isbn") when its check digit or length is wrong."""
    value = text.clean(value)
    if not value:
        return ""
    try:
        return str(stdnum_isbn.to_isbn13(stdnum_isbn.validate(value)))
    except StdnumError:
        raise AcquisitionsInvalid("bad_isbn", isbn=value) from None


def _record_with_isbn(isbn13: str) -> BibRecord | None:
    row = BibIsbn.objects.filter(isbn13=isbn13).select_related("bib").order_by("bib_id").first()
    return row.bib if row is not None else None


def destination_ids(order: Order) -> set[int]:
    """The libraries an order's copies may go to: the ordering library and those below it
    that keep their own catalogue."""
    below = network_selectors.subtree_ids([order.library_id])
    running = network_selectors.runs_libnet_map()
    return {library_id for library_id in below if running.get(library_id, False)}


def _check_destinations(order: Order, destinations: Sequence[tuple[Library, int]]) -> None:
    if not destinations:
        raise AcquisitionsInvalid("no_destination")
    if len({library.pk for library, _copies in destinations}) != len(destinations):
        raise AcquisitionsInvalid("duplicate_destination")
    below = network_selectors.subtree_ids([order.library_id])
    running = network_selectors.runs_libnet_map()
    for library, copies in destinations:
        if not 1 <= copies <= MAX_COPIES:
            raise AcquisitionsInvalid("bad_copies", max=grouped(MAX_COPIES))
        if library.pk not in below:
            raise AcquisitionsRefused("destination_not_below", library=library.name)
        if not running.get(library.pk, False):
            raise AcquisitionsRefused("destination_not_running", library=library.name)


def _editable(order: Order) -> Order:
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.state not in policies.EDITABLE_STATES:
        raise AcquisitionsRefused("order_not_editable")
    return order


@transaction.atomic
def add_order_line(
    *,
    order: Order,
    unit_price_vnd: int,
    destinations: Sequence[tuple[Library, int]],
    by: Actor,
    bib: BibRecord | None = None,
    isbn: str = "",
    title: str = "",
    at: dt.datetime | None = None,
) -> OrderLine:
    """Add a title to a draft order: a catalogue record, or an ISBN (its record is taken
    when the catalogue has one), or a title typed (with its ISBN if known); `destinations`:
    (library, copies) for the ordering library or libraries below it.

    Raises AcquisitionsInvalid (a bad ISBN, no title, no or repeated destination, copies or
    price out of range) or AcquisitionsRefused (a sent order, a destination elsewhere)."""
    at = at or clock.now()
    order = _editable(order)
    catalog_services.check_price(unit_price_vnd)
    isbn13 = normalise_isbn(isbn)
    title = text.clean(title)
    if bib is None and isbn13:
        bib = _record_with_isbn(isbn13)
    if bib is None and not title:
        raise AcquisitionsInvalid("line_needs_title")
    _check_destinations(order, destinations)
    line = OrderLine.objects.create(
        order=order,
        bib=bib,
        isbn=isbn13,
        title=bib.title if bib is not None and not title else title,
        unit_price_vnd=unit_price_vnd,
    )
    Allocation.objects.bulk_create(
        Allocation(line=line, library=library, copies=copies) for library, copies in destinations
    )
    audit.record(
        "order.add_line",
        subject=order,
        by=by,
        at=at,
        library_id=order.library_id,
        after={
            "line": line.pk,
            "title": line.title,
            "isbn": isbn13,
            "unit_price_vnd": unit_price_vnd,
            "copies": {library.code: copies for library, copies in destinations},
        },
    )
    return line


@transaction.atomic
def remove_order_line(*, line: OrderLine, by: Actor, at: dt.datetime | None = None) -> None:
    """Take a line off a draft order. Raises AcquisitionsRefused("order_not_editable")."""
    order = _editable(line.order)
    audit.record(
        "order.remove_line",
        subject=order,
        by=by,
        at=at,
        library_id=order.library_id,
        before={"line": line.pk, "title": line.title},
    )
    line.delete()


@transaction.atomic
def send_order(
    *, order: Order, by: Actor, overspend_reason: str = "", at: dt.datetime | None = None
) -> Order:
    """Send a draft order to its supplier: its value is committed on its budget line.

    A value beyond what the line has left is refused (AcquisitionsRefused
    "overspend_needs_reason", with the figures) unless `overspend_reason` says why; then the
    overspend is kept with its reason, audited and shown on the budget page. Also refused:
    an order that is not a draft, or has no lines."""
    at = at or clock.now()
    order = Order.objects.select_for_update().get(pk=order.pk)
    sent_state = policies.next_order_state(order.state, "send")
    if sent_state is None:
        raise AcquisitionsRefused("cannot_send")
    value = selectors.order_value(order)
    if not order.lines.exists():
        raise AcquisitionsRefused("empty_order")
    # Two orders sent at once on one line: the second waits for the first's commitment.
    budget = Budget.objects.select_for_update().get(pk=order.budget_id)
    figures = selectors.budget_figures([budget.pk])[budget.pk]
    over = policies.overspend(figures, more=value)
    reason = text.clean(overspend_reason)
    if over and not reason:
        raise AcquisitionsRefused(
            "overspend_needs_reason",
            budget=str(budget),
            over=grouped(over),
            left=grouped(figures.left),
        )
    order.state = sent_state
    order.sent_at = at
    order.save(update_fields=["state", "sent_at"])
    after: dict[str, object] = {"state": order.state, "value_vnd": value}
    if over:
        overspend = Overspend.objects.create(
            budget=budget,
            order=order,
            amount_vnd=over,
            reason=reason,
            created_at=at,
            created_by=audit.user_of(by),
        )
        audit.record(
            "budget.overspend",
            subject=budget,
            by=by,
            at=at,
            library_id=order.library_id,
            after={"order": order.number, "amount_vnd": over, "reason": reason},
        )
        after["overspend_vnd"] = overspend.amount_vnd
    audit.record(
        "order.send", subject=order, by=by, at=at, library_id=order.library_id, after=after
    )
    return order


@transaction.atomic
def cancel_order(*, order: Order, by: Actor, at: dt.datetime | None = None) -> Order:
    """Cancel an order not fully received: what it still committed is freed; what was
    received stays received and spent. Raises AcquisitionsRefused("cannot_cancel")."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    state = policies.next_order_state(order.state, "cancel")
    if state is None:
        raise AcquisitionsRefused("cannot_cancel")
    before = order.state
    order.state = state
    order.save(update_fields=["state"])
    audit.record(
        "order.cancel",
        subject=order,
        by=by,
        at=at,
        library_id=order.library_id,
        before={"state": before},
        after={"state": state},
    )
    return order


@dataclass(frozen=True)
class NewLine:
    """A line of an order placed at once (add_order_line's arguments)."""

    unit_price_vnd: int
    destinations: Sequence[tuple[Library, int]]
    bib: BibRecord | None = None
    isbn: str = ""
    title: str = ""


@transaction.atomic
def place_order(
    *,
    library: Library,
    supplier: Supplier,
    budget: Budget,
    lines: Sequence[NewLine],
    by: Actor,
    send: bool = False,
    overspend_reason: str = "",
    ordered_on: dt.date | None = None,
    number: str = "",
    note: str = "",
    at: dt.datetime | None = None,
) -> Order:
    """Draft an order with its lines and, with `send`, send it: create_order,
    add_order_line and send_order in one transaction. A refusal of any step writes nothing."""
    order = create_order(
        library=library,
        supplier=supplier,
        budget=budget,
        ordered_on=ordered_on,
        number=number,
        note=note,
        by=by,
        at=at,
    )
    for line in lines:
        add_order_line(
            order=order,
            bib=line.bib,
            isbn=line.isbn,
            title=line.title,
            unit_price_vnd=line.unit_price_vnd,
            destinations=line.destinations,
            by=by,
            at=at,
        )
    if send:
        order = send_order(order=order, overspend_reason=overspend_reason, by=by, at=at)
    return order


# ---------------------------------------------------------------- receiving


@dataclass
class Received:
    """What receiving a line made: a receipt per library, the copies, the intake batches."""

    receipts: list[Receipt] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    batches: list[IntakeBatch] = field(default_factory=list)

    @property
    def amount_vnd(self) -> int:
        return sum(receipt.amount_vnd for receipt in self.receipts)


def _minimal_record(line: OrderLine, *, library: Library, by: Actor, at: dt.datetime) -> BibRecord:
    """The line's record: the catalogue's with its ISBN, or a minimal one made now (020 and
    245) for the cataloguer to complete."""
    if line.isbn:
        found = _record_with_isbn(line.isbn)
        if found is not None:
            return found
    record = pymarc.Record(force_utf8=True)
    record.leader = pymarc.Leader("     nam a22     7a 4500")
    if line.isbn:
        record.add_field(  # type: ignore[no-untyped-call]  # pymarc is untyped
            pymarc.Field(
                tag="020",
                indicators=pymarc.Indicators(" ", " "),
                subfields=[pymarc.Subfield("a", line.isbn)],
            )
        )
    record.add_field(  # type: ignore[no-untyped-call]  # pymarc is untyped
        pymarc.Field(
            tag="245",
            indicators=pymarc.Indicators("0", "0"),
            subfields=[pymarc.Subfield("a", line.title)],
        )
    )
    return catalog_services.create_record(marc_record=record, by=by, library=library, at=at)


def _intake_batch(
    *,
    library: Library,
    order: Order,
    received_on: dt.date,
    document_number: str,
    by: Actor,
    at: dt.datetime,
) -> IntakeBatch:
    """The intake batch of a delivery at `library`: the one already opened for the same
    document and day (several lines of one delivery note make one line of the general
    register), or a new one."""
    if document_number:
        batch = (
            catalog_selectors.intake_batches([library.pk])
            .filter(
                source=ItemSource.PURCHASE,
                received_on=received_on,
                document_number=document_number,
                supplier=order.supplier.name,
            )
            .first()
        )
        if batch is not None:
            return batch
    return catalog_services.open_intake_batch(
        library=library,
        source=ItemSource.PURCHASE,
        received_on=received_on,
        by=by,
        document_number=document_number,
        supplier=order.supplier.name,
        note=audit.note(_("Order %(number)s"), number=order.number),
        at=at,
    )


@transaction.atomic
def receive_line(
    *,
    line: OrderLine,
    copies: Sequence[tuple[Library, int]],
    received_on: dt.date,
    by: Actor,
    document_number: str = "",
    at: dt.datetime | None = None,
) -> Received:
    """Receive copies of an order line, all or part: `copies` (library, how many) for the
    line's destinations. In one step, for each library: an intake batch (source purchase,
    `document_number` the invoice or delivery note), the copies added to the catalogue with
    their accession numbers and barcodes (catalog.add_items: audited, counted as copies
    added), and a receipt charging their cost to the order's budget line. A line without a
    record gets the catalogue's record with its ISBN, or a minimal one made now.

    Raises AcquisitionsRefused ("not_sent": a draft or closed order; "over_receipt": more
    than ordered for a library; "destination_not_below": a library the line has no copies
    for), AcquisitionsInvalid ("nothing_received", copies out of range), DateOutOfRange, or
    the catalogue's refusal of a copy. Nothing is written then."""
    at = at or clock.now()
    order = (
        Order.objects.select_for_update(of=("self",))
        .select_related("supplier")
        .get(pk=line.order_id)
    )
    if order.state not in policies.OPEN_STATES:
        raise AcquisitionsRefused("not_sent")
    line = OrderLine.objects.select_for_update(of=("self",)).select_related("bib").get(pk=line.pk)
    check_date(received_on, field=str(_("Received on")), window="operational")
    document_number = text.clean(document_number)
    wanted = [(library, count) for library, count in copies if count]
    if not wanted:
        raise AcquisitionsInvalid("nothing_received")
    if len({library.pk for library, _count in wanted}) != len(wanted):
        raise AcquisitionsInvalid("duplicate_destination")
    rows = {row.line.pk: row for row in selectors.line_rows(order)}
    destinations = {
        destination.library_id: destination for destination in rows[line.pk].destinations
    }
    for library, count in wanted:
        if not 1 <= count <= MAX_COPIES:
            raise AcquisitionsInvalid("bad_copies", max=grouped(MAX_COPIES))
        destination = destinations.get(library.pk)
        if destination is None:
            raise AcquisitionsRefused("destination_not_below", library=library.name)
        if count > destination.left:
            raise AcquisitionsRefused(
                "over_receipt",
                library=library.name,
                ordered=destination.ordered,
                received=destination.received,
                left=destination.left,
            )
    if line.bib is None:
        line.bib = _minimal_record(line, library=order.library, by=by, at=at)
        line.save(update_fields=["bib"])
    result = Received()
    note = audit.note(_("Received on order %(number)s"), number=order.number)
    for library, count in wanted:
        batch = _intake_batch(
            library=library,
            order=order,
            received_on=received_on,
            document_number=document_number,
            by=by,
            at=at,
        )
        added = catalog_services.add_items(
            copies=[
                catalog_services.NewCopy(
                    bib_id=line.bib.pk,
                    library=library,
                    price_vnd=line.unit_price_vnd,
                    intake_batch=batch,
                )
                for _copy in range(count)
            ],
            by=by,
            at=at,
            note=note,
        )
        if added.refused:
            raise next(iter(added.refused.values()))
        result.items.extend(added.items)
        if batch not in result.batches:
            result.batches.append(batch)
        result.receipts.append(
            Receipt.objects.create(
                line=line,
                library=library,
                copies=count,
                amount_vnd=count * line.unit_price_vnd,
                received_on=received_on,
                document_number=document_number,
                intake_batch=batch,
                created_at=at,
                created_by=audit.user_of(by),
            )
        )
        destinations[library.pk].received += count
    complete = all(
        destination.left == 0
        for row in rows.values()
        for destination in (destinations.values() if row.line.pk == line.pk else row.destinations)
    )
    state = policies.next_order_state(order.state, "receive_all" if complete else "receive_part")
    if state is not None and state != order.state:
        order.state = state
        order.save(update_fields=["state"])
    audit.record(
        "order.receive",
        subject=order,
        by=by,
        at=at,
        library_id=order.library_id,
        after={
            "line": line.pk,
            "copies": {library.code: count for library, count in wanted},
            "amount_vnd": result.amount_vnd,
            "document_number": document_number,
            "state": order.state,
        },
    )
    return result


# ---------------------------------------------------------------- invoices


@transaction.atomic
def record_invoice(
    *,
    order: Order,
    number: str,
    issued_on: dt.date,
    amount_vnd: int,
    lines: Sequence[OrderLine],
    by: Actor,
    at: dt.datetime | None = None,
) -> Invoice:
    """Record the supplier's invoice for `order` and the lines it covers.

    Raises AcquisitionsInvalid (no lines, an amount out of range), AcquisitionsRefused (a
    line of another order, a number the supplier already used) or DateOutOfRange."""
    at = at or clock.now()
    number = text.identifier(number)
    if not number:
        raise AcquisitionsInvalid("invoice_needs_number")
    check_date(issued_on, field=str(_("Date")), window="historical")
    _check_amount(amount_vnd, most=MAX_BUDGET_VND)
    if not lines:
        raise AcquisitionsInvalid("invoice_needs_lines")
    if any(line.order_id != order.pk for line in lines):
        raise AcquisitionsRefused("invoice_line_other_order")
    if Invoice.objects.filter(supplier_id=order.supplier_id, number=number).exists():
        raise AcquisitionsRefused("duplicate_invoice", number=number)
    try:
        with transaction.atomic():
            invoice = Invoice.objects.create(
                order=order,
                supplier_id=order.supplier_id,
                number=number,
                issued_on=issued_on,
                amount_vnd=amount_vnd,
                created_at=at,
                created_by=audit.user_of(by),
            )
    except IntegrityError as error:
        raise AcquisitionsRefused("duplicate_invoice", number=number) from error
    invoice.lines.set(lines)
    audit.record(
        "invoice.create",
        subject=invoice,
        by=by,
        at=at,
        library_id=order.library_id,
        after={
            "order": order.number,
            "number": number,
            "amount_vnd": amount_vnd,
            "lines": [line.pk for line in lines],
        },
    )
    return invoice
