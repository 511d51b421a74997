"""Scoped getters for batches, transfers and ILL requests.

A batch or transfer belongs to both its sending and its receiving library: staff of either
see it; staff of any other library get NotFound, exactly as for one that does not exist.
Building and shipping a batch is the sender's work; receiving and returning it the point's
(or the sender's, for a deposit point that does not run libnet).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from libnet.catalog.models import Item
from libnet.core import text
from libnet.core.errors import PermissionDenied
from libnet.network import access as network_access
from libnet.network import selectors as network_selectors
from libnet.network.access import User
from libnet.network.models import Library
from libnet.rotation import policies
from libnet.rotation.errors import RotationNotFound
from libnet.rotation.models import IllRequest, RotationBatch, Transfer

# Cataloguers build batches; desk clerks receive boxes and move copies.
PERMISSIONS = ("catalog", "circulation")


def rotation_library_ids(user: User) -> frozenset[int]:
    """The libraries where `user` may move copies (catalogue or desk role)."""
    return network_access.library_ids_for_any(user, PERMISSIONS)


def deposit_point_ids(user: User) -> frozenset[int]:
    """The deposit points (libraries that do not run libnet) whose monthly figures `user` may
    type in: those where they hold a catalogue, desk or reporting role (directly or through a
    membership covering the subtree), and the direct children of a library where they hold the
    desk or reporting role (the commune clerk enters the forms of the commune's bookcases and
    post-office points). No other library's figures."""
    desk_or_reporting = network_access.visible_library_ids(
        user, "circulation"
    ) | network_access.visible_library_ids(user, "reporting")
    own = rotation_library_ids(user) | desk_or_reporting
    if not own:
        return frozenset()
    # From the tree in memory: the menu asks this on every page.
    runs_libnet = network_selectors.runs_libnet_map()
    parents = network_selectors.parent_map()
    active = network_selectors.active_library_ids()
    return frozenset(
        library_id
        for library_id in active
        if not runs_libnet.get(library_id, True)
        and (library_id in own or parents.get(library_id) in desk_or_reporting)
    )


def get_deposit_point_for_staff(user: User, code: str) -> Library:
    """The deposit point with `code` if `user` may enter its figures; NotFound otherwise."""
    point = Library.objects.filter(code=code.strip(), pk__in=deposit_point_ids(user)).first()
    if point is None:
        raise RotationNotFound("point_not_found")
    return point


def batches_for_staff(user: User) -> QuerySet[RotationBatch]:
    ids = rotation_library_ids(user)
    return RotationBatch.objects.filter(Q(from_library_id__in=ids) | Q(to_library_id__in=ids))


def get_batch_for_staff(user: User, batch_id: int) -> RotationBatch:
    """Return the batch if `user` works at its sending or receiving library; NotFound otherwise."""
    batch = (
        batches_for_staff(user)
        .filter(pk=batch_id)
        .select_related("from_library", "to_library", "created_by")
        .first()
    )
    if batch is None:
        raise RotationNotFound("batch_not_found")
    return batch


def check_batch_action(user: User, batch: RotationBatch, action: str) -> None:
    """Raise PermissionDenied unless `user` is on the side of the batch that takes `action`."""
    ids = rotation_library_ids(user)
    if batch.from_library_id in ids:
        return
    if action in policies.POINT_ACTIONS and batch.to_library_id in ids:
        return
    raise PermissionDenied("forbidden")


def transfers_for_staff(user: User) -> QuerySet[Transfer]:
    ids = rotation_library_ids(user)
    return Transfer.objects.filter(Q(from_library_id__in=ids) | Q(to_library_id__in=ids))


def get_transfer_for_staff(user: User, transfer_id: int) -> Transfer:
    transfer = (
        transfers_for_staff(user)
        .filter(pk=transfer_id)
        .select_related("item__bib", "from_library", "to_library")
        .first()
    )
    if transfer is None:
        raise RotationNotFound("transfer_not_found")
    return transfer


def ill_requests_for_staff(user: User) -> QuerySet[IllRequest]:
    ids = rotation_library_ids(user)
    return IllRequest.objects.filter(Q(home_library_id__in=ids) | Q(lending_library_id__in=ids))


def get_ill_request_for_staff(user: User, request_id: int) -> IllRequest:
    request = (
        ill_requests_for_staff(user)
        .filter(pk=request_id)
        .select_related("patron", "bib", "home_library", "lending_library", "item")
        .first()
    )
    if request is None:
        raise RotationNotFound("ill_request_not_found")
    return request


def get_scanned_item(user: User, barcode: str) -> Item:
    """The copy whose barcode a rotation clerk scans: any copy of the network (it is in their
    hands; the services check it belongs to the batch). NotFound for an unknown barcode or a
    user who moves no copies."""
    if not rotation_library_ids(user):
        raise RotationNotFound("item_not_found")
    item = Item.objects.filter(barcode=text.identifier(barcode)).select_related("bib").first()
    if item is None:
        raise RotationNotFound("item_not_found")
    return item
