"""IIIF Presentation API 3 documents, built with iiif-prezi3 (https://iiif.io/api/presentation/3.0/):
an object's manifest (one canvas per page, each painted by its page's image service), the
collection of a library's objects and the collections a library makes.

Labels are in Vietnamese first (the record's words are Vietnamese); the names of metadata
fields come in Vietnamese and English.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from iiif_prezi3 import (  # type: ignore[import-untyped]  # the package ships no types
    Collection,
    CollectionRef,
    KeyValueString,
    Manifest,
    ManifestRef,
    Provider,
    ServiceV3,
)

from libnet.core.text import identifier
from libnet.digital import access
from libnet.digital.errors import DigitalObjectNotFound
from libnet.digital.iiif import images
from libnet.digital.iiif.errors import CollectionNotFound
from libnet.digital.models import DigitalCollection, DigitalObject, DigitalPage
from libnet.network.models import Library

THUMBNAIL_SIDE = 200
LANGUAGES = ("vi", "en")

# Dublin Core's fifteen elements, in the order a reader expects them.
DUBLIN_CORE_LABELS: dict[str, Promise] = {
    "title": pgettext_lazy("Dublin Core", "Title"),
    "creator": pgettext_lazy("Dublin Core", "Creator"),
    "subject": pgettext_lazy("Dublin Core", "Subject"),
    "description": pgettext_lazy("Dublin Core", "Description"),
    "publisher": pgettext_lazy("Dublin Core", "Publisher"),
    "contributor": pgettext_lazy("Dublin Core", "Contributor"),
    "date": pgettext_lazy("Dublin Core", "Date"),
    "type": pgettext_lazy("Dublin Core", "Type"),
    "format": pgettext_lazy("Dublin Core", "Format"),
    "identifier": pgettext_lazy("Dublin Core", "Identifier"),
    "source": pgettext_lazy("Dublin Core", "Source"),
    "language": pgettext_lazy("Dublin Core", "Language"),
    "relation": pgettext_lazy("Dublin Core", "Relation"),
    "coverage": pgettext_lazy("Dublin Core", "Coverage"),
    "rights": pgettext_lazy("Dublin Core", "Rights"),
}


def _words(text: Promise | str) -> dict[str, list[str]]:
    """A label in each language libnet speaks."""
    words = {}
    for language in LANGUAGES:
        with translation.override(language):
            words[language] = [str(text)]
    return words


def _value(values: Iterable[str]) -> dict[str, list[str]]:
    # "none": the language of a value is not known (Presentation API 3 §4.1, label).
    return {"none": [value for value in values if value]}


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def description(digital_object: DigitalObject) -> list[tuple[Promise, list[str]]]:
    """The object's description as (field name, values), empty fields left out: from the
    catalogue record when there is one, else from the object's Dublin Core."""
    record = digital_object.record
    if record is not None:
        place_and_publisher = ", ".join(filter(None, [record.publication_place, record.publisher]))
        fields: list[tuple[Promise, list[str]]] = [
            (_("Title"), [record.title]),
            (_("Statement of responsibility"), [record.responsibility]),
            (_("Authors"), _lines(record.authors)),
            (_("Publisher"), [place_and_publisher]),
            (_("Year"), [str(record.year or "")]),
            (_("Physical description"), [record.physical_description]),
            (_("Subjects"), _lines(record.subjects)),
            (_("Language"), [record.language]),
            (_("Notes"), _lines(record.notes)),
        ]
    else:
        core = digital_object.dublin_core or {}
        fields = [
            (label, _dublin_core_values(core.get(element)))
            for element, label in DUBLIN_CORE_LABELS.items()
        ]
    described: list[tuple[Promise, list[str]]] = []
    for label, values in fields:
        shown = [value.strip() for value in values if value.strip()]
        if shown:
            described.append((label, shown))
    return described


def metadata(digital_object: DigitalObject) -> list[KeyValueString]:
    """The description a viewer shows beside the pages (Presentation API 3 `metadata`)."""
    return [
        KeyValueString(label=_words(label), value=_value(values))
        for label, values in description(digital_object)
    ]


def _dublin_core_values(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(entry) for entry in value if entry not in (None, "")]
    return [str(value)]


def image_service_url(request: HttpRequest, object_id: int, sequence: int) -> str:
    """The absolute address of a page's image service (its info.json without the name); the
    image identifier is `<object id>-<sequence>`."""
    return request.build_absolute_uri(reverse("iiif:image_base", args=[f"{object_id}-{sequence}"]))


def homepage_path(digital_object: DigitalObject) -> str:
    """Where a reader reads the object: its record's OPAC page, or the object's own page."""
    if digital_object.record_id is not None:
        return reverse("opac:record", args=[digital_object.record_id])
    return reverse("digital_viewer:object", args=[digital_object.pk])


