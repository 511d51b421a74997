"""Pure rules about readers and cards: plain values in, an answer out; no queries, no clock."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from libnet.core import text
from libnet.core.dates import add_months
from libnet.network.models import LibraryKind
from libnet.patrons.models import ConsentRole, PatronStatus

# ---------------------------------------------------------------- refusals


@dataclass(frozen=True)
class Refusal:
    """Why something is refused: a stable code and the values its message needs."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


def card_refusal(
    *,
    status: str,
    valid_until: dt.date,
    today: dt.date,
    blocked_reason: str = "",
    missing_consents: Sequence[str] = (),
) -> Refusal | None:
    """Return why the card cannot be used `today`, or None when it can.

    `missing_consents` are the roles whose consent the reader's age needs and no record gives
    (card_consents_missing). Erasure beats blocking, blocking beats missing consent, and
    missing consent beats expiry: the most lasting reason is given.
    """
    if status == PatronStatus.ERASED:
        return Refusal("card_erased")
    if status == PatronStatus.BLOCKED:
        return Refusal("card_blocked", {"reason": blocked_reason or "—"})
    if missing_consents:
        return Refusal("consent_missing", {"roles": tuple(missing_consents)})
    if valid_until < today:
        return Refusal("card_expired", {"expired_on": valid_until.strftime("%d/%m/%Y")})
    return None


CARD_REFUSAL_CODES = ("card_erased", "card_blocked", "consent_missing", "card_expired")

# ---------------------------------------------------------------- card validity and fees

# A pupil's card follows the school year: it ends on 31 May, when classes end (the Ministry
# of Education's yearly calendar closes the school year by the end of May; local rules may
# differ, DOMAIN §8.7). Cards issued from June on are for the coming school year.
SCHOOL_YEAR_ENDS = (5, 31)
PUPIL_CATEGORY = "pupil"


def school_year_end(day: dt.date) -> dt.date:
    """Return the last day of the school year that a card issued on `day` serves.

    From June to December that is 31 May of the next year; from January to May, this year's.
    """
    month, last_day = SCHOOL_YEAR_ENDS
    year = day.year + 1 if day.month > month else day.year
    return dt.date(year, month, last_day)


def card_valid_until(*, category_code: str, card_months: int, starts_on: dt.date) -> dt.date:
    """Return the last day a card starting on `starts_on` is valid.

    Pupils' cards end with the school year; other cards last `card_months` months (the day
    before the same date `card_months` later: 5/1/2026 + 12 → 4/1/2027).
    """
    if category_code == PUPIL_CATEGORY:
        return school_year_end(starts_on)
    return add_months(starts_on, max(card_months, 1)) - dt.timedelta(days=1)


def renewed_valid_until(
    *, category_code: str, card_months: int, valid_until: dt.date, today: dt.date
) -> dt.date:
    """Return the new end of a renewed card: a new period from today, or from the day after
    the current end when the card has not expired yet (renewing early loses nothing)."""
    starts_on = max(today, valid_until + dt.timedelta(days=1))
    return card_valid_until(
        category_code=category_code, card_months=card_months, starts_on=starts_on
    )


def card_fee_due_vnd(*, card_fee_vnd: int, is_fee_exempt: bool) -> int:
    """Return the card fee in đồng (Luật Thư viện 2019 Art. 43: exempt categories pay nothing)."""
    return 0 if is_fee_exempt else card_fee_vnd


# ---------------------------------------------------------------- consent

# Luật Bảo vệ dữ liệu cá nhân 2025 (effective 1/1/2026), Art. 24 as digested in DOMAIN §2.9:
# silence is not consent; processing the data of a child aged 7 or more needs the consent of
# both the child and a parent or legal guardian. Below 7 the guardian consents alone, and from
# 16 (no longer a child under Luật Trẻ em 2016 Art. 1) the reader consents alone.
# Unconfirmed: the law's number and final text were not seen (DOMAIN marks it PARTIAL), and
# whether 16- and 17-year-olds still need a guardian's consent as minors under the Civil Code.
CHILD_CONSENTS_ALONE_FROM_AGE = 7
ADULT_CONSENT_FROM_AGE = 16

# What consent is asked for. One purpose today: keeping the reader's data to issue a card
# and lend. A province adding SMS reminders would add a purpose, asked for separately.
LIBRARY_SERVICE = "library_service"
# A disability is sensitive personal data (Luật BVDLCN 2025). libnet keeps no disability
# field: a reader's open consent for this purpose is the record that they have one and agreed
# to it being counted in "readers by group" (TT 18/2014 Art. 13). Withdrawing it takes them
# out of the count from that day.
DISABILITY_RECORD = "disability_record"
CONSENT_PURPOSES = (LIBRARY_SERVICE, DISABILITY_RECORD)


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Return the age in whole years on `day` (a birthday on 29/2 counts from 1/3)."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)


