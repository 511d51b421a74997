"""A reader's card: its number (never issued twice), issuing it, renewing it, the reader's
category, blocking and unblocking it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import IntegrityError, transaction

from libnet.core import audit, clock, inputs, text
from libnet.core.audit import Actor
from libnet.network.models import SCHOOL_KINDS, AdminUnit, Library
from libnet.patrons import policies, selectors, stats_sources
from libnet.patrons.errors import DuplicateReader, PatronRefused
from libnet.patrons.models import (
    Patron,
    PatronCategory,
    PatronLibrary,
    PatronStatus,
    RetiredCardNumber,
)
from libnet.patrons.services.checks import (
    check_birth_date,
    check_not_erased,
    clean_address,
    clean_class,
    clean_email,
    clean_gender,
    clean_name,
    clean_phone,
    locked,
    needs_birth_date,
    profile_after,
)
from libnet.patrons.services.consents import ConsentGiven, record_consent_given

_CARD_NUMBER_ATTEMPTS = 20


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


def _pupils_school(
    *, category: PatronCategory, library: Library, school: Library | None
) -> Library | None:
    """The reader's school: the one given, or the issuing library when it is a school and the
    category is one of pupils. PatronRefused("unknown_school") for a library that is none."""
    if category.needs_school and school is None and library.kind in SCHOOL_KINDS:
        school = library
    if school is not None and school.kind not in SCHOOL_KINDS:
        raise PatronRefused("unknown_school", school=school.code)
    return school


def _refuse_likely_duplicate(
    *, name: str, birth_date: dt.date | None, phone: str, library: Library
) -> None:
    """DuplicateReader when a reader of `library` has the same folded name and the same date
    of birth or phone (selectors.duplicate_candidates)."""
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


def _record_issue(patron: Patron, *, by: Actor, at: dt.datetime, confirmed: bool) -> None:
    """The audit entry of a card issued: the card, the fee due, whether a likely duplicate
    was confirmed."""
    category = patron.category
    audit.record(
        "patron.issue_card",
        subject=patron,
        by=by,
        at=at,
        library_id=patron.home_library_id,
        after={
            **profile_after(patron),
            "fee_due_vnd": policies.card_fee_due_vnd(
                card_fee_vnd=category.card_fee_vnd, is_fee_exempt=category.is_fee_exempt
            ),
            "confirmed_duplicate": confirmed,
        },
    )


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
    name = clean_name(full_name)
    check_birth_date(birth_date, today)
    if birth_date is None and needs_birth_date(category):
        raise PatronRefused("birth_date_required")
    phone = clean_phone(phone)
    email = clean_email(email)
    gender = clean_gender(gender)
    school_class = clean_class(school_class)
    school = _pupils_school(category=category, library=library, school=school)
    explicit_number = policies.normalize_card_number(card_number)
    if explicit_number:
        explicit_number = check_card_number(explicit_number)
    if not confirm_duplicate:
        _refuse_likely_duplicate(name=name, birth_date=birth_date, phone=phone, library=library)
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
        address=clean_address(address),
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
    _record_issue(patron, by=by, at=at, confirmed=confirm_duplicate)
    for consent in consents:
        record_consent_given(patron=patron, consent=consent, by=by, at=at)
    stats_sources.count_new_readers([patron])
    return patron


@transaction.atomic
def renew_card(*, patron: Patron, by: Actor, at: dt.datetime | None = None) -> Patron:
    """Extend the card by one period of its category, from today or from its current end.

    A blocked card may be renewed (the block stays); an erased one may not (CardRefused).
    """
    at = at or clock.now()
    patron = locked(patron)
    check_not_erased(patron)
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
    patron = locked(patron)
    check_not_erased(patron)
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


# ---------------------------------------------------------------- blocking


def _set_block(
    patron: Patron, *, status: str, blocked_reason: str, note: str, by: Actor, at: dt.datetime
) -> Patron:
    """Block or unblock the locked `patron`, and audit the change of state with `note`."""
    before = {"status": patron.status}
    patron.status = status
    patron.blocked_reason = blocked_reason
    patron.updated_at = at
    patron.save(update_fields=["status", "blocked_reason", "updated_at"])
    audit.record(
        "patron.block" if status == PatronStatus.BLOCKED else "patron.unblock",
        subject=patron,
        by=by,
        at=at,
        library_id=patron.home_library_id,
        before=before,
        after={"status": status},
        note=note,
    )
    return patron


@transaction.atomic
def block_patron(
    *, patron: Patron, reason: str, by: Actor, at: dt.datetime | None = None
) -> Patron:
    """Block the card with a reason the reader is told (unreturned items, damage, misuse)."""
    at = at or clock.now()
    reason = text.clean(reason or "")
    if not reason:
        raise PatronRefused("block_reason_required")
    patron = locked(patron)
    check_not_erased(patron)
    if patron.status == PatronStatus.BLOCKED:
        raise PatronRefused("already_blocked", reason=patron.blocked_reason)
    reason = inputs.check_column(Patron, "blocked_reason", reason)
    return _set_block(
        patron, status=PatronStatus.BLOCKED, blocked_reason=reason, note=reason, by=by, at=at
    )


@transaction.atomic
def unblock_patron(*, patron: Patron, by: Actor, at: dt.datetime | None = None) -> Patron:
    """Lift the block; the card can be used again if it has not expired."""
    at = at or clock.now()
    patron = locked(patron)
    check_not_erased(patron)
    if patron.status != PatronStatus.BLOCKED:
        raise PatronRefused("not_blocked")
    return _set_block(
        patron,
        status=PatronStatus.ACTIVE,
        blocked_reason="",
        note=patron.blocked_reason,
        by=by,
        at=at,
    )
