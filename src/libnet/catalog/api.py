"""Catalogue endpoints for staff: records, and copies scoped to the caller's libraries."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from pydantic import field_validator

from libnet.catalog import access, services
from libnet.catalog.errors import CatalogRefused
from libnet.catalog.models import MAX_PRICE_VND, AccessionRegister, BibRecord, Item
from libnet.core import text
from libnet.core.api_auth import STAFF_AUTH
from libnet.core.api_errors import refusals
from libnet.core.errors import LibnetError, NotFound
from libnet.core.schemas import (
    Code,
    Date,
    Flag,
    Id,
    Identifier,
    IdParam,
    InputSchema,
    IntRange,
    TextRules,
    domain_error,
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
    # A typed accession number far past the register's next free one is refused unless the
    # client confirms it (catalog.policies.ACCESSION_JUMP_LIMIT); only then does the
    # register continue from it.
    confirm_jump: Flag = False
    call_number: Annotated[str, TextRules.column(Item, "call_number")] = ""
    item_type: Code = "book"
    price_vnd: Annotated[int, IntRange(0, MAX_PRICE_VND)] | None = None
    acquired_on: Date | None = Field(
        None, description="Not in the future, not before 1900 (LIBNET_HISTORICAL_EARLIEST)."
    )

    @field_validator("acquired_on")
    @classmethod
    def _acquired_in_the_past(cls, acquired_on: dt.date | None) -> dt.date | None:
        _check(services.check_acquired_on, acquired_on)
        return acquired_on


def _check(check: Any, value: Any) -> None:
    """Run one of catalog.services' checks as a field validator: its refusal becomes the
    field's entry in the 422's detail, in the request's language."""
    try:
        check(value)
    except LibnetError as refusal:
        raise domain_error(refusal) from None


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


@router.get("/records/{bib_id}/items", response={200: list[ItemOut], **refusals(NotFound)})
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


@router.get("/items/{item_id}", response={200: ItemOut, **refusals(NotFound)})
def get_item(request: HttpRequest, item_id: IdParam) -> ItemOut:
    return _item_out(access.get_item_for_staff(request.user, item_id))


@router.get("/items", response={200: ItemOut, **refusals(NotFound)})
def get_item_by_barcode(request: HttpRequest, barcode: Identifier) -> ItemOut:
    return _item_out(access.get_item_by_barcode_for_staff(request.user, barcode))


@router.post("/items", response={201: ItemOut, **refusals(NotFound, CatalogRefused)})
def create_item(request: HttpRequest, data: ItemIn) -> Status[ItemOut]:
    """Add a copy to a record, in a library where the caller catalogues."""
    library = network_access.get_library_for_staff(
        request.user, text.identifier(data.library), "catalog"
    )
    bib = access.get_record_for_staff(request.user, data.bib_id)
    register = None
    if data.register_prefix:
        register = access.get_register_for_staff(
            request.user,
            access.registers_for_staff(request.user, "catalog")
            .filter(library=library, prefix=text.identifier(data.register_prefix))
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
        confirm_jump=data.confirm_jump,
        call_number=data.call_number,
        item_type=data.item_type,
        price_vnd=data.price_vnd,
        acquired_on=data.acquired_on,
    )
    return Status(201, _item_out(item))