def manifest(request: HttpRequest, digital_object: DigitalObject) -> dict[str, Any]:
    """The manifest of `digital_object` as JSON-LD; DigitalObjectNotFound when no page of it
    has an image yet (a manifest has at least one canvas)."""
    url = request.build_absolute_uri
    manifest_id = url(reverse("iiif:manifest", args=[digital_object.pk]))
    library = digital_object.library
    document = Manifest(id=manifest_id, label={"vi": [digital_object.title]})
    document.metadata = metadata(digital_object)
    document.requiredStatement = KeyValueString(
        label=_words(_("Attribution")), value={"vi": [library.name]}
    )
    library_url = url(reverse("opac:library", args=[library.code]))
    document.provider = [
        Provider(
            id=library_url,
            type="Agent",
            label={"vi": [library.name]},
            homepage=[
                {
                    "id": library_url,
                    "type": "Text",
                    "label": {"vi": [library.name]},
                    "format": "text/html",
                }
            ],
        )
    ]
    document.homepage = [
        {
            "id": url(homepage_path(digital_object)),
            "type": "Text",
            "label": {"vi": [digital_object.title]},
            "format": "text/html",
        }
    ]
    rights = _dublin_core_values((digital_object.dublin_core or {}).get("rights"))
    if rights and rights[0].startswith(
        ("http://creativecommons.org/", "http://rightsstatements.org/")
    ):
        document.rights = rights[0]
    pages = DigitalPage.objects.filter(object=digital_object).select_related("file")
    for page in pages.order_by("sequence"):
        try:
            page_image = images.page_image(page)
        except DigitalObjectNotFound:
            continue  # a page of a PDF not rendered yet: shown once the worker has made it
        _add_canvas(request, document, manifest_id, page, page_image)
    if not document.items:
        raise DigitalObjectNotFound("digital_page_not_found")
    document.thumbnail = document.items[0].thumbnail
    return json.loads(document.jsonld())  # type: ignore[no-any-return]  # a JSON object


def _add_canvas(
    request: HttpRequest,
    document: Manifest,
    manifest_id: str,
    page: DigitalPage,
    page_image: images.PageImage,
) -> None:
    base = manifest_id.removesuffix("/manifest")
    service_id = image_service_url(request, page.object_id, page.sequence)
    label = page.label or str(page.sequence)
    canvas = document.make_canvas(
        id=f"{base}/canvas/{page.sequence}",
        label={"vi": [label]},
        width=page_image.width,
        height=page_image.height,
    )
    annotations = canvas.add_image(
        f"{service_id}/full/max/0/default.jpg",
        anno_id=f"{base}/annotation/{page.sequence}",
        anno_page_id=f"{base}/page/{page.sequence}",
        format="image/jpeg",
        width=page_image.width,
        height=page_image.height,
    )
    service = ServiceV3(id=service_id, type="ImageService3", profile="level2")
    annotations.items[0].body.service = [service]
    scale = min(1.0, THUMBNAIL_SIDE / max(page_image.width, page_image.height))
    thumbnail_width = max(1, round(page_image.width * scale))
    thumbnail_height = max(1, round(page_image.height * scale))
    canvas.thumbnail = [
        {
            "id": f"{service_id}/full/{thumbnail_width},{thumbnail_height}/0/default.jpg",
            "type": "Image",
            "format": "image/jpeg",
            "width": thumbnail_width,
            "height": thumbnail_height,
            "service": [{"id": service_id, "type": "ImageService3", "profile": "level2"}],
        }
    ]


def _manifest_refs(request: HttpRequest, objects: QuerySet[DigitalObject]) -> list[ManifestRef]:
    # Only objects with pages: a manifest without a canvas is not a manifest.
    listed = objects.filter(pages__isnull=False).distinct().order_by("title", "pk")
    return [
        ManifestRef(
            id=request.build_absolute_uri(reverse("iiif:manifest", args=[digital_object.pk])),
            type="Manifest",
            label={"vi": [digital_object.title]},
        )
        for digital_object in listed
    ]


# DigitalObject.collections' reverse accessor is named `objects`, which hides the model's
# manager of that name: DigitalCollection rows are read through `_default_manager`.
def _library(code: str) -> Library:
    library = Library.objects.filter(code=identifier(code), is_active=True).first()
    if library is None:
        raise CollectionNotFound("library_not_found")
    return library


def library_collection(request: HttpRequest, code: str) -> dict[str, Any]:
    """The objects of the library `code` the asker may see, and the library's own collections."""
    library = _library(code)
    collection_id = request.build_absolute_uri(
        reverse("iiif:library_collection", args=[library.code])
    )
    named: list[CollectionRef | ManifestRef] = [
        CollectionRef(
            id=request.build_absolute_uri(
                reverse("iiif:named_collection", args=[library.code, collection.code])
            ),
            type="Collection",
            label={"vi": [collection.name]},
        )
        for collection in DigitalCollection.objects.filter(library=library).order_by("name")
    ]
    visible = access.visible_objects(request).filter(library=library)
    document = Collection(
        id=collection_id,
        label={"vi": [library.name]},
        items=named + _manifest_refs(request, visible),
    )
    document.requiredStatement = KeyValueString(
        label=_words(_("Attribution")), value={"vi": [library.name]}
    )
    return json.loads(document.jsonld())  # type: ignore[no-any-return]  # a JSON object


def named_collection(
    request: HttpRequest, library_code: str, collection_code: str
) -> dict[str, Any]:
    """A collection the library `library_code` made, with the objects the asker may see."""
    library = _library(library_code)
    collection = DigitalCollection.objects.filter(library=library, code=collection_code).first()
    if collection is None:
        raise CollectionNotFound("digital_collection_not_found")
    collection_id = request.build_absolute_uri(
        reverse("iiif:named_collection", args=[library.code, collection.code])
    )
    visible = access.visible_objects(request).filter(collections=collection)
    document = Collection(
        id=collection_id,
        label={"vi": [collection.name]},
        items=_manifest_refs(request, visible),
    )
    if collection.description:
        document.summary = {"vi": [collection.description]}
    document.requiredStatement = KeyValueString(
        label=_words(_("Attribution")), value={"vi": [library.name]}
    )
    document.partOf = [
        {
            "id": request.build_absolute_uri(
                reverse("iiif:library_collection", args=[library.code])
            ),
            "type": "Collection",
            "label": {"vi": [library.name]},
        }
    ]
    return json.loads(document.jsonld())  # type: ignore[no-any-return]  # a JSON object
