"""Who sees and who changes a cooperation programme.

Its two parties' staff, and no one else: a party that is a managing body through its
members (network.BodyMembership; officers and heads change it), a party that is a library
through the staff of that library or of one covering it (anyone with a role sees it; the
roles that report figures — admin, reporting, principal — change it). Each side changes its
own parts (policies.editable_fields). Anyone else gets NotFound, exactly as for a programme
that does not exist: a school's officer cannot probe another province's programmes.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from libnet.core import text
from libnet.network import access as network_access
from libnet.network.access import User
from libnet.network.models import Library, ManagingBody
from libnet.programmes import policies
from libnet.programmes.errors import ProgrammeNotFound, ProgrammeSideDenied
from libnet.programmes.models import Programme, ProgrammeReview, ReviewKind

# A library party: who sees (any role) and who changes the programme (network/policies.py).
LIBRARY_VIEW = "view"
LIBRARY_EDIT = "reporting"
# A body party (network/policies.py BODY_PERMISSION_ROLES).
BODY_VIEW = "view"
BODY_EDIT = "decide"


def _party_filter(user: User, library_permission: str, body_permission: str) -> Q:
    libraries = network_access.visible_library_ids(user, library_permission)
    bodies = network_access.body_ids(user, body_permission)
    return (
        Q(culture_library_id__in=libraries)
        | Q(education_library_id__in=libraries)
        | Q(culture_body_id__in=bodies)
        | Q(education_body_id__in=bodies)
    )


def programmes_for(user: User) -> QuerySet[Programme]:
    """The programmes `user` is a party to (through a library or a body)."""
    return Programme.objects.filter(_party_filter(user, LIBRARY_VIEW, BODY_VIEW)).select_related(
        "culture_body", "culture_library", "education_body", "education_library"
    )


def is_party_anywhere(user: User) -> bool:
    """Whether `user` is a party to some programme (the staff menu's rule)."""
    return programmes_for(user).exists()


def can_start_programmes(user: User) -> bool:
    """Whether `user` may start a programme: an officer of a department or a commune office,
    or reporting staff of some library."""
    return bool(
        network_access.body_ids(user, BODY_EDIT)
        or network_access.visible_library_ids(user, LIBRARY_EDIT)
    )


def opens_programme_pages(user: User) -> bool:
    """Whether the programmes' pages are for `user` (the staff menu's rule and the list's):
    an officer of a managing body, or a library's reporting staff. No query of its own: the
    roles are read once per request. A library's viewer who is a party opens a programme by
    its link."""
    return bool(network_access.body_ids(user, BODY_VIEW)) or can_start_programmes(user)


def require_programme_pages(user: User) -> None:
    """ProgrammeSideDenied("programmes_page") (403, saying whom the pages are for) unless
    opens_programme_pages."""
    if not opens_programme_pages(user):
        raise ProgrammeSideDenied("programmes_page")


def get_programme_for_staff(user: User, programme_id: int) -> Programme:
    """The programme if `user` is a party to it; ProgrammeNotFound otherwise."""
    programme = programmes_for(user).filter(pk=programme_id).first()
    if programme is None:
        raise ProgrammeNotFound("programme_not_found")
    return programme


def _sides(
    user: User, programme: Programme, library_permission: str, body_permission: str
) -> frozenset[str]:
    libraries = network_access.visible_library_ids(user, library_permission)
    bodies = network_access.body_ids(user, body_permission)
    sides = set()
    if programme.culture_library_id in libraries or programme.culture_body_id in bodies:
        sides.add(policies.CULTURE)
    if programme.education_library_id in libraries or programme.education_body_id in bodies:
        sides.add(policies.EDUCATION)
    return frozenset(sides)


def editing_sides(user: User, programme: Programme) -> frozenset[str]:
    """The sides of `programme` whose parts `user` may change (none for a party's viewer)."""
    return _sides(user, programme, LIBRARY_EDIT, BODY_EDIT)


def require_fields(user: User, programme: Programme, fields: set[str]) -> frozenset[str]:
    """Return the sides `user` edits; ProgrammeSideDenied (403, naming who may) when one of
    `fields` is not theirs to change."""
    sides = editing_sides(user, programme)
    allowed = policies.editable_fields(sides)
    if not sides:
        raise ProgrammeSideDenied("party_editor_only")
    missing = fields - allowed
    if missing & {"schools", "education_text"}:
        raise ProgrammeSideDenied("education_side_only")
    if missing:
        raise ProgrammeSideDenied("culture_side_only")
    return sides


def get_party(user: User, code: str) -> Library | ManagingBody:
    """A party `user` may start a programme for, by code: a body they are an officer of, or a
    library where they report. ProgrammeNotFound otherwise."""
    code = text.identifier(code)
    body = ManagingBody.objects.filter(
        code=code, pk__in=network_access.body_ids(user, BODY_EDIT)
    ).first()
    if body is not None:
        return body
    library = Library.objects.filter(
        code=code, pk__in=network_access.visible_library_ids(user, LIBRARY_EDIT)
    ).first()
    if library is None:
        raise ProgrammeNotFound("party_not_found", code=code)
    return library


def get_other_party(code: str) -> Library | ManagingBody:
    """The other party of a new programme, by code (any body or library of the network: the
    programme is agreed between two units, and either may record it)."""
    code = text.identifier(code)
    body = ManagingBody.objects.filter(code=code).first()
    if body is not None:
        return body
    library = Library.objects.filter(code=code).first()
    if library is None:
        raise ProgrammeNotFound("party_not_found", code=code)
    return library


def get_school(code: str) -> Library:
    school = Library.objects.filter(code=text.identifier(code)).first()
    if school is None:
        raise ProgrammeNotFound("school_not_found", code=code)
    return school


def get_review(programme: Programme, kind: str, period: str) -> ProgrammeReview | None:
    """The review of `programme` of `kind` for `period` (empty for the final), or None."""
    if kind == ReviewKind.FINAL:
        period = ""
    return ProgrammeReview.objects.filter(programme=programme, kind=kind, period=period).first()
