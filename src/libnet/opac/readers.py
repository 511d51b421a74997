"""The reader signed in to the public catalogue: a patron id in the session, never a staff login.

The reader's id lives under its own session key, apart from Django's staff authentication, so
a reader never gains a staff page and a staff member's login never shows a reader's account.

Failed sign-ins are counted per card number and per address in Django's cache. The default
cache is per process: a province running several workers should point CACHES at a shared
backend (database or Redis) so the counts are shared.
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest

from libnet.circulation.models import Hold, Loan
from libnet.core.text import fold
from libnet.opac.errors import AccountNotFound
from libnet.patrons.models import Patron, PatronStatus

READER_SESSION_KEY = "opac_reader_id"
# A PIN has few digits: five wrong tries for one card, then a pause, keeps guessing hopeless.
MAX_FAILURES_PER_CARD = 5
# A school's computer room shares one address, and pupils mistype: the address limit is loose.
MAX_FAILURES_PER_ADDRESS = 30
LOCKOUT_SECONDS = 15 * 60


def signed_in_reader_id(request: HttpRequest) -> int | None:
    """Return the id of the reader signed in on this browser, without a query for the reader.

    Without a session cookie this reads nothing from the database.
    """
    value = request.session.get(READER_SESSION_KEY)
    return value if isinstance(value, int) else None


def signed_in_reader(request: HttpRequest) -> Patron | None:
    """Return the reader signed in on this browser, or None.

    A reader whose data was erased since signing in is signed out.
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


def _client_address(request: HttpRequest) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is whatever the client says unless a proxy is trusted.
    return str(request.META.get("REMOTE_ADDR", ""))


def _card_key(card_number: str) -> str:
    return f"opac-sign-in:card:{fold(card_number.strip())}"


def _address_key(request: HttpRequest) -> str:
    return f"opac-sign-in:address:{_client_address(request)}"


def is_locked_out(request: HttpRequest, card_number: str) -> bool:
    """Return whether sign-ins for this card, or from this address, are paused."""
    card_failures = int(cache.get(_card_key(card_number), 0))
    address_failures = int(cache.get(_address_key(request), 0))
    return card_failures >= MAX_FAILURES_PER_CARD or address_failures >= MAX_FAILURES_PER_ADDRESS


def record_failure(request: HttpRequest, card_number: str) -> None:
    """Count one failed sign-in against the card and the address, for LOCKOUT_SECONDS."""
    for key in (_card_key(card_number), _address_key(request)):
        cache.add(key, 0, LOCKOUT_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, LOCKOUT_SECONDS)


def clear_failures(card_number: str) -> None:
    """Forget the failures of a card once its reader signed in."""
    cache.delete(_card_key(card_number))


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
