"""Catalogue staff pages: search, record, copies, registers, labels. Thin: parse → access → service → render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from libnet.catalog import access, authority_selectors, documents, holdings, selectors, services
from libnet.catalog.cataloguing_forms import label_layout
from libnet.catalog.errors import CatalogForbidden, CatalogRefused
from libnet.catalog.forms import (
    ItemAddForm,
    ItemEditForm,
    RegisterRangeForm,
    StatusForm,
    add_refusal,
)
from libnet.catalog.models import ItemSource
from libnet.core import audit, inputs, jobs, text
from libnet.core.errors import NotFound
from libnet.core.validation import DateOutOfRange
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
            "authorities": authority_selectors.record_authorities(bib),
            "can_catalog": bool(network_access.visible_library_ids(request.user, "catalog")),
        },
    )


def _require_catalog_permission(user) -> None:
    if not network_access.visible_library_ids(user, "catalog"):
        raise CatalogForbidden("catalog_role_required")


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
                # A batch opened with the copy is not kept when the copy is refused.
                with transaction.atomic():
                    batch = data["intake_batch"]
                    if data["new_batch"]:
                        batch = services.open_intake_batch(
                            library=data["library"],
                            source=data["batch_source"] or ItemSource.PURCHASE,
                            received_on=data["batch_received_on"],
                            document_number=data["batch_document_number"],
                            supplier=data["batch_supplier"],
                            by=request.user,
                        )
                    item = services.add_item(
                        bib=bib,
                        library=data["library"],
                        by=request.user,
                        barcode=data["barcode"],
                        register=data["register"],
                        accession_number=data["accession_number"],
                        confirm_jump=form.jump_confirmed(),
                        shelf_location=data["shelf_location"],
                        call_number=data["call_number"],
                        item_type=data["item_type"],
                        source=data["source"],
                        price_vnd=data["price_vnd"],
                        acquired_on=data["acquired_on"],
                        notes=data["notes"],
                        intake_batch=batch,
                    )
            except (CatalogRefused, DateOutOfRange) as refusal:
                if refusal.code == "accession_number_jump" or form.jump_confirmed():
                    # Ask again, or keep the confirmation ticked while another field is fixed.
                    form.jump_number = text.identifier(data["accession_number"])
                    form.jump_checked = refusal.code != "accession_number_jump"
                add_refusal(form, refusal)
            else:
                messages.success(
                    request,
                    _("Copy %(accession)s (barcode %(barcode)s) added.")
                    % {"accession": item.accession_number, "barcode": item.barcode},
                )
                return redirect("staff:record", bib.pk)
    else:
        form = ItemAddForm(user=request.user, fields_url=fields_url)
        _propose_number(form)
        form.initial["call_number"] = holdings.proposed_call_number(bib, form.chosen_library)
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
    # Only the owner's cataloguers change a copy (access.get_item_for_change), not the
    # library that has it on rotation or in transit.
    can_catalog = network_access.can(request.user, "catalog", item.home_library)
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
    item = access.get_item_for_change(request.user, item_id)
    form = ItemEditForm(request.POST, item=item, user=request.user)
    if form.is_valid():
        try:
            services.update_item(item=item, by=request.user, **form.changes())
        except (CatalogRefused, DateOutOfRange) as refusal:
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
    item = access.get_item_for_change(request.user, item_id)
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
    """Labels for the copies ticked on a record page (`?items=1&items=2`).

    Nothing ticked, too many, or something that is not a copy number is a 400 that says so;
    a copy of another library is not found, as everywhere.
    """
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
        raise NotFound("item_not_found")  # one of them is not in the user's libraries
    sheet, content = label_layout(request.GET, items[0].home_library)
    return _pdf_response(documents.labels_pdf(items, sheet=sheet, content=content), "labels.pdf")


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
    """The register as Excel, written while it is sent: any size, in the memory of a few rows."""
    register = access.get_register_for_staff(request.user, register_id)
    response = StreamingHttpResponse(
        documents.register_workbook_stream(register, holdings.register_export_rows(register)),
        content_type=documents.XLSX_CONTENT_TYPE,
    )
    response["Content-Disposition"] = _disposition(True, f"{_file_stem(register)}.xlsx")
    return response


@login_required
@require_GET
def register_pdf(request, register_id: int):
    """The register as PDF; past LIBNET_REGISTER_PDF_DIRECT_MAX copies, a page that offers to
    have it made in the background (a page waiting a minute would hold a web worker)."""
    register = access.get_register_for_staff(request.user, register_id)
    count = holdings.register_rows(register).count()
    if count > settings.LIBNET_REGISTER_PDF_DIRECT_MAX:
        return render(request, "catalog/document_job.html", {"register": register, "count": count})
    content = documents.register_pdf(register, holdings.register_export_rows(register))
    return _pdf_response(content, f"{_file_stem(register)}.pdf")


@login_required
@require_POST
def register_pdf_job(request, register_id: int):
    """Queue the register's PDF for `libnet worker` and follow it on its page."""
    register = access.get_register_for_staff(request.user, register_id)
    job = jobs.enqueue(
        kind=documents.REGISTER_PDF_JOB,
        params={"register_id": register.pk},
        title=_("Accession register %(prefix)s — %(name)s")
        % {"prefix": register.prefix, "name": register.name},
        file_name=f"{_file_stem(register)}.pdf",
        content_type=documents.PDF_CONTENT_TYPE,
        total=holdings.register_rows(register).count(),
        by=request.user,
        library_id=register.library_id,
    )
    return redirect("staff:document_job", job.pk)


