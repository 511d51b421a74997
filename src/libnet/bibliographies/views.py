"""Staff pages of bibliographies, under /staff/bibliographies/. Thin: access getter → one
service → render."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from libnet.bibliographies import access, documents, selectors, services
from libnet.bibliographies.models import ARTICLE_KINDS, Bibliography, BibliographyKind, Grouping
from libnet.catalog import services as catalog_services
from libnet.catalog.models import SerialTitle
from libnet.core.errors import LibnetError
from libnet.core.inputs import row_id, row_ids
from libnet.core.pages import docx_download, inline_pdf
from libnet.network.models import Library


def _month(value: str) -> dt.date | None:
    try:
        year, month = (int(part) for part in value.strip().split("-"))
        return dt.date(year, month, 1)
    except (ValueError, TypeError):
        return None


@login_required
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    """The bibliographies of the user's libraries; a new one started. For library staff only
    (a managing body's officer has no catalogue of her own)."""
    access.require_library_staff(request.user)
    compiling = access.compiler_library_ids(request.user)
    error = ""
    if request.method == "POST":
        try:
            library = access.get_library_for_compiling(
                request.user, request.POST.get("library", "")
            )
            made = services.create_bibliography(
                library=library,
                kind=request.POST.get("kind", ""),
                title=request.POST.get("title", ""),
                grouping=request.POST.get("grouping", Grouping.SUBJECT),
                introduction=request.POST.get("introduction", ""),
                month=_month(request.POST.get("month", "")),
                by=request.user,
            )
        except LibnetError as refusal:
            if refusal.status == 404:
                raise
            error = refusal.message
        else:
            messages.success(request, _("Bibliography started."))
            return redirect("bibliographies:detail", made.pk)
    return render(
        request,
        "bibliographies/index.html",
        {
            "bibliographies": access.bibliographies_for_staff(request.user),
            "libraries": Library.objects.filter(pk__in=compiling).order_by("sort_key", "code"),
            "kinds": BibliographyKind.choices,
            "groupings": Grouping.choices,
            "values": request.POST if request.method == "POST" else None,
            "error": error,
        },
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, bibliography_id: int) -> HttpResponse:
    """A bibliography: its entries as printed, records found and added, articles described,
    notes written; published or taken back."""
    write = request.method == "POST"
    found = access.get_bibliography_for_staff(request.user, bibliography_id, write=write)
    error = ""
    results = None
    query = (request.GET.get("q") or "").strip()
    try:
        if write:
            response = _act(request, found)
            if response is not None:
                return response
        elif query:
            results = services.find_records(bibliography=found, query=query)
    except LibnetError as refusal:
        if refusal.status == 404:
            raise
        error = refusal.message
    found.refresh_from_db()
    can_compile = found.record_list.library_id in access.compiler_library_ids(request.user)
    return render(
        request,
        "bibliographies/detail.html",
        {
            "bibliography": found,
            "record_list": found.record_list,
            "laid": selectors.layout(found),
            "query": query,
            "results": results,
            "articles": found.kind in ARTICLE_KINDS,
            "serials": SerialTitle.objects.select_related("bib").order_by("bib__title_sort_key")[
                :200
            ],
            "can_compile": can_compile and not found.is_published,
            "can_publish": can_compile,
            "values": request.POST if write else None,
            "error": error,
        },
        status=400 if error else 200,
    )


def _act(request: HttpRequest, found: Bibliography) -> HttpResponse | None:
    action = request.POST.get("action", "")
    if action == "add":
        ids = row_ids(request.POST.getlist("record"))[:500]
        added = services.add_records(bibliography=found, record_ids=ids, by=request.user)
        messages.success(request, _("%(count)s records added.") % {"count": added})
    elif action == "article":
        serial = request.POST.get("serial", "")
        services.add_article(
            bibliography=found,
            title=request.POST.get("title", ""),
            authors=request.POST.get("authors", ""),
            issue=request.POST.get("issue", ""),
            year=request.POST.get("year", ""),
            host_title=request.POST.get("host_title", ""),
            # A serial named by something that is no id is a serial not found.
            serial_id=(row_id(serial) or 0) if serial else None,
            abstract=request.POST.get("abstract", ""),
            subjects=request.POST.get("subjects", ""),
            by=request.user,
        )
        messages.success(request, _("Article described and added."))
    elif action == "refill":
        added = services.fill_new_acquisitions(bibliography=found, by=request.user)
        messages.success(request, _("%(count)s records added.") % {"count": added})
    elif action == "publish":
        services.publish(bibliography=found, by=request.user)
        messages.success(request, _("Bibliography published on the catalogue."))
    elif action == "withdraw":
        services.withdraw_publication(bibliography=found, by=request.user)
        messages.success(request, _("Publication withdrawn: the bibliography can be changed."))
    else:
        services.check_open(found)
        entry = row_id(request.POST.get("entry")) or 0
        if action == "remove":
            catalog_services.remove_from_list(
                record_list=found.record_list, entry_ids=[entry], by=request.user
            )
        elif action == "note":
            catalog_services.set_entry_note(
                record_list=found.record_list,
                entry_id=entry,
                note=request.POST.get("note", ""),
                by=request.user,
            )
        elif action == "introduction":
            catalog_services.update_list(
                record_list=found.record_list,
                title=request.POST.get("list_title", ""),
                introduction=request.POST.get("introduction", ""),
                by=request.user,
            )
    return redirect("bibliographies:detail", found.pk)


@login_required
@require_GET
def as_pdf(request: HttpRequest, bibliography_id: int) -> HttpResponse:
    found = access.get_bibliography_for_staff(request.user, bibliography_id)
    return inline_pdf(documents.bibliography_pdf(found), f"thu-muc-{found.pk}.pdf")


@login_required
@require_GET
def as_docx(request: HttpRequest, bibliography_id: int) -> HttpResponse:
    found = access.get_bibliography_for_staff(request.user, bibliography_id)
    return docx_download(documents.bibliography_docx(found), f"thu-muc-{found.pk}.docx")
