"""Scoped access to library-owned data: every staff query goes through here.

Another library's object does not exist for you: getters raise NotFound (404), exactly as
for an object that does not exist, so staff cannot probe what other libraries hold.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from libnet.core.cache import TableCache
from libnet.core.errors import NotFound
from libnet.network import policies, selectors
from libnet.network.errors import BodyNotFound, RoleRequired
from libnet.network.models import BodyKind, BodyMembership, Library, ManagingBody, Membership

User = AbstractBaseUser | AnonymousUser
_CACHE_ATTRIBUTE = "_libnet_visible_libraries"
_MEMBERSHIPS_ATTRIBUTE = "_libnet_memberships"


def visible_library_ids(user: User, permission: str = "view") -> frozenset[int]:
    """Return the ids of the libraries where `user` holds a role granting `permission`.

    A membership with `covers_subtree` reaches every library below its library. Superusers
    see the whole network. The answer is cached on the user object for the request.
    """
    roles = policies.roles_granting(permission)
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return frozenset()
    cache: dict[str, frozenset[int]] = getattr(user, _CACHE_ATTRIBUTE, None) or {}
    if permission in cache:
        return cache[permission]
    if getattr(user, "is_superuser", False):
        result = frozenset(Library.objects.values_list("id", flat=True))
    else:
        # All of the user's memberships are read once per request: a page and its menu ask
        # for several permissions.
        all_memberships: list[tuple[int, str, bool]] | None = getattr(
            user, _MEMBERSHIPS_ATTRIBUTE, None
        )
        if all_memberships is None:
            all_memberships = list(
                Membership.objects.filter(user_id=user.pk or 0).values_list(
                    "library_id", "role", "covers_subtree"
                )
            )
            setattr(user, _MEMBERSHIPS_ATTRIBUTE, all_memberships)
        memberships = [
            (library, covers) for library, role, covers in all_memberships if role in roles
        ]
        direct = {library_id for library_id, covers in memberships if not covers}
        roots = [library_id for library_id, covers in memberships if covers]
        below = selectors.subtree_ids(roots) if roots else set()
        result = frozenset(direct | below)
    cache[permission] = result
    setattr(user, _CACHE_ATTRIBUTE, cache)
    return result


def library_ids_for_any(user: User, permissions: tuple[str, ...]) -> frozenset[int]:
    """The libraries where `user` holds a role granting any of `permissions` (e.g. rotation
    and the stocktake: a catalogue or a desk role; a commune library has one clerk for both)."""
    ids: frozenset[int] = frozenset()
    for permission in permissions:
        ids |= visible_library_ids(user, permission)
    return ids


def require_role(user: User, permission: str) -> frozenset[int]:
    """Return the ids of the libraries where `user` holds `permission`, as visible_library_ids.

    Raises RoleRequired (403, with what the page is for) when there is none: a page the
    user's roles do not open says so, instead of a 404 about a library or a copy. The staff
    menu shows the page under the same rule.
    """
    library_ids = visible_library_ids(user, permission)
    if not library_ids:
        raise RoleRequired("membership" if permission == "view" else permission)
    return library_ids


def visible_libraries(user: User, permission: str = "view") -> Any:
    """Return a queryset of the libraries `user` may act on with `permission`."""
    return Library.objects.filter(pk__in=visible_library_ids(user, permission))


def can(user: User, permission: str, library: Library) -> bool:
    """Return whether `user` holds `permission` at `library`."""
    return library.pk in visible_library_ids(user, permission)


def get_library_for_staff(user: User, code: str, permission: str = "view") -> Library:
    """Return the library with `code` if `user` may act on it; NotFound otherwise."""
    library = Library.objects.filter(
        code=code, pk__in=visible_library_ids(user, permission)
    ).first()
    if library is None:
        raise NotFound("library_not_found")
    return library


def get_library_by_id_for_staff(user: User, library_id: int, permission: str = "view") -> Library:
    """Return the library with `library_id` if `user` may act on it; NotFound otherwise."""
    if library_id not in visible_library_ids(user, permission):
        raise NotFound("library_not_found")
    library = Library.objects.filter(pk=library_id).first()
    if library is None:
        raise NotFound("library_not_found")
    return library


def own_library(user: User, permission: str = "view") -> Library | None:
    """Return the library `user` works at with `permission`: the library of their membership.

    A form that asks for a library starts from this one. A role covering a subtree belongs to
    the library at its top, not to the first library below it in alphabetical order. With
    several memberships, the first in Vietnamese order; only libraries that run libnet; None
    without any (a superuser who holds none, for instance).
    """
    if not getattr(user, "is_authenticated", False):
        return None
    membership = (
        Membership.objects.filter(
            user_id=user.pk or 0,
            role__in=policies.roles_granting(permission),
            library__runs_libnet=True,
        )
        .select_related("library")
        .order_by("library__sort_key", "library__code")
        .first()
    )
    return membership.library if membership is not None else None


def forget(user: User) -> None:
    """Drop the cached answers, after memberships changed during a request or a test."""
    for attribute in (_CACHE_ATTRIBUTE, _MEMBERSHIPS_ATTRIBUTE):
        if hasattr(user, attribute):
            delattr(user, attribute)


# --- managing bodies ----------------------------------------------------------------------


def _read_body_roles() -> dict[int, list[tuple[int, str, str]]]:
    roles: dict[int, list[tuple[int, str, str]]] = {}
    for user_id, body_id, kind, role in BodyMembership.objects.values_list(
        "user_id", "body_id", "body__kind", "role"
    ):
        roles.setdefault(user_id, []).append((body_id, kind, role))
    return roles


# Every staff page's menu asks whether the user works for a managing body; the officers of a
# province's bodies are a few dozen rows, changed a few times a year: kept in memory.
_body_roles = TableCache(_read_body_roles, models=[BodyMembership, ManagingBody])


def _body_memberships(user: User) -> list[tuple[int, str, str]]:
    """(body id, body kind, role) of each of `user`'s roles at a body (from memory)."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return []
    return _body_roles.get().get(user.pk or 0, [])


