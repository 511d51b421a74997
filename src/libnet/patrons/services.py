"""Every write about readers: check → write → audit, in one transaction, keyword-only.

Audit entries name the card, never the person: an erased reader's name must not survive in
the audit log (Luật BVDLCN 2025), so `before`/`after` hold card numbers, dates and codes only.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import hashers
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest, Least
from django.utils.translation import gettext_lazy

from libnet.core import audit, clock, inputs, text, validation
from libnet.core.audit import Actor
from libnet.network.models import SCHOOL_KINDS, AdminUnit, Library
from libnet.patrons import erasure, policies, selectors, stats_sources
from libnet.patrons.errors import CardRefused, DuplicateReader, PatronRefused
from libnet.patrons.models import (
    Consent,
    ConsentRole,
    Gender,
    Patron,
    PatronCategory,
    PatronLibrary,
    PatronStatus,
    RetiredCardNumber,
)

MIN_PIN_LENGTH = 4
MAX_PIN_LENGTH = 12
_CARD_NUMBER_ATTEMPTS = 20
BIRTH_DATE_LABEL = gettext_lazy("Date of birth")


@dataclass(frozen=True)
class ConsentGiven:
    """A consent: who gave it (reader or guardian) and their name.

    Given at the desk, it is dated when it is recorded. Collected elsewhere (signed forms a
    school gathered), `given_on` is the day of the forms and `collected_by` who gathered them.
    """

    given_by: str
    giver_name: str = ""
    purpose: str = policies.LIBRARY_SERVICE
    given_on: dt.date | None = None
    collected_by: str = ""


# ---------------------------------------------------------------- checks shared by the writes


def _clean_name(full_name: str) -> str:
    name = text.clean(full_name or "")
    if not name:
        raise PatronRefused("name_required")
    return inputs.check_column(Patron, "full_name", name)


def check_birth_date(birth_date: dt.date | None, today: dt.date) -> None:
    """Refuse a date of birth outside the historical window (from 1900 to today, settings)."""
    if birth_date is not None:
        validation.check_date(
            birth_date, field=str(BIRTH_DATE_LABEL), window="historical", today=today
        )


def clean_phone(phone: str) -> str:
    """Return the phone number as stored, or PatronRefused("invalid_phone") (policies)."""
    phone = text.clean(phone or "")
    if phone and not policies.is_valid_phone(phone):
        raise PatronRefused("invalid_phone", phone=phone)
    return inputs.check_column(Patron, "phone", phone)


def _clean_email(email: str) -> str:
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except DjangoValidationError:
            raise PatronRefused("invalid_email", email=email) from None
    return email


def _clean_gender(gender: str) -> str:
    gender = (gender or "").strip().lower()
    if gender and gender not in Gender.values:
        raise PatronRefused("invalid_gender", gender=gender)
    return gender


def clean_class(school_class: str) -> str:
    value = policies.normalize_class_name(school_class)
    if value and not policies.CLASS_NAME_PATTERN.match(value):
        raise PatronRefused("invalid_class", value=value)
    return value


def category_by_code(code: str) -> PatronCategory:
    """Return the reader category with `code`; PatronRefused("unknown_category") otherwise."""
    category = PatronCategory.objects.filter(code=(code or "").strip().lower()).first()
    if category is None:
        known = ", ".join(PatronCategory.objects.values_list("code", flat=True))
        raise PatronRefused("unknown_category", category=code, known=known)
    return category


def _needs_birth_date(category: PatronCategory) -> bool:
    # Consent depends on age (policies.consents_needed): children and pupils must give it.
    return category.code in {"child", policies.PUPIL_CATEGORY}


def _profile_after(patron: Patron) -> dict[str, Any]:
    """What the audit log keeps about a card: no name, phone, address or date of birth."""
    return audit.snapshot(
        patron,
        [
            "card_number",
            "home_library",
            "category",
            "school",
            "school_class",
            "card_issued_on",
            "card_valid_until",
            "status",
        ],
    )


# ---------------------------------------------------------------- card numbers


def _is_retired(card_number: str) -> bool:
    return RetiredCardNumber.objects.filter(
        digest=policies.card_number_digest(card_number)
    ).exists()


def _next_card_number(library: Library, year: int) -> str:
    """Return the next free number of `library`'s series for `year`: prefix + year + sequence.

    The last number of the series is read from the unique card-number index, so no counter row
    is shared between desks; the caller inserts in a savepoint and retries on a collision.
    A number retired by an erasure is skipped: it is never issued twice.
    """
    province_code = library.code.split("-", 1)[0] if "-" in library.code else ""
    prefix = policies.card_prefix(library.code, province_code)
    stem = f"{prefix}{year}"
    last = (
        Patron.objects.filter(card_number__startswith=stem)
        .order_by("-card_number")
        .values_list("card_number", flat=True)
        .first()
    )
    sequence = 1
    if last is not None:
        tail = last[len(stem) :]
        sequence = int(tail) + 1 if tail.isdigit() else 1
    while sequence < 10**policies.CARD_SEQUENCE_DIGITS:
        number = policies.card_number(prefix, year, sequence)
        if not _is_retired(number):
            return number
        sequence += 1
    raise PatronRefused("card_number_exhausted", stem=stem)


def _save_with_card_number(patron: Patron, *, explicit: bool) -> None:
    """Insert `patron`; with a generated number, take the next one until the insert succeeds."""
    for _attempt in range(_CARD_NUMBER_ATTEMPTS):
        if not explicit:
            patron.card_number = _next_card_number(patron.home_library, patron.card_issued_on.year)
        try:
            with transaction.atomic():
                patron.save(force_insert=True)
            return
        except IntegrityError:
            # Another desk took the same number between our read and our insert.
            patron.pk = None
            if explicit or not Patron.objects.filter(card_number=patron.card_number).exists():
                raise
    raise PatronRefused("card_number_exhausted", stem=patron.card_number)


def check_card_number(card_number: str) -> str:
    """Return a typed card number (a pre-printed card) in its stored form, or refuse it:
    invalid, already used, or retired by an erasure."""
    number = policies.normalize_card_number(card_number)
    if not policies.CARD_NUMBER_PATTERN.match(number):
        raise PatronRefused("invalid_card_number", card_number=number)
    if Patron.objects.filter(card_number=number).exists():
        raise PatronRefused("card_number_taken", card_number=number)
    if _is_retired(number):
        raise PatronRefused("card_number_retired", card_number=number)
    return number


# ---------------------------------------------------------------- issuing and renewing


@transaction.atomic
def issue_card(
    *,
    library: Library,
    full_name: str,
    category: PatronCategory,
    by: Actor,
    at: dt.datetime | None = None,
    birth_date: dt.date | None = None,
    gender: str = "",
    phone: str = "",
    email: str = "",
    address: str = "",
    admin_unit: AdminUnit | None = None,
    school: Library | None = None,
    school_class: str = "",
    notes: str = "",
    card_number: str = "",
    consents: Sequence[ConsentGiven] = (),
    confirm_duplicate: bool = False,
) -> Patron:
    """Register a reader at `library` and issue a card; return the new reader.

    The card number is the library's prefix + year + sequence unless `card_number` is given
    (pre-printed cards). A reader with the same folded name and the same date of birth or
    phone, who used `library`, is a likely duplicate: DuplicateReader unless
    `confirm_duplicate`. Consents given at the desk are recorded. Raises PatronRefused for
    invalid data; nothing is written then.
    """
    at = at or clock.now()
    today = clock.local_date(at)
    name = _clean_name(full_name)
    check_birth_date(birth_date, today)
    if birth_date is None and _needs_birth_date(category):
        raise PatronRefused("birth_date_required")
    phone = clean_phone(phone)
    email = _clean_email(email)
    gender = _clean_gender(gender)
    school_class = clean_class(school_class)
    if category.needs_school and school is None and library.kind in SCHOOL_KINDS:
        school = library
    if school is not None and school.kind not in SCHOOL_KINDS:
        raise PatronRefused("unknown_school", school=school.code)
    explicit_number = policies.normalize_card_number(card_number)
    if explicit_number:
        explicit_number = check_card_number(explicit_number)
    if not confirm_duplicate:
        candidates = selectors.duplicate_candidates(
            full_name=name, birth_date=birth_date, phone=phone, library_ids=[library.pk]
        )
        if candidates:
            raise DuplicateReader(
                "possible_duplicate",
                candidates=candidates,
                name=name,
                card_numbers=", ".join(reader.card_number for reader in candidates),
            )
    patron = Patron(
        home_library=library,
        card_number=explicit_number,
        full_name=name,
        name_folded=text.fold(name)[:200],
        name_sort_key=text.sort_key_hex(name)[:600],
        birth_date=birth_date,
        gender=gender,
        phone=phone,
        email=email,
        address=inputs.check_column(Patron, "address", text.clean(address or "")),
        admin_unit=admin_unit,
        category=category,
        school=school,
        school_class=school_class,
        card_issued_on=today,
        card_valid_until=policies.card_valid_until(
            category_code=category.code, card_months=category.card_months, starts_on=today
        ),
        notes=(notes or "").strip(),
        created_at=at,
        updated_at=at,
    )
    _save_with_card_number(patron, explicit=bool(explicit_number))
    PatronLibrary.objects.create(patron=patron, library=library, first_used_at=at)
    audit.record(
        "patron.issue_card",
        subject=patron,
        by=by,
        at=at,
        library_id=library.pk,
        after={
            **_profile_after(patron),
            "fee_due_vnd": policies.card_fee_due_vnd(
                card_fee_vnd=category.card_fee_vnd, is_fee_exempt=category.is_fee_exempt
            ),
            "confirmed_duplicate": confirm_duplicate,
        },
    )
    for consent in consents:
        _record_consent(patron=patron, consent=consent, by=by, at=at)
    stats_sources.count_new_readers([patron])
    return patron


def _check_not_erased(patron: Patron) -> None:
    if patron.status == PatronStatus.ERASED:
        raise CardRefused("card_erased")


def _locked(patron: Patron) -> Patron:
    return Patron.objects.select_for_update().select_related("category").get(pk=patron.pk)


@transaction.atomic
def renew_card(*, patron: Patron, by: Actor, at: dt.datetime | None = None) -> Patron:
    """Extend the card by one period of its category, from today or from its current end.

    A blocked card may be renewed (the block stays); an erased one may not (CardRefused).
    """
    at = at or clock.now()
    patron = _locked(patron)
    _check_not_erased(patron)
    before = {"card_valid_until": patron.card_valid_until.isoformat()}
    patron.card_valid_until = policies.renewed_valid_until(
        category_code=patron.category.code,
        card_months=patron.category.card_months,
        valid_until=patron.card_valid_until,
        today=clock.local_date(at),
    )
    patron.updated_at = at
    patron.save(update_fields=["card_valid_until", "updated_at"])
    audit.record(
        "patron.renew_card",
        subject=patron,
        by=by,
        at=at,
        library_id=patron.home_library_id,
        before=before,
        after={"card_valid_until": patron.card_valid_until.isoformat()},
    )
    return patron


@transaction.atomic
def change_category(
    *, patron: Patron, category: PatronCategory, by: Actor, at: dt.datetime | None = None
) -> Patron:
    """Move the reader to another category (a pupil who became a student); validity unchanged."""
    at = at or clock.now()
    patron = _locked(patron)
    _check_not_erased(patron)
    before = {"category": patron.category_id}
    patron.category = category
    patron.updated_at = at
    patron.save(update_fields=["category", "updated_at"])
    audit.record(
        "patron.change_category",
        subject=patron,
        by=by,
        at=at,
        library_id=patron.home_library_id,
        before=before,
        after={"category": category.pk},
    )
    return patron


@transaction.atomic
def update_contact(
    *,
    patron: Patron,
    by: Actor,
    at: dt.datetime | None = None,
    phone: str | None = None,
    email: str | None = None,
    address: str | None = None,
) -> Patron:
    """Change the reader's phone, email or address (only those given)."""
    at = at or clock.now()
    patron = _locked(patron)
    _check_not_erased(patron)
    changed: list[str] = []
    if phone is not None:
        patron.phone = clean_phone(phone)
        changed.append("phone")
    if email is not None:
        patron.email = _clean_email(email)
        changed.append("email")
    if address is not None:
        patron.address = inputs.check_column(Patron, "address", text.clean(address))
        changed.append("address")
    patron.updated_at = at
    patron.save(update_fields=[*changed, "updated_at"])
    # The values are personal data: the log says which fields changed, not what they became.
    audit.record(
        "patron.update_contact",
        subject=patron,
        by=by,
        at=at,
        library_id=patron.home_library_id,
        after={"changed": changed},
    )
    return patron


