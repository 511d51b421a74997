"""Rotation staff pages under /staff/rotation/: the planning view, batches, deposit usage,
transfers with transit slips, and inter-library loan requests.

Thin: parse → access getter → one service → render. The scan boxes of a batch answer htmx
requests with the batch's work area (and a line saying what the scan did); plain form posts
get a redirect, so every page works without JavaScript too.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from libnet.catalog.models import BibRecord, Item
from libnet.core import clock, text
from libnet.core.errors import LibnetError, NotFound
from libnet.network.errors import RoleRequired
from libnet.network.models import Library
from libnet.patrons import access as patrons_access
from libnet.rotation import access, documents, selectors, services
from libnet.rotation.errors import BatchRefused
from libnet.rotation.forms import (
    BatchForm,
    BatchPlanForm,
    DepositUsageForm,
    IllFulfilForm,
    IllRequestForm,
    ListForm,
    PointProfileForm,
    ReceiptForm,
    ScanForm,
    SendBackForm,
    TransferForm,
)
from libnet.rotation.models import (
    BatchState,
    DepositUsage,
    IllState,
    PointArea,
    PointProfile,
    RotationBatch,
)

BATCH_ACTIONS: dict[str, Callable[..., RotationBatch]] = {
    "pack": services.pack_batch,
    "unpack": services.unpack_batch,
    "ship": services.ship_batch,
    "use": services.start_use,
    "close": services.close_batch,
    "cancel": services.cancel_batch,
}


# ---------------------------------------------------------------- helpers


# Years a plan page can show: a date is built from the year (Python's dates end at 9999).
MIN_PLAN_YEAR, MAX_PLAN_YEAR = 1900, 9999


def _library_ids(user) -> frozenset[int]:
    """The libraries where `user` moves copies; a user with none gets a 403 saying why."""
    library_ids = access.rotation_library_ids(user)
    if not library_ids:
        raise RoleRequired("rotation")
    return library_ids


def _my_libraries(user) -> QuerySet[Library]:
    return Library.objects.filter(pk__in=_library_ids(user), is_active=True).order_by(
        "sort_key", "code"
    )


def _network() -> QuerySet[Library]:
    return Library.objects.filter(is_active=True).order_by("sort_key", "code")


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _batch_context(request: HttpRequest, batch: RotationBatch, **extra: Any) -> dict[str, Any]:
    lines = list(selectors.batch_lines(batch))
    library_ids = access.rotation_library_ids(request.user)
    is_sender = batch.from_library_id in library_ids
    context: dict[str, Any] = {
        "batch": batch,
        "lines": lines,
        "counts": selectors.batch_counts(batch),
        "is_sender": is_sender,
        "is_point": is_sender or batch.to_library_id in library_ids,
        "scan_form": ScanForm(),
        "list_form": ListForm(),
        "send_back_form": SendBackForm(initial={"point_requests": batch.point_requests}),
        "plan_form": BatchPlanForm(
            initial={
                "planned_start": batch.planned_start,
                "planned_end": batch.planned_end,
                "purpose": batch.purpose,
                "keeper_name": batch.keeper_name,
                "keeper_phone": batch.keeper_phone,
                "boxes": batch.boxes,
            }
        ),
        "plan_open": False,
        "differences": [
            line for line in lines if line.state in ("missing_on_arrival", "lost", "damaged")
        ],
        "feedback": None,
        "feedback_level": "ok",
        "today": clock.today(),
        "steps": [choice for choice in BatchState.choices if choice[0] != BatchState.CANCELLED],
        "box_numbers": range(1, batch.boxes + 1),
        "chosen_box": None,  # the box the clerk chose for the last scan stays chosen
    }
    if batch.state == BatchState.DRAFT and is_sender:
        context["proposal"] = selectors.proposal_for(batch, limit=30)
    context.update(extra)
    return context


def _batch_response(request: HttpRequest, batch: RotationBatch, **extra: Any) -> HttpResponse:
    if _is_htmx(request):
        return render(request, "rotation/_batch_work.html", _batch_context(request, batch, **extra))
    if extra.get("feedback"):
        level = messages.error if extra.get("feedback_level") == "error" else messages.success
        level(request, extra["feedback"])
    return redirect("rotation:batch_detail", batch.pk)


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# ---------------------------------------------------------------- planning


def _plan_year(value: str | None) -> int | None:
    """The year asked for in the query string, or None when it is missing, not a number or
    outside 1900..9999 (a date cannot be built from it): the page then shows its default."""
    value = (value or "").strip()
    if not value.isascii() or not value.isdigit():
        return None
    year = int(value)
    return year if MIN_PLAN_YEAR <= year <= MAX_PLAN_YEAR else None


@login_required
@require_GET
def batch_list(request):
    """All batches of my libraries by point: where each box is now, what is due back."""
    library_ids = _library_ids(request.user)
    today = clock.today()
    year_number = _plan_year(request.GET.get("year"))
    rows = selectors.planning_rows(library_ids=library_ids, today=today, year=year_number)
    state = request.GET.get("state", "")
    if state == "open":
        rows = [row for row in rows if row.batch.is_open]
    elif state == "overdue":
        rows = [row for row in rows if row.is_overdue]
    points: list[dict[str, Any]] = []
    for row in rows:
        if not points or points[-1]["point"].pk != row.batch.to_library_id:
            points.append({"point": row.batch.to_library, "rows": []})
        points[-1]["rows"].append(row)
    return render(
        request,
        "rotation/batch_list.html",
        {
            "points": points,
            "overdue_count": sum(row.is_overdue for row in rows),
            "open_count": sum(row.batch.is_open for row in rows),
            "year": year_number,
            "years": range(today.year - 2, today.year + 2),
            "state": state,
            "today": today,
        },
    )


@login_required
@require_GET
def point_plan(request, code: str):
    """The year plan of one point: its batches month by month, and its area profile."""
    library_ids = _library_ids(request.user)
    point = Library.objects.filter(code=code).first()
    if point is None:
        raise NotFound("library_not_found")
    today = clock.today()
    year = _plan_year(request.GET.get("year")) or today.year
    batches = list(
        access.batches_for_staff(request.user)
        .filter(to_library=point, planned_start__year__lte=year, planned_end__year__gte=year)
        .exclude(state=BatchState.CANCELLED)
        .select_related("from_library")
        .order_by("planned_start", "pk")
    )
    if not batches and point.pk not in library_ids:
        raise NotFound("library_not_found")
    months = [dt.date(year, month, 1) for month in range(1, 13)]
    plan = []
    for batch in batches:
        cells = []
        for first in months:
            last = first.replace(day=calendar.monthrange(year, first.month)[1])
            cells.append(batch.planned_start <= last and batch.planned_end >= first)
        plan.append({"batch": batch, "cells": cells})
    profile = PointProfile.objects.filter(library=point).first()
    usage = DepositUsage.objects.filter(point=point, month__year=year).order_by("month")
    return render(
        request,
        "rotation/point_plan.html",
        {
            "point": point,
            "year": year,
            "months": months,
            "plan": plan,
            "profile": profile,
            "profile_form": PointProfileForm(
                initial={
                    "area": profile.area if profile else PointArea.NORMAL,
                    "max_months": profile.max_months if profile else None,
                }
            ),
            "can_set_profile": bool(library_ids & {point.pk, point.parent_id or 0}),
            "usage": usage,
        },
    )


@login_required
@require_POST
def point_profile(request, code: str):
    """Mark a point remote, border or island, with the longest stay the library sets."""
    library_ids = _library_ids(request.user)
    point = Library.objects.filter(code=code).first()
    if point is None or not library_ids & {point.pk, point.parent_id or 0}:
        raise NotFound("library_not_found")
    form = PointProfileForm(request.POST)
    if form.is_valid():
        services.set_point_profile(
            library=point,
            area=form.cleaned_data["area"],
            max_months=form.cleaned_data["max_months"],
            by=request.user,
        )
        messages.success(request, _("Rotation point profile saved."))
    else:
        messages.error(request, _("The profile was not saved: check the fields."))
    return redirect("rotation:point_plan", point.code)


# ---------------------------------------------------------------- batches


@login_required
@require_http_methods(["GET", "POST"])
def batch_new(request):
    senders = _my_libraries(request.user)
    form = BatchForm(request.POST or None, senders=senders, points=_network())
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                batch = services.create_batch(
                    from_library=data["from_library"],
                    to_library=data["to_library"],
                    planned_start=data["planned_start"],
                    planned_end=data["planned_end"],
                    purpose=data["purpose"],
                    keeper_name=data["keeper_name"],
                    keeper_phone=data["keeper_phone"],
                    boxes=data["boxes"],
                    by=request.user,
                )
            except LibnetError as error:
                form.add_error(None, error.message)
                status = 400
            else:
                messages.success(request, _("Batch %(number)s planned.") % {"number": batch.pk})
                return redirect("rotation:batch_detail", batch.pk)
        else:
            status = 400
    return render(request, "rotation/batch_new.html", {"form": form}, status=status)


@login_required
@require_GET
def batch_detail(request, batch_id: int):
    batch = access.get_batch_for_staff(request.user, batch_id)
    return render(request, "rotation/batch_detail.html", _batch_context(request, batch))


@login_required
@require_POST
def batch_plan(request, batch_id: int):
    """Change the plan of a batch not yet shipped (the sender's work; the period rule applies)."""
    batch = access.get_batch_for_staff(request.user, batch_id)
    access.check_batch_action(request.user, batch, "plan")
    form = BatchPlanForm(request.POST)
    if form.is_valid():
        try:
            if batch.state not in (BatchState.DRAFT, BatchState.PACKED):
                raise BatchRefused("plan_fixed", state=batch.get_state_display().lower())
            services.update_batch(batch=batch, by=request.user, **form.cleaned_data)
        except LibnetError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("The plan of batch %(number)s is saved.") % {"number": batch.pk}
            )
            return redirect("rotation:batch_detail", batch.pk)
    return render(
        request,
        "rotation/batch_detail.html",
        _batch_context(request, batch, plan_form=form, plan_open=True),
        status=400,
    )


