"""Scoped getters for library-owned catalogue data (copies, registers, shelf locations).

Records are the network's shared union catalogue and visible to all staff; copies and
registers belong to a library and are NotFound for staff of other libraries.
"""

from __future__ import annotations

from django.db.models import QuerySet

from libnet.catalog.models import AccessionRegister, BibRecord, Item, ShelfLocation
from libnet.core.errors import NotFound
from libnet.core.models import DocumentJob
from libnet.network import access as network_access
from libnet.network.access import User


def items_for_staff(user: User, permission: str = "view") -> QuerySet[Item]:
    """Copies owned by, or now at, a library where `user` holds `permission`."""
    library_ids = network_access.visible_library_ids(user, permission)
    return Item.objects.filter(home_library_id__in=library_ids) | Item.objects.filter(
        current_library_id__in=library_ids
    )


def get_item_for_staff(user: User, item_id: int, permission: str = "view") -> Item:
    """Return the copy if its owner or its current library is one of `user`'s; NotFound otherwise."""
    item = (
        items_for_staff(user, permission)
        .filter(pk=item_id)
        .select_related("bib", "home_library", "current_library", "shelf_location", "register")
        .first()
    )
    if item is None:
        raise NotFound("item_not_found")
    return item


def get_item_by_barcode_for_staff(user: User, barcode: str, permission: str = "view") -> Item:
    item = (
        items_for_staff(user, permission)
        .filter(barcode=barcode.strip())
        .select_related("bib", "home_library", "current_library")
        .first()
    )
    if item is None:
        raise NotFound("item_not_found")
    return item


def get_record_for_staff(user: User, bib_id: int) -> BibRecord:
    """Return a catalogue record; any staff member may read the union catalogue."""
    if not network_access.visible_library_ids(user, "view"):
        raise NotFound("record_not_found")
    bib = BibRecord.objects.filter(pk=bib_id).first()
    if bib is None:
        raise NotFound("record_not_found")
    return bib


def registers_for_staff(user: User, permission: str = "view") -> QuerySet[AccessionRegister]:
    library_ids = network_access.visible_library_ids(user, permission)
    return AccessionRegister.objects.filter(library_id__in=library_ids).select_related("library")


def get_register_for_staff(
    user: User, register_id: int, permission: str = "view"
) -> AccessionRegister:
    register = registers_for_staff(user, permission).filter(pk=register_id).first()
    if register is None:
        raise NotFound("register_not_found")
    return register


def get_document_job_for_staff(user: User, job_id: int) -> DocumentJob:
    """Return a catalogue document `user` asked for, while its register is still theirs.

    NotFound otherwise, as for a job that does not exist: another person's documents (and
    another library's registers) do not exist for `user`.
    """
    job = DocumentJob.objects.filter(
        pk=job_id, kind__startswith="catalog.", created_by_id=user.pk
    ).first()
    if job is None:
        raise NotFound("document_not_found")
    register_id = job.params.get("register_id")
    if (
        not isinstance(register_id, int)
        or not registers_for_staff(user).filter(pk=register_id).exists()
    ):
        raise NotFound("document_not_found")
    return job


def shelf_locations_for_staff(user: User, permission: str = "view") -> QuerySet[ShelfLocation]:
    library_ids = network_access.visible_library_ids(user, permission)
    return ShelfLocation.objects.filter(library_id__in=library_ids)