def consents_needed(age_years: int | None) -> frozenset[str]:
    """Return who must consent for a reader of this age: the reader, the guardian, or both.

    An unknown age is treated as an adult's: the desk form and the services ask for the date
    of birth of every child and pupil.
    """
    if age_years is None or age_years >= ADULT_CONSENT_FROM_AGE:
        return frozenset({ConsentRole.READER})
    if age_years >= CHILD_CONSENTS_ALONE_FROM_AGE:
        return frozenset({ConsentRole.READER, ConsentRole.GUARDIAN})
    return frozenset({ConsentRole.GUARDIAN})


def missing_consents(*, needed: Iterable[str], given: Iterable[str]) -> list[str]:
    """Return the roles whose consent is still missing, reader first."""
    given_roles = set(given)
    order = [ConsentRole.READER, ConsentRole.GUARDIAN]
    return [role for role in order if role in set(needed) and role not in given_roles]


def card_consents_missing(*, age_years: int | None, given: Iterable[str]) -> list[str]:
    """Return the consents a child's card waits for: none for a reader of 16 or more.

    Whatever created the card (the desk, the API, a class list, the demo), a child's card
    cannot be used until the consents its age needs are recorded (Luật BVDLCN 2025 Art. 24,
    DOMAIN §2.9: silence is not consent). The age is today's: a child who turns 7 is asked
    in person too. Adults consent at the desk when the card is issued; an adult record
    without one (imported from an older system) is flagged on the reader's page, not stopped.
    """
    if age_years is None or age_years >= ADULT_CONSENT_FROM_AGE:
        return []
    return missing_consents(needed=consents_needed(age_years), given=given)


# ---------------------------------------------------------------- duplicates

_NON_DIGITS = re.compile(r"\D")
# What a typed phone number may contain besides digits: a leading +, spaces, dots, hyphens
# and brackets around an area code ("(024) 3825 1234"). Letters never.
_PHONE_CHARACTERS = re.compile(r"^\+?[0-9 .\-()]+$")
# Vietnamese numbers since the 2018 renumbering: mobiles are 10 digits 03x, 05x, 07x, 08x,
# 09x; landlines are 11 digits 02x (area code 2x + 8 digits). +84 replaces the leading 0.
_MOBILE = re.compile(r"^0[35789]\d{8}$")
_LANDLINE = re.compile(r"^02\d{9}$")


def phone_digits(phone: str) -> str:
    """Return the digits of a Vietnamese phone number in national form: +84 912… → 0912…"""
    digits = _NON_DIGITS.sub("", phone or "")
    if digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    return digits


def is_valid_phone(phone: str) -> bool:
    """Return whether `phone` is a Vietnamese number: 10 digits 0[35789]… (mobile) or 11
    digits 02… (landline), or the same after +84; spaces, dots, hyphens and brackets allowed."""
    phone = (phone or "").strip()
    if not _PHONE_CHARACTERS.match(phone):
        return False
    digits = phone_digits(phone)
    if phone.startswith("+") and not phone.startswith("+84"):
        return False
    return bool(_MOBILE.match(digits) or _LANDLINE.match(digits))


@dataclass(frozen=True)
class ReaderIdentity:
    """What the duplicate rule compares: the folded name, the date of birth, the phone digits."""

    name_folded: str
    birth_date: dt.date | None
    phone: str  # digits, as phone_digits() gives them


def identity(full_name: str, birth_date: dt.date | None, phone: str) -> ReaderIdentity:
    return ReaderIdentity(text.fold(text.clean(full_name)), birth_date, phone_digits(phone))


def is_duplicate_candidate(new: ReaderIdentity, existing: ReaderIdentity) -> bool:
    """Return whether `existing` is likely the same person as `new`.

    Same folded name (Nguyễn = NGUYEN = nguyen) and either the same date of birth or the same
    phone number. A name alone is not enough: Nguyễn Văn Hùng is a common name.
    """
    if not new.name_folded or new.name_folded != existing.name_folded:
        return False
    if new.birth_date is not None and new.birth_date == existing.birth_date:
        return True
    return bool(new.phone) and new.phone == existing.phone


# ---------------------------------------------------------------- card numbers

CARD_NUMBER_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9.\-]{2,31}$")
CARD_SEQUENCE_DIGITS = 6
_NOT_ALNUM = re.compile(r"[^A-Z0-9]")


def normalize_card_number(card_number: str) -> str:
    """Return a card number as stored and looked up: text.identifier (NFKC, trimmed, capitals).

    Scanners, typists and phone keyboards vary; the one normal form of core.text makes a
    look-alike (ſ U+017F, full-width digits) the card it stands for, everywhere.
    """
    return text.identifier(card_number or "")


def card_number_digest(card_number: str) -> str:
    """Return the digest that marks a card number as used for ever (RetiredCardNumber)."""
    return hashlib.sha256(normalize_card_number(card_number).encode("utf-8")).hexdigest()


