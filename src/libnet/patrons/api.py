"""JSON endpoints of the patrons app: issue a card, read a reader, find readers.

A reader of another library is 404, as for one that does not exist (patrons.access).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from libnet.api.auth import STAFF_AUTH
from libnet.core.schemas import Code, Date, Flag, Identifier, IdParam, InputSchema, Text, TextRules
from libnet.network import access as network_access
from libnet.network.models import SCHOOL_KINDS, Library
from libnet.patrons import access, selectors, services
from libnet.patrons.errors import PatronRefused
from libnet.patrons.models import Consent, ConsentRole, Patron
from libnet.patrons.services import ConsentGiven

router = Router(tags=["patrons"], auth=STAFF_AUTH)

MAX_RESULTS = 50


class PatronIn(InputSchema):
    library: Identifier
    name: Annotated[str, TextRules.column(Patron, "full_name")]
    birth_date: Date | None = None
    category: Code
    phone: Annotated[str, TextRules.column(Patron, "phone")] = ""
    email: Annotated[str, TextRules.column(Patron, "email")] = ""
    address: Annotated[str, TextRules.column(Patron, "address")] = ""
    gender: Code = ""
    school: Identifier = ""
    school_class: Annotated[str, TextRules.column(Patron, "school_class")] = ""
    card_number: Annotated[str, TextRules.column(Patron, "card_number")] = ""
    # Who consented at the desk: "reader", "guardian"; the guardian's name goes with it.
    consents: Annotated[list[Code], Field(max_length=len(ConsentRole.values))] = []
    guardian_name: Annotated[str, TextRules.column(Consent, "giver_name")] = ""
    confirm_duplicate: Flag = False


class PatronCreated(Schema):
    id: int
    card_number: str


class PatronOut(Schema):
    id: int
    card_number: str
    name: str
    category: str
    home_library: str
    status: str
    blocked_reason: str
    card_issued_on: dt.date
    card_valid_until: dt.date
    school: str | None
    school_class: str
    birth_date: dt.date | None
    gender: str
    phone: str
    email: str
    address: str
    missing_consents: list[str]


class PatronSummary(Schema):
    id: int
    card_number: str
    name: str
    category: str
    home_library: str
    status: str
    card_valid_until: dt.date


def _school(code: str) -> Library | None:
    if not code:
        return None
    school = Library.objects.filter(code=code.strip().upper(), kind__in=SCHOOL_KINDS).first()
    if school is None:
        raise PatronRefused("unknown_school", school=code)
    return school


@router.post("/patrons", response={201: PatronCreated})
def create_patron(request: HttpRequest, data: PatronIn) -> Status[PatronCreated]:
    """Issue a card at `library` (a library where the caller lends). 409 for a likely duplicate
    unless `confirm_duplicate`; 400 with a Vietnamese message for invalid data."""
    library = network_access.get_library_for_staff(request.user, data.library, "circulation")
    category = services.category_by_code(data.category)
    consents = []
    for role in data.consents:
        if role not in ConsentRole.values:
            raise PatronRefused("consent_giver_required")
        giver = data.guardian_name if role == ConsentRole.GUARDIAN else ""
        consents.append(ConsentGiven(given_by=role, giver_name=giver))
    patron = services.issue_card(
        library=library,
        full_name=data.name,
        category=category,
        by=request.user,
        birth_date=data.birth_date,
        gender=data.gender,
        phone=data.phone,
        email=data.email,
        address=data.address,
        school=_school(data.school),
        school_class=data.school_class,
        card_number=data.card_number,
        consents=consents,
        confirm_duplicate=data.confirm_duplicate,
    )
    return Status(201, PatronCreated(id=patron.pk, card_number=patron.card_number))


def _patron_out(patron: Patron) -> PatronOut:
    return PatronOut(
        id=patron.pk,
        card_number=patron.card_number,
        name=patron.full_name,
        category=patron.category.code,
        home_library=patron.home_library.code,
        status=patron.status,
        blocked_reason=patron.blocked_reason,
        card_issued_on=patron.card_issued_on,
        card_valid_until=patron.card_valid_until,
        school=patron.school.code if patron.school else None,
        school_class=patron.school_class,
        birth_date=patron.birth_date,
        gender=patron.gender,
        phone=patron.phone,
        email=patron.email,
        address=patron.address,
        missing_consents=selectors.missing_consents(patron=patron),
    )


@router.get("/patrons/{patron_id}", response=PatronOut)
def get_patron(request: HttpRequest, patron_id: IdParam) -> PatronOut:
    """A reader who used one of the caller's libraries, with personal data; 404 otherwise."""
    return _patron_out(access.get_patron_for_staff(request.user, patron_id))


@router.get("/patrons", response=list[PatronSummary])
def list_patrons(
    request: HttpRequest, q: Text = "", card_number: Identifier = ""
) -> list[PatronSummary]:
    """The caller's readers matching `q` (name words or card number) or `card_number` exactly;
    at most 50."""
    readers = access.patrons_for_staff(request.user).select_related("category", "home_library")
    if card_number:
        readers = readers.filter(card_number=card_number.strip().upper())
    elif q:
        readers = selectors.search_patrons(readers, q)
    return [
        PatronSummary(
            id=patron.pk,
            card_number=patron.card_number,
            name=patron.full_name,
            category=patron.category.code,
            home_library=patron.home_library.code,
            status=patron.status,
            card_valid_until=patron.card_valid_until,
        )
        for patron in readers.order_by("name_sort_key", "card_number")[:MAX_RESULTS]
    ]
