"""Reads for the staff shell: where a user works and what a library holds at a glance."""

from __future__ import annotations

from dataclasses import dataclass, field

from libnet.network.access import User
from libnet.network.models import Library, Membership, Role


@dataclass
class Workplace:
    """A library a user works for, with the roles they hold there."""

    library: Library
    roles: list[str] = field(default_factory=list)
    covers_subtree: bool = False
    titles: int = 0  # filled in by the home page
    copies: int = 0


def workplaces(user: User) -> list[Workplace]:
    """Return the libraries where `user` holds a membership, in Vietnamese order (one query)."""
    if not getattr(user, "is_authenticated", False):
        return []
    by_library: dict[int, Workplace] = {}
    memberships = (
        Membership.objects.filter(user_id=user.pk or 0)
        .select_related("library")
        .order_by("library__sort_key", "library__code", "role")
    )
    for membership in memberships:
        place = by_library.setdefault(membership.library_id, Workplace(library=membership.library))
        place.roles.append(str(Role(membership.role).label))
        place.covers_subtree = place.covers_subtree or membership.covers_subtree
    return list(by_library.values())
