"""`GET /api/v1/digital/objects`: the digital objects a caller may see, with their IIIF manifest.

Anyone sees the public objects (and, from a library's reading room, its on-site ones); staff,
signed in or with a bearer token, also see every object of their libraries (digital/access.py).
Staff of another library see no more than the public does.
"""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema
from pydantic import Field

from libnet.catalog.models import BibRecord
from libnet.core import tokens
from libnet.core.api_errors import refusals
from libnet.core.errors import NotFound
from libnet.core.schemas import Code, IdParam, InputSchema, PageParam
from libnet.core.text import identifier
from libnet.digital import access
from libnet.network.models import Library

router = Router(tags=["digital"])

PAGE_SIZE_MAX = 100


class ObjectsParams(InputSchema):
    record: IdParam | None = Field(None, description="Only the objects of this catalogue record.")
    library: Code | None = Field(None, description="Only the objects of this library (its code).")
    page: PageParam = 1
    # Larger pages are cut to 100.
    page_size: PageParam = 50


class DigitalObjectOut(Schema):
    id: int
    title: str
    pages: int = Field(description="How many pages the object has.")
    access: str = Field(description="public, on_site (in the library's reading room) or staff.")
    library: str = Field(description="The code of the library that owns it.")
    record: int | None = Field(description="Its catalogue record, or null (Dublin Core).")
    manifest: str = Field(description="The address of its IIIF Presentation 3 manifest.")


def _authenticate_token(request: HttpRequest) -> None:
    """A program may call with its staff token: it then sees what its user sees. Without
    one (or with one no longer valid) the caller is the public, or the signed-in session."""
    header = request.headers.get("Authorization", "")
    scheme, _space, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        user = tokens.user_for_token(token.strip())
        if user is not None:
            request.user = user  # type: ignore[assignment]  # a token's user is a full User


@router.get(
    "/digital/objects",
    response={200: list[DigitalObjectOut], **refusals(NotFound)},
    auth=None,
    summary="List digital objects",
)
def list_objects(request: HttpRequest, params: Query[ObjectsParams]) -> list[DigitalObjectOut]:
    """The digital objects the caller may see, newest first, `page_size` (at most 100) a page.

    `record` or `library` that does not exist is a 404 (`record_not_found`,
    `library_not_found`); an object the caller may not see is simply not listed.
    """
    _authenticate_token(request)
    objects = access.visible_objects(request)
    if params.record is not None:
        if not BibRecord.objects.filter(pk=params.record).exists():
            raise NotFound("record_not_found")
        objects = objects.filter(record_id=params.record)
    if params.library:
        library = Library.objects.filter(code=identifier(params.library)).first()
        if library is None:
            raise NotFound("library_not_found")
        objects = objects.filter(library=library)
    size = min(params.page_size, PAGE_SIZE_MAX)
    start = (params.page - 1) * size
    listed = (
        objects.select_related("library")
        .annotate(page_count=Count("pages"))
        .order_by("-pk")[start : start + size]
    )
    return [
        DigitalObjectOut(
            id=digital_object.pk,
            title=digital_object.title,
            pages=digital_object.page_count,
            access=digital_object.access,
            library=digital_object.library.code,
            record=digital_object.record_id,
            manifest=request.build_absolute_uri(reverse("iiif:manifest", args=[digital_object.pk])),
        )
        for digital_object in listed
    ]