def body_ids(user: User, permission: str = "view") -> frozenset[int]:
    """Return the ids of the managing bodies where `user` holds a role granting `permission`
    (policies.BODY_PERMISSION_ROLES). A superuser holds none unless given one: a body's
    pages are its officers' work."""
    roles = policies.body_roles_granting(permission)
    return frozenset(body for body, _kind, role in _body_memberships(user) if role in roles)


def school_body_ids(user: User, permission: str = "view") -> frozenset[int]:
    """body_ids(user, permission) less the Sở VHTTDL: the bodies that manage schools (from
    memory)."""
    roles = policies.body_roles_granting(permission)
    return frozenset(
        body
        for body, kind, role in _body_memberships(user)
        if role in roles and kind != BodyKind.CULTURE_DEPARTMENT
    )


def require_body(user: User, permission: str = "view") -> frozenset[int]:
    """Return body_ids(user, permission); RoleRequired("body") (403, saying the page is a
    body's officers') when there is none."""
    found = body_ids(user, permission)
    if not found:
        raise RoleRequired("body")
    return found


def bodies_by_ids(ids: frozenset[int] | set[int]) -> Any:
    """Return a queryset of the bodies `ids` (from body_ids), in Vietnamese order."""
    return ManagingBody.objects.filter(pk__in=ids).order_by("sort_key", "code")


def get_body_for_staff(user: User, code: str, permission: str = "view") -> ManagingBody:
    """Return the managing body with `code` if `user` holds `permission` there; BodyNotFound
    (404) otherwise, as for a body that does not exist."""
    body = ManagingBody.objects.filter(code=code, pk__in=body_ids(user, permission)).first()
    if body is None:
        raise BodyNotFound("body_not_found")
    return body


def reporting_library_ids(user: User, permission: str = "view") -> frozenset[int]:
    """Return the libraries whose reports `user` sees as an officer of a managing body: the
    schools that report (or reported) to their bodies, and for the Sở VHTTDL the public
    network (the provincial library's subtree, schools apart).

    Reports only: this opens no library's holdings, desk or readers (those stay with
    visible_library_ids, from memberships at libraries).
    """
    memberships = [
        (body, kind)
        for body, kind, role in _body_memberships(user)
        if role in policies.body_roles_granting(permission)
    ]
    if not memberships:
        return frozenset()
    ids = selectors.libraries_of_bodies(
        body for body, kind in memberships if kind != BodyKind.CULTURE_DEPARTMENT
    )
    if any(kind == BodyKind.CULTURE_DEPARTMENT for _body, kind in memberships):
        ids |= selectors.public_network_ids()
    return frozenset(ids)
