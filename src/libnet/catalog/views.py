"""Catalogue staff pages: search, record, copies, registers, labels. Thin: parse → access → service → render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from libnet.catalog import access, documents, holdings, selectors, services
from libnet.catalog.errors import CatalogRefused
from libnet.catalog.forms import (
    ItemAddForm,
    ItemEditForm,
    RegisterRangeForm,
    StatusForm,
    add_refusal,
)
from libnet.core import audit
from libnet.core.errors import NotFound, PermissionDenied
from libnet.network import access as network_access

SEARCH_PAGE_SIZE = 20
REGISTER_PAGE_SIZE = 50
MAX_LABELS = 24 * 40  # forty sheets: more is a register range, not a selection


@login_required
@require_GET
def search(request):
    query = request.GET.get("q", "").strip()
    library_ids = network_access.require_role(request.user, "view")
    page = None
    if query:
        records = selectors.simple_search(query, library_ids=library_ids)
        records = holdings.with_copy_counts(records, library_ids)
        page = Paginator(records, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "catalog/search.html", {"query": query, "page": page})


def marc_rows(marc_json: dict) -> list[dict]:
    """Lay out MARC-in-JSON the way cataloguers read it: tag, indicators (# for blank), $a …"""
    rows = [{"tag": "LDR", "data": marc_json.get("leader", "")}]
    for entry in marc_json.get("fields", []):
        ((tag, value),) = entry.items()
        if isinstance(value, str):
            rows.append({"tag": tag, "data": value})
            continue
        rows.append(
            {
                "tag": tag,
                "indicators": [
                    (value.get("ind1") or " ").replace(" ", "#"),
                    (value.get("ind2") or " ").replace(" ", "#"),
                ],
                "subfields": [
                    (code, text)
                    for subfield in value.get("subfields", [])
                    for code, text in subfield.items()
                ],
            }
        )
    return rows


@login_required
@require_GET
def record_detail(request, record_id: int):
    bib = access.get_record_for_staff(request.user, record_id)
    library_ids = network_access.visible_library_ids(request.user)
    return render(
        request,
        "catalog/record.html",
        {
            "bib": bib,
            "show_marc": request.GET.get("view") == "marc",
            "marc_rows": marc_rows(bib.marc_json),
            "copies": holdings.copies_of_record(bib, library_ids),
            "elsewhere": holdings.holdings_elsewhere(bib, library_ids),
            "can_catalog": bool(network_access.visible_library_ids(request.user, "catalog")),
        },
    )


def _require_catalog_permission(user) -> None:
    if not network_access.visible_library_ids(user, "catalog"):
        raise PermissionDenied("forbidden")


@login_required
@require_http_methods(["GET", "POST"])
def item_add(request, record_id: int):
    bib = access.get_record_for_staff(request.user, record_id)
    _require_catalog_permission(request.user)
    fields_url = reverse("staff:item_add_fields", args=[bib.pk])
    if request.method == "POST":
        form = ItemAddForm(request.POST, user=request.user, fields_url=fields_url)
        if form.is_valid():
            data = form.cleaned_data
            try:
                item = services.add_item(
                    bib=bib,
                    library=data["library"],
                    by=request.user,
                    barcode=data["barcode"],
                    register=data["register"],
                    accession_number=data["accession_number"],
                    shelf_location=data["shelf_location"],
                    call_number=data["call_number"],
                    item_type=data["item_type"],
                    source=data["source"],
                    price_vnd=data["price_vnd"],
                    acquired_on=data["acquired_on"],
                    notes=data["notes"],
                )
            except CatalogRefused as refusal:
                add_refusal(form, refusal)
            else:
                messages.success(
                    request,
                    _("Copy %(accession)s (barcode %(barcode)s) added.")
                    % {"accession": item.accession_number, "barcode": item.barcode},
                )
                return redirect("staff:record", bib.pk)
    else:
        form = ItemAddForm(
            user=request.user,
            fields_url=fields_url,
            initial={"call_number": holdings.proposed_call_number(bib)},
        )
        _propose_number(form)
    return render(request, "catalog/item_add.html", {"bib": bib, "form": form})


def _propose_number(form: ItemAddForm) -> None:
    register = form.chosen_register()
    form.initial["library"] = form.chosen_library
    form.initial["register"] = register
    form.initial["accession_number"] = (
        services.proposed_accession_number(register) if register is not None else ""
    )


@login_required
@require_GET
def item_add_fields(request, record_id: int):
    """The register, accession number and shelf fields for the chosen library (htmx)."""
    bib = access.get_record_for_staff(request.user, record_id)
    _require_catalog_permission(request.user)
    form = ItemAddForm(
        user=request.user,
        fields_url=reverse("staff:item_add_fields", args=[bib.pk]),
        initial={"library": request.GET.get("library"), "register": request.GET.get("register")},
    )
    _propose_number(form)
    return render(request, "catalog/_register_fields.html", {"form": form})


def _item_page(request, item, *, edit_form=None, status_form=None, status=200):
    can_catalog = network_access.can(request.user, "catalog", item.home_library) or (
        network_access.can(request.user, "catalog", item.current_library)
    )
    return render(
        request,
        "catalog/item.html",
        {
            "item": item,
            "bib": item.bib,
            "can_catalog": can_catalog,
            "edit_form": edit_form or ItemEditForm(item=item, user=request.user),
            "status_form": status_form or StatusForm(item=item),
            "history": audit.entries_for(item)[:20],
        },
        status=status,
    )


@login_required
@require_GET
def item_detail(request, item_id: int):
    item = access.get_item_for_staff(request.user, item_id)
    return _item_page(request, item)


@login_required
@require_POST
def item_edit(request, item_id: int):
    item = access.get_item_for_staff(request.user, item_id, "catalog")
    form = ItemEditForm(request.POST, item=item, user=request.user)
    if form.is_valid():
        try:
            services.update_item(item=item, by=request.user, **form.changes())
        except CatalogRefused as refusal:
            add_refusal(form, refusal)
        else:
            messages.success(
                request, _("Copy %(accession)s saved.") % {"accession": item.accession_number}
            )
            return redirect("staff:item", item.pk)
    return _item_page(request, item, edit_form=form)


@login_required
@require_POST
def item_status(request, item_id: int):
    item = access.get_item_for_staff(request.user, item_id, "catalog")
    form = StatusForm(request.POST, item=item)
    if form.is_valid():
        try:
            item = services.change_item_status(
                item=item,
                to=form.cleaned_data["to"],
                by=request.user,
                reason=form.cleaned_data["reason"],
                withdrawal_reference=form.cleaned_data["withdrawal_reference"],
            )
        except CatalogRefused as refusal:
            add_refusal(form, refusal)
        else:
            messages.success(
                request,
                _("Copy %(accession)s is now: %(status)s.")
                % {"accession": item.accession_number, "status": item.get_status_display()},
            )
            return redirect("staff:item", item.pk)
    return _item_page(request, item, status_form=form)


@login_required
@require_GET
def labels(request):
    """Labels for the copies ticked on a record page (`?items=1&items=2`)."""
    try:
        wanted = {int(value) for value in request.GET.getlist("items")}
    except ValueError:
        raise NotFound("item_not_found") from None
    if not wanted or len(wanted) > MAX_LABELS:
        raise NotFound("item_not_found")
    items = list(
        access.items_for_staff(request.user)
        .filter(pk__in=wanted)
        .select_related("bib", "home_library")
        .order_by("home_library__code", "accession_sequence", "accession_number", "pk")
    )
    if len(items) != len(wanted):
        raise NotFound("item_not_found")  # one of them is not in the user's libraries
    return _pdf_response(documents.labels_pdf(items), "labels.pdf")


@login_required
@require_GET
def register_list(request):
    library_ids = network_access.require_role(request.user, "view")
    return render(
        request,
        "catalog/registers.html",
        {"registers": holdings.registers_with_counts(library_ids)},
    )


@login_required
@require_GET
def register_detail(request, register_id: int):
    register = access.get_register_for_staff(request.user, register_id)
    rows = holdings.register_rows(register)
    page = Paginator(rows, REGISTER_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "catalog/register.html",
        {"register": register, "page": page, "range_form": RegisterRangeForm()},
    )


@login_required
@require_GET
def register_xlsx(request, register_id: int):
    register = access.get_register_for_staff(request.user, register_id)
    content = documents.register_workbook(register, holdings.register_rows(register))
    response = HttpResponse(content, content_type=documents.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_file_stem(register)}.xlsx"'
    return response


@login_required
@require_GET
def register_pdf(request, register_id: int):
    register = access.get_register_for_staff(request.user, register_id)
    content = documents.register_pdf(register, holdings.register_rows(register))
    return _pdf_response(content, f"{_file_stem(register)}.pdf")


@login_required
@require_GET
def register_labels(request, register_id: int):
    """Labels for a range of accession numbers of a register."""
    register = access.get_register_for_staff(request.user, register_id)
    form = RegisterRangeForm(request.GET)
    if not form.is_valid():
        rows = holdings.register_rows(register)
        page = Paginator(rows, REGISTER_PAGE_SIZE).get_page(1)
        return render(
            request,
            "catalog/register.html",
            {"register": register, "page": page, "range_form": form},
            status=400,
        )
    items = list(
        holdings.register_rows(
            register, first=form.cleaned_data["first"], last=form.cleaned_data["last"]
        )[:MAX_LABELS]
    )
    return _pdf_response(documents.labels_pdf(items), f"{_file_stem(register)}-labels.pdf")


def _file_stem(register) -> str:
    return f"{register.library.code}-{register.prefix}".replace(" ", "_")


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=documents.PDF_CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
@require_GET
def weeding_list(request):
    """Copies proposed for weeding at my libraries: lost or damaged in service or rotation
    (TT 02/2020 Art. 20). The weeding decision and withdrawal come later, copy by copy."""
    library_ids = network_access.require_role(request.user, "catalog")
    return render(
        request,
        "catalog/weeding.html",
        {"candidates": list(selectors.open_weeding_candidates(library_ids)[:500])},
    )