@transaction.atomic
def change_class(
    *,
    patron: Patron,
    school_class: str,
    by: Actor,
    at: dt.datetime | None = None,
    school: Library | None = None,
) -> Patron:
    """Put a pupil in another class (and school, when given); a pupil who had left is back."""
    at = at or clock.now()
    patron = _locked(patron)
    _check_not_erased(patron)
    if school is not None and school.kind not in SCHOOL_KINDS:
        raise PatronRefused("not_a_school", library=school.name)
    before = {"school": patron.school_id, "school_class": patron.school_class}
    patron.school_class = clean_class(school_class)
    if school is not None:
        patron.school = school
    patron.left_school_on = None
    patron.updated_at = at
    patron.save(update_fields=["school", "school_class", "left_school_on", "updated_at"])
    audit.record(
        "patron.change_class",
        subject=patron,
        by=by,
        at=at,
        library_id=patron.school_id or patron.home_library_id,
        before=before,
        after={"school": patron.school_id, "school_class": patron.school_class},
    )
    return patron


# ---------------------------------------------------------------- blocking


@transaction.atomic
def block_patron(
    *, patron: Patron, reason: str, by: Actor, at: dt.datetime | None = None
) -> Patron:
    """Block the card with a reason the reader is told (unreturned items, damage, misuse)."""
    at = at or clock.now()
    reason = text.clean(reason or "")
    if not reason:
        raise PatronRefused("block_reason_required")
    patron = _locked(patron)
    _check_not_erased(patron)
    if patron.status == PatronStatus.BLOCKED:
        raise PatronRefused("already_blocked", reason=patron.blocked_reason)
    patron.status = PatronStatus.BLOCKED
    patron.blocked_reason = inputs.check_column(Patron, "blocked_reason", reason)
    patron.updated_at = at
    patron.save(update_fields=["status", "blocked_reason", "updated_at"])
    audit.record(
        "patron.block",
        subject=patron,
        by=by,
        at=at,
        library_id=patron.home_library_id,
        before={"status": PatronStatus.ACTIVE},
        after={"status": PatronStatus.BLOCKED},
        note=patron.blocked_reason,
    )
    return patron


