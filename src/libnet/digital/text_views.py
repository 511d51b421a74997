"""The pages' text on screen: a page of a digital object with the words of a search marked
on its image (public, /digital/<object>/page/<n>), and the staff page where a Hán-Nôm page's
transcription or translation is typed. Thin: access → one selector or service → render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from libnet.digital import access, storage, text, text_selectors
from libnet.digital.errors import DigitalObjectNotFound
from libnet.digital.models import Access
from libnet.digital.text_errors import PageImageNotReady, PageTextRefused

MAX_QUERY = 500


def _query(request: HttpRequest) -> str:
    return request.GET.get("q", "")[:MAX_QUERY].strip()


def _page_url(object_id: int, sequence: int, query: str) -> str:
    url = reverse("digital_text:page", args=[object_id, sequence])
    return f"{url}?{urlencode({'q': query})}" if query else url


@require_GET
def page(request: HttpRequest, object_id: int, sequence: int) -> HttpResponse:
    """A page's image with the words of the search `q` marked, and its text."""
    found = text_selectors.get_page(request, object_id, sequence)
    query = _query(request)
    count = text_selectors.page_count(found.object)
    return render(
        request,
        "digital/page.html",
        {
            "page": found,
            "digital_object": found.object,
            "query": query,
            "count": count,
            "boxes": text_selectors.hit_boxes(found, query),
            "lines": text_selectors.text_with_hits(found, query),
            "image_ready": storage.derivative(found, storage.WEB).exists(),
            "previous_url": _page_url(object_id, sequence - 1, query) if sequence > 1 else "",
            "next_url": _page_url(object_id, sequence + 1, query) if sequence < count else "",
        },
    )


@require_GET
def page_image(request: HttpRequest, object_id: int, sequence: int) -> FileResponse:
    """The web-size image of a page (the derivative), for whoever may see the object."""
    found = text_selectors.get_page(request, object_id, sequence)
    path = storage.derivative(found, storage.WEB)
    if not path.exists():
        raise PageImageNotReady("page_image_not_ready")
    response = FileResponse(path.open("rb"), content_type="image/jpeg")
    # A page read only in the library or by staff must not stay in a shared cache.
    public = found.object.access == Access.PUBLIC
    response["Cache-Control"] = "public, max-age=3600" if public else "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def type_text(request: HttpRequest, object_id: int, sequence: int) -> HttpResponse:
    """Staff type the transcription or translation of a page of a Hán-Nôm object."""
    libraries = access.require_digitiser(request.user)
    found = text_selectors.get_page_for_staff(request, object_id, sequence)
    if found.object.library_id not in libraries:
        raise DigitalObjectNotFound("digital_object_not_found")
    error = ""
    value = found.text
    count = text_selectors.page_count(found.object)
    if request.method == "POST":
        value = request.POST.get("text", "")
        try:
            text.type_page_text(page=found, text=value, by=request.user)
        except PageTextRefused as refusal:
            error = refusal.message
        else:
            messages.success(request, _("The text of page %(page)s is saved.") % {"page": sequence})
            if request.POST.get("next") and sequence < count:
                return redirect("staff:digital_page_text", object_id, sequence + 1)
            return redirect("staff:digital_page_text", object_id, sequence)
    return render(
        request,
        "digital/type_text.html",
        {
            "page": found,
            "digital_object": found.object,
            "value": value,
            "error": error,
            "count": count,
            "image_ready": storage.derivative(found, storage.WEB).exists(),
        },
        status=400 if error else 200,
    )
