"""JSON endpoints of the patrons app: issue a card, read, find and change readers.

The same matrix as the pages (patrons.access, README.md): a reader of another library is
404, as for one that does not exist; a reader who only used the caller's library is seen
without personal data, and changing, exporting or erasing them is 403.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from libnet.core import clock, text
from libnet.core.api_auth import STAFF_AUTH
from libnet.core.api_errors import refusals
from libnet.core.errors import NotFound
from libnet.core.schemas import Code, Date, Flag, Identifier, IdParam, InputSchema, Text, TextRules
from libnet.network import access as network_access
from libnet.network.models import SCHOOL_KINDS, Library
from libnet.patrons import access, policies, selectors, services
from libnet.patrons.errors import CardRefused, DuplicateReader, PatronRefused, ReaderAccessDenied
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
    # The consents a child's card still waits for; empty when the card can be used.
    card_waits_for: list[str]


class PatronOut(Schema):
    """A reader. `view` is "full" for the library that issued the card (and those above it)
    and "minimal" for a library the reader only used: the personal fields are then null."""

    id: int
    view: str
    card_number: str
    name: str
    home_library: str
    status: str
    card_state: str
    card_valid_until: dt.date
    category: str | None = None
    blocked_reason: str | None = None
    card_issued_on: dt.date | None = None
    school: str | None = None
    school_class: str | None = None
    birth_date: dt.date | None = None
    gender: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    missing_consents: list[str] | None = None


class ContactIn(InputSchema):
    """Only the fields sent change; "" clears one."""

    phone: Annotated[str, TextRules.column(Patron, "phone")] | None = None
    email: Annotated[str, TextRules.column(Patron, "email")] | None = None
    address: Annotated[str, TextRules.column(Patron, "address")] | None = None
    category: Code | None = None
    school_class: Annotated[str, TextRules.column(Patron, "school_class")] | None = None


class BlockIn(InputSchema):
    reason: Annotated[str, TextRules.column(Patron, "blocked_reason")]


class PinIn(InputSchema):
    pin: Annotated[str, TextRules(max_length=12)]


class ConsentIn(InputSchema):
    given_by: Code
    giver_name: Annotated[str, TextRules.column(Consent, "giver_name")] = ""
    # library_service (the default) or disability_record (patrons.policies.CONSENT_PURPOSES)
    purpose: Code = "library_service"


class EraseIn(InputSchema):
    reason: Text = ""


class Done(Schema):
    id: int
    status: str
    card_valid_until: dt.date | None = None


class PatronSummary(Schema):
    id: int
    card_number: str
    name: str
    # Null for a reader whose card another library issued: "poor household" or "disabled"
    # is personal data too.
    category: str | None
    home_library: str
    status: str
    card_valid_until: dt.date


def _school(code: str) -> Library | None:
    if not code:
        return None
    school = Library.objects.filter(code=text.identifier(code), kind__in=SCHOOL_KINDS).first()
    if school is None:
        raise PatronRefused("unknown_school", school=code)
    return school


@router.post(
    "/patrons",
    response={201: PatronCreated, **refusals(NotFound, PatronRefused, DuplicateReader)},
)
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
    return Status(
        201,
        PatronCreated(
            id=patron.pk,
            card_number=patron.card_number,
            card_waits_for=selectors.card_consents_missing(patron=patron),
        ),
    )


def _patron_out(patron: Patron) -> PatronOut:
    refusal = selectors.card_refusal(patron=patron, on=clock.local_date())
    minimal = PatronOut(
        id=patron.pk,
        view="minimal",
        card_number=patron.card_number,
        name=patron.full_name,
        home_library=patron.home_library.code,
        status=patron.status,
        card_state=refusal.code if refusal else "valid",
        card_valid_until=patron.card_valid_until,
    )
    if patron.staff_relation != policies.ISSUER:
        return minimal
    return minimal.model_copy(
        update={
            "view": "full",
            "category": patron.category.code,
            "blocked_reason": patron.blocked_reason,
            "card_issued_on": patron.card_issued_on,
            "school": patron.school.code if patron.school else None,
            "school_class": patron.school_class,
            "birth_date": patron.birth_date,
            "gender": patron.gender,
            "phone": patron.phone,
            "email": patron.email,
            "address": patron.address,
            "missing_consents": selectors.missing_consents(patron=patron),
        }
    )


@router.get("/patrons/{patron_id}", response={200: PatronOut, **refusals(NotFound)})
def get_patron(request: HttpRequest, patron_id: IdParam) -> PatronOut:
    """A reader the caller's libraries issued (full) or that used them (minimal); 404
    otherwise."""
    return _patron_out(access.get_patron_for_staff(request.user, patron_id))


def _for_change(request: HttpRequest, patron_id: IdParam, action: str = policies.CHANGE) -> Patron:
    return access.get_patron_for_change(request.user, patron_id, action)


def _done(patron: Patron) -> Done:
    return Done(id=patron.pk, status=patron.status, card_valid_until=patron.card_valid_until)


@router.patch(
    "/patrons/{patron_id}",
    response={200: PatronOut, **refusals(NotFound, ReaderAccessDenied, CardRefused, PatronRefused)},
)
def change_patron(request: HttpRequest, patron_id: IdParam, data: ContactIn) -> PatronOut:
    """Change the phone, email, address, category or class of a reader whose card the caller's
    library issued; 403 for a reader who only used it, 404 for others."""
    patron = _for_change(request, patron_id)
    if data.phone is not None or data.email is not None or data.address is not None:
        patron = services.update_contact(
            patron=patron, by=request.user, phone=data.phone, email=data.email, address=data.address
        )
    if data.category is not None:
        patron = services.change_category(
            patron=patron, category=services.category_by_code(data.category), by=request.user
        )
    if data.school_class is not None:
        patron = services.change_class(
            patron=patron, school_class=data.school_class, by=request.user
        )
    return _patron_out(access.get_patron_for_staff(request.user, patron.pk))


@router.post(
    "/patrons/{patron_id}/renew",
    response={200: Done, **refusals(NotFound, ReaderAccessDenied, CardRefused)},
)
def renew_card(request: HttpRequest, patron_id: IdParam) -> Done:
    """Renew the card for one period of its category (the issuing library only)."""
    return _done(services.renew_card(patron=_for_change(request, patron_id), by=request.user))


@router.post(
    "/patrons/{patron_id}/block",
    response={200: Done, **refusals(NotFound, ReaderAccessDenied, CardRefused, PatronRefused)},
)
def block_card(request: HttpRequest, patron_id: IdParam, data: BlockIn) -> Done:
    """Block the card with a reason the reader is told (the issuing library only)."""
    patron = services.block_patron(
        patron=_for_change(request, patron_id), reason=data.reason, by=request.user
    )
    return _done(patron)


@router.post(
    "/patrons/{patron_id}/unblock",
    response={200: Done, **refusals(NotFound, ReaderAccessDenied, CardRefused, PatronRefused)},
)
def unblock_card(request: HttpRequest, patron_id: IdParam) -> Done:
    return _done(services.unblock_patron(patron=_for_change(request, patron_id), by=request.user))


@router.post(
    "/patrons/{patron_id}/pin",
    response={200: Done, **refusals(NotFound, ReaderAccessDenied, CardRefused, PatronRefused)},
)
def set_pin(request: HttpRequest, patron_id: IdParam, data: PinIn) -> Done:
    """Set the reader's OPAC PIN (the issuing library only)."""
    patron = _for_change(request, patron_id)
    services.set_pin(patron=patron, pin=data.pin, by=request.user)
    return _done(patron)


