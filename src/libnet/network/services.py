"""Writes to the network: libraries, their parents over time, and staff memberships."""

from __future__ import annotations

import datetime as dt
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AbstractUser
from django.db import transaction

from libnet.core import audit, clock, text
from libnet.core.audit import Actor
from libnet.network import policies, selectors
from libnet.network.errors import NetworkRefused
from libnet.network.models import (
    AdminUnit,
    BodyKind,
    BodyMembership,
    BodyRole,
    Library,
    LibraryKind,
    LibraryParentPeriod,
    ManagingBody,
    Membership,
    ReportingAssignment,
    Role,
    SchoolLevel,
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
    "school_levels",
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
    school_levels: tuple[str, ...] | list[str] = (),
) -> Library:
    """Add a library to the network under `parent`. Raises NetworkRefused on bad input.

    A school records its levels (those of its kind unless given; a multi-level school names
    them) and starts reporting to the body the province's rule gives it, when there is one.
    """
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
    levels = policies.school_levels(kind, school_levels)
    if levels is None:
        raise NetworkRefused(
            "invalid_levels",
            levels=", ".join(school_levels) or "—",
            choices=", ".join(SchoolLevel.values),
        )
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
        school_levels=levels,
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
    if library.is_school:
        apply_default_reporting(library=library, on=clock.today(), since=since, by=by)
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
    user = _staff_user(username, password=password, full_name=full_name)
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


def _staff_user(username: str, *, password: str | None, full_name: str) -> AbstractBaseUser:
    """The login `username`, created when new, with its name and password when given."""
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
    return user


# --- managing bodies ----------------------------------------------------------------------


@transaction.atomic
def create_managing_body(
    *,
    code: str,
    name: str,
    kind: str,
    by: Actor,
    admin_unit: AdminUnit | None = None,
    since: dt.date | None = None,
) -> ManagingBody:
    """Add a managing body (the Sở GD&ĐT, the Sở VHTTDL, a commune office) that receives
    reports. Raises NetworkRefused on bad input."""
    code = text.identifier(code)
    name = text.clean(name)
    if not LIBRARY_CODE.match(code):
        raise NetworkRefused("invalid_body_code", code=code)
    if not name:
        raise NetworkRefused("empty_body_name")
    if kind not in BodyKind.values:
        raise NetworkRefused("unknown_body_kind", kind=kind, choices=", ".join(BodyKind.values))
    if ManagingBody.objects.filter(code=code).exists():
        raise NetworkRefused("duplicate_body_code", code=code)
    body = ManagingBody.objects.create(
        code=code,
        name=name,
        kind=kind,
        admin_unit=admin_unit,
        valid_from=since or clock.today(),
        sort_key=text.sort_key_hex(name),
    )
    audit.record(
        "body.create",
        subject=body,
        by=by,
        after=audit.snapshot(body, ["code", "name", "kind", "admin_unit", "valid_from"]),
    )
    return body


@transaction.atomic
def add_body_staff(
    *,
    username: str,
    body: ManagingBody,
    role: str,
    by: Actor,
    password: str | None = None,
    full_name: str = "",
) -> BodyMembership:
    """Give `username` (created when new) `role` at the managing body `body`.

    Raises NetworkRefused for an unknown role.
    """
    if role not in BodyRole.values:
        raise NetworkRefused("unknown_body_role", role=role, choices=", ".join(BodyRole.values))
    user = _staff_user(username, password=password, full_name=full_name)
    membership, _ = BodyMembership.objects.get_or_create(user=user, body=body, role=role)
    audit.record(
        "body_membership.grant", subject=membership, by=by, after={"user": user.pk, "role": role}
    )
    return membership


@transaction.atomic
def assign_reporting_body(
    *,
    library: Library,
    body: ManagingBody,
    on: dt.date,
    by: Actor,
    is_override: bool = True,
) -> ReportingAssignment:
    """Make school `library` report to `body` from day `on`, closing its current line.

    The school keeps its parent library (rotation, liên thông). A choice by hand
    (`is_override`) is kept by later runs of the default rule. Raises NetworkRefused for a
    library that is not a school, a body closed on `on`, or a day before the current line.
    """
    library = Library.objects.select_for_update().get(pk=library.pk)
    if not library.is_school:
        raise NetworkRefused("not_a_school", library=library.name)
    if body.valid_from > on or (body.valid_to is not None and body.valid_to <= on):
        raise NetworkRefused("body_closed", body=body.name, on=on.strftime("%d/%m/%Y"))
    current = ReportingAssignment.objects.filter(library=library, valid_to__isnull=True).first()
    before = {"body": current.body_id if current else None}
    if current is not None:
        if current.body_id == body.pk and current.is_override == is_override:
            return current
        if current.valid_from >= on:
            if current.valid_from > on:
                raise NetworkRefused(
                    "assignment_date_order", since=current.valid_from.strftime("%d/%m/%Y")
                )
            # Changed on the day it started: the line of that day is replaced, not dated.
            current.delete()
        else:
            current.valid_to = on
            current.save(update_fields=["valid_to"])
    assignment = ReportingAssignment.objects.create(
        library=library, body=body, valid_from=on, is_override=is_override
    )
    audit.record(
        "library.reporting_body",
        subject=library,
        by=by,
        library_id=library.pk,
        before=before,
        after={"body": body.pk, "on": on.isoformat(), "is_override": is_override},
    )
    return assignment


def apply_default_reporting(
    *, library: Library, on: dt.date, by: Actor, since: dt.date | None = None
) -> ReportingAssignment | None:
    """Send school `library`'s reports to the body the province's rule gives it on day `on`
    (see `selectors.default_body_for`), unless a body was chosen for it by hand. A school
    without a line yet reports to it from `since` (its opening) or the body's first day,
    whichever is later. Returns the line in force, None when the rule names no body."""
    current = ReportingAssignment.objects.filter(library=library, valid_to__isnull=True).first()
    if current is not None and current.is_override:
        return current
    body = selectors.default_body_for(library, on)
    if body is None:
        return current
    if current is not None and current.body_id == body.pk:
        return current
    start = on if current is not None else max(since or on, body.valid_from)
    return assign_reporting_body(library=library, body=body, on=start, by=by, is_override=False)


def display_name(user: AbstractBaseUser) -> str:
    """Return a user's name in Vietnamese order (family name first), or the username."""
    if isinstance(user, AbstractUser):
        name = f"{user.last_name} {user.first_name}".strip()
        if name:
            return name
    return user.get_username()
