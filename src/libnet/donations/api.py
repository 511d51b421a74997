"""JSON endpoints of donations, under /api/v1/donations.

Thin: parse → access getter → one service → answer. A refusal is a 4xx `{"code", "message"}`;
another library's donation, donor or drive is a 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from libnet.catalog import access as catalog_access
from libnet.catalog.models import MAX_PRICE_VND
from libnet.core.api_auth import STAFF_AUTH
from libnet.core.api_errors import refusals
from libnet.core.errors import NotFound
from libnet.core.schemas import Date, Id, Identifier, IdParam, InputSchema, IntRange, TextRules
from libnet.core.validation import DateOutOfRange
from libnet.donations import access, selectors, services
from libnet.donations.errors import DonationInvalid, DonationNotFound, DonationRefused
from libnet.donations.models import (
    MAX_COPIES_PER_LINE,
    Condition,
    Donation,
    DonationLine,
    Donor,
    DonorKind,
    Drive,
)
from libnet.network import access as network_access
from libnet.network.errors import RoleRequired

# The most titles one donation carries through the API.
MAX_LINES = 500

router = Router(tags=["donations"], auth=STAFF_AUTH)

Copies = Annotated[int, IntRange(1, MAX_COPIES_PER_LINE)]
Money = Annotated[int, IntRange(0, MAX_PRICE_VND)]


class DriveOut(Schema):
    id: int
    library: str
    title: str
    starts_on: dt.date
    ends_on: dt.date
    covers_subtree: bool
    goal_books: int
    goal_vnd: int | None
    donations: int = Field(description="Donations recorded for the drive.")
    books: int = Field(description="Donated books (copies) received for the drive.")
    money_vnd: int
    percent: int | None = Field(description="Books received as a share of the goal, in %.")


class DonorIn(InputSchema):
    library: Identifier
    kind: DonorKind
    name: Annotated[str, TextRules.column(Donor, "name")]
    contact: Annotated[str, TextRules.column(Donor, "contact")] = ""
    school_class: Annotated[str, TextRules.column(Donor, "school_class")] = ""


class CreatedOut(Schema):
    id: int


class DonationLineIn(InputSchema):
    copies: Copies
    title: Annotated[str, TextRules.column(DonationLine, "title")] = ""
    isbn: Annotated[str, TextRules(max_length=20)] = ""
    value_vnd: Money | None = None
    condition: Condition = Condition.GOOD


class DonationIn(InputSchema):
    library: Identifier
    donor: Id
    drive: Id | None = None
    received_on: Date
    money_vnd: Money | None = None
    note: Annotated[str, TextRules.column(Donation, "note")] = ""
    lines: Annotated[list[DonationLineIn], Field(min_length=1, max_length=MAX_LINES)]


class DonationLineOut(Schema):
    id: int
    title: str
    isbn: str
    record: int | None
    copies: int
    value_vnd: int | None
    condition: str
    catalogued: int
    passed_on: int


class DonationOut(Schema):
    id: int
    receipt_number: str
    library: str
    donor: str
    drive: int | None
    received_on: dt.date
    money_vnd: int | None
    lines: list[DonationLineOut]


class DonationCatalogueIn(InputSchema):
    copies: Copies
    record: Id | None = Field(None, description="The record, when the title has none yet.")


class DonationCataloguedOut(Schema):
    barcodes: list[str]
    accession_numbers: list[str]


class OnwardGiftLineIn(InputSchema):
    line: Id
    copies: Copies


class PassOnIn(InputSchema):
    destination: Identifier
    given_on: Date
    note: Annotated[str, TextRules.column(Donation, "note")] = ""
    lines: Annotated[list[OnwardGiftLineIn], Field(min_length=1, max_length=MAX_LINES)]


def _drives_out(drives: list[Drive]) -> list[DriveOut]:
    progress = selectors.drive_progress(drives)
    return [
        DriveOut(
            id=drive.pk,
            library=drive.library.code,
            title=drive.title,
            starts_on=drive.starts_on,
            ends_on=drive.ends_on,
            covers_subtree=drive.covers_subtree,
            goal_books=drive.goal_books,
            goal_vnd=drive.goal_vnd,
            donations=progress[drive.pk].donations,
            books=progress[drive.pk].books,
            money_vnd=progress[drive.pk].money_vnd,
            percent=progress[drive.pk].percent,
        )
        for drive in drives
    ]


def _donation_out(donation: Donation) -> DonationOut:
    return DonationOut(
        id=donation.pk,
        receipt_number=donation.receipt_number,
        library=donation.library.code,
        donor=donation.donor.name,
        drive=donation.drive_id,
        received_on=donation.received_on,
        money_vnd=donation.money_vnd,
        lines=[
            DonationLineOut(
                id=line.pk,
                title=line.title,
                isbn=line.isbn,
                record=line.bib_id,
                copies=line.copies,
                value_vnd=line.value_vnd,
                condition=line.condition,
                catalogued=line.catalogued,
                passed_on=line.passed_on,
            )
            for line in donation.lines.all()
        ],
    )


@router.get("/donations/drives", response={200: list[DriveOut], **refusals(NotFound)})
def list_drives(request: HttpRequest, library: Identifier = "") -> list[DriveOut]:
    """The drives the caller sees (those of their libraries, and those above them that the
    libraries below take part in), with their progress; `library` (a code): that library's."""
    network_access.require_role(request.user, "view")
    drives = access.drives_for_staff(request.user).select_related("library")
    if library:
        found = network_access.get_library_for_staff(request.user, library.strip().upper())
        drives = drives.filter(library=found)
    return _drives_out(list(drives[:500]))


