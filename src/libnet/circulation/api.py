"""JSON endpoints of the circulation desk: lend, return, renew, holds and visit counts.

Thin: parse → access getter → one service → answer. A refusal is a LibnetError that the API
turns into a 4xx `{"code", "message"}`; another library's loan, hold or reader is a 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from ninja import Router, Schema, Status

from libnet.catalog import access as catalog_access
from libnet.catalog.errors import CatalogRefused
from libnet.circulation import access, selectors, services
from libnet.circulation.errors import (
    CheckinRefused,
    CheckoutRefused,
    HoldRefused,
    RenewalRefused,
    VisitRefused,
)
from libnet.circulation.forms import MAX_VISITS_PER_DAY
from libnet.circulation.models import Hold, Loan, VisitSource
from libnet.core.api_auth import STAFF_AUTH
from libnet.core.api_errors import refusals
from libnet.core.errors import NotFound, ValidationFailed
from libnet.core.schemas import (
    Code,
    Date,
    Id,
    Identifier,
    IdParam,
    InputSchema,
    IntRange,
    TextRules,
)
from libnet.network import access as network_access
from libnet.network.models import Library

router = Router(tags=["circulation"], auth=STAFF_AUTH)


def _desk(request: HttpRequest, code: str) -> Library:
    return network_access.get_library_for_staff(request.user, code.strip(), access.PERMISSION)


class CheckoutIn(InputSchema):
    library: Identifier
    card_number: Identifier
    item_barcode: Identifier


class CheckoutOut(Schema):
    loan_id: int
    due_at: dt.date
    due_on: dt.date


class CheckinIn(InputSchema):
    library: Identifier
    item_barcode: Identifier


class CheckinOut(Schema):
    loan_id: int | None
    transfer_to: str | None
    hold_id: int | None
    item_status: str
    fine_vnd: int


class RenewIn(InputSchema):
    loan_id: Id


class RenewOut(Schema):
    loan_id: int
    due_at: dt.date
    renewals: int


class LoanOut(Schema):
    id: int
    item_barcode: str
    record_id: int
    title: str
    card_number: str | None
    library: str
    status: str
    loaned_at: dt.datetime
    due_on: dt.date
    renewals: int
    closed_at: dt.datetime | None
    returned_at_library: str | None
    fine_vnd: int


class HoldIn(InputSchema):
    library: Identifier
    card_number: Identifier
    record_id: Id


class HoldCancelIn(InputSchema):
    reason: Annotated[str, TextRules.column(Hold, "cancel_reason")] = ""


class HoldOut(Schema):
    hold_id: int
    record_id: int
    card_number: str | None
    pickup_library: str
    status: str
    item_barcode: str | None
    placed_at: dt.datetime
    pickup_until: dt.date | None


class VisitsIn(InputSchema):
    library: Identifier
    date: Date
    count: Annotated[int, IntRange(0, MAX_VISITS_PER_DAY)]
    source: Code = VisitSource.MANUAL


class VisitsOut(Schema):
    library: str
    date: dt.date
    source: str
    count: int
    total: int


def _loan_out(loan: Loan) -> LoanOut:
    return LoanOut(
        id=loan.pk,
        item_barcode=loan.item.barcode,
        record_id=loan.item.bib_id,
        title=loan.item.bib.title,
        card_number=loan.patron.card_number if loan.patron else None,
        library=loan.library.code,
        status=loan.status,
        loaned_at=loan.loaned_at,
        due_on=loan.due_on,
        renewals=loan.renewals,
        closed_at=loan.closed_at,
        returned_at_library=(
            loan.returned_at_library.code if loan.returned_at_library is not None else None
        ),
        fine_vnd=loan.fine_vnd,
    )


def _hold_out(hold: Hold) -> HoldOut:
    return HoldOut(
        hold_id=hold.pk,
        record_id=hold.bib_id,
        card_number=hold.patron.card_number if hold.patron else None,
        pickup_library=hold.pickup_library.code,
        status=hold.status,
        item_barcode=hold.item.barcode if hold.item else None,
        placed_at=hold.placed_at,
        pickup_until=hold.pickup_until,
    )


@router.post(
    "/circulation/checkout",
    response={201: CheckoutOut, **refusals(NotFound, CheckoutRefused, CatalogRefused)},
)
def checkout(request: HttpRequest, data: CheckoutIn) -> Status[CheckoutOut]:
    """Lend a copy of the desk's library to a reader whose card is valid there (their own
    library's, or a joint card), at a desk of the caller."""
    desk = _desk(request, data.library)
    patron = access.get_reader_for_lending(request.user, data.card_number, desk=desk)
    item = access.get_item_at_desk(request.user, data.item_barcode, desk=desk)
    loan = services.checkout_item(item=item, patron=patron, desk=desk, by=request.user)
    return Status(201, CheckoutOut(loan_id=loan.pk, due_at=loan.due_on, due_on=loan.due_on))


