"""The checks every write about a reader shares: a reader's details in their stored form, or
a PatronRefused saying what is wrong; the reader's row locked; what the audit log may keep
about a card."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy

from libnet.core import audit, inputs, text, validation
from libnet.patrons import policies
from libnet.patrons.errors import CardRefused, PatronRefused
from libnet.patrons.models import Gender, Patron, PatronCategory, PatronStatus

BIRTH_DATE_LABEL = gettext_lazy("Date of birth")


def clean_name(full_name: str) -> str:
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


def clean_email(email: str) -> str:
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except DjangoValidationError:
            raise PatronRefused("invalid_email", email=email) from None
    return email


def clean_gender(gender: str) -> str:
    gender = (gender or "").strip().lower()
    if gender and gender not in Gender.values:
        raise PatronRefused("invalid_gender", gender=gender)
    return gender


def clean_class(school_class: str) -> str:
    value = policies.normalize_class_name(school_class)
    if value and not policies.CLASS_NAME_PATTERN.match(value):
        raise PatronRefused("invalid_class", value=value)
    return value


def clean_address(address: str) -> str:
    return inputs.check_column(Patron, "address", text.clean(address or ""))


def category_by_code(code: str) -> PatronCategory:
    """Return the reader category with `code`; PatronRefused("unknown_category") otherwise."""
    category = PatronCategory.objects.filter(code=(code or "").strip().lower()).first()
    if category is None:
        known = ", ".join(PatronCategory.objects.values_list("code", flat=True))
        raise PatronRefused("unknown_category", category=code, known=known)
    return category


def needs_birth_date(category: PatronCategory) -> bool:
    # Consent depends on age (policies.consents_needed): children and pupils must give it.
    return category.code in {"child", policies.PUPIL_CATEGORY}


def profile_after(patron: Patron) -> dict[str, Any]:
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


def check_not_erased(patron: Patron) -> None:
    if patron.status == PatronStatus.ERASED:
        raise CardRefused("card_erased")


def locked(patron: Patron) -> Patron:
    """The reader's row read again and locked until the transaction ends."""
    return Patron.objects.select_for_update().select_related("category").get(pk=patron.pk)
