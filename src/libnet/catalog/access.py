"""Scoped getters for library-owned catalogue data (copies, registers, shelf locations).

Records are the network's shared union catalogue and visible to all staff; copies and
registers belong to a library and are NotFound for staff of other libraries. Seeing is not
changing: a record is changed only as catalog.policies.record_change_refusal allows, and a
copy only by the cataloguers of the library that owns it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from libnet.catalog import policies
from libnet.catalog.errors import AuthorityNotFound, CatalogForbidden
from libnet.catalog.models import (
    AccessionRegister,
    Authority,
    BibRecord,
    Item,
    SerialClaim,
    SerialIssue,
    SerialSubscription,
    SerialTitle,
    ShelfLocation,
)
from libnet.core import text
from libnet.core.audit import Actor
from libnet.core.errors import NotFound
from libnet.core.models import DocumentJob
from libnet.network import access as network_access
from libnet.network.access import User
from libnet.network.models import Library, LibraryKind


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


def get_item_for_change(user: User, item_id: int) -> Item:
    """Return the copy for a change of its description or status by `user`.

    Raises NotFound when the user cannot see the copy at all, and CatalogForbidden when they
    see it only because it is at their library now (on rotation, in transit): the owner's
    cataloguers describe, withdraw or write off a copy, not the library that has it on loan.
    """
    item = get_item_for_staff(user, item_id)
    if not network_access.can(user, "catalog", item.home_library):
        if network_access.visible_library_ids(user, "catalog"):
            raise CatalogForbidden("item_of_another_library", library=item.home_library.name)
        raise CatalogForbidden("catalog_role_required")
    return item


def get_item_by_barcode_for_staff(user: User, barcode: str, permission: str = "view") -> Item:
    item = (
        items_for_staff(user, permission)
        .filter(barcode=text.identifier(barcode))
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


def record_editor(by: Actor, library: Library | None = None) -> policies.RecordEditor:
    """Who `by` is for the shared-record rule: the libraries where they catalogue.

    Without a person (`libnet import_marc`, run by the server's administrator) the change is
    made for `library`, the one named by --library: a provincial library may change any
    record, another one the records it created.
    """
    if getattr(by, "is_authenticated", False):
        user: User = by  # type: ignore[assignment]  # an authenticated Actor is a user
        library_ids = network_access.visible_library_ids(user, "catalog")
        return policies.RecordEditor(
            catalog_library_ids=library_ids,
            is_provincial_cataloguer=Library.objects.filter(
                pk__in=library_ids, kind=LibraryKind.PROVINCIAL
            ).exists(),
            is_superuser=bool(getattr(user, "is_superuser", False)),
        )
    if library is None:
        return policies.RecordEditor(catalog_library_ids=frozenset())
    return policies.RecordEditor(
        catalog_library_ids=frozenset({library.pk}),
        is_provincial_cataloguer=library.kind == LibraryKind.PROVINCIAL,
    )


def record_change_refusal(bib: BibRecord, editor: policies.RecordEditor) -> CatalogForbidden | None:
    """The refusal to raise when `editor` may not change `bib`, with its creating library named."""
    code = policies.record_change_refusal(
        created_at_library_id=bib.created_at_library_id, editor=editor
    )
    if code is None:
        return None
    creator = Library.objects.filter(pk=bib.created_at_library_id or 0).first()
    return CatalogForbidden(code, library=creator.name if creator is not None else "")


def get_authority_for_staff(user: User, authority_id: int) -> Authority:
    """Return an authority record for any member of staff (authorities are the network's);
    AuthorityNotFound when there is none with this id. Raises RoleRequired without a role."""
    network_access.require_role(user, "view")
    authority = Authority.objects.filter(pk=authority_id).first()
    if authority is None:
        raise AuthorityNotFound("authority_not_found")
    return authority


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


# ---------------------------------------------------------------- serials


def subscriptions_for_staff(user: User, permission: str = "view") -> QuerySet[SerialSubscription]:
    library_ids = network_access.visible_library_ids(user, permission)
    return SerialSubscription.objects.filter(library_id__in=library_ids).select_related(
        "title__bib", "library", "shelf_location"
    )


def get_subscription_for_staff(
    user: User, subscription_id: int, permission: str = "view"
) -> SerialSubscription:
    """Return a serial subscription of one of `user`'s libraries; NotFound otherwise."""
    subscription = subscriptions_for_staff(user, permission).filter(pk=subscription_id).first()
    if subscription is None:
        raise NotFound("subscription_not_found")
    return subscription


def get_issue_for_staff(
    user: User, issue_id: int, permission: str = "view", *, subscription_id: int | None = None
) -> SerialIssue:
    """Return an issue of a subscription of one of `user`'s libraries (of `subscription_id`
    when given); NotFound otherwise."""
    issues = SerialIssue.objects.filter(
        pk=issue_id,
        subscription__library_id__in=network_access.visible_library_ids(user, permission),
    )
    if subscription_id is not None:
        issues = issues.filter(subscription_id=subscription_id)
    issue = issues.select_related("subscription__title__bib", "subscription__library").first()
    if issue is None:
        raise NotFound("issue_not_found")
    return issue


def issues_for_staff(user: User, issue_ids: Iterable[int], permission: str) -> list[SerialIssue]:
    """The issues with these ids of `user`'s libraries; NotFound when one is not theirs."""
    wanted = set(issue_ids)
    issues = list(
        SerialIssue.objects.filter(
            pk__in=wanted,
            subscription__library_id__in=network_access.visible_library_ids(user, permission),
        ).select_related("subscription__title__bib", "subscription__library")
    )
    if len(issues) != len(wanted):
        raise NotFound("issue_not_found")
    return issues


def claims_for_staff(user: User, claim_ids: Iterable[int], permission: str) -> list[SerialClaim]:
    """The claims with these ids of `user`'s libraries; NotFound when one is not theirs."""
    wanted = set(claim_ids)
    claims = list(
        SerialClaim.objects.filter(
            pk__in=wanted,
            issue__subscription__library_id__in=network_access.visible_library_ids(
                user, permission
            ),
        ).select_related("issue__subscription__title__bib", "issue__subscription__library")
    )
    if len(claims) != len(wanted):
        raise NotFound("claim_not_found")
    return claims


def get_serial_title_for_staff(user: User, title_id: int) -> SerialTitle:
    """Return a serial title; like the records, titles are the network's and any staff
    member may read them."""
    if not network_access.visible_library_ids(user, "view"):
        raise NotFound("serial_not_found")
    title = SerialTitle.objects.filter(pk=title_id).select_related("bib").first()
    if title is None:
        raise NotFound("serial_not_found")
    return title
