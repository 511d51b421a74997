"""The PIN a reader signs in to the OPAC with, and the sign-in itself."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import hashers
from django.db import transaction

from libnet.core import audit, clock
from libnet.core.audit import Actor
from libnet.patrons import policies, selectors
from libnet.patrons.errors import CardRefused, PatronRefused
from libnet.patrons.models import Patron, PatronStatus
from libnet.patrons.services.checks import check_not_erased, locked

MIN_PIN_LENGTH = 4
MAX_PIN_LENGTH = 12


@transaction.atomic
def set_pin(*, patron: Patron, pin: str, by: Actor, at: dt.datetime | None = None) -> None:
    """Set the PIN the reader logs in to the OPAC with (4 to 12 characters, no spaces)."""
    at = at or clock.now()
    pin = pin or ""
    if not MIN_PIN_LENGTH <= len(pin) <= MAX_PIN_LENGTH or any(char.isspace() for char in pin):
        raise PatronRefused("invalid_pin")
    patron = locked(patron)
    check_not_erased(patron)
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