@login_required
@require_POST
def batch_scan(request, batch_id: int, mode: str):
    """One scanned barcode: add it (draft), tick it as arrived (shipped) or as back (returning)."""
    batch = access.get_batch_for_staff(request.user, batch_id)
    action = {"add": "add", "arrival": "receive", "return": "close"}.get(mode)
    if action is None:
        raise NotFound("not_found")
    access.check_batch_action(request.user, batch, action)
    form = ScanForm(request.POST)
    if not form.is_valid():
        return _batch_response(
            request, batch, feedback=_("Scan or type a barcode."), feedback_level="error"
        )
    barcode = text.identifier(form.cleaned_data["barcode"])
    item = Item.objects.filter(barcode=barcode).select_related("bib").first()
    try:
        if item is None:
            raise NotFound("item_not_found")
        if mode == "add":
            services.add_item(
                batch=batch, item=item, box_number=form.cleaned_data["box"], by=request.user
            )
            feedback = _("Added %(barcode)s: %(title)s.")
        elif mode == "arrival":
            services.scan_arrival(batch=batch, item=item, by=request.user)
            feedback = _("Arrived: %(barcode)s, %(title)s.")
        else:
            damaged = form.cleaned_data["damaged"]
            services.scan_return(batch=batch, item=item, damaged=damaged, by=request.user)
            feedback = (
                _("Back, damaged: %(barcode)s, %(title)s.")
                if damaged
                else _("Back: %(barcode)s, %(title)s.")
            )
    except LibnetError as error:
        return _batch_response(
            request,
            batch,
            feedback=error.message,
            feedback_level="error",
            chosen_box=form.cleaned_data["box"],
        )
    assert item is not None
    batch.refresh_from_db()
    return _batch_response(
        request,
        batch,
        feedback=feedback % {"barcode": item.barcode, "title": item.bib.title},
        chosen_box=form.cleaned_data["box"],
    )


