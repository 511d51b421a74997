"""Public downloads of digital objects: /digital/<id>/download (the whole object as a PDF) and
/digital/<id>/page/<n>/download (one page as a JPEG). Both go through digital.access: an
object the reader may not see (staff only, or on site from outside the reading room) is a 404,
as one that does not exist."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_GET

from libnet.core import clock
from libnet.digital import access, downloads, services
from libnet.digital.errors import DigitalObjectNotFound
from libnet.digital.models import Access, DigitalObject


def _watermark(obj: DigitalObject) -> str | None:
    return downloads.watermark_text(obj, clock.today()) if obj.watermark else None


def _on_site(request: HttpRequest, obj: DigitalObject) -> bool:
    return obj.library_id in access.on_site_library_ids(request)


def _cache(response: HttpResponseBase, obj: DigitalObject) -> HttpResponseBase:
    # What only some readers may see never sits in a shared cache.
    response["Cache-Control"] = (
        "public, max-age=3600" if obj.access == Access.PUBLIC else "private, no-store"
    )
    return response


@require_GET
def object_download(request: HttpRequest, object_id: int) -> HttpResponseBase:
    obj = access.get_object(request, object_id)
    pages = downloads.ready_pages(obj)
    if not pages:
        raise DigitalObjectNotFound("digital_page_not_found")
    pdf = downloads.object_pdf(obj, pages, watermark=_watermark(obj))
    services.record_download(obj=obj, page=None, on_site=_on_site(request, obj))
    response = FileResponse(
        pdf, content_type="application/pdf", as_attachment=True, filename=f"libnet-{obj.pk}.pdf"
    )
    return _cache(response, obj)


@require_GET
def page_download(request: HttpRequest, object_id: int, sequence: int) -> HttpResponseBase:
    obj = access.get_object(request, object_id)
    page = next((found for found in downloads.ready_pages(obj) if found.sequence == sequence), None)
    if page is None:
        raise DigitalObjectNotFound("digital_page_not_found")
    content = downloads.page_jpeg(page, watermark=_watermark(obj))
    services.record_download(obj=obj, page=sequence, on_site=_on_site(request, obj))
    response = HttpResponse(content, content_type="image/jpeg")
    response["Content-Disposition"] = f'attachment; filename="libnet-{obj.pk}-{sequence}.jpg"'
    return _cache(response, obj)