@transaction.atomic
def unblock_patron(*, patron: Patron, by: Actor, at: dt.datetime | None = None) -> Patron:
    """Lift the block; the card can be used again if it has not expired."""
    at = at or clock.now()
    patron = _locked(patron)
    _check_not_erased(patron)
    if patron.status != PatronStatus.BLOCKED:
        raise PatronRefused("not_blocked")
    reason = patron.blocked_reason
    patron.status = PatronStatus.ACTIVE
    patron.blocked_reason = ""
    patron.updated_at = at
    patron.save(update_fields=["status", "blocked_reason", "updated_at"])
    audit.record(
        "patron.unblock",
        subject=patron,
        by=by,
        at=at,
        library_id=patron.home_library_id,
        before={"status": PatronStatus.BLOCKED},
        after={"status": PatronStatus.ACTIVE},
        note=reason,
    )
    return patron


# ---------------------------------------------------------------- PIN for the OPAC


@transaction.atomic
def set_pin(*, patron: Patron, pin: str, by: Actor, at: dt.datetime | None = None) -> None:
    """Set the PIN the reader logs in to the OPAC with (4 to 12 characters, no spaces)."""
    at = at or clock.now()
    pin = pin or ""
    if not MIN_PIN_LENGTH <= len(pin) <= MAX_PIN_LENGTH or any(char.isspace() for char in pin):
        raise PatronRefused("invalid_pin")
    patron = _locked(patron)
    _check_not_erased(patron)
    patron.pin_hash = hashers.make_password(pin)
    patron.updated_at = at
    patron.save(update_fields=["pin_hash", "updated_at"])
    audit.record("patron.set_pin", subject=patron, by=by, at=at, library_id=patron.home_library_id)