def card_prefix(library_code: str, province_code: str = "") -> str:
    """Return the card-number prefix of a library, from its code: SL-TANLAP → TANLAP.

    The province's own prefix is dropped (every library has it), đ becomes D, and at most ten
    characters are kept so the number still fits a barcode on the card.
    """
    parts = [part for part in library_code.split("-") if part]
    if len(parts) > 1 and (not province_code or parts[0] == province_code):
        parts = parts[1:]
    prefix = _NOT_ALNUM.sub("", text.fold("".join(parts)).upper())
    return (prefix or "TV")[:10]


def card_number(prefix: str, year: int, sequence: int) -> str:
    """Return the card number `prefix` + year + zero-padded sequence: TANLAP2026000042."""
    return f"{prefix}{year}{sequence:0{CARD_SEQUENCE_DIGITS}d}"


# ---------------------------------------------------------------- classes and school years

_CLASS_PATTERN = re.compile(r"^(\d{1,2})(.*)$")
CLASS_NAME_PATTERN = re.compile(r"^[0-9A-Z][0-9A-Z.\-/ ]{0,19}$")
FINAL_GRADES: dict[str, int] = {
    LibraryKind.SCHOOL_PRIMARY: 5,
    LibraryKind.SCHOOL_LOWER_SECONDARY: 9,
    LibraryKind.SCHOOL_UPPER_SECONDARY: 12,
    LibraryKind.SCHOOL_MULTI: 12,
}


def normalize_class_name(value: str) -> str:
    """Return a class name as stored: "lớp 6a" → "6A"."""
    cleaned = text.clean(value or "")
    folded = text.fold(cleaned)
    for word in ("lop ", "class "):
        if folded.startswith(word):
            cleaned = cleaned[len(word) :]
            break
    return cleaned.strip().upper()


def grade_of(class_name: str) -> int | None:
    """Return the grade a class belongs to: "10A1" → 10; None when it has no leading number."""
    match = _CLASS_PATTERN.match(class_name.strip())
    if match is None:
        return None
    grade = int(match.group(1))
    return grade if 1 <= grade <= 12 else None


def next_class(class_name: str) -> str | None:
    """Return the class a pupil moves up to: "6A" → "7A", "10A1" → "11A1"; None if unknown."""
    match = _CLASS_PATTERN.match(class_name.strip())
    if match is None or grade_of(class_name) is None:
        return None
    return f"{int(match.group(1)) + 1}{match.group(2)}"


def rollover_dates(today: dt.date) -> tuple[dt.date, dt.date]:
    """Return (end of the school year that is closing, end of the one about to start).

    The rollover runs between May and September: leavers' cards end on the closing year's
    31 May, and the cards of pupils who move up now last until the next 31 May.
    """
    month, last_day = SCHOOL_YEAR_ENDS
    closing_year = today.year if today.month >= month else today.year - 1
    return dt.date(closing_year, month, last_day), dt.date(closing_year + 1, month, last_day)


def final_grade_for(library_kind: str) -> int | None:
    """Return the last grade a school of this kind teaches: 5, 9 or 12."""
    return FINAL_GRADES.get(library_kind)


# ---------------------------------------------------------------- who may do what to a reader

# Luật Thư viện 2019 Art. 8 (DOMAIN §2.9): information about library users is not given out.
# The card belongs to the library that issued it; a library the reader only used meets them
# at its desk, and needs no more than the desk needs. The matrix is written out, with the
# reasons, in patrons/README.md.
ISSUER = "issuer"  # the reader's home library, or a library above it in the staff member's tree
USED = "used"  # a library the reader has used (a loan under a joint card, a visit)
OTHER = "other"  # any other library

VIEW = "view"  # name, card number, card state, the reader's loans at this library
VIEW_PERSONAL = "view_personal"  # date of birth, gender, contacts, school, consents, history
LEND = "lend"  # lend, renew, take holds: only where the card is valid (circulation decides)
CHANGE = "change"  # renew or block the card, set the PIN, record consent, change class
EXPORT = "export"  # everything held about the reader, as a file
ERASE = "erase"  # erase the personal data on request

READER_ACCESS: Mapping[str, frozenset[str]] = {
    ISSUER: frozenset({VIEW, VIEW_PERSONAL, LEND, CHANGE, EXPORT, ERASE}),
    USED: frozenset({VIEW, LEND}),
    # A card honoured under a joint card (access.get_patron_for_lending) is lent to and seen
    # as USED sees it once the loan has linked the reader to the desk.
    OTHER: frozenset({LEND}),
}


def reader_relation(
    *, home_library_id: int, used_library_ids: Iterable[int], staff_library_ids: Iterable[int]
) -> str:
    """Return how a staff member's libraries stand to a reader: issuer, used or other."""
    staff = set(staff_library_ids)
    if home_library_id in staff:
        return ISSUER
    if staff & set(used_library_ids):
        return USED
    return OTHER


def may(relation: str, action: str) -> bool:
    """Return whether a library in `relation` to a reader may do `action` (READER_ACCESS)."""
    return action in READER_ACCESS.get(relation, frozenset())
