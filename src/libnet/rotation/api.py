"""JSON endpoints of rotation and transfers.

Thin: parse → access getter → one service → answer. A rule refusal is a 4xx
`{"code", "message"}`; another library's batch or transfer is a 404 unless the caller works
at its sending or receiving library.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status
from pydantic import Field

from libnet.catalog.errors import CatalogRefused
from libnet.catalog.models import Item
from libnet.core import text
from libnet.core.api_auth import STAFF_AUTH
from libnet.core.api_errors import refusals
from libnet.core.errors import LibnetError, NotFound, PermissionDenied, ValidationFailed
from libnet.core.schemas import Date, Flag, Identifier, IdParam, InputSchema, IntRange, TextRules
from libnet.network.models import Library
from libnet.rotation import access, documents, policies, selectors, services
from libnet.rotation.errors import BatchRefused, TransferRefused
from libnet.rotation.models import RotationBatch, Transfer, TransferReason

# The most barcodes one request scans: a batch is a few hundred copies.
MAX_BARCODES = 2_000

Barcodes = Annotated[list[Identifier], Field(max_length=MAX_BARCODES)]

router = Router(tags=["rotation"], auth=STAFF_AUTH)

# The handover record is a PDF, not JSON.
PDF = {
    "responses": {
        200: {
            "description": "The handover record (Mẫu 02), as a PDF.",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


class BatchIn(InputSchema):
    from_library: Identifier
    to_library: Identifier
    planned_start: Date
    planned_end: Date
    purpose: Annotated[str, TextRules.column(RotationBatch, "purpose")] = ""
    keeper_name: Annotated[str, TextRules.column(RotationBatch, "keeper_name")] = ""
    keeper_phone: Annotated[str, TextRules.column(RotationBatch, "keeper_phone")] = ""
    boxes: Annotated[int, IntRange(1, policies.MAX_BOXES)] = 1


class BatchLineOut(Schema):
    barcode: str
    title: str
    box: int
    state: str
    uses: int


class BatchOut(Schema):
    id: int
    from_library: str
    to_library: str
    planned_start: dt.date
    planned_end: dt.date
    state: str
    boxes: int
    purpose: str
    keeper_name: str
    readers: int
    shipped_at: dt.datetime | None
    received_at: dt.datetime | None
    closed_at: dt.datetime | None
    items: list[BatchLineOut]


class ItemsIn(InputSchema):
    barcodes: Barcodes
    box: Annotated[int, IntRange(1, policies.MAX_BOXES)] | None = None


class RefusedOut(Schema):
    barcode: str
    code: str
    message: str


class ItemsOut(Schema):
    added: list[str]
    refused: list[RefusedOut]


class ScanIn(InputSchema):
    barcodes: Barcodes | None = None
    damaged: Barcodes = []
    point_requests: Annotated[
        str, TextRules.column(RotationBatch, "point_requests", multiline=True)
    ] = ""
    # Receiving with copies missing, or closing with copies not back (lost), is refused
    # (409 missing_not_confirmed / losses_not_confirmed) unless the client confirms it.
    confirm: Flag = False


class TransferIn(InputSchema):
    barcode: Identifier
    to_library: Identifier
    reason: TransferReason = TransferReason.MANUAL
    note: Annotated[str, TextRules.column(Transfer, "note")] = ""


class TransferActionIn(InputSchema):
    library: Identifier | None = None


class TransferOut(Schema):
    id: int
    barcode: str
    from_library: str
    to_library: str
    reason: str
    state: str
    requested_at: dt.datetime
    shipped_at: dt.datetime | None
    received_at: dt.datetime | None


def _batch_out(batch: RotationBatch) -> BatchOut:
    return BatchOut(
        id=batch.pk,
        from_library=batch.from_library.code,
        to_library=batch.to_library.code,
        planned_start=batch.planned_start,
        planned_end=batch.planned_end,
        state=batch.state,
        boxes=batch.boxes,
        purpose=batch.purpose,
        keeper_name=batch.keeper_name,
        readers=batch.readers,
        shipped_at=batch.shipped_at,
        received_at=batch.received_at,
        closed_at=batch.closed_at,
        items=[
            BatchLineOut(
                barcode=line.item.barcode,
                title=line.item.bib.title,
                box=line.box_number,
                state=line.state,
                uses=line.uses,
            )
            for line in selectors.batch_lines(batch)
        ],
    )


def _transfer_out(transfer: Transfer) -> TransferOut:
    return TransferOut(
        id=transfer.pk,
        barcode=transfer.item.barcode,
        from_library=transfer.from_library.code,
        to_library=transfer.to_library.code,
        reason=transfer.reason,
        state=transfer.state,
        requested_at=transfer.requested_at,
        shipped_at=transfer.shipped_at,
        received_at=transfer.received_at,
    )


def _library(request: HttpRequest, code: str) -> Library:
    """A library the caller moves copies at."""
    library = Library.objects.filter(
        code=code.strip(), pk__in=access.rotation_library_ids(request.user)
    ).first()
    if library is None:
        raise NotFound("library_not_found")
    return library


def _any_library(code: str) -> Library:
    """A destination anywhere in the network (a point, another library)."""
    library = Library.objects.filter(code=code.strip()).first()
    if library is None:
        raise NotFound("library_not_found")
    return library


def _batch(request: HttpRequest, batch_id: IdParam, action: str) -> RotationBatch:
    batch = access.get_batch_for_staff(request.user, batch_id)
    access.check_batch_action(request.user, batch, action)
    return batch


def _items_in_batch(batch: RotationBatch, barcodes: list[str]) -> list[Item]:
    """The batch's copies with these barcodes; an unknown one is refused by name."""
    codes = [text.identifier(code) for code in barcodes]
    items = {item.barcode: item for item in Item.objects.filter(barcode__in=codes)}
    for code in codes:
        if code not in items:
            raise BatchRefused("no_such_barcode", barcode=code)
    return [items[code] for code in codes]