@router.post(
    "/patrons/{patron_id}/consents",
    response={200: PatronOut, **refusals(NotFound, ReaderAccessDenied, CardRefused, PatronRefused)},
)
def record_consent(request: HttpRequest, patron_id: IdParam, data: ConsentIn) -> PatronOut:
    """Record the reader's or a guardian's consent (the issuing library only)."""
    patron = _for_change(request, patron_id)
    if data.given_by not in ConsentRole.values:
        raise PatronRefused("consent_giver_required")
    services.record_consent(
        patron=patron,
        given_by=data.given_by,
        giver_name=data.giver_name,
        purpose=data.purpose,
        by=request.user,
    )
    return _patron_out(access.get_patron_for_staff(request.user, patron.pk))


@router.get(
    "/patrons/{patron_id}/export",
    response={200: dict[str, Any], **refusals(NotFound, ReaderAccessDenied)},
)
def export_patron(request: HttpRequest, patron_id: IdParam) -> dict[str, object]:
    """Everything held about the reader (the issuing library only; the export is audited)."""
    patron = _for_change(request, patron_id, policies.EXPORT)
    return services.export_patron_data(patron=patron, by=request.user)


@router.post(
    "/patrons/{patron_id}/erase",
    response={200: Done, **refusals(NotFound, ReaderAccessDenied, CardRefused, PatronRefused)},
)
def erase_patron(request: HttpRequest, patron_id: IdParam, data: EraseIn) -> Done:
    """Erase the reader's personal data on request (the issuing library only)."""
    patron = _for_change(request, patron_id, policies.ERASE)
    return _done(services.erase_patron(patron=patron, by=request.user, reason=data.reason))


@router.get("/patrons", response=list[PatronSummary])
def list_patrons(
    request: HttpRequest, q: Text = "", card_number: Identifier = ""
) -> list[PatronSummary]:
    """The caller's readers matching `q` (name words or card number) or `card_number` exactly;
    at most 50."""
    readers = access.patrons_for_staff(request.user).select_related("category", "home_library")
    if card_number:
        readers = readers.filter(card_number=policies.normalize_card_number(card_number))
    elif q:
        readers = selectors.search_patrons(readers, q)
    issuer_ids = access.staff_library_ids(request.user)
    return [
        PatronSummary(
            id=patron.pk,
            card_number=patron.card_number,
            name=patron.full_name,
            category=patron.category.code if patron.home_library_id in issuer_ids else None,
            home_library=patron.home_library.code,
            status=patron.status,
            card_valid_until=patron.card_valid_until,
        )
        for patron in readers.order_by("name_sort_key", "card_number")[:MAX_RESULTS]
    ]
