"""Scoped getters for readers: who may see, lend to, change, export and erase whom.

Luật Thư viện Art. 8 (DOMAIN §2.9): information about library users is never given out.
The matrix (policies.READER_ACCESS, written out in README.md) has three relations:

- the library that issued the card, and the libraries above it where the staff member's role
  covers the subtree (ISSUER): everything;
- a library the reader has used (USED): the name, card number, card state and the reader's
  loans there; lending where the card is valid;
- any other library (OTHER): the reader does not exist (NotFound), except at a desk where the
  card is valid under a joint card (get_patron_for_lending).

A reader of another library is NotFound, exactly as for a card number that was never issued.
A reader who used your library but whose card is another's is PermissionDenied (403) for
changes, export and erasure: you can see them, the card is not yours. Reporting staff (the
Department's officers) hold no "circulation" permission and see no readers at all.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from libnet.network import access as network_access
from libnet.network.access import User
from libnet.network.models import SCHOOL_KINDS, Library
from libnet.patrons import policies, selectors
from libnet.patrons.errors import PatronNotFound, ReaderAccessDenied
from libnet.patrons.models import Patron, PatronLibrary, PatronStatus

PERMISSION = "circulation"


def staff_library_ids(user: User) -> frozenset[int]:
    """Return the libraries where `user` works with readers (the "circulation" permission)."""
    return network_access.visible_library_ids(user, PERMISSION)


def patrons_for_staff(user: User) -> QuerySet[Patron]:
    """Return the readers `user` may see: issued by or used at one of their libraries; never
    erased ones. The personal columns are for ISSUER readers only (relation_to, can_see_…)."""
    library_ids = staff_library_ids(user)
    return Patron.objects.filter(
        Q(home_library_id__in=library_ids)
        | Q(pk__in=PatronLibrary.objects.filter(library_id__in=library_ids).values("patron_id"))
    ).exclude(status=PatronStatus.ERASED)


def patrons_issued_by_staff(user: User) -> QuerySet[Patron]:
    """Return the readers whose card one of `user`'s libraries issued (ISSUER), never erased."""
    return Patron.objects.filter(home_library_id__in=staff_library_ids(user)).exclude(
        status=PatronStatus.ERASED
    )


def relation_to(user: User, patron: Patron) -> str:
    """Return how `user`'s libraries stand to `patron`: policies.ISSUER, USED or OTHER.

    No query for an ISSUER reader beyond the user's libraries (cached for the request).
    """
    if patron.status == PatronStatus.ERASED:
        return policies.OTHER
    library_ids = staff_library_ids(user)
    if patron.home_library_id in library_ids:
        return policies.ISSUER
    used = PatronLibrary.objects.filter(patron=patron, library_id__in=library_ids).values_list(
        "library_id", flat=True
    )
    return policies.reader_relation(
        home_library_id=patron.home_library_id,
        used_library_ids=used,
        staff_library_ids=library_ids,
    )


def _visible_patron(user: User, patron_id: int) -> Patron:
    patron = (
        patrons_for_staff(user)
        .filter(pk=patron_id)
        .select_related("home_library", "category", "school", "admin_unit")
        .first()
    )
    if patron is None:
        raise PatronNotFound("patron_not_found")
    patron.staff_relation = relation_to(user, patron)
    return patron


def get_patron_for_staff(user: User, patron_id: int) -> Patron:
    """Return the reader if `user` may see them (ISSUER or USED); NotFound("patron_not_found")
    otherwise. `patron.staff_relation` says which view the pages show (USED: minimal)."""
    return _visible_patron(user, patron_id)


def get_patron_for_change(user: User, patron_id: int, action: str = policies.CHANGE) -> Patron:
    """Return the reader if `user`'s libraries issued the card: to renew or block it, set the
    PIN, record consent, change the class, print the card, export or erase the data.

    NotFound for a reader `user` cannot see at all; ReaderAccessDenied (403) for one who only
    used their library: the change is for the library that issued the card.
    """
    patron = _visible_patron(user, patron_id)
    if not policies.may(patron.staff_relation, action):
        raise ReaderAccessDenied("issuing_library_only", library=patron.home_library.name)
    return patron


