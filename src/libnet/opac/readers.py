"""The reader signed in to the public catalogue: a patron id in the session, never a staff login.

The reader's id lives under its own session key, apart from Django's staff authentication, so
a reader never gains a staff page and a staff member's login never shows a reader's account.

Failed sign-ins are counted per card number and per address in the database (core.throttle),
so every worker process counts the same; the card number is counted in the one normal form
the lookup uses (text.identifier), so a look-alike letter (ſ for s) cannot start a fresh count.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest

from libnet.circulation.models import Hold, Loan
from libnet.core import clock, throttle
from libnet.opac.errors import AccountNotFound
from libnet.patrons import selectors as patrons_selectors
from libnet.patrons.models import Patron, PatronStatus

READER_SESSION_KEY = "opac_reader_id"
CARD_SCOPE = "reader-card"
ADDRESS_SCOPE = "reader-address"


def card_limit() -> throttle.Limit:
    """A PIN has few digits: five wrong tries for one card, then a pause (settings)."""
    return throttle.limit("LIBNET_READER_SIGN_IN_LIMIT", failures=5, minutes=15)


def address_limit() -> throttle.Limit:
    """A school's computer room shares one address, and pupils mistype: a loose limit."""
    return throttle.limit("LIBNET_READER_SIGN_IN_ADDRESS_LIMIT", failures=30, minutes=15)


def signed_in_reader_id(request: HttpRequest) -> int | None:
    """Return the id of the reader signed in on this browser, without a query for the reader.

    Without a session cookie this reads nothing from the database.
    """
    value = request.session.get(READER_SESSION_KEY)
    return value if isinstance(value, int) else None


def signed_in_reader(request: HttpRequest) -> Patron | None:
    """Return the reader signed in on this browser, or None.

    A reader whose data was erased, or a child whose consent was withdrawn, since signing in
    is signed out.
    """
    reader_id = signed_in_reader_id(request)
    if reader_id is None:
        return None
    patron = (
        Patron.objects.filter(pk=reader_id)
        .exclude(status=PatronStatus.ERASED)
        .select_related("category", "home_library")
        .first()
    )
    if patron is not None and patrons_selectors.card_consents_missing(patron=patron):
        patron = None  # a consent was withdrawn since: the child's data are not processed
    if patron is None:
        sign_out(request)
    return patron


def sign_in(request: HttpRequest, patron: Patron) -> None:
    """Remember `patron` for this browser; a new session key defeats session fixation."""
    request.session.cycle_key()
    request.session[READER_SESSION_KEY] = patron.pk


def sign_out(request: HttpRequest) -> None:
    """Forget the reader; a staff login in the same browser, if any, stays."""
    if READER_SESSION_KEY in request.session:
        del request.session[READER_SESSION_KEY]
        request.session.cycle_key()


def _locks(request: HttpRequest, card_number: str) -> list[tuple[str, str, throttle.Limit]]:
    return [
        (CARD_SCOPE, card_number, card_limit()),
        (ADDRESS_SCOPE, throttle.client_address(request), address_limit()),
    ]


def locked_for_minutes(request: HttpRequest, card_number: str) -> int:
    """Return for how many more minutes sign-ins for this card, or from this address, are
    paused; 0 when they are not."""
    at = clock.now()
    until = [
        locked
        for scope, key, rule in _locks(request, card_number)
        if (locked := throttle.locked_until(scope, key, rule, at=at)) is not None
    ]
    if not until:
        return 0
    return max(1, int((max(until) - at) / dt.timedelta(minutes=1) + 0.999))


def record_failure(request: HttpRequest, card_number: str) -> None:
    """Count one failed sign-in against the card and the address."""
    for scope, key, rule in _locks(request, card_number):
        throttle.record_failure(scope, key, rule)


def clear_failures(card_number: str) -> None:
    """Forget the failures of a card once its reader signed in."""
    throttle.clear(CARD_SCOPE, card_number)


def get_own_loan(reader: Patron, loan_id: int) -> Loan:
    """Return the signed-in reader's open loan; AccountNotFound for anyone else's or none."""
    loan = (
        Loan.objects.filter(pk=loan_id, patron=reader, closed_at__isnull=True)
        .select_related("item__bib", "library")
        .first()
    )
    if loan is None:
        raise AccountNotFound("loan_not_found")
    return loan


def get_own_hold(reader: Patron, hold_id: int) -> Hold:
    """Return the signed-in reader's open hold; AccountNotFound for anyone else's or none."""
    hold = (
        Hold.objects.filter(pk=hold_id, patron=reader, closed_at__isnull=True)
        .select_related("bib", "pickup_library")
        .first()
    )
    if hold is None:
        raise AccountNotFound("hold_not_found")
    return hold
