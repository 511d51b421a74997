"""Network endpoints: the public library directory."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from libnet.core.schemas import Code
from libnet.network.models import Library

router = Router(tags=["network"])


class LibraryOut(Schema):
    code: str
    name: str
    kind: str
    sector: str
    parent: str | None
    address: str
    opening_hours: str
    runs_libnet: bool


@router.get("/libraries", response=list[LibraryOut], auth=None)
def list_libraries(request: HttpRequest, kind: Code | None = None) -> list[LibraryOut]:
    """The public directory of the network's libraries and reading points."""
    libraries = Library.objects.filter(is_active=True).select_related("parent")
    if kind:
        libraries = libraries.filter(kind=kind)
    return [
        LibraryOut(
            code=library.code,
            name=library.name,
            kind=library.kind,
            sector=library.sector,
            parent=library.parent.code if library.parent else None,
            address=library.address,
            opening_hours=library.opening_hours,
            runs_libnet=library.runs_libnet,
        )
        for library in libraries
    ]
