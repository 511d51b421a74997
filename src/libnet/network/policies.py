"""Which roles grant which permission. Pure data, no queries."""

from __future__ import annotations

from libnet.network.models import Role

# A permission names what the caller wants to do; a membership with any of these roles
# grants it. "view" is the weakest: seeing a library's holdings and counts.
PERMISSION_ROLES: dict[str, frozenset[str]] = {
    "view": frozenset(Role.values),
    "catalog": frozenset({Role.ADMIN, Role.CATALOGUER}),
    "circulation": frozenset({Role.ADMIN, Role.CIRCULATION, Role.COLLABORATOR}),
    "reporting": frozenset({Role.ADMIN, Role.REPORTING, Role.PRINCIPAL}),
    "admin": frozenset({Role.ADMIN}),
}


def roles_granting(permission: str) -> frozenset[str]:
    """Return the roles that grant `permission`; an unknown permission is a programming error."""
    try:
        return PERMISSION_ROLES[permission]
    except KeyError:
        raise ValueError(f"unknown permission {permission!r}") from None
