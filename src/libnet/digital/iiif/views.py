"""The IIIF doors under /iiif/: images (Image API 3.0), manifests and collections
(Presentation API 3). Every object is looked up through digital/access.py: what the asker may
not see is a 404, as what does not exist. Every answer, refusals included, carries
`Access-Control-Allow-Origin: *` so viewers on other sites can read it (no cookie is sent
with such a request, so nothing restricted leaks: staff and on-site objects are read by the
asker's own session or address).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import http_date, parse_http_date_safe
from django.views.decorators.http import require_safe

from libnet.core.errors import LibnetError
from libnet.core.middleware import guards_its_own_input
from libnet.digital import access
from libnet.digital.errors import DigitalObjectNotFound
from libnet.digital.iiif import images, params, presentation
from libnet.digital.models import Access, DigitalObject, DigitalPage

IMAGE_CONTEXT = "http://iiif.io/api/image/3/context.json"
PRESENTATION_CONTEXT = "http://iiif.io/api/presentation/3/context.json"
PROFILE = "level2"
TILE_SIDE = 256
# How long a browser or a proxy may keep an answer. A public object's images may be kept by
# any cache; others only by the asker's browser. An hour: access may change (a draft made
# public, a public object withdrawn) and the change is seen within it.
MAX_AGE_SECONDS = 3600
_IDENTIFIER = re.compile(r"(\d{1,18})-(\d{1,9})")


def _page(request: HttpRequest, identifier: str) -> tuple[DigitalObject, DigitalPage]:
    found = _IDENTIFIER.fullmatch(identifier)
    if not found:
        raise DigitalObjectNotFound("digital_page_not_found")
    digital_object = access.get_object(request, int(found.group(1)))
    page = (
        DigitalPage.objects.filter(object=digital_object, sequence=int(found.group(2)))
        .select_related("file")
        .first()
    )
    if page is None:
        raise DigitalObjectNotFound("digital_page_not_found")
    return digital_object, page


def _refusal(error: LibnetError) -> HttpResponse:
    response = HttpResponse(
        json.dumps(error.as_dict(), ensure_ascii=False),
        status=error.status,
        content_type="application/json",
    )
    return _cors(response)


def _cors(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _cache(response: HttpResponse, digital_object: DigitalObject) -> HttpResponse:
    scope = "public" if digital_object.access == Access.PUBLIC else "private"
    response["Cache-Control"] = f"{scope}, max-age={MAX_AGE_SECONDS}"
    return response


def _json(request: HttpRequest, document: dict[str, Any], context: str) -> HttpResponse:
    # Image API 3.0 §5, Presentation API 3 §6.1: JSON-LD when the client asks for it.
    wants_linked_data = "application/ld+json" in request.headers.get("Accept", "")
    content_type = (
        f'application/ld+json;profile="{context}"' if wants_linked_data else "application/json"
    )
    return _cors(
        HttpResponse(
            json.dumps(document, ensure_ascii=False), content_type=f"{content_type};charset=utf-8"
        )
    )


@require_safe
@guards_its_own_input
def image_base(request: HttpRequest, identifier: str) -> HttpResponse:
    """Image API 3.0 §2.2: the image's base address sends the client to its info.json."""
    response = HttpResponseRedirect(reverse("iiif:image_info", args=[identifier]))
    response.status_code = 303
    return _cors(response)


@require_safe
@guards_its_own_input
def image_info(request: HttpRequest, identifier: str) -> HttpResponse:
    """The image information (info.json) of a page: size, tiles, what the service can do."""
    try:
        digital_object, page = _page(request, identifier)
        image = images.page_image(page)
    except LibnetError as error:
        return _refusal(error)
    service_id = presentation.image_service_url(request, digital_object.pk, page.sequence)
    response = _json(request, info_document(service_id, image), IMAGE_CONTEXT)
    response["Link"] = f'<http://iiif.io/api/image/3/{PROFILE}.json>;rel="profile"'
    return _cache(response, digital_object)