def _add_and_report(request: HttpRequest, batch: RotationBatch, items: list[Item]) -> HttpResponse:
    result = services.add_items(batch=batch, items=items, by=request.user)
    feedback = _("%(added)s copies added, %(refused)s refused.") % {
        "added": len(result.added),
        "refused": len(result.refused),
    }
    refused = [(barcode, error.message) for barcode, error in result.refused]
    if not _is_htmx(request):
        for barcode, message in refused[:20]:
            messages.error(request, f"{barcode}: {message}")
    return _batch_response(
        request,
        batch,
        feedback=feedback,
        feedback_level="error" if refused and not result.added else "ok",
        refused=refused,
    )


@login_required
@require_POST
def batch_add_list(request, batch_id: int):
    """Add copies by list: a call-number range, a subject, the new books since a day."""
    batch = access.get_batch_for_staff(request.user, batch_id)
    access.check_batch_action(request.user, batch, "add")
    form = ListForm(request.POST)
    if not form.is_valid():
        return _batch_response(
            request,
            batch,
            feedback=" ".join(str(error) for error in form.non_field_errors())
            or _("Check the list's fields."),
            feedback_level="error",
        )
    data = form.cleaned_data
    items = selectors.copies_matching(
        batch=batch,
        call_number_from=data["call_number_from"],
        call_number_to=data["call_number_to"],
        subject=data["subject"],
        acquired_since=data["acquired_since"],
        limit=data["limit"] or 50,
    )
    return _add_and_report(request, batch, items)


