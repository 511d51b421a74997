"""Scoped getters for readers: staff see a reader only if the reader used one of their libraries.

Luật Thư viện Art. 8 (DOMAIN §2.9): information about library users is never given out.
A reader of another library does not exist for you: NotFound, exactly as for a card number
that was never issued. Reporting staff (the Department's officers) hold no "circulation"
permission and see no readers at all.
"""

from __future__ import annotations

from django.db.models import QuerySet

from libnet.network import access as network_access
from libnet.network.access import User
from libnet.network.models import SCHOOL_KINDS, Library
from libnet.patrons import policies, selectors
from libnet.patrons.errors import PatronNotFound
from libnet.patrons.models import Patron, PatronLibrary, PatronStatus


def patrons_for_staff(user: User, permission: str = "circulation") -> QuerySet[Patron]:
    """Return the readers who used a library where `user` holds `permission`; never erased ones."""
    library_ids = network_access.visible_library_ids(user, permission)
    return Patron.objects.filter(
        pk__in=PatronLibrary.objects.filter(library_id__in=library_ids).values("patron_id")
    ).exclude(status=PatronStatus.ERASED)


def get_patron_for_staff(user: User, patron_id: int, permission: str = "circulation") -> Patron:
    """Return the reader if they used one of `user`'s libraries; NotFound("patron_not_found") otherwise."""
    patron = (
        patrons_for_staff(user, permission)
        .filter(pk=patron_id)
        .select_related("home_library", "category", "school", "admin_unit")
        .first()
    )
    if patron is None:
        raise PatronNotFound("patron_not_found")
    return patron


def get_patron_by_card_at_desk(user: User, card_number: str, *, desk: Library) -> Patron:
    """Return the reader whose card is scanned at `desk`.

    The desk must be a library where `user` lends (NotFound "library_not_found" otherwise).
    The card is found if its reader used one of `user`'s libraries, or if it is honoured at the
    desk under a joint card (the reader may be new here: lending will link them). Card numbers
    are compared trimmed and in capitals. NotFound("patron_not_found") otherwise.
    """
    library_ids = network_access.visible_library_ids(user, "circulation")
    if desk.pk not in library_ids:
        raise PatronNotFound("library_not_found")
    normalized = policies.normalize_card_number(card_number)
    patron = (
        Patron.objects.filter(card_number=normalized)
        .exclude(status=PatronStatus.ERASED)
        .select_related("home_library", "category", "school")
        .first()
    )
    if patron is None:
        raise PatronNotFound("patron_not_found")
    used_here = PatronLibrary.objects.filter(patron=patron, library_id__in=library_ids).exists()
    if used_here or selectors.card_honoured_at(patron=patron, library=desk):
        return patron
    raise PatronNotFound("patron_not_found")


def can_see_personal_data(user: User, patron: Patron) -> bool:
    """Return whether `user` may see `patron`'s phone, email, address and date of birth.

    Only staff of a library the reader has used (a reader met under a joint card shows name,
    category and card until the first loan links them to the desk).
    """
    if patron.status == PatronStatus.ERASED:
        return False
    library_ids = network_access.visible_library_ids(user, "circulation")
    return PatronLibrary.objects.filter(patron=patron, library_id__in=library_ids).exists()


def libraries_for_desk(user: User) -> QuerySet[Library]:
    """Return the libraries where `user` may issue cards and lend."""
    library_ids = network_access.visible_library_ids(user, "circulation")
    return Library.objects.filter(pk__in=library_ids).order_by("sort_key", "code")


def schools_for_desk(user: User) -> QuerySet[Library]:
    """Return the school libraries where `user` may issue cards: those that keep class lists."""
    return libraries_for_desk(user).filter(kind__in=SCHOOL_KINDS)


def get_library_for_desk(user: User, library_id: int) -> Library:
    """Return a library where `user` may issue cards; NotFound otherwise."""
    return network_access.get_library_by_id_for_staff(user, library_id, "circulation")