@login_required
@require_GET
def document_job(request, job_id: int):
    job = access.get_document_job_for_staff(request.user, job_id)
    register = access.get_register_for_staff(request.user, job.params["register_id"])
    return render(request, "catalog/document_job.html", {"job": job, "register": register})


@login_required
@require_GET
def document_job_status(request, job_id: int):
    """The status block alone, polled by the page every two seconds while the job runs."""
    job = access.get_document_job_for_staff(request.user, job_id)
    return render(request, "catalog/_document_job_status.html", {"job": job})


@login_required
@require_GET
def document_download(request, job_id: int):
    job = access.get_document_job_for_staff(request.user, job_id)
    path = jobs.stored_file(job)
    if path is None:
        raise NotFound("document_not_found")
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=job.file_name, content_type=job.content_type
    )


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
    first, last = form.cleaned_data["first"], form.cleaned_data["last"]
    in_range = holdings.register_rows(register, first=first, last=last)
    # One more than a print holds: a larger range is refused, never printed in part.
    items = list(in_range[: MAX_LABELS + 1])
    refusal = None
    if len(items) > MAX_LABELS:
        refusal = CatalogRefused("range_too_large", count=in_range.count(), max=MAX_LABELS)
    elif not items:
        refusal = CatalogRefused(
            "no_copy_in_range",
            prefix=register.prefix,
            first=register.format_number(first or 1),
            last=register.format_number(last) if last is not None else "…",
        )
    if refusal is not None:
        form.add_error(None, refusal.message)
        rows = holdings.register_rows(register)
        page = Paginator(rows, REGISTER_PAGE_SIZE).get_page(1)
        return render(
            request,
            "catalog/register.html",
            {"register": register, "page": page, "range_form": form},
            status=400,
        )
    sheet, content = label_layout(request.GET, register.library)
    return _pdf_response(
        documents.labels_pdf(items, sheet=sheet, content=content),
        f"{_file_stem(register)}-labels.pdf",
    )


# A copy's id is a database integer: anything else, or a number past what the column can
# hold (which SQLite would refuse with an OverflowError in `pk__in`), is no copy at all.


def typed_id(value: str) -> int | None:
    """The number of a copy or a record as typed (`?items=12`), or None for what is no
    number of ours (core.inputs.row_id: ² and ١ pass str.isdigit, 25 digits fit no id)."""
    return inputs.row_id(value.strip())


def _file_stem(register) -> str:
    return f"{register.library.code}-{register.prefix}".replace(" ", "_")


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=documents.PDF_CONTENT_TYPE)
    response["Content-Disposition"] = _disposition(False, filename)
    return response


def _disposition(as_attachment: bool, filename: str) -> str:
    # A register prefix may hold Vietnamese letters ("SĐK"): the header names the file in
    # UTF-8 as RFC 6266 allows; a plain `filename="…"` with them cannot even be sent.
    return content_disposition_header(as_attachment, filename) or "attachment"


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