def authenticate_reader(
    *, card_number: str, pin: str, at: dt.datetime | None = None
) -> Patron | None:
    """Return the reader whose card and PIN match, for the OPAC self-service; None otherwise.

    None for an unknown card, a wrong PIN, no PIN set, or an erased or blocked reader. An
    expired card still logs in: the reader must see what is on loan and renew it. A child
    whose card waits for consent gives the right PIN and is told so: CardRefused
    ("consent_missing"), the card's rule (selectors.card_refusal) applies here too. The card
    number is read in its one normal form (text.identifier), like every lookup of a card.
    """
    normalized = policies.normalize_card_number(card_number)
    patron = (
        Patron.objects.filter(card_number=normalized).select_related("home_library").first()
        if normalized
        else None
    )
    if patron is None or not patron.pin_hash:
        # Hash anyway, so an unknown card takes as long as a wrong PIN (as Django's login does).
        hashers.make_password(pin or "")
        return None
    if not hashers.check_password(pin or "", patron.pin_hash):
        return None
    if patron.status != PatronStatus.ACTIVE:
        return None
    refusal = selectors.card_refusal(patron=patron, on=clock.local_date(at))
    if refusal is not None and refusal.code == "consent_missing":
        raise CardRefused("consent_missing")
    return patron


# ---------------------------------------------------------------- consent


