"""What changes about a reader besides the card: contacts, class and school, and the
libraries the reader has used."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from libnet.core import audit, clock
from libnet.core.audit import Actor
from libnet.network.models import SCHOOL_KINDS, Library
from libnet.patrons.errors import PatronRefused
from libnet.patrons.models import Patron, PatronLibrary
from libnet.patrons.services.checks import (
    check_not_erased,
    clean_address,
    clean_class,
    clean_email,
    clean_phone,
    locked,
)


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
    patron = locked(patron)
    check_not_erased(patron)
    changed: list[str] = []
    if phone is not None:
        patron.phone = clean_phone(phone)
        changed.append("phone")
    if email is not None:
        patron.email = clean_email(email)
        changed.append("email")
    if address is not None:
        patron.address = clean_address(address)
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
    patron = locked(patron)
    check_not_erased(patron)
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