@login_required
@require_POST
def batch_add_proposal(request, batch_id: int):
    """Add the copies proposed from the point's last batch."""
    batch = access.get_batch_for_staff(request.user, batch_id)
    access.check_batch_action(request.user, batch, "add")
    return _add_and_report(request, batch, selectors.proposal_for(batch, limit=30).items)


@login_required
@require_POST
def batch_remove(request, batch_id: int, item_id: int):
    batch = access.get_batch_for_staff(request.user, batch_id)
    access.check_batch_action(request.user, batch, "remove")
    line = batch.lines.filter(item_id=item_id).select_related("item").first()
    if line is None:
        raise NotFound("item_not_found")
    try:
        services.remove_item(batch=batch, item=line.item, by=request.user)
    except LibnetError as error:
        return _batch_response(request, batch, feedback=error.message, feedback_level="error")
    return _batch_response(
        request, batch, feedback=_("Removed %(barcode)s.") % {"barcode": line.item.barcode}
    )


def _confirmed(request: HttpRequest) -> bool:
    """Whether the clerk confirmed, on the confirmation page, what the step will record."""
    return request.POST.get("confirm") == "yes"


@login_required
@require_POST
def batch_action(request, batch_id: int, action: str):
    """Pack, unpack, ship, put in use, close or cancel the batch. Closing with copies not
    scanned back first shows them (they will be recorded as lost) and asks to confirm."""
    service = BATCH_ACTIONS.get(action)
    if service is None:
        raise NotFound("not_found")
    batch = access.get_batch_for_staff(request.user, batch_id)
    access.check_batch_action(request.user, batch, action)
    try:
        if action == "close":
            services.close_batch(batch=batch, confirm=_confirmed(request), by=request.user)
        else:
            service(batch=batch, by=request.user)
    except BatchRefused as error:
        if error.code != "losses_not_confirmed":
            messages.error(request, error.message)
            return redirect("rotation:batch_detail", batch.pk)
        return render(
            request,
            "rotation/batch_confirm.html",
            {
                "batch": batch,
                "step": "close",
                "lines": selectors.lost_at_close(batch),
                "action_url": reverse("rotation:batch_action", args=[batch.pk, "close"]),
                "hidden": [],
            },
        )
    except LibnetError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Batch %(number)s is now %(state)s.")
            % {
                "number": batch.pk,
                "state": BatchState(
                    RotationBatch.objects.values_list("state", flat=True).get(pk=batch.pk)
                ).label.lower(),
            },
        )
    return redirect("rotation:batch_detail", batch.pk)


@login_required
@require_POST
def batch_receive(request, batch_id: int):
    """Record the receipt: the copies ticked (or scanned) arrived, the others are missing."""
    batch = access.get_batch_for_staff(request.user, batch_id)
    access.check_batch_action(request.user, batch, "receive")
    item_ids = list(batch.lines.values_list("item_id", flat=True))
    form = ReceiptForm(request.POST, item_ids=item_ids)
    by_tick = request.POST.get("by") == "tick"
    arrived = (form.cleaned_data["arrived"] if form.is_valid() else []) if by_tick else None
    try:
        services.receive_batch(
            batch=batch, arrived_item_ids=arrived, confirm=_confirmed(request), by=request.user
        )
    except BatchRefused as error:
        if error.code != "missing_not_confirmed":
            messages.error(request, error.message)
            return redirect("rotation:batch_detail", batch.pk)
        # What will be recorded missing, and the same choice posted again with "confirm".
        hidden = [("by", "tick" if by_tick else "scan")]
        hidden += [("arrived", str(item_id)) for item_id in arrived or []]
        return render(
            request,
            "rotation/batch_confirm.html",
            {
                "batch": batch,
                "step": "receive",
                "lines": selectors.missing_on_arrival(batch, arrived_item_ids=arrived),
                "action_url": reverse("rotation:batch_receive", args=[batch.pk]),
                "hidden": hidden,
            },
        )
    except LibnetError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Receipt recorded."))
    return redirect("rotation:batch_detail", batch.pk)


@login_required
@require_POST
def batch_send_back(request, batch_id: int):
    """The point sends the boxes back, with what it asks for next time."""
    batch = access.get_batch_for_staff(request.user, batch_id)
    access.check_batch_action(request.user, batch, "return")
    form = SendBackForm(request.POST)
    requests = form.cleaned_data["point_requests"] if form.is_valid() else ""
    try:
        services.send_back(batch=batch, point_requests=requests, by=request.user)
    except LibnetError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The boxes are on their way back."))
    return redirect("rotation:batch_detail", batch.pk)


