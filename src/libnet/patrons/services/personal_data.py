"""A reader's own data: everything libnet holds about them, exported on request, and erased
on request (Luật BVDLCN 2025), everywhere libnet keeps it."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.db import transaction

from libnet.core import audit, clock, text
from libnet.core.audit import Actor
from libnet.patrons import erasure, policies
from libnet.patrons.errors import PatronRefused
from libnet.patrons.models import Patron, PatronLibrary, PatronStatus, RetiredCardNumber
from libnet.patrons.services.checks import check_not_erased, locked

ERASED_CARD_PREFIX = "ERASED-"


def _date(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _profile_data(patron: Patron) -> dict[str, Any]:
    return {
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
    }


def _card_data(patron: Patron) -> dict[str, Any]:
    return {
        "card_number": patron.card_number,
        "home_library": patron.home_library.name,
        "issued_on": _date(patron.card_issued_on),
        "valid_until": _date(patron.card_valid_until),
        "status": patron.status,
        "blocked_reason": patron.blocked_reason,
        "has_pin": bool(patron.pin_hash),
    }


def _history_data(patron: Patron) -> dict[str, list[dict[str, Any]]]:
    """The libraries the reader used, the consents, the loans and the holds, oldest first."""
    loans = patron.loans.select_related("item__bib", "library").order_by("loaned_at")
    holds = patron.holds.select_related("bib", "pickup_library").order_by("placed_at")
    return {
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
    data: dict[str, Any] = {
        "exported_at": at.isoformat(),
        "profile": _profile_data(patron),
        "card": _card_data(patron),
        **_history_data(patron),
    }
    audit.record("patron.export", subject=patron, by=by, at=at, library_id=patron.home_library_id)
    return data


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
    patron = locked(patron)
    check_not_erased(patron)
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
