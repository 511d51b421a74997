"""Who reaches a bibliography: the staff of its library (and those above it) read it; its
cataloguers compile it; once published, anyone reads it on the OPAC. Anyone else gets
NotFound, as for a bibliography that does not exist."""

from __future__ import annotations

from django.db.models import QuerySet

from libnet.bibliographies.errors import BibliographyNotFound
from libnet.bibliographies.models import Bibliography
from libnet.core import text
from libnet.network import access as network_access
from libnet.network.access import User
from libnet.network.errors import RoleRequired
from libnet.network.models import Library

PERMISSION = "catalog"


def compiler_library_ids(user: User) -> frozenset[int]:
    """The libraries whose bibliographies `user` compiles (their cataloguers)."""
    return network_access.visible_library_ids(user, PERMISSION)


def require_compiler(user: User) -> frozenset[int]:
    ids = compiler_library_ids(user)
    if not ids:
        raise RoleRequired(PERMISSION)
    return ids


def require_library_staff(user: User) -> frozenset[int]:
    """The libraries `user` works at, or a 403 naming the role it takes when there is none."""
    ids = network_access.visible_library_ids(user)
    if not ids:
        raise RoleRequired("view")
    return ids


def bibliographies_for_staff(user: User) -> QuerySet[Bibliography]:
    return Bibliography.objects.filter(
        record_list__library_id__in=network_access.visible_library_ids(user)
    ).select_related("record_list", "record_list__library")


def get_bibliography_for_staff(
    user: User, bibliography_id: int, *, write: bool = False
) -> Bibliography:
    """The bibliography if `user` works at its library (and compiles there, to `write`)."""
    allowed = compiler_library_ids(user) if write else network_access.visible_library_ids(user)
    found = (
        Bibliography.objects.filter(pk=bibliography_id, record_list__library_id__in=allowed)
        .select_related("record_list", "record_list__library")
        .first()
    )
    if found is None:
        raise BibliographyNotFound("bibliography_not_found")
    return found


def get_library_for_compiling(user: User, code: str) -> Library:
    library = Library.objects.filter(
        code=text.identifier(code), pk__in=compiler_library_ids(user)
    ).first()
    if library is None:
        raise BibliographyNotFound("library_not_found")
    return library


def published() -> QuerySet[Bibliography]:
    return Bibliography.objects.filter(published_at__isnull=False).select_related(
        "record_list", "record_list__library"
    )


def get_published(bibliography_id: int) -> Bibliography:
    found = published().filter(pk=bibliography_id).first()
    if found is None:
        raise BibliographyNotFound("bibliography_not_found")
    return found