def can_see_personal_data(user: User, patron: Patron) -> bool:
    """Return whether `user` may see `patron`'s date of birth, gender, phone, email, address,
    school and class, consents and history: only the issuing library (and those above it)."""
    return policies.may(relation_to(user, patron), policies.VIEW_PERSONAL)


def _desk_library_ids(user: User, desk: Library) -> frozenset[int]:
    library_ids = staff_library_ids(user)
    if desk.pk not in library_ids:
        raise PatronNotFound("library_not_found")
    return library_ids


def _by_card(card_number: str) -> Patron | None:
    normalized = policies.normalize_card_number(card_number)
    if not normalized:
        return None
    return (
        Patron.objects.filter(card_number=normalized)
        .exclude(status=PatronStatus.ERASED)
        .select_related("home_library", "category", "school")
        .first()
    )


def get_patron_for_lending(user: User, card_number: str, desk: Library) -> Patron:
    """Return the reader whose card is scanned at `desk` if the card is valid there: issued by
    the desk, or honoured under a joint card whose area holds both libraries (the "lend"
    column of the matrix). The desk must be one where `user` lends.

    NotFound("library_not_found") for a desk that is not the user's; NotFound
    ("patron_not_found") for an unknown card or one not valid at the desk, the same answer,
    so a desk cannot probe which card numbers exist elsewhere. The card number is read in
    its one normal form (text.identifier). Whether the card may be used today (blocked,
    expired, consent) is selectors.card_refusal, asked by circulation.
    """
    _desk_library_ids(user, desk)
    patron = _by_card(card_number)
    if patron is None or not selectors.card_honoured_at(patron=patron, library=desk):
        raise PatronNotFound("patron_not_found")
    return patron


def get_issued_patron_by_card(user: User, card_number: str) -> Patron:
    """Return the reader with this card if one of `user`'s libraries issued it (ISSUER): for
    what is asked at the reader's own library, like an inter-library loan (NĐ 93 Art. 27).

    NotFound("patron_not_found") otherwise, the same for a card that does not exist, one of
    another library, and a user who works with no readers at all (a cataloguer): nobody
    learns from this lookup which card numbers exist.
    """
    library_ids = staff_library_ids(user)
    patron = _by_card(card_number) if library_ids else None
    if patron is None or patron.home_library_id not in library_ids:
        raise PatronNotFound("patron_not_found")
    return patron


def get_patron_by_card_at_desk(user: User, card_number: str, *, desk: Library) -> Patron:
    """Return the reader whose card is scanned at `desk`: one whose card is valid there
    (get_patron_for_lending), or one `user` already sees (ISSUER or USED), so the desk can
    say why their card is refused here rather than "no such card".

    NotFound("library_not_found") for a desk that is not the user's, NotFound
    ("patron_not_found") otherwise.
    """
    library_ids = _desk_library_ids(user, desk)
    patron = _by_card(card_number)
    if patron is None:
        raise PatronNotFound("patron_not_found")
    if patron.home_library_id in library_ids or selectors.card_honoured_at(
        patron=patron, library=desk
    ):
        return patron
    if PatronLibrary.objects.filter(patron=patron, library_id__in=library_ids).exists():
        return patron
    raise PatronNotFound("patron_not_found")


def libraries_for_desk(user: User) -> QuerySet[Library]:
    """Return the libraries where `user` may issue cards and lend."""
    return Library.objects.filter(pk__in=staff_library_ids(user)).order_by("sort_key", "code")


def schools_for_desk(user: User) -> QuerySet[Library]:
    """Return the school libraries where `user` may issue cards: those that keep class lists."""
    return libraries_for_desk(user).filter(kind__in=SCHOOL_KINDS)


def get_library_for_desk(user: User, library_id: int) -> Library:
    """Return a library where `user` may issue cards; NotFound otherwise."""
    return network_access.get_library_by_id_for_staff(user, library_id, PERMISSION)