def info_document(service_id: str, image: images.PageImage) -> dict[str, Any]:
    """The info.json of an image service at `service_id` over `image`."""
    width, height = image.width, image.height
    factors = [1]
    while math.ceil(max(width, height) / factors[-1]) > TILE_SIDE:
        factors.append(factors[-1] * 2)
    sizes = [
        {"width": math.ceil(width / factor), "height": math.ceil(height / factor)}
        for factor in reversed(factors[1:])
    ]
    return {
        "@context": IMAGE_CONTEXT,
        "id": service_id,
        "type": "ImageService3",
        "protocol": "http://iiif.io/api/image",
        "profile": PROFILE,
        "width": width,
        "height": height,
        "maxArea": max_area(image),
        "sizes": sizes,
        "tiles": [{"width": TILE_SIDE, "height": TILE_SIDE, "scaleFactors": factors}],
        "extraQualities": ["bitonal"],
        "extraFormats": ["webp"],
        "extraFeatures": ["mirroring", "rotationArbitrary", "sizeUpscaling"],
    }


def max_area(image: images.PageImage) -> int:
    """The most pixels one answer may have: the page's own, so an enlarged image never costs
    more memory than the full page does (and a 4-megapixel floor for small pages)."""
    return max(image.width * image.height, 4_000_000)


@require_safe
@guards_its_own_input
def image(
    request: HttpRequest,
    identifier: str,
    region: str,
    size: str,
    rotation: str,
    quality_format: str,
) -> HttpResponse:
    """An image of a page: `{region}/{size}/{rotation}/{quality}.{format}` (Image API 3.0 §4)."""
    try:
        digital_object, page = _page(request, identifier)
        page_image = images.page_image(page)
        wanted = params.parse(
            region=region,
            size=size,
            rotation=rotation,
            quality_format=quality_format,
            width=page_image.width,
            height=page_image.height,
            max_area=max_area(page_image),
        )
    except LibnetError as error:
        return _refusal(error)
    modified_at = int(page_image.source.stat().st_mtime)
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    if since is not None and since >= modified_at:
        response = HttpResponse(status=304)
    else:
        try:
            picture = images.render(page_image, wanted)
        except LibnetError as error:
            return _refusal(error)
        response = HttpResponse(picture, content_type=wanted.media_type)
    response["Last-Modified"] = http_date(modified_at)
    response["Link"] = f'<http://iiif.io/api/image/3/{PROFILE}.json>;rel="profile"'
    return _cors(_cache(response, digital_object))


@require_safe
@guards_its_own_input
def manifest(request: HttpRequest, object_id: int) -> HttpResponse:
    """The Presentation API 3 manifest of an object: one canvas per page."""
    try:
        digital_object = access.get_object(request, object_id)
        document = presentation.manifest(request, digital_object)
    except LibnetError as error:
        return _refusal(error)
    return _cache(_json(request, document, PRESENTATION_CONTEXT), digital_object)


@require_safe
@guards_its_own_input
def library_collection(request: HttpRequest, code: str) -> HttpResponse:
    """The objects of one library the asker may see, as an IIIF collection."""
    try:
        document = presentation.library_collection(request, code)
    except LibnetError as error:
        return _refusal(error)
    return _private(_json(request, document, PRESENTATION_CONTEXT))


@require_safe
@guards_its_own_input
def named_collection(request: HttpRequest, library_code: str, collection_code: str) -> HttpResponse:
    """A collection a library made (DigitalCollection), with the objects the asker may see."""
    try:
        document = presentation.named_collection(request, library_code, collection_code)
    except LibnetError as error:
        return _refusal(error)
    return _private(_json(request, document, PRESENTATION_CONTEXT))


def _private(response: HttpResponse) -> HttpResponse:
    # A collection lists what this asker may see (staff see drafts): no shared cache keeps it.
    response["Cache-Control"] = f"private, max-age={MAX_AGE_SECONDS}"
    return response
