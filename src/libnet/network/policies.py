"""Which roles grant which permission. Pure data, no queries."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from libnet.network.models import KIND_LEVELS, BodyRole, LibraryKind, Role, SchoolLevel

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
    # Plan, report and cancel the library's events (book days, talks, storytelling): whoever
    # runs them, at the desk or in the office.
    "events": frozenset(
        {Role.ADMIN, Role.REPORTING, Role.PRINCIPAL, Role.CIRCULATION, Role.CATALOGUER}
    ),
    # Organise training courses and inspect the libraries below (training/).
    "training": frozenset({Role.ADMIN, Role.REPORTING, Role.PRINCIPAL, Role.CATALOGUER}),
    "admin": frozenset({Role.ADMIN}),
}


def roles_granting(permission: str) -> frozenset[str]:
    """Return the roles that grant `permission`; an unknown permission is a programming error."""
    try:
        return PERMISSION_ROLES[permission]
    except KeyError:
        raise ValueError(f"unknown permission {permission!r}") from None


# A managing body's permissions: its officers and its head see the reports of the schools
# reporting to it, and accept or return them. Neither ever sees a reader.
BODY_PERMISSION_ROLES: dict[str, frozenset[str]] = {
    "view": frozenset(BodyRole.values),
    "decide": frozenset({BodyRole.OFFICER, BodyRole.HEAD}),
}


def body_roles_granting(permission: str) -> frozenset[str]:
    """Return the body roles that grant `permission`; unknown is a programming error."""
    try:
        return BODY_PERMISSION_ROLES[permission]
    except KeyError:
        raise ValueError(f"unknown body permission {permission!r}") from None


LEVEL_ORDER: tuple[str, ...] = tuple(SchoolLevel.values)  # lowest first


def school_levels(kind: str, levels: Iterable[str] = ()) -> list[str] | None:
    """Return the levels a school of `kind` teaches, lowest first: those given, else the one
    its kind names; [] for a library that is not a school; None when a multi-level school
    names fewer than two levels or a level is unknown."""
    given = set(levels)
    if given - set(LEVEL_ORDER):
        return None
    if kind not in KIND_LEVELS and kind != LibraryKind.SCHOOL_MULTI:
        return [] if not given else None
    if not given:
        given = set(KIND_LEVELS.get(kind, ()))
    if kind == LibraryKind.SCHOOL_MULTI and len(given) < 2:
        return None
    return [level for level in LEVEL_ORDER if level in given]


def reporting_body_kind(levels: Iterable[str], rules: Mapping[str, str]) -> str | None:
    """Return the kind of body a school reports to: the rule of its highest level (DOMAIN §6:
    a school with an upper-secondary level reports to the Sở GD&ĐT, the others to their
    commune office). None without levels or without a rule for the highest one."""
    ordered = [level for level in LEVEL_ORDER if level in set(levels)]
    if not ordered:
        return None
    return rules.get(ordered[-1])
