"""JSON endpoints of the stocktake (/api/v1/stocktakes), the general register
(/api/v1/registers/{code}/{year}) and compensation for a lost copy
(/api/v1/loans/{id}/compensation).

Thin: parse → access getter → one service → answer. A refusal is a 4xx `{"code", "message"}`;
another library's stocktake is a 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field, model_validator

from libnet.catalog.errors import CatalogRefused
from libnet.catalog.models import MAX_PRICE_VND, BibRecord
from libnet.circulation import access as circulation_access
from libnet.core import clock, text
from libnet.core.api_auth import STAFF_AUTH
from libnet.core.api_errors import refusals
from libnet.core.errors import NotFound
from libnet.core.schemas import (
    Code,
    DateTime,
    Flag,
    Id,
    Identifier,
    IdParam,
    InputSchema,
    IntRange,
    TextRules,
    domain_error,
)
from libnet.stock import access, compensation, policies, register, selectors, services
from libnet.stock.errors import (
    CompensationInvalid,
    CompensationRefused,
    StocktakeInvalid,
    StocktakeRefused,
)
from libnet.stock.models import (
    CommitteeMember,
    Compensation,
    ScanSource,
    Stocktake,
    StocktakeReason,
)

# The most barcodes one request scans: a scanner's file of a large library, in a few parts.
MAX_BARCODES = 20_000
# The most scans of a tablet's queue in one sync: a day's scanning without a network.
MAX_QUEUED = 5_000

router = Router(tags=["stocktake"], auth=STAFF_AUTH)


class ScopeIn(InputSchema):
    """Empty: the whole library; or shelf locations; or a call-number range."""

    @model_validator(mode="before")
    @classmethod
    def _known_keys_only(cls, data: Any) -> Any:
        # A key it does not know is a mistake (a misspelt "locations" would count the whole
        # library), not something to ignore.
        # ninja hands the body over wrapped in its DjangoGetter.
        keys = getattr(data, "_obj", data)
        if isinstance(keys, dict) and set(keys) - set(cls.model_fields):
            raise domain_error(StocktakeInvalid("bad_scope"))
        return data

    locations: Annotated[list[Id], Field(max_length=200)] = []
    call_number_from: Annotated[str, TextRules.column(Stocktake, "call_number_from")] = ""
    call_number_to: Annotated[str, TextRules.column(Stocktake, "call_number_to")] = ""


class MemberIn(InputSchema):
    name: Annotated[str, TextRules.column(CommitteeMember, "name")]
    role: Annotated[str, TextRules.column(CommitteeMember, "role")] = ""


class StocktakeIn(InputSchema):
    library: Identifier
    scope: ScopeIn = ScopeIn()
    reason: StocktakeReason = StocktakeReason.PERIODIC
    committee: Annotated[list[MemberIn], Field(max_length=services.MAX_COMMITTEE)] = []


class CreatedOut(Schema):
    id: int


class ScansIn(InputSchema):
    barcodes: Annotated[list[Identifier], Field(min_length=1, max_length=MAX_BARCODES)]


class ScansOut(Schema):
    accepted: int = Field(description="New scans of copies in scope.")
    unknown: list[str] = Field(description="New barcodes that are not copies in scope.")
    repeated: int = Field(description="Scans of a barcode already scanned (or twice here).")


class TabletScanIn(InputSchema):
    uuid: Identifier = Field(description="The UUID the tablet gave the scan: applied once.")
    barcode: Identifier
    location: Id | None = Field(None, description="The shelf location being counted, if said.")
    scanned_at: DateTime = Field(description="The tablet's time of the scan, with its zone.")


class StocktakeSyncIn(InputSchema):
    scans: Annotated[list[TabletScanIn], Field(max_length=MAX_QUEUED)]


class TabletScanOut(Schema):
    uuid: str
    result: str = Field(
        description="found, misplaced, out_of_scope, not_a_copy, repeated, or refused."
    )
    code: str = Field(
        description="Why it was refused (bad_uuid, no_barcode, "
        "location_not_found, date_out_of_range); empty otherwise."
    )
    message: str


class StocktakeSyncOut(Schema):
    results: list[TabletScanOut]


class CountsOut(Schema):
    found: int
    misplaced: int
    not_missing: int
    missing: int
    unknown: int


class StocktakeOut(Schema):
    id: int
    library: str
    reason: str
    state: str
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    counts: CountsOut


class MarkLostIn(InputSchema):
    # Marking copies lost is refused (409 lost_not_confirmed) unless the client confirms it.
    confirm: Flag = False


class MarkLostOut(Schema):
    lost: int


@router.post(
    "/stocktakes",
    response={201: CreatedOut, **refusals(NotFound, StocktakeInvalid, StocktakeRefused)},
)
def create_stocktake(request: HttpRequest, data: StocktakeIn) -> Status[CreatedOut]:
    """Open a stocktake of a library of the caller (its code) and snapshot the copies in
    scope; `scope` `{}` is the whole library."""
    library = access.get_library_for_stocktake(request.user, data.library)
    scope = data.scope
    # The scope's shape before its shelf locations are looked up: a range beside locations
    # is refused as such, whether or not the locations exist.
    refusal = policies.scope_refusal(
        locations=len(scope.locations),
        start=text.clean(scope.call_number_from),
        end=text.clean(scope.call_number_to),
    )
    if refusal is not None:
        raise StocktakeInvalid(refusal)
    stocktake = services.open_stocktake(
        library=library,
        reason=data.reason,
        locations=access.locations_of(library, list(data.scope.locations)),
        call_number_from=data.scope.call_number_from,
        call_number_to=data.scope.call_number_to,
        committee=[(member.name, member.role) for member in data.committee],
        by=request.user,
    )
    return Status(201, CreatedOut(id=stocktake.pk))


@router.get("/stocktakes/{stocktake_id}", response={200: StocktakeOut, **refusals(NotFound)})
def get_stocktake(request: HttpRequest, stocktake_id: IdParam) -> StocktakeOut:
    """The stocktake with its counts: live while open, as closed once closed."""
    stocktake = access.get_stocktake_for_staff(request.user, stocktake_id)
    return StocktakeOut(
        id=stocktake.pk,
        library=stocktake.library.code,
        reason=stocktake.reason,
        state=stocktake.state,
        opened_at=stocktake.opened_at,
        closed_at=stocktake.closed_at,
        counts=CountsOut(**selectors.outcome_counts(stocktake)),
    )


@router.post(
    "/stocktakes/{stocktake_id}/scans",
    response={200: ScansOut, **refusals(NotFound, StocktakeRefused)},
)
def scan(request: HttpRequest, stocktake_id: IdParam, data: ScansIn) -> ScansOut:
    """Record scanned barcodes; a barcode scanned before counts as repeated, never an error."""
    stocktake = access.get_stocktake_for_staff(request.user, stocktake_id)
    result = services.record_scans(
        stocktake=stocktake,
        # NFKC may lengthen a code ("ﬁ" → "fi"); past a barcode's 64 characters it is no
        # copy's, and the column holds 64.
        scans=[(text.identifier(code)[:64], None) for code in data.barcodes],
        source=ScanSource.API,
        by=request.user,
    )
    return ScansOut(accepted=result.accepted, unknown=result.unknown, repeated=result.repeated)


@router.post(
    "/stocktakes/{stocktake_id}/sync",
    response={200: StocktakeSyncOut, **refusals(NotFound, StocktakeRefused)},
    url_name="stocktake_sync",
)
def sync(request: HttpRequest, stocktake_id: IdParam, data: StocktakeSyncIn) -> StocktakeSyncOut:
    """Apply a tablet's queue of scans in order (source "tablet"), each once by its UUID:
    a UUID applied before is answered as it was then and not counted again, so sending the
    queue again is harmless. A scan with a bad barcode or UUID, another library's shelf
    location or a time outside the operational window is refused on its own (`"result":
    "refused"` with its `code`); the others are applied. A closed stocktake refuses the
    whole queue (409 `not_open`)."""
    stocktake = access.get_stocktake_for_staff(request.user, stocktake_id)
    answers = services.sync_tablet_scans(
        stocktake=stocktake,
        scans=[
            services.QueuedScan(
                uuid=scan.uuid,
                barcode=scan.barcode,
                location=scan.location,
                scanned_at=scan.scanned_at,
            )
            for scan in data.scans
        ],
        by=request.user,
    )
    return StocktakeSyncOut(
        results=[
            TabletScanOut(uuid=a.uuid, result=a.result, code=a.code, message=a.message)
            for a in answers
        ]
    )


@router.post(
    "/stocktakes/{stocktake_id}/close",
    response={200: CountsOut, **refusals(NotFound, StocktakeRefused)},
)
def close(request: HttpRequest, stocktake_id: IdParam) -> CountsOut:
    """Close: the first four counts are disjoint and add up to the copies in scope; `unknown`
    counts the scanned barcodes that are not copies in scope."""
    stocktake = access.get_stocktake_for_staff(request.user, stocktake_id)
    return CountsOut(**services.close_stocktake(stocktake=stocktake, by=request.user))


@router.post(
    "/stocktakes/{stocktake_id}/mark-lost",
    response={200: MarkLostOut, **refusals(NotFound, StocktakeRefused)},
)
def mark_lost(
    request: HttpRequest, stocktake_id: IdParam, data: MarkLostIn | None = None
) -> MarkLostOut:
    """Mark the copies not found as lost and put them on the weeding list, with
    `"confirm": true` (otherwise 409 `lost_not_confirmed`, nothing written)."""
    stocktake = access.get_stocktake_for_staff(request.user, stocktake_id)
    lost = services.mark_missing_as_lost(
        stocktake=stocktake, confirm=data is not None and data.confirm, by=request.user
    )
    return MarkLostOut(lost=lost)


# --- the general register ----------------------------------------------------------------------


class RegisterFiguresOut(Schema):
    copies: int
    by_kind: dict[str, int]
    value_vnd: int
    without_price: int


class RegisterIntakeOut(RegisterFiguresOut):
    number: int
    received_on: dt.date
    source: str
    document_number: str
    supplier: str
    titles: int
    by_language: dict[str, int]


class RegisterWithdrawalOut(RegisterFiguresOut):
    number: int
    decided_on: dt.date
    decision_number: str
    by_reason: dict[str, int]


class RegisterStockOut(RegisterFiguresOut):
    on: dt.date
    stocktake: int | None


class RegisterOut(Schema):
    library: str
    year: int
    intake: list[RegisterIntakeOut]
    withdrawals: list[RegisterWithdrawalOut]
    stock: list[RegisterStockOut]


def _figures(figures: register.Figures) -> dict[str, Any]:
    return {
        "copies": figures.copies,
        "by_kind": {kind: count for kind, count in figures.by_kind.items() if count},
        "value_vnd": figures.value_vnd,
        "without_price": figures.without_price,
    }


@router.get("/registers/{code}/{year}", response={200: RegisterOut, **refusals(NotFound)})
def get_register(request: HttpRequest, code: Identifier, year: IdParam) -> RegisterOut:
    """The general register of a library (its code) for a year: Part I by intake batch
    (source "other" for the copies added without one, a line per month), Part II by
    withdrawal decision, Part III the stock at each year's end and stocktake."""
    library = access.get_library_for_stocktake(request.user, code)
    general = register.general_register(library, register.register_year(year, today=clock.today()))
    return RegisterOut(
        library=library.code,
        year=general.year,
        intake=[
            RegisterIntakeOut(
                number=row.number,
                received_on=row.received_on,
                source=row.source,
                document_number=row.document_number,
                supplier=row.supplier,
                titles=row.figures.titles,
                by_language={code: n for code, n in row.figures.by_language.items() if n},
                **_figures(row.figures),
            )
            for row in general.intake
        ],
        withdrawals=[
            RegisterWithdrawalOut(
                number=row.number,
                decided_on=row.decided_on,
                decision_number=row.decision_number,
                by_reason={reason: n for reason, n in row.figures.by_reason.items() if n},
                **_figures(row.figures),
            )
            for row in general.withdrawals
        ],
        stock=[
            RegisterStockOut(
                on=row.on,
                stocktake=row.stocktake.pk if row.stocktake else None,
                **_figures(row.figures),
            )
            for row in general.stock
        ],
    )