def _record_consent(
    *, patron: Patron, consent: ConsentGiven, by: Actor, at: dt.datetime
) -> Consent:
    if consent.given_by not in ConsentRole.values:
        raise PatronRefused("consent_giver_required")
    giver_name = text.clean(consent.giver_name or "")
    if consent.given_by == ConsentRole.READER and not giver_name:
        giver_name = patron.full_name
    if not giver_name:
        raise PatronRefused("consent_giver_required")
    given_at = at
    if consent.given_on is not None:
        validation.check_date(
            consent.given_on,
            field=str(gettext_lazy("Date of the consent forms")),
            window="operational",
            today=clock.local_date(at),
        )
        given_at = dt.datetime.combine(consent.given_on, dt.time(12, 0), tzinfo=clock.VIETNAM)
    existing = patron.consents.filter(
        given_by=consent.given_by, purpose=consent.purpose, withdrawn_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    patron.__dict__.pop("_libnet_open_consent_roles", None)
    record = Consent.objects.create(
        patron=patron,
        given_by=consent.given_by,
        giver_name=inputs.check_column(Consent, "giver_name", giver_name),
        purpose=consent.purpose,
        given_at=given_at,
        recorded_by_id=by.pk if by is not None and by.is_authenticated else None,
        collected_by=text.clean(consent.collected_by or "")[:200],
    )
    audit.record(
        "patron.consent",
        subject=patron,
        by=by,
        at=at,
        library_id=patron.home_library_id,
        after={
            "consent": record.pk,
            "given_by": record.given_by,
            "purpose": record.purpose,
            "given_at": record.given_at.isoformat(),
            "collected": bool(record.collected_by),
        },
    )
    return record


@transaction.atomic
def record_consent(
    *,
    patron: Patron,
    given_by: str,
    by: Actor,
    giver_name: str = "",
    purpose: str = policies.LIBRARY_SERVICE,
    at: dt.datetime | None = None,
    given_on: dt.date | None = None,
    collected_by: str = "",
) -> Consent:
    """Record that the reader or a guardian consents to `purpose`; an open consent is kept as is.

    Given in person, it is dated now. Collected on signed forms (a school's), `given_on` is
    the forms' date and `collected_by` who gathered them; both are kept with the record.
    """
    _check_not_erased(patron)
    return _record_consent(
        patron=patron,
        consent=ConsentGiven(
            given_by=given_by,
            giver_name=giver_name,
            purpose=purpose,
            given_on=given_on,
            collected_by=collected_by,
        ),
        by=by,
        at=at or clock.now(),
    )


@transaction.atomic
def withdraw_consent(*, consent: Consent, by: Actor, at: dt.datetime | None = None) -> Consent:
    """Close a consent record; it is kept, with the moment of withdrawal."""
    at = at or clock.now()
    consent = Consent.objects.select_for_update().select_related("patron").get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        raise PatronRefused("consent_already_withdrawn")
    consent.withdrawn_at = at
    consent.save(update_fields=["withdrawn_at"])
    consent.patron.__dict__.pop("_libnet_open_consent_roles", None)
    audit.record(
        "patron.consent_withdrawn",
        subject=consent.patron,
        by=by,
        at=at,
        library_id=consent.patron.home_library_id,
        after={"consent": consent.pk, "given_by": consent.given_by, "purpose": consent.purpose},
    )
    return consent


# ---------------------------------------------------------------- libraries used


def note_library_use(*, patron: Patron, library: Library, at: dt.datetime) -> None:
    """Remember that `patron` used `library` (a loan under a joint card, a visit).

    From then on that library's staff see the reader. Call inside the caller's transaction;
    the common case (already linked) is one query.
    """
    if PatronLibrary.objects.filter(patron=patron, library=library).exists():
        return
    _link, created = PatronLibrary.objects.get_or_create(
        patron=patron, library=library, defaults={"first_used_at": at}
    )
    if created:
        audit.record(
            "patron.first_use",
            subject=patron,
            by=None,
            at=at,
            library_id=library.pk,
            after={"library": library.pk},
        )


# ---------------------------------------------------------------- export and erasure


def _date(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


@transaction.atomic
def export_patron_data(
    *, patron: Patron, by: Actor, at: dt.datetime | None = None
) -> dict[str, Any]:
    """Return everything libnet holds about one reader, for a request to see one's own data.

    Profile, card, libraries used, consents, loans and holds, as JSON-ready values. The export
    itself is audited (who looked at the data, when).
    """
    at = at or clock.now()
    patron = (
        Patron.objects.select_related("home_library", "category", "school", "admin_unit")
        .filter(pk=patron.pk)
        .get()
    )
    loans = patron.loans.select_related("item__bib", "library").order_by("loaned_at")
    holds = patron.holds.select_related("bib", "pickup_library").order_by("placed_at")
    data: dict[str, Any] = {
        "exported_at": at.isoformat(),
        "profile": {
            "full_name": patron.full_name,
            "birth_date": _date(patron.birth_date),
            "gender": patron.gender,
            "phone": patron.phone,
            "email": patron.email,
            "address": patron.address,
            "admin_unit": patron.admin_unit.name if patron.admin_unit else None,
            "category": patron.category.code,
            "school": patron.school.name if patron.school else None,
            "school_class": patron.school_class,
            "left_school_on": _date(patron.left_school_on),
            "notes": patron.notes,
            "created_at": _date(patron.created_at),
        },
        "card": {
            "card_number": patron.card_number,
            "home_library": patron.home_library.name,
            "issued_on": _date(patron.card_issued_on),
            "valid_until": _date(patron.card_valid_until),
            "status": patron.status,
            "blocked_reason": patron.blocked_reason,
            "has_pin": bool(patron.pin_hash),
        },
        "libraries_used": [
            {"library": link.library.name, "first_used_at": _date(link.first_used_at)}
            for link in patron.library_links.select_related("library").order_by("first_used_at")
        ],
        "consents": [
            {
                "given_by": consent.given_by,
                "giver_name": consent.giver_name,
                "purpose": consent.purpose,
                "given_at": _date(consent.given_at),
                "collected_by": consent.collected_by,
                "withdrawn_at": _date(consent.withdrawn_at),
            }
            for consent in patron.consents.order_by("given_at", "pk")
        ],
        "loans": [
            {
                "title": loan.item.bib.title,
                "barcode": loan.item.barcode,
                "library": loan.library.name,
                "loaned_at": _date(loan.loaned_at),
                "due_on": _date(loan.due_on),
                "renewals": loan.renewals,
                "closed_at": _date(loan.closed_at),
                "status": loan.status,
                "fine_vnd": loan.fine_vnd,
            }
            for loan in loans
        ],
        "holds": [
            {
                "title": hold.bib.title,
                "pickup_library": hold.pickup_library.name,
                "placed_at": _date(hold.placed_at),
                "status": hold.status,
                "pickup_until": _date(hold.pickup_until),
                "closed_at": _date(hold.closed_at),
            }
            for hold in holds
        ],
    }
    audit.record("patron.export", subject=patron, by=by, at=at, library_id=patron.home_library_id)
    return data


ERASED_CARD_PREFIX = "ERASED-"


@transaction.atomic
def erase_patron(
    *, patron: Patron, by: Actor, at: dt.datetime | None = None, reason: str = ""
) -> Patron:
    """Erase a reader's personal data on request, everywhere libnet keeps it.

    The reader's row is kept, emptied, so loans still count: it keeps only what the figures
    need (home library, category, school, card dates). Name, date of birth, gender, contacts,
    address, class, notes, PIN and block reason are blanked; the card number becomes an
    anonymous token and the old number is retired for ever (RetiredCardNumber), so the
    physical card can never open another reader's account; the libraries-used links go;
    consent records lose the names and are closed. Then every app scrubs what it keeps about
    the reader (erasure.scrub_everywhere): the audit entries about the reader and their loans,
    holds, inter-library loans and mobile scans lose card numbers and free-text notes. The
    request's own reference (`reason`) is kept with the reader's name, phone and card number
    taken out. Refused while items are on loan or holds are open.
    """
    at = at or clock.now()
    patron = _locked(patron)
    _check_not_erased(patron)
    open_loans = patron.loans.filter(closed_at__isnull=True).count()
    if open_loans:
        raise PatronRefused("open_loans", count=open_loans)
    open_holds = patron.holds.filter(closed_at__isnull=True).count()
    if open_holds:
        raise PatronRefused("open_holds", count=open_holds)
    erased = erasure.ErasedReader(
        patron_id=patron.pk,
        card_number=patron.card_number,
        full_name=patron.full_name,
        phone=patron.phone,
        email=patron.email,
        birth_date=patron.birth_date,
        at=at,
    )
    before = {"status": patron.status}
    RetiredCardNumber.objects.get_or_create(digest=policies.card_number_digest(patron.card_number))
    patron.card_number = f"{ERASED_CARD_PREFIX}{secrets.token_hex(8).upper()}"
    patron.full_name = ""
    patron.name_folded = ""
    patron.name_sort_key = ""
    patron.birth_date = None
    patron.gender = ""
    patron.phone = ""
    patron.email = ""
    patron.address = ""
    patron.admin_unit = None
    patron.school_class = ""
    patron.notes = ""
    patron.pin_hash = ""
    patron.blocked_reason = ""
    patron.status = PatronStatus.ERASED
    patron.erased_at = at
    patron.updated_at = at
    patron.save()
    patron.consents.filter(withdrawn_at__isnull=True).update(withdrawn_at=at)
    patron.consents.update(giver_name="", collected_by="")
    PatronLibrary.objects.filter(patron=patron).delete()
    erasure.scrub_audit(model=Patron, ids=[patron.pk], reader=erased)
    erasure.scrub_everywhere(erased)
    audit.record(
        "patron.erase",
        subject=patron,
        by=by,
        at=at,
        library_id=patron.home_library_id,
        before=before,
        after={"status": patron.status},
        note=erased.scrub(text.clean(reason or "")),
    )
    return patron


# ---------------------------------------------------------------- school-year rollover

ROLLOVER_ACTION = "patrons.rollover"


@transaction.atomic
def rollover_school_year(
    *,
    school: Library,
    by: Actor,
    at: dt.datetime | None = None,
    final_grade: int | None = None,
) -> selectors.RolloverPlan:
    """Move every class of `school` up one grade for the new school year; return what was done.

    Pupils of the final grade leave: `left_school_on` is set and their cards end with the
    closing school year. The cards of the others are extended to the end of the next one
    (the school renews its pupils' cards with the year). Refused for a library that is not a
    school, and a second time in one calendar year (the classes would move twice).
    """
    at = at or clock.now()
    today = clock.local_date(at)
    if school.kind not in SCHOOL_KINDS:
        raise PatronRefused("not_a_school", library=school.name)
    if final_grade is not None and not 1 <= final_grade <= 12:
        raise PatronRefused("invalid_final_grade")
    # Lock the school row: two librarians pressing the button at once roll over once.
    Library.objects.select_for_update().filter(pk=school.pk).first()
    done = audit.entries_for(school).filter(
        action=ROLLOVER_ACTION, at__gte=dt.datetime(today.year, 1, 1, tzinfo=clock.VIETNAM)
    )
    previous = done.first()
    if previous is not None:
        raise PatronRefused(
            "rollover_already_done",
            library=school.name,
            done_on=clock.local_date(previous.at).strftime("%d/%m/%Y"),
        )
    plan = selectors.rollover_plan(school=school, today=today, final_grade=final_grade)
    # Highest grade first, each class by its pupils' ids read before any change.
    for move in plan.moves:
        pupils = Patron.objects.filter(pk__in=move.patron_ids)
        if move.to_class is None:
            pupils.update(
                left_school_on=today,
                card_valid_until=Least(F("card_valid_until"), Value(plan.leavers_valid_until)),
                updated_at=at,
            )
        else:
            pupils.update(
                school_class=move.to_class,
                card_valid_until=Greatest(F("card_valid_until"), Value(plan.next_valid_until)),
                updated_at=at,
            )
    audit.record(
        ROLLOVER_ACTION,
        subject=school,
        by=by,
        at=at,
        library_id=school.pk,
        after={
            "final_grade": plan.final_grade,
            "moved": {move.from_class: move.to_class for move in plan.moving_up},
            "moved_pupils": plan.moving_count,
            "left": {move.from_class: move.pupils for move in plan.leaving},
            "unchanged_classes": [move.from_class for move in plan.unknown],
        },
    )
    return plan