@router.post(
    "/rotation/batches",
    response={201: BatchOut, **refusals(NotFound, BatchRefused, ValidationFailed)},
)
def create_batch(request: HttpRequest, data: BatchIn) -> Status[BatchOut]:
    """Plan a batch from a library of the caller to a point (library codes, ISO dates)."""
    from_library = _library(request, data.from_library)
    to_library = _any_library(data.to_library)
    batch = services.create_batch(
        from_library=from_library,
        to_library=to_library,
        planned_start=data.planned_start,
        planned_end=data.planned_end,
        purpose=data.purpose,
        keeper_name=data.keeper_name,
        keeper_phone=data.keeper_phone,
        boxes=data.boxes,
        by=request.user,
    )
    return Status(201, _batch_out(access.get_batch_for_staff(request.user, batch.pk)))


@router.get("/rotation/batches/{batch_id}", response={200: BatchOut, **refusals(NotFound)})
def get_batch(request: HttpRequest, batch_id: IdParam) -> BatchOut:
    return _batch_out(access.get_batch_for_staff(request.user, batch_id))


@router.post(
    "/rotation/batches/{batch_id}/items",
    response={200: ItemsOut, **refusals(NotFound, PermissionDenied, BatchRefused)},
)
def add_items(request: HttpRequest, batch_id: IdParam, data: ItemsIn) -> ItemsOut:
    """Add copies by barcode. Each copy is checked on its own; when none could be added the
    first refusal is the answer (4xx {code, message}), else the refused ones are listed."""
    batch = _batch(request, batch_id, "add")
    barcodes = [text.identifier(code) for code in data.barcodes]
    found = {item.barcode: item for item in Item.objects.filter(barcode__in=barcodes)}
    unknown = [code for code in barcodes if code not in found]
    result = services.add_items(
        batch=batch,
        items=[found[code] for code in barcodes if code in found],
        box_number=data.box,
        by=request.user,
    )
    refused: list[tuple[str, LibnetError]] = [
        (code, BatchRefused("no_such_barcode", barcode=code)) for code in unknown
    ]
    refused += result.refused
    if not result.added and refused:
        raise refused[0][1]
    return ItemsOut(
        added=[line.item.barcode for line in result.added],
        refused=[
            RefusedOut(barcode=barcode, code=error.code, message=error.message)
            for barcode, error in refused
        ],
    )


@router.post(
    "/rotation/batches/{batch_id}/pack",
    response={200: BatchOut, **refusals(NotFound, PermissionDenied, BatchRefused)},
)
def pack(request: HttpRequest, batch_id: IdParam) -> BatchOut:
    services.pack_batch(batch=_batch(request, batch_id, "pack"), by=request.user)
    return get_batch(request, batch_id)


@router.post(
    "/rotation/batches/{batch_id}/ship",
    response={200: BatchOut, **refusals(NotFound, PermissionDenied, BatchRefused, CatalogRefused)},
)
def ship(request: HttpRequest, batch_id: IdParam) -> BatchOut:
    services.ship_batch(batch=_batch(request, batch_id, "ship"), by=request.user)
    return get_batch(request, batch_id)


@router.post(
    "/rotation/batches/{batch_id}/receive",
    response={200: BatchOut, **refusals(NotFound, PermissionDenied, BatchRefused, CatalogRefused)},
)
def receive(request: HttpRequest, batch_id: IdParam, data: ScanIn | None = None) -> BatchOut:
    """Record the receipt: `barcodes` lists what arrived (none given: everything did). Copies
    left out are recorded as missing on arrival only with `"confirm": true`; otherwise the
    answer is 409 `missing_not_confirmed` and nothing is recorded."""
    batch = _batch(request, batch_id, "receive")
    arrived = None
    if data is not None and data.barcodes is not None:
        arrived = [item.pk for item in _items_in_batch(batch, data.barcodes)]
    services.receive_batch(
        batch=batch,
        arrived_item_ids=arrived,
        confirm=data is not None and data.confirm,
        by=request.user,
    )
    return get_batch(request, batch_id)


@router.post(
    "/rotation/batches/{batch_id}/use",
    response={200: BatchOut, **refusals(NotFound, PermissionDenied, BatchRefused)},
)
def use(request: HttpRequest, batch_id: IdParam) -> BatchOut:
    services.start_use(batch=_batch(request, batch_id, "use"), by=request.user)
    return get_batch(request, batch_id)


