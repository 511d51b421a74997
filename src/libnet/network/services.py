"""Writes to the network: libraries, their parents over time, and staff memberships."""

from __future__ import annotations

import datetime as dt
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AbstractUser
from django.db import transaction

from libnet.core import audit, clock, text
from libnet.core.audit import Actor
from libnet.network import selectors
from libnet.network.errors import NetworkRefused
from libnet.network.models import (
    AdminUnit,
    Library,
    LibraryKind,
    LibraryParentPeriod,
    Membership,
    Role,
    Sector,
)

LIBRARY_CODE = re.compile(r"^[A-Z0-9][A-Z0-9.\-]{1,31}$")
_LIBRARY_FIELDS = (
    "code",
    "name",
    "kind",
    "sector",
    "parent",
    "admin_unit",
    "address",
    "opening_hours",
    "runs_libnet",
)


def default_sector(kind: str) -> str:
    """School libraries answer to the Department of Education, the rest to Culture."""
    if kind.startswith("school_"):
        return Sector.EDUCATION
    return Sector.CULTURE


@transaction.atomic
def create_library(
    *,
    code: str,
    name: str,
    kind: str,
    by: Actor,
    parent: Library | None = None,
    sector: str | None = None,
    admin_unit: AdminUnit | None = None,
    address: str = "",
    phone: str = "",
    opening_hours: str = "",
    runs_libnet: bool = True,
    since: dt.date | None = None,
) -> Library:
    """Add a library to the network under `parent`. Raises NetworkRefused on bad input."""
    code = code.strip().upper()
    name = text.clean(name)
    if not LIBRARY_CODE.match(code):
        raise NetworkRefused("invalid_code", code=code)
    if not name:
        raise NetworkRefused("empty_name")
    if kind not in LibraryKind.values:
        raise NetworkRefused("unknown_kind", kind=kind, choices=", ".join(LibraryKind.values))
    sector = sector or default_sector(kind)
    if sector not in Sector.values:
        raise NetworkRefused("unknown_sector", sector=sector, choices=", ".join(Sector.values))
    if Library.objects.filter(code=code).exists():
        raise NetworkRefused("duplicate_code", code=code)
    library = Library.objects.create(
        code=code,
        name=name,
        kind=kind,
        sector=sector,
        parent=parent,
        admin_unit=admin_unit,
        address=text.clean(address),
        phone=phone.strip(),
        opening_hours=text.clean(opening_hours),
        runs_libnet=runs_libnet,
        sort_key=text.sort_key_hex(name),
    )
    LibraryParentPeriod.objects.create(
        library=library, parent=parent, valid_from=since or clock.today()
    )
    audit.record(
        "library.create",
        subject=library,
        by=by,
        library_id=library.pk,
        after=audit.snapshot(library, _LIBRARY_FIELDS),
    )
    return library


@transaction.atomic
def move_library(
    *, library: Library, new_parent: Library | None, on: dt.date, by: Actor
) -> Library:
    """Put `library` under `new_parent` from day `on`, keeping the old parent in the history.

    Raises NetworkRefused when the move would put a library under itself.
    """
    library = Library.objects.select_for_update().get(pk=library.pk)
    # The tree as committed now, not the copy in memory (up to a minute old when another
    # process moved a library): a cycle written here would hang every walk of the tree.
    parents = dict(Library.objects.order_by().values_list("id", "parent_id"))
    below = selectors.subtree_ids([library.pk], selectors.children_map(parents))
    if new_parent is not None and new_parent.pk in below:
        raise NetworkRefused("parent_cycle", parent=new_parent.code, library=library.code)
    current = LibraryParentPeriod.objects.filter(library=library, valid_to__isnull=True).first()
    if current is not None:
        if current.valid_from >= on:
            raise NetworkRefused("parent_date_order", since=current.valid_from.isoformat())
        current.valid_to = on
        current.save(update_fields=["valid_to"])
    before = audit.snapshot(library, ["parent"])
    LibraryParentPeriod.objects.create(library=library, parent=new_parent, valid_from=on)
    library.parent = new_parent
    library.save(update_fields=["parent"])
    audit.record(
        "library.move",
        subject=library,
        by=by,
        library_id=library.pk,
        before=before,
        after={"parent": new_parent.pk if new_parent else None, "on": on.isoformat()},
    )
    return library


@transaction.atomic
def add_staff(
    *,
    username: str,
    library: Library,
    role: str,
    by: Actor,
    covers_subtree: bool = False,
    password: str | None = None,
    full_name: str = "",
) -> Membership:
    """Give `username` (created when new) `role` at `library`; returns the membership.

    Raises NetworkRefused for an unknown role.
    """
    if role not in Role.values:
        raise NetworkRefused("unknown_role", role=role, choices=", ".join(Role.values))
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(username=username)
    if full_name and isinstance(user, AbstractUser):
        parts = text.clean(full_name).rsplit(" ", 1)
        user.last_name, user.first_name = (
            (parts[0], parts[1]) if len(parts) == 2 else ("", parts[0])
        )
    if password:
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    if isinstance(user, AbstractUser):
        # Django admin (/admin/) is not scoped to a library: only the installation's
        # administrators, the superusers, open it. A libnet role never does.
        user.is_staff = user.is_superuser
    user.save()
    membership, _ = Membership.objects.update_or_create(
        user=user, library=library, role=role, defaults={"covers_subtree": covers_subtree}
    )
    audit.record(
        "membership.grant",
        subject=membership,
        by=by,
        library_id=library.pk,
        after={"user": user.pk, "role": role, "covers_subtree": covers_subtree},
    )
    return membership


def display_name(user: AbstractBaseUser) -> str:
    """Return a user's name in Vietnamese order (family name first), or the username."""
    if isinstance(user, AbstractUser):
        name = f"{user.last_name} {user.first_name}".strip()
        if name:
            return name
    return user.get_username()
