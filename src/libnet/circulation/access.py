"""Scoped getters for loans and holds: staff see those of the libraries they work the desk at.

A loan belongs to the library that lent it, a hold to its pickup library. Another library's
loan or hold raises NotFound exactly as a missing one does (Luật Thư viện Art. 8: nobody
learns what a reader borrows elsewhere).
"""

from __future__ import annotations

from django.db.models import QuerySet

from libnet.catalog.models import Item
from libnet.circulation.errors import CheckoutRefused, CirculationNotFound
from libnet.circulation.models import Hold, Loan
from libnet.core.errors import LibnetError, NotFound
from libnet.network import access as network_access
from libnet.network.access import User
from libnet.network.models import Library
from libnet.patrons import access as patrons_access
from libnet.patrons.models import Patron

PERMISSION = "circulation"


def loans_for_staff(user: User) -> QuerySet[Loan]:
    """Loans made at a library where `user` works the desk (or one below it, for a subtree role)."""
    library_ids = network_access.visible_library_ids(user, PERMISSION)
    return Loan.objects.filter(library_id__in=library_ids)


def get_loan_for_staff(user: User, loan_id: int) -> Loan:
    """Return the loan if it was made at one of `user`'s desks; NotFound("loan_not_found") otherwise."""
    loan = (
        loans_for_staff(user)
        .filter(pk=loan_id)
        .select_related("item__bib", "patron", "library", "returned_at_library")
        .first()
    )
    if loan is None:
        raise CirculationNotFound("loan_not_found")
    return loan


def holds_for_staff(user: User) -> QuerySet[Hold]:
    """Holds to be collected at a library where `user` works the desk."""
    library_ids = network_access.visible_library_ids(user, PERMISSION)
    return Hold.objects.filter(pickup_library_id__in=library_ids)


def get_hold_for_staff(user: User, hold_id: int) -> Hold:
    """Return the hold if its pickup library is one of `user`'s; NotFound("hold_not_found") otherwise."""
    hold = (
        holds_for_staff(user)
        .filter(pk=hold_id)
        .select_related("bib", "patron", "pickup_library", "item")
        .first()
    )
    if hold is None:
        raise CirculationNotFound("hold_not_found")
    return hold


def get_reader_for_lending(
    user: User,
    card_number: str,
    *,
    desk: Library,
    refusal: type[LibnetError] = CheckoutRefused,
) -> Patron:
    """Return the reader whose card is scanned at `desk`, to lend to or hold for there.

    A card valid at the desk (its own, or honoured under a joint card) is found through
    patrons.access.get_patron_for_lending, whether or not the reader ever came here. A reader
    `user` already serves whose card is not valid at this desk is refused with `refusal`
    ("card_not_valid_here", which says why); anyone else is NotFound, as a card never issued.
    """
    try:
        return patrons_access.get_patron_for_lending(user, card_number, desk)
    except NotFound:
        # Raises NotFound in turn for a reader who is a stranger to `user`.
        known = patrons_access.get_patron_by_card_at_desk(user, card_number, desk=desk)
    raise refusal("card_not_valid_here", home_library=known.home_library.name, library=desk.name)


def get_item_at_desk(user: User, barcode: str, *, desk: Library) -> Item:
    """Return the copy whose barcode is scanned at `desk`, wherever in the network it belongs.

    The copy is in the clerk's hands: a reader may return a school's book at the commune,
    and the desk must see it to send it home. Its barcode reveals nothing about readers (the
    catalogue is the network's). What the desk may do with it is the services' rule: lend
    only a copy that is at the desk, take back only a copy on loan or travelling to it. The
    desk must be one where `user` lends: NotFound("library_not_found") otherwise;
    NotFound("item_not_found") for an unknown barcode.
    """
    if desk.pk not in network_access.visible_library_ids(user, PERMISSION):
        raise CirculationNotFound("library_not_found")
    item = (
        Item.objects.filter(barcode=barcode.strip())
        .select_related("bib", "home_library", "current_library")
        .first()
    )
    if item is None:
        raise CirculationNotFound("item_not_found")
    return item
