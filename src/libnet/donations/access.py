"""Scoped getters for donations.

Donors, donations and books passed on belong to the library that recorded them: its
catalogue and desk staff (and those whose role covers it from above) see them; anyone else
gets NotFound, exactly as for one that does not exist. A donor's contact is personal data
(Luật Thư viện Art. 8, as reader data): it is shown only to them. A drive is seen by anyone
with a role at its library, or below it when the libraries below take part (they record
donations for it); the Department's officers see its progress, never the donors.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from libnet.donations.errors import DonationNotFound
from libnet.donations.models import Donation, DonationLine, Donor, Drive, OnwardGift
from libnet.network import access as network_access
from libnet.network import selectors as network_selectors
from libnet.network.access import User
from libnet.network.errors import RoleRequired
from libnet.network.models import Library

# Cataloguers and desk clerks take in donated books (a commune library has one clerk for both).
PERMISSIONS = ("catalog", "circulation")


def donation_library_ids(user: User) -> frozenset[int]:
    """The libraries whose donations `user` records and sees."""
    return network_access.library_ids_for_any(user, PERMISSIONS)


def require_donation_role(user: User) -> frozenset[int]:
    """donation_library_ids, or a 403 saying what the page is for when there is none."""
    ids = donation_library_ids(user)
    if not ids:
        raise RoleRequired("catalog")
    return ids


def libraries_for_donations(user: User) -> QuerySet[Library]:
    return Library.objects.filter(pk__in=donation_library_ids(user), is_active=True).order_by(
        "sort_key", "code"
    )


def get_library_for_donations(user: User, code: str) -> Library:
    """A library whose donations `user` records, by its code; NotFound otherwise."""
    library = Library.objects.filter(
        code=code.strip().upper(), pk__in=donation_library_ids(user)
    ).first()
    if library is None:
        raise DonationNotFound("library_not_found")
    return library


def can_see_contact(user: User, donor: Donor) -> bool:
    """Whether `user` may read the donor's contact: staff of the library that recorded it."""
    return donor.library_id in donation_library_ids(user)


def donors_for_staff(user: User) -> QuerySet[Donor]:
    return Donor.objects.filter(library_id__in=donation_library_ids(user))


def get_donor_for_staff(user: User, donor_id: int) -> Donor:
    donor = donors_for_staff(user).filter(pk=donor_id).select_related("library").first()
    if donor is None:
        raise DonationNotFound("donor_not_found")
    return donor


def donations_for_staff(user: User) -> QuerySet[Donation]:
    return Donation.objects.filter(library_id__in=donation_library_ids(user))


def get_donation_for_staff(user: User, donation_id: int) -> Donation:
    donation = (
        donations_for_staff(user)
        .filter(pk=donation_id)
        .select_related("library", "donor", "drive", "created_by")
        .first()
    )
    if donation is None:
        raise DonationNotFound("donation_not_found")
    return donation


def get_line_for_staff(user: User, donation: Donation, line_id: int) -> DonationLine:
    """A line of `donation` (already read through get_donation_for_staff)."""
    line = DonationLine.objects.filter(pk=line_id, donation=donation).select_related("bib").first()
    if line is None:
        raise DonationNotFound("line_not_found")
    return line


def gifts_for_staff(user: User) -> QuerySet[OnwardGift]:
    """Books passed on by one of `user`'s libraries, or to one of them."""
    ids = donation_library_ids(user)
    return OnwardGift.objects.filter(Q(library_id__in=ids) | Q(destination_id__in=ids))


def drive_library_ids(user: User) -> frozenset[int]:
    """The libraries whose drives `user` sees: where they hold any role."""
    return network_access.visible_library_ids(user, "view")


def drives_for_staff(user: User) -> QuerySet[Drive]:
    """Drives of `user`'s libraries, and drives above them that the libraries below take part in."""
    ids = drive_library_ids(user)
    if not ids:
        return Drive.objects.none()
    parents = network_selectors.parent_map()
    above = {
        ancestor
        for library_id in ids
        for ancestor in network_selectors.ancestor_ids(library_id, parents)
    }
    return Drive.objects.filter(
        Q(library_id__in=ids) | Q(library_id__in=above, covers_subtree=True)
    )


def get_drive_for_staff(user: User, drive_id: int) -> Drive:
    drive = drives_for_staff(user).filter(pk=drive_id).select_related("library").first()
    if drive is None:
        raise DonationNotFound("drive_not_found")
    return drive


def drives_open_at(library: Library) -> QuerySet[Drive]:
    """The drives a donation received at `library` may count for: its own, and those of the
    libraries above it that the libraries below take part in."""
    above = network_selectors.ancestor_ids(library.pk)
    return Drive.objects.filter(
        Q(library=library) | Q(library_id__in=above, covers_subtree=True)
    ).select_related("library")