# --- compensation for a lost copy ---------------------------------------------------------------


class CompensationIn(InputSchema):
    kind: Code
    receipt_number: Annotated[str, TextRules.column(Compensation, "receipt_number")] = ""
    amount_vnd: Annotated[int, IntRange(1, MAX_PRICE_VND)] | None = None
    replacement_record: Id | None = None
    replacement_barcode: Identifier = ""
    replacement_price_vnd: Annotated[int, IntRange(0, MAX_PRICE_VND)] | None = None


class CompensationOut(Schema):
    id: int
    kind: str
    amount_vnd: int | None
    receipt_number: str
    replacement_barcode: str | None


@router.post(
    "/loans/{loan_id}/compensation",
    response={
        201: CompensationOut,
        **refusals(NotFound, CompensationInvalid, CompensationRefused, CatalogRefused),
    },
)
def compensate(
    request: HttpRequest, loan_id: IdParam, data: CompensationIn
) -> Status[CompensationOut]:
    """A reader of a lost (or still open) loan at one of the caller's desks brings a
    replacement copy (`kind` "replacement": it joins the general register) or pays
    (`kind` "payment": the price × the library's factor unless `amount_vnd` is given, with a
    `receipt_number`)."""
    loan = circulation_access.get_loan_for_staff(request.user, loan_id)
    bib = None
    if data.replacement_record is not None:
        bib = BibRecord.objects.filter(pk=data.replacement_record).first()
        if bib is None:
            raise CompensationInvalid("record_not_found")
    done = compensation.compensate_lost_loan(
        loan=loan,
        kind=data.kind,
        by=request.user,
        receipt_number=data.receipt_number,
        amount_vnd=data.amount_vnd,
        replacement_bib=bib,
        replacement_price_vnd=data.replacement_price_vnd,
        replacement_barcode=data.replacement_barcode,
    )
    return Status(
        201,
        CompensationOut(
            id=done.pk,
            kind=done.kind,
            amount_vnd=done.amount_vnd,
            receipt_number=done.receipt_number,
            replacement_barcode=done.replacement.barcode if done.replacement else None,
        ),
    )