@router.post(
    "/circulation/checkin",
    response={200: CheckinOut, **refusals(NotFound, CheckinRefused, CatalogRefused)},
)
def checkin(request: HttpRequest, data: CheckinIn) -> CheckinOut:
    """Take a copy back at a desk of the caller: a copy on loan, wherever it was lent, or one
    travelling to this desk; another library's copy that is not on loan is refused (409)."""
    desk = _desk(request, data.library)
    item = access.get_item_at_desk(request.user, data.item_barcode, desk=desk)
    result = services.checkin_item(item=item, desk=desk, by=request.user)
    return CheckinOut(
        loan_id=result.loan.pk if result.loan else None,
        transfer_to=result.transfer_to.code if result.transfer_to else None,
        hold_id=result.hold.pk if result.hold else None,
        item_status=result.item.status,
        fine_vnd=result.fine_vnd,
    )


@router.post("/circulation/renew", response={200: RenewOut, **refusals(NotFound, RenewalRefused)})
def renew(request: HttpRequest, data: RenewIn) -> RenewOut:
    loan = access.get_loan_for_staff(request.user, data.loan_id)
    loan = services.renew_loan(loan=loan, by=request.user)
    return RenewOut(loan_id=loan.pk, due_at=loan.due_on, renewals=loan.renewals)


@router.get("/loans/{loan_id}", response={200: LoanOut, **refusals(NotFound)})
def get_loan(request: HttpRequest, loan_id: IdParam) -> LoanOut:
    return _loan_out(access.get_loan_for_staff(request.user, loan_id))


@router.post("/holds", response={201: HoldOut, **refusals(NotFound, HoldRefused)})
def place_hold(request: HttpRequest, data: HoldIn) -> Status[HoldOut]:
    """Queue the reader for a title, to collect at `library` (a desk of the caller)."""
    pickup = _desk(request, data.library)
    patron = access.get_reader_for_lending(
        request.user, data.card_number, desk=pickup, refusal=HoldRefused
    )
    bib = catalog_access.get_record_for_staff(request.user, data.record_id)
    hold = services.place_hold(bib=bib, patron=patron, pickup_library=pickup, by=request.user)
    return Status(201, _hold_out(access.get_hold_for_staff(request.user, hold.pk)))


@router.get("/holds/{hold_id}", response={200: HoldOut, **refusals(NotFound)})
def get_hold(request: HttpRequest, hold_id: IdParam) -> HoldOut:
    return _hold_out(access.get_hold_for_staff(request.user, hold_id))


@router.post(
    "/holds/{hold_id}/cancel",
    response={200: HoldOut, **refusals(NotFound, HoldRefused, ValidationFailed)},
)
def cancel_hold(request: HttpRequest, hold_id: IdParam, data: HoldCancelIn) -> HoldOut:
    hold = access.get_hold_for_staff(request.user, hold_id)
    services.cancel_hold(hold=hold, by=request.user, reason=data.reason)
    return _hold_out(access.get_hold_for_staff(request.user, hold_id))


@router.post("/visits", response={200: VisitsOut, **refusals(NotFound, VisitRefused)})
def record_visits(request: HttpRequest, data: VisitsIn) -> VisitsOut:
    """The day's visits: "manual" (default) and "gate" set the day's figure, "desk" adds to it."""
    library = _desk(request, data.library)
    row = services.record_visits(
        library=library, day=data.date, count=data.count, source=data.source, by=request.user
    )
    return VisitsOut(
        library=library.code,
        date=row.day,
        source=row.source,
        count=row.count,
        total=selectors.visits_on(library=library, day=row.day),
    )
