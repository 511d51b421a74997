"""Copy cataloguing pages: search another catalogue, see its records, import one, then add
copies. Thin: parse → service → render."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from libnet.catalog import access as catalog_access
from libnet.catalog import marc as catalog_marc
from libnet.catalog.errors import CatalogForbidden, DuplicateRecord
from libnet.catalog.services import records as catalog_records
from libnet.catalog.views import marc_rows
from libnet.core.errors import NotFound
from libnet.interop.copycat import services
from libnet.interop.copycat.errors import CopyCatalogueRefused
from libnet.interop.copycat.forms import CopyImportForm, CopySearchForm
from libnet.network import access as network_access

# Refusals about what was typed: shown next to the search field.
_TERM_CODES = frozenset({"empty_term", "term_too_long", "invalid_isbn"})


def _preview(record) -> dict:
    """A record as the results list shows it: readable lines and the MARC table."""
    extracted = catalog_marc.extract(record)
    marc_json = catalog_marc.record_to_json(record)
    existing = catalog_records.find_duplicate(extracted)
    return {
        "extracted": extracted,
        "marc_rows": marc_rows(marc_json),
        "marc_json": json.dumps(marc_json, ensure_ascii=False, separators=(",", ":")),
        "existing": existing,
    }


@login_required
@require_GET
def search(request):
    network_access.require_role(request.user, "catalog")
    form = CopySearchForm(request.GET or None, user=request.user)
    answer = None
    results = []
    target = None
    protocol = ""
    if request.GET and form.is_valid():
        target_id, protocol = form.target_and_protocol()
        target = services.get_target(target_id)
        try:
            answer = services.search_target(
                target=target,
                protocol=protocol,
                field=form.cleaned_data["field"],
                term=form.cleaned_data["term"],
            )
        except CopyCatalogueRefused as refusal:
            form.add_error("term" if refusal.code in _TERM_CODES else None, refusal.message)
        else:
            for found in answer.records:
                entry = {"position": found.position, "error": found.error}
                if found.record is not None:
                    entry.update(_preview(found.record))
                results.append(entry)
    return render(
        request,
        "copycat/search.html",
        {
            "form": form,
            "answer": answer,
            "results": results,
            "target": target,
            "source": f"{target.name} ({services.PROTOCOL_NAMES[protocol]})" if target else "",
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_POST
def import_record(request):
    network_access.require_role(request.user, "catalog")
    form = CopyImportForm(request.POST, user=request.user)
    context: dict = {"form": form}
    if not form.is_valid():
        return render(request, "copycat/import.html", context, status=400)
    record = form.cleaned_data["record"]
    context["preview"] = _preview(record)
    try:
        bib = services.import_record(
            marc_record=record,
            library=form.cleaned_data["library"],
            by=request.user,
            source=form.cleaned_data["target"],
            allow_duplicate=form.cleaned_data["allow_duplicate"],
        )
    except DuplicateRecord as duplicate:
        try:
            context["existing"] = catalog_access.get_record_for_staff(
                request.user, duplicate.params["existing_id"]
            )
        except NotFound:
            context["existing"] = None
        context["duplicate"] = duplicate
        return render(request, "copycat/import.html", context, status=409)
    except (CopyCatalogueRefused, CatalogForbidden) as refusal:
        context["refusal"] = refusal
        return render(request, "copycat/import.html", context, status=refusal.status)
    messages.success(
        request,
        _("Record “%(title)s” imported into the catalogue (record #%(id)s). Now add your copies.")
        % {"title": bib.title, "id": bib.pk},
    )
    return redirect("staff:item_add", bib.pk)
