"""Which roles grant which permission. Pure data, no queries."""

from __future__ import annotations

from libnet.network.models import Role

# A permission names what the caller wants to do; a membership with any of these roles
# grants it. "view" is the weakest: seeing a library's holdings and counts.
PERMISSION_ROLES: dict[str, frozenset[str]] = {
    "view": frozenset(Role.values),
    "catalog": frozenset({Role.ADMIN, Role.CATALOGUER}),
    "circulation": frozenset({Role.ADMIN, Role.CIRCULATION, Role.COLLABORATOR}),
    # Plans and reports at the level above: accept or return the reports sent to the library,
    # set the targets of the libraries below it, propose its own.
    "reporting": frozenset({Role.ADMIN, Role.REPORTING, Role.PRINCIPAL}),
    # Prepare the library's own report: adjust a figure with its reason, comment, send it up.
    # The desk staff who run a commune library file its monthly report (DESIGN §1); student
    # collaborators do not.
    "prepare_report": frozenset({Role.ADMIN, Role.REPORTING, Role.PRINCIPAL, Role.CIRCULATION}),
    # Enter the month's hand-counted figures (talks, events, pages digitised): whoever did the
    # work, at the desk or in cataloguing and digitisation.
    "enter_figures": frozenset(
        {Role.ADMIN, Role.REPORTING, Role.PRINCIPAL, Role.CIRCULATION, Role.CATALOGUER}
    ),
    "admin": frozenset({Role.ADMIN}),
}


def roles_granting(permission: str) -> frozenset[str]:
    """Return the roles that grant `permission`; an unknown permission is a programming error."""
    try:
        return PERMISSION_ROLES[permission]
    except KeyError:
        raise ValueError(f"unknown permission {permission!r}") from None