@router.get("/donations/drives/{drive_id}", response={200: DriveOut, **refusals(NotFound)})
def get_drive(request: HttpRequest, drive_id: IdParam) -> DriveOut:
    return _drives_out([access.get_drive_for_staff(request.user, drive_id)])[0]


@router.post(
    "/donations/donors",
    response={201: CreatedOut, **refusals(NotFound, DonationInvalid)},
)
def create_donor(request: HttpRequest, data: DonorIn) -> Status[CreatedOut]:
    """Record a donor at a library of the caller; its contact is seen by that library only."""
    library = access.get_library_for_donations(request.user, data.library)
    donor = services.record_donor(
        library=library,
        kind=data.kind,
        name=data.name,
        contact=data.contact,
        school_class=data.school_class,
        by=request.user,
    )
    return Status(201, CreatedOut(id=donor.pk))


@router.post(
    "/donations",
    response={
        201: DonationOut,
        **refusals(NotFound, DonationInvalid, DonationRefused, DateOutOfRange),
    },
)
def create_donation(request: HttpRequest, data: DonationIn) -> Status[DonationOut]:
    """Record books received at a library of the caller from one of its donors, with a
    receipt number; counted as donated books received on `received_on`."""
    library = access.get_library_for_donations(request.user, data.library)
    donor = access.get_donor_for_staff(request.user, data.donor)
    drive = access.get_drive_for_staff(request.user, data.drive) if data.drive else None
    donation = services.record_donation(
        library=library,
        donor=donor,
        drive=drive,
        received_on=data.received_on,
        money_vnd=data.money_vnd,
        note=data.note,
        lines=[
            services.NewLine(
                copies=line.copies,
                title=line.title,
                isbn=line.isbn,
                value_vnd=line.value_vnd,
                condition=line.condition,
            )
            for line in data.lines
        ],
        by=request.user,
    )
    return Status(201, _donation_out(donation))


@router.get("/donations/{donation_id}", response={200: DonationOut, **refusals(NotFound)})
def get_donation(request: HttpRequest, donation_id: IdParam) -> DonationOut:
    return _donation_out(access.get_donation_for_staff(request.user, donation_id))


@router.post(
    "/donations/{donation_id}/lines/{line_id}/catalogue",
    response={
        201: DonationCataloguedOut,
        **refusals(NotFound, DonationInvalid, DonationRefused, RoleRequired),
    },
)
def catalogue(
    request: HttpRequest, donation_id: IdParam, line_id: IdParam, data: DonationCatalogueIn
) -> Status[DonationCataloguedOut]:
    """Add copies of a donated title to the catalogue of the library that received it, in
    the donation's intake batch (source donation): counted then as copies added."""
    donation = access.get_donation_for_staff(request.user, donation_id)
    line = access.get_line_for_staff(request.user, donation, line_id)
    if not network_access.can(request.user, "catalog", donation.library):
        raise RoleRequired("catalog")
    bib = catalog_access.get_record_for_staff(request.user, data.record) if data.record else None
    copies = services.catalogue_donated_copies(
        line=line, copies=data.copies, bib=bib, by=request.user
    )
    return Status(
        201,
        DonationCataloguedOut(
            barcodes=[copy.barcode for copy in copies],
            accession_numbers=[copy.accession_number for copy in copies],
        ),
    )


@router.post(
    "/donations/{donation_id}/pass-on",
    response={
        201: CreatedOut,
        **refusals(NotFound, DonationInvalid, DonationRefused, DateOutOfRange),
    },
)
def pass_on(request: HttpRequest, donation_id: IdParam, data: PassOnIn) -> Status[CreatedOut]:
    """Give copies of this donation, not catalogued, to a library below the one that received
    them (a gift: they do not come back); counted as donated books passed on."""
    donation = access.get_donation_for_staff(request.user, donation_id)
    destination = (
        selectors.pass_on_destinations(donation.library)
        .filter(code=data.destination.strip().upper())
        .first()
    )
    if destination is None:
        raise DonationRefused("not_below", library=data.destination)
    lines = {line.pk: line for line in donation.lines.all()}
    chosen = []
    for wanted in data.lines:
        if wanted.line not in lines:
            raise DonationNotFound("line_not_found")
        chosen.append((lines[wanted.line], wanted.copies))
    gift = services.pass_on_donated_books(
        library=donation.library,
        destination=destination,
        given_on=data.given_on,
        lines=chosen,
        note=data.note,
        by=request.user,
    )
    return Status(201, CreatedOut(id=gift.pk))
