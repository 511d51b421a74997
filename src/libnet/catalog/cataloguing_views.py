"""Original cataloguing pages: templates, the short form with its MARC beside it, the next
steps after saving (copies, a set by quantity, labels) and the label preview.

Thin: parse → access → one service → render. Only cataloguers reach them (403 otherwise);
records are the network's, copies only those of the user's libraries (404 otherwise).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from libnet.catalog import access, cataloguing, holdings, label_sheets, marc
from libnet.catalog.cataloguing_forms import (
    CataloguingForm,
    CopySetForm,
    LabelSheetForm,
    label_layout,
)
from libnet.catalog.errors import (
    CatalogForbidden,
    CatalogRefused,
    CataloguingRefused,
    DuplicateRecord,
)
from libnet.catalog.forms import add_refusal
from libnet.catalog.models import ItemSource
from libnet.catalog.views import MAX_LABELS, marc_rows, typed_id
from libnet.core.errors import NotFound
from libnet.core.validation import DateOutOfRange
from libnet.network import access as network_access


def _require_cataloguer(user: Any) -> None:
    if not network_access.visible_library_ids(user, "catalog"):
        raise CatalogForbidden("catalog_role_required")


@login_required
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """The templates to start from, one per material type."""
    _require_cataloguer(request.user)
    return render(request, "catalog/cataloguing/start.html", {"templates": cataloguing.templates()})


def _preview(form: CataloguingForm) -> list[dict[str, Any]] | None:
    """The MARC record of a valid form, laid out as on the record page."""
    if not form.is_valid():
        return None
    record = cataloguing.build_record(form.entry(), form.template)
    return marc_rows(marc.record_to_json(record))


@login_required
@require_http_methods(["GET", "POST"])
def new_record(request: HttpRequest, code: str) -> HttpResponse:
    """The short form of template `code`, the MARC record beside it; saving goes to the next
    steps, a duplicate comes back with a warning."""
    _require_cataloguer(request.user)
    template = cataloguing.get_template(code)
    duplicate = None
    status = 200
    if request.method == "POST":
        form = CataloguingForm(request.POST, template=template, user=request.user)
        if form.is_valid():
            try:
                bib = cataloguing.catalogue_record(
                    entry=form.entry(),
                    template=template,
                    library=form.cleaned_data["library"],
                    by=request.user,
                    allow_duplicate=form.cleaned_data["allow_duplicate"],
                )
            except DuplicateRecord as refusal:
                duplicate = access.get_record_for_staff(request.user, refusal.params["existing_id"])
                status = 409
            except (CatalogRefused, CataloguingRefused) as refusal:
                add_refusal(form, refusal)
                status = 400
            else:
                messages.success(request, _("Record saved: %(title)s.") % {"title": bib.title})
                url = reverse("cataloguing:saved", args=[bib.pk])
                quantity = form.cleaned_data.get("quantity")
                if template.by_quantity and quantity:
                    url += f"?quantity={quantity}&template={template.code}"
                return redirect(url)
        else:
            status = 400
    else:
        form = CataloguingForm(template=template, user=request.user)
    return render(
        request,
        "catalog/cataloguing/form.html",
        {
            "form": form,
            "template": template,
            "templates": cataloguing.templates(),
            "marc_rows": _preview(form) if form.is_bound else None,
            "duplicate": duplicate,
            "schemes": cataloguing.schemes().values(),
        },
        status=status,
    )


@login_required
@require_POST
def preview(request: HttpRequest, code: str) -> HttpResponse:
    """The MARC record the form describes so far (htmx, beside the form)."""
    _require_cataloguer(request.user)
    template = cataloguing.get_template(code)
    form = CataloguingForm(request.POST, template=template, user=request.user)
    return render(
        request,
        "catalog/cataloguing/_marc.html",
        {"form": form, "marc_rows": _preview(form)},
    )


@login_required
@require_GET
def saved(request: HttpRequest, record_id: int) -> HttpResponse:
    """After saving: add copies, register a set by quantity, print labels."""
    _require_cataloguer(request.user)
    bib = access.get_record_for_staff(request.user, record_id)
    library_ids = network_access.visible_library_ids(request.user)
    copies = holdings.copies_of_record(bib, library_ids)
    template = next(
        (t for t in cataloguing.templates() if t.code == request.GET.get("template")), None
    )
    copy_form = CopySetForm(
        user=request.user,
        initial={
            "quantity": request.GET.get("quantity") or 40,
            "item_type": template.item_type if template else "textbook",
        },
    )
    copy_form.initial["call_number"] = holdings.proposed_call_number(
        bib, copy_form.initial["library"]
    )
    return render(
        request,
        "catalog/cataloguing/saved.html",
        {
            "bib": bib,
            "copies": copies,
            "copy_form": copy_form,
            "by_quantity": template is not None and template.by_quantity,
            "label_query": "&".join(f"items={copy.pk}" for copy in copies[:MAX_LABELS]),
        },
    )


@login_required
@require_POST
def add_copy_set(request: HttpRequest, record_id: int) -> HttpResponse:
    """Register a set of copies by quantity (a class set of 40 textbooks), each numbered."""
    _require_cataloguer(request.user)
    bib = access.get_record_for_staff(request.user, record_id)
    form = CopySetForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            added = cataloguing.add_copy_set(
                bib=bib,
                library=data["library"],
                copies=cataloguing.CopySet(
                    quantity=data["quantity"],
                    register_id=data["register"].pk if data["register"] else None,
                    shelf_location_id=data["shelf_location"].pk if data["shelf_location"] else None,
                    call_number=data["call_number"],
                    item_type=data["item_type"],
                    source=ItemSource.PURCHASE,
                    price_vnd=data["price"],
                ),
                by=request.user,
            )
        except (CatalogRefused, DateOutOfRange) as refusal:
            add_refusal(form, refusal)
        else:
            first, last = added.items[0], added.items[-1]
            messages.success(
                request,
                _("%(count)s copies added: %(first)s … %(last)s.")
                % {
                    "count": len(added.items),
                    "first": first.accession_number,
                    "last": last.accession_number,
                },
            )
            query = "&".join(f"items={item.pk}" for item in added.items[:MAX_LABELS])
            return redirect(reverse("cataloguing:labels") + "?" + query)
    library_ids = network_access.visible_library_ids(request.user)
    return render(
        request,
        "catalog/cataloguing/saved.html",
        {
            "bib": bib,
            "copies": holdings.copies_of_record(bib, library_ids),
            "copy_form": form,
            "by_quantity": True,
            "label_query": "",
        },
        status=400,
    )


@login_required
@require_GET
def labels_preview(request: HttpRequest) -> HttpResponse:
    """The labels of the copies asked (`?items=…`) laid out on the chosen sheet, before printing."""
    values = request.GET.getlist("items")
    if not values:
        raise CatalogRefused("no_copy_selected")
    if len(values) > MAX_LABELS:
        raise CatalogRefused("too_many_labels", max=MAX_LABELS)
    wanted = {typed_id(value) for value in values}
    if None in wanted:
        raise NotFound("item_not_found")  # not a copy's number: no such copy
    items = list(
        access.items_for_staff(request.user)
        .filter(pk__in=wanted)
        .select_related("bib", "home_library")
        .order_by("home_library__code", "accession_sequence", "accession_number", "pk")
    )
    if len(items) != len(wanted):
        raise NotFound("item_not_found")
    library = items[0].home_library
    form = LabelSheetForm(request.GET if request.GET.get("sheet") else None, library=library)
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
        sheet = label_sheets.get_sheet(label_sheets.DEFAULT)
        content = "both"
    else:
        sheet, content = label_layout(request.GET, library)
    pages = [
        items[start : start + sheet.per_page] for start in range(0, len(items), sheet.per_page)
    ]
    query = request.GET.copy()
    if not form.is_bound:
        query["sheet"], query["content"] = sheet.code, content
    return render(
        request,
        "catalog/cataloguing/labels.html",
        {
            "form": form,
            "sheet": sheet,
            "content": content,
            "pages": pages,
            "cells": [sheet.position(index) for index in range(sheet.per_page)],
            "count": len(items),
            "pdf_url": reverse("staff:labels") + "?" + query.urlencode(),
        },
        status=status,
    )
