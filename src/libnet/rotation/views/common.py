"""What the rotation pages share: the libraries a user moves copies for, the network a batch
or a transfer may go to, and the PDF answer."""

from __future__ import annotations

from django.db.models import QuerySet

from libnet.network.access import User
from libnet.network.errors import RoleRequired
from libnet.network.models import Library
from libnet.rotation import access


def require_rotation_role(user: User) -> frozenset[int]:
    """The libraries where `user` moves copies; a user with none gets a 403 saying why
    (as network.access.require_role, for either role that moves copies)."""
    ids = access.rotation_library_ids(user)
    if not ids:
        raise RoleRequired("rotation")
    return ids


def my_libraries(user: User) -> QuerySet[Library]:
    """The active libraries where `user` moves copies, in the tree's order."""
    return Library.objects.filter(pk__in=require_rotation_role(user), is_active=True).order_by(
        "sort_key", "code"
    )


def network() -> QuerySet[Library]:
    """Every active library: where a batch, a transfer or a request may go."""
    return Library.objects.filter(is_active=True).order_by("sort_key", "code")
