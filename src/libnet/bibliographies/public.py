"""The published bibliographies on the OPAC: /bibliographies and /bibliographies/<id>, with
their PDF and Word documents. Catalogue data only."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from libnet.bibliographies import access, documents, selectors
from libnet.core.pages import docx_download, inline_pdf


@require_GET
def bibliography_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "bibliographies/public_list.html", {"bibliographies": access.published()[:200]}
    )


@require_GET
def bibliography_page(request: HttpRequest, bibliography_id: int) -> HttpResponse:
    found = access.get_published(bibliography_id)
    return render(
        request,
        "bibliographies/public_page.html",
        {"bibliography": found, "record_list": found.record_list, "laid": selectors.layout(found)},
    )


@require_GET
def bibliography_pdf(request: HttpRequest, bibliography_id: int) -> HttpResponse:
    found = access.get_published(bibliography_id)
    return inline_pdf(documents.bibliography_pdf(found), f"thu-muc-{found.pk}.pdf")


@require_GET
def bibliography_docx(request: HttpRequest, bibliography_id: int) -> HttpResponse:
    found = access.get_published(bibliography_id)
    return docx_download(documents.bibliography_docx(found), f"thu-muc-{found.pk}.docx")