@login_required
@require_GET
def batch_handover(request, batch_id: int):
    batch = access.get_batch_for_staff(request.user, batch_id)
    content = documents.handover_pdf(batch, list(selectors.batch_lines(batch)))
    return _pdf(content, f"batch-{batch.pk}-handover.pdf")


@login_required
@require_GET
def batch_packing_list(request, batch_id: int):
    batch = access.get_batch_for_staff(request.user, batch_id)
    return _pdf(
        documents.packing_list_pdf(batch, list(selectors.batch_lines(batch))),
        f"batch-{batch.pk}-packing-list.pdf",
    )


@login_required
@require_GET
def batch_labels(request, batch_id: int):
    batch = access.get_batch_for_staff(request.user, batch_id)
    counts = Counter(batch.lines.values_list("box_number", flat=True))
    return _pdf(documents.box_labels_pdf(batch, dict(counts)), f"batch-{batch.pk}-labels.pdf")


# ---------------------------------------------------------------- deposit usage


@login_required
@require_http_methods(["GET", "POST"])
def deposit_usage(request):
    """Monthly loans and readers of deposit points that do not run libnet, from their forms.

    Staff enter the points of their libraries and the direct children, not running libnet,
    of a library where they work at the desk or report (access.deposit_point_ids)."""
    point_ids = access.deposit_point_ids(request.user)
    if not point_ids:
        _library_ids(request.user)  # a user who moves no copies gets a 403
    code = request.POST.get("point") or request.GET.get("point")
    chosen = access.get_deposit_point_for_staff(request.user, code) if code else None
    points = Library.objects.filter(pk__in=point_ids, is_active=True).order_by("sort_key", "code")
    today = clock.today()
    form = DepositUsageForm(
        request.POST or None,
        points=points,
        initial={
            "point": chosen or points.first(),
            "month": (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1),
        },
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                row = services.record_deposit_usage(
                    point=data["point"],
                    month=data["month"],
                    loans=data["loans"],
                    readers=data["readers"],
                    note=data["note"],
                    by=request.user,
                )
            except LibnetError as error:
                form.add_error(None, error.message)
                status = 400
            else:
                messages.success(
                    request,
                    _("Usage of %(month)s at %(point)s saved.")
                    % {"month": row.month.strftime("%m/%Y"), "point": row.point.name},
                )
                return redirect("rotation:deposit_usage")
        else:
            status = 400
    rows = (
        DepositUsage.objects.filter(point__in=points)
        .select_related("point", "entered_by")
        .order_by("-month", "point__sort_key")[:60]
    )
    return render(
        request,
        "rotation/deposit_usage.html",
        {"form": form, "rows": rows, "has_points": points.exists()},
        status=status,
    )


# ---------------------------------------------------------------- transfers


@login_required
@require_http_methods(["GET", "POST"])
def transfer_list(request):
    """Copies travelling from or to my libraries; a new transfer; the transit slip."""
    library_ids = _library_ids(request.user)
    form = TransferForm(request.POST or None, destinations=_network())
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                item = access.get_scanned_item(request.user, data["barcode"])
                if item.current_library_id not in library_ids:
                    raise NotFound("item_not_found")
                transfer = services.request_transfer(
                    item=item,
                    to_library=data["to_library"],
                    reason=data["reason"],
                    note=data["note"],
                    by=request.user,
                )
            except LibnetError as error:
                form.add_error(None, error.message)
                status = 400
            else:
                messages.success(
                    request, _("Transfer %(number)s requested.") % {"number": transfer.pk}
                )
                return redirect("rotation:transfer_list")
        else:
            status = 400
    state = request.GET.get("state", "open")
    transfers = access.transfers_for_staff(request.user).select_related(
        "item__bib", "from_library", "to_library"
    )
    if state == "open":
        transfers = transfers.filter(state__in=("requested", "shipped"))
    return render(
        request,
        "rotation/transfer_list.html",
        {
            "form": form,
            "transfers": transfers.order_by("-requested_at", "-pk")[:200],
            "state": state,
            "my_libraries": _my_libraries(request.user),
            "library_ids": library_ids,
        },
        status=status,
    )


@login_required
@require_POST
def transfer_action(request, transfer_id: int, action: str):
    library_ids = _library_ids(request.user)
    transfer = access.get_transfer_for_staff(request.user, transfer_id)
    try:
        if action == "ship" and transfer.from_library_id in library_ids:
            services.ship_transfer(transfer=transfer, by=request.user)
        elif action == "cancel" and transfer.from_library_id in library_ids:
            services.cancel_transfer(transfer=transfer, by=request.user)
        elif action == "receive" and transfer.to_library_id in library_ids:
            services.receive_transfer(transfer=transfer, desk=transfer.to_library, by=request.user)
        else:
            raise NotFound("transfer_not_found")
    except NotFound:
        raise
    except LibnetError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Transfer %(number)s updated.") % {"number": transfer.pk})
    return redirect("rotation:transfer_list")


@login_required
@require_GET
def transit_slip(request):
    """The copies leaving one of my libraries in transit, to pack with them."""
    library_ids = _library_ids(request.user)
    library = Library.objects.filter(
        code=request.GET.get("library", ""), pk__in=library_ids
    ).first()
    if library is None:
        library = _my_libraries(request.user).first()
    if library is None:
        raise NotFound("library_not_found")
    transfers = list(selectors.open_transfers_from([library.pk]))
    today = clock.today()
    return _pdf(
        documents.transit_slip_pdf(transfers, library=library),
        f"{library.code}-transit-{today.isoformat()}.pdf",
    )


# ---------------------------------------------------------------- inter-library loan


@login_required
@require_http_methods(["GET", "POST"])
def ill_list(request):
    """ILL requests made at my libraries (for my readers) or sent to them (to lend)."""
    library_ids = _library_ids(request.user)
    # Readers are for staff who work with them (patrons.access): a cataloguer who moves
    # copies sees the requests, not who made them, and cannot look card numbers up here.
    reader_library_ids = patrons_access.staff_library_ids(request.user)
    form = IllRequestForm(request.POST or None, lenders=_network())
    status = 200
    if request.method == "POST":
        if not reader_library_ids:
            raise NotFound("patron_not_found")
        if form.is_valid():
            data = form.cleaned_data
            try:
                patron = patrons_access.get_issued_patron_by_card(request.user, data["card_number"])
            except NotFound:
                patron = None
            bib = BibRecord.objects.filter(pk=data["record"]).first()
            if patron is None:
                form.add_error("card_number", _("No reader with this card at your libraries."))
                status = 400
            elif bib is None:
                form.add_error("record", _("No catalogue record with this number."))
                status = 400
            else:
                try:
                    services.request_ill(
                        patron=patron,
                        bib=bib,
                        home_library=patron.home_library,
                        lending_library=data["lending_library"],
                        note=data["note"],
                        by=request.user,
                    )
                except LibnetError as error:
                    form.add_error(None, error.message)
                    status = 400
                else:
                    messages.success(request, _("Inter-library loan requested."))
                    return redirect("rotation:ill_list")
        else:
            status = 400
    requests = (
        access.ill_requests_for_staff(request.user)
        .select_related("patron", "bib", "home_library", "lending_library", "item")
        .order_by("-requested_at", "-pk")[:200]
    )
    return render(
        request,
        "rotation/ill_list.html",
        {
            "form": form,
            "requests": requests,
            "fulfil_form": IllFulfilForm(),
            "library_ids": library_ids,
            "reader_library_ids": reader_library_ids,
            "requested": IllState.REQUESTED,
        },
        status=status,
    )


@login_required
@require_POST
def ill_answer(request, request_id: int, action: str):
    """The lending library sends its copy with a due date, or refuses."""
    library_ids = _library_ids(request.user)
    ill = access.get_ill_request_for_staff(request.user, request_id)
    if ill.lending_library_id not in library_ids or action not in ("fulfil", "refuse"):
        raise NotFound("ill_request_not_found")
    try:
        if action == "refuse":
            services.refuse_ill(request=ill, note=request.POST.get("note", ""), by=request.user)
        else:
            form = IllFulfilForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Give the copy's barcode and the due date."))
                return redirect("rotation:ill_list")
            barcode = text.identifier(form.cleaned_data["barcode"])
            item = Item.objects.filter(barcode=barcode).first()
            if item is None:
                raise NotFound("item_not_found")
            services.fulfil_ill(
                request=ill, item=item, due_on=form.cleaned_data["due_on"], by=request.user
            )
    except LibnetError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Request %(number)s answered.") % {"number": ill.pk})
    return redirect(reverse("rotation:ill_list"))