@router.post(
    "/rotation/batches/{batch_id}/return",
    response={200: BatchOut, **refusals(NotFound, PermissionDenied, BatchRefused, CatalogRefused)},
)
def send_back(request: HttpRequest, batch_id: IdParam, data: ScanIn | None = None) -> BatchOut:
    """The point sends the boxes back, with what it asks for next time."""
    services.send_back(
        batch=_batch(request, batch_id, "return"),
        point_requests=data.point_requests if data else "",
        by=request.user,
    )
    return get_batch(request, batch_id)


@router.post(
    "/rotation/batches/{batch_id}/close",
    response={200: BatchOut, **refusals(NotFound, PermissionDenied, BatchRefused, CatalogRefused)},
)
def close(request: HttpRequest, batch_id: IdParam, data: ScanIn | None = None) -> BatchOut:
    """Count what came back (`barcodes`, `damaged`; none given: what was scanned on the page)
    and close: the rest is lost and goes on the weeding list, only with `"confirm": true`
    (otherwise 409 `losses_not_confirmed`, and nothing, not even the scans, is recorded)."""
    batch = _batch(request, batch_id, "close")
    # One transaction: a refused close or an unknown barcode leaves no scan behind.
    with transaction.atomic():
        if data is not None:
            for item in _items_in_batch(batch, data.barcodes or []):
                services.scan_return(batch=batch, item=item, by=request.user)
            for item in _items_in_batch(batch, data.damaged):
                services.scan_return(batch=batch, item=item, damaged=True, by=request.user)
        services.close_batch(
            batch=batch, confirm=data is not None and data.confirm, by=request.user
        )
    return get_batch(request, batch_id)


@router.post(
    "/rotation/batches/{batch_id}/cancel",
    response={200: BatchOut, **refusals(NotFound, PermissionDenied, BatchRefused)},
)
def cancel(request: HttpRequest, batch_id: IdParam) -> BatchOut:
    services.cancel_batch(batch=_batch(request, batch_id, "cancel"), by=request.user)
    return get_batch(request, batch_id)


@router.get(
    "/rotation/batches/{batch_id}/handover.pdf",
    response={200: None, **refusals(NotFound)},
    openapi_extra=PDF,
)
def handover_pdf(request: HttpRequest, batch_id: IdParam) -> HttpResponse:
    """The handover record (Mẫu 02) of the batch as a PDF."""
    batch = access.get_batch_for_staff(request.user, batch_id)
    content = documents.handover_pdf(batch, list(selectors.batch_lines(batch)))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="batch-{batch.pk}-handover.pdf"'
    return response


@router.post(
    "/transfers",
    response={201: TransferOut, **refusals(NotFound, TransferRefused, ValidationFailed)},
)
def create_transfer(request: HttpRequest, data: TransferIn) -> Status[TransferOut]:
    """Ask for a copy of the caller's library to be sent to another library."""
    item = access.get_scanned_item(request.user, data.barcode)
    if item.current_library_id not in access.rotation_library_ids(request.user):
        raise NotFound("item_not_found")
    transfer = services.request_transfer(
        item=item,
        to_library=_any_library(data.to_library),
        reason=data.reason,
        note=data.note,
        by=request.user,
    )
    return Status(201, _transfer_out(access.get_transfer_for_staff(request.user, transfer.pk)))


@router.get("/transfers/{transfer_id}", response={200: TransferOut, **refusals(NotFound)})
def get_transfer(request: HttpRequest, transfer_id: IdParam) -> TransferOut:
    return _transfer_out(access.get_transfer_for_staff(request.user, transfer_id))


@router.post(
    "/transfers/{transfer_id}/ship",
    response={200: TransferOut, **refusals(NotFound, TransferRefused, CatalogRefused)},
)
def ship_transfer(request: HttpRequest, transfer_id: IdParam) -> TransferOut:
    transfer = access.get_transfer_for_staff(request.user, transfer_id)
    _library(request, transfer.from_library.code)
    services.ship_transfer(transfer=transfer, by=request.user)
    return get_transfer(request, transfer_id)


@router.post(
    "/transfers/{transfer_id}/receive",
    response={200: TransferOut, **refusals(NotFound, TransferRefused, CatalogRefused)},
)
def receive_transfer(request: HttpRequest, transfer_id: IdParam) -> TransferOut:
    transfer = access.get_transfer_for_staff(request.user, transfer_id)
    desk = _library(request, transfer.to_library.code)
    services.receive_transfer(transfer=transfer, desk=desk, by=request.user)
    return get_transfer(request, transfer_id)


@router.post(
    "/transfers/{transfer_id}/cancel",
    response={200: TransferOut, **refusals(NotFound, TransferRefused)},
)
def cancel_transfer(request: HttpRequest, transfer_id: IdParam) -> TransferOut:
    transfer = access.get_transfer_for_staff(request.user, transfer_id)
    _library(request, transfer.from_library.code)
    services.cancel_transfer(transfer=transfer, by=request.user)
    return get_transfer(request, transfer_id)
