"""Catalogue endpoints for staff: records, and copies scoped to the caller's libraries."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from ninja import Router, Schema, Status

from libnet.api.auth import STAFF_AUTH
from libnet.catalog import access, services
from libnet.catalog.models import AccessionRegister, BibRecord, Item
from libnet.core.inputs import INT64_MAX
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

router = Router(tags=["catalog"], auth=STAFF_AUTH)


class RecordOut(Schema):
    id: int
    title: str
    responsibility: str
    authors: list[str]
    publisher: str
    year: int | None
    isbns: list[str]
    language: str
    class_number: str
    subjects: list[str]
    control_number: str


class ItemOut(Schema):
    id: int
    bib_id: int
    barcode: str
    accession_number: str
    home_library: str
    current_library: str
    call_number: str
    status: str
    item_type: str
    price_vnd: int | None
    acquired_on: dt.date | None


class ItemIn(InputSchema):
    bib_id: Id
    library: Identifier
    barcode: Annotated[str, TextRules.column(Item, "barcode")] = ""
    register_prefix: Annotated[str, TextRules.column(AccessionRegister, "prefix")] = ""
    accession_number: Annotated[str, TextRules.column(Item, "accession_number")] = ""
    call_number: Annotated[str, TextRules.column(Item, "call_number")] = ""
    item_type: Code = "book"
    price_vnd: Annotated[int, IntRange(0, INT64_MAX)] | None = None
    acquired_on: Date | None = None


def _record_out(bib: BibRecord) -> RecordOut:
    return RecordOut(
        id=bib.pk,
        title=bib.title,
        responsibility=bib.responsibility,
        authors=bib.author_list,
        publisher=bib.publisher,
        year=bib.year,
        isbns=bib.isbn_list,
        language=bib.language,
        class_number=bib.class_number,
        subjects=bib.subject_list,
        control_number=bib.control_number,
    )


def _item_out(item: Item) -> ItemOut:
    return ItemOut(
        id=item.pk,
        bib_id=item.bib_id,
        barcode=item.barcode,
        accession_number=item.accession_number,
        home_library=item.home_library.code,
        current_library=item.current_library.code,
        call_number=item.call_number,
        status=item.status,
        item_type=item.item_type,
        price_vnd=item.price_vnd,
        acquired_on=item.acquired_on,
    )


@router.get("/records/{bib_id}", response=RecordOut)
def get_record(request: HttpRequest, bib_id: IdParam) -> RecordOut:
    return _record_out(access.get_record_for_staff(request.user, bib_id))


@router.get("/records/{bib_id}/items", response=list[ItemOut])
def list_record_items(request: HttpRequest, bib_id: IdParam) -> list[ItemOut]:
    """Copies of a record held by the caller's libraries."""
    bib = access.get_record_for_staff(request.user, bib_id)
    items = (
        access.items_for_staff(request.user)
        .filter(bib=bib)
        .select_related("home_library", "current_library")
        .order_by("accession_number")
    )
    return [_item_out(item) for item in items]


@router.get("/items/{item_id}", response=ItemOut)
def get_item(request: HttpRequest, item_id: IdParam) -> ItemOut:
    return _item_out(access.get_item_for_staff(request.user, item_id))


@router.get("/items", response=ItemOut)
def get_item_by_barcode(request: HttpRequest, barcode: Identifier) -> ItemOut:
    return _item_out(access.get_item_by_barcode_for_staff(request.user, barcode))


@router.post("/items", response={201: ItemOut})
def create_item(request: HttpRequest, data: ItemIn) -> Status[ItemOut]:
    """Add a copy to a record, in a library where the caller catalogues."""
    library = network_access.get_library_for_staff(request.user, data.library, "catalog")
    bib = access.get_record_for_staff(request.user, data.bib_id)
    register = None
    if data.register_prefix:
        register = access.get_register_for_staff(
            request.user,
            access.registers_for_staff(request.user, "catalog")
            .filter(library=library, prefix=data.register_prefix.upper())
            .values_list("pk", flat=True)
            .first()
            or 0,
            "catalog",
        )
    item = services.add_item(
        bib=bib,
        library=library,
        by=request.user,
        barcode=data.barcode,
        register=register,
        accession_number=data.accession_number,
        call_number=data.call_number,
        item_type=data.item_type,
        price_vnd=data.price_vnd,
        acquired_on=data.acquired_on,
    )
    return Status(201, _item_out(item))
