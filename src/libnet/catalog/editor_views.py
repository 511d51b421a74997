"""The full MARC editor, record deletion and the merge of two records: staff pages under
/staff/catalogue/marc/. Thin: parse → access → one service → render.

The editor is one form. Every button posts it whole (with htmx the editor alone is drawn
again; without, the page): add, remove or move a field or a subfield, check, save. Nothing
is saved until "Save", and a save with an error of the MARC 21 table saves nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from libnet.catalog import access, editor, marc, services
from libnet.catalog.errors import CatalogForbidden
from libnet.catalog.models import BibRecord, Item
from libnet.catalog.views import typed_id
from libnet.core import audit
from libnet.network import access as network_access
from libnet.network.access import User

HISTORY_SHOWN = 30


def _require_cataloguer(user: User) -> None:
    if not network_access.visible_library_ids(user, "catalog"):
        raise CatalogForbidden("catalog_role_required")


def _render(
    request: HttpRequest,
    record: editor.EditorRecord,
    *,
    bib: BibRecord | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "record": record,
        "bib": bib,
        "layout_008": editor.layout_008(record.leader),
        "leader_shown": editor.show_blank(record.leader),
        "error_count": sum(
            1
            for problem in [*record.problems, *(p for f in record.fields for p in f.problems)]
            if problem.severity == "error"
        ),
        "warning_count": sum(
            1
            for problem in [*record.problems, *(p for f in record.fields for p in f.problems)]
            if problem.severity == "warning"
        ),
        "history": audit.entries_for(bib)[:HISTORY_SHOWN] if bib is not None else [],
        "copy_count": Item.objects.filter(bib=bib).count() if bib is not None else 0,
        # Shown before any typing: this user's save would be refused (the shared-record rule).
        "refusal": (
            access.record_change_refusal(bib, access.record_editor(request.user))
            if bib is not None
            else None
        ),
    }
    return render(request, "catalog/marc_editor.html", context, status=status)


def _saved(request: HttpRequest, url: str) -> HttpResponse:
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def _post(
    request: HttpRequest, record: editor.EditorRecord, *, bib: BibRecord | None = None
) -> HttpResponse | None:
    """Carry out the button pressed; returns the page, or None when the record is to be saved."""
    action = request.POST.get("action", "check")
    if record.apply(action):
        record.check()
        return _render(request, record, bib=bib)
    found = record.check()
    if action != "save" or any(problem.severity == "error" for problem in found):
        # A refused save is a 422, except to htmx, which draws no answer of status 4xx.
        refused = action == "save" and not request.headers.get("HX-Request")
        return _render(request, record, bib=bib, status=422 if refused else 200)
    return None


@login_required
@require_http_methods(["GET", "POST"])
def edit_record(request: HttpRequest, record_id: int) -> HttpResponse:
    """The full MARC editor for an existing record; a save replaces its MARC (replace_record),
    under the one rule of who may change a shared record."""
    bib = access.get_record_for_staff(request.user, record_id)
    _require_cataloguer(request.user)
    if request.method == "GET":
        record = editor.EditorRecord.from_marc_json(bib.marc_json)
        record.check()
        return _render(request, record, bib=bib)
    record = editor.EditorRecord.from_post(request.POST)
    page = _post(request, record, bib=bib)
    if page is not None:
        return page
    services.replace_record(
        bib=bib,
        marc_record=marc.record_from_json(record.as_marc_json()),
        by=request.user,
        library=network_access.own_library(request.user, "catalog"),
    )
    messages.success(request, _("The record is saved."))
    return _saved(request, reverse("staff:record", args=[bib.pk]))


@login_required
@require_http_methods(["GET", "POST"])
def new_record(request: HttpRequest) -> HttpResponse:
    """A new record in the full MARC editor, catalogued by the user's library."""
    _require_cataloguer(request.user)
    if request.method == "GET":
        return _render(request, editor.EditorRecord.new_book())
    record = editor.EditorRecord.from_post(request.POST)
    page = _post(request, record)
    if page is not None:
        return page
    bib = services.create_record(
        marc_record=marc.record_from_json(record.as_marc_json()),
        by=request.user,
        library=network_access.own_library(request.user, "catalog"),
    )
    messages.success(request, _("The record is created. Add its copies now."))
    return _saved(request, reverse("staff:item_add", args=[bib.pk]))


@login_required
@require_POST
def delete_record(request: HttpRequest, record_id: int) -> HttpResponse:
    """Delete a record without copies (services.delete_record); it leaves a tombstone."""
    bib = access.get_record_for_staff(request.user, record_id)
    _require_cataloguer(request.user)
    title = bib.title
    services.delete_record(
        bib=bib, by=request.user, library=network_access.own_library(request.user, "catalog")
    )
    messages.success(request, _("The record “%(title)s” is deleted.") % {"title": title})
    return redirect("staff:search")


@login_required
@require_http_methods(["GET", "POST"])
def merge_records(request: HttpRequest, record_id: int) -> HttpResponse:
    """Merge record `record_id` into another: its copies, holds and everything else pointing
    at it move to the survivor; it leaves a tombstone naming the survivor."""
    bib = access.get_record_for_staff(request.user, record_id)
    _require_cataloguer(request.user)
    survivor_id = request.POST.get("survivor") or request.GET.get("survivor") or ""
    survivor = None
    problem = ""
    if survivor_id:
        survivor_pk = typed_id(survivor_id)
        if survivor_pk is None:
            problem = _("Type the number of the record that stays (the # on its page).")
        elif survivor_pk == bib.pk:
            problem = _("A record cannot be merged into itself: choose another one.")
        else:
            survivor = access.get_record_for_staff(request.user, survivor_pk)
    if request.method == "POST" and survivor is not None and request.POST.get("confirm"):
        services.merge_records(
            survivor=survivor,
            merged=bib,
            by=request.user,
            library=network_access.own_library(request.user, "catalog"),
        )
        messages.success(
            request,
            _("Record #%(merged)s is merged into this one; its copies are here now.")
            % {"merged": bib.pk},
        )
        return redirect("staff:record", survivor.pk)
    return render(
        request,
        "catalog/marc_merge.html",
        {
            "bib": bib,
            "survivor": survivor,
            "survivor_id": survivor_id,
            "problem": problem,
            "copies": Item.objects.filter(bib=bib).count(),
            "survivor_copies": Item.objects.filter(bib=survivor).count() if survivor else 0,
        },
        status=400 if problem else 200,
    )
