"""A batch's page and how it is filled: planning it, scanning copies in (and, later, on
arrival and back home), adding them by list or from the proposal, taking one out.

The scan boxes answer htmx requests with the batch's work area (and a line saying what the
scan did); plain form posts get a redirect, so the page works without JavaScript too.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from libnet.catalog.models import Item
from libnet.core import clock, pages, text
from libnet.core.errors import LibnetError, NotFound
from libnet.rotation import access, selectors, services
from libnet.rotation.errors import BatchRefused
from libnet.rotation.forms import BatchForm, BatchPlanForm, ListForm, ScanForm, SendBackForm
from libnet.rotation.models import BatchState, RotationBatch
from libnet.rotation.views.common import my_libraries, network


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
    if pages.is_htmx(request):
        return render(request, "rotation/_batch_work.html", _batch_context(request, batch, **extra))
    if extra.get("feedback"):
        level = messages.error if extra.get("feedback_level") == "error" else messages.success
        level(request, extra["feedback"])
    return redirect("rotation:batch_detail", batch.pk)


@login_required
@require_http_methods(["GET", "POST"])
def batch_new(request: HttpRequest) -> HttpResponse:
    form = BatchForm(request.POST or None, senders=my_libraries(request.user), points=network())

    def create(data: dict[str, Any]) -> HttpResponse:
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
        messages.success(request, _("Batch %(number)s planned.") % {"number": batch.pk})
        return redirect("rotation:batch_detail", batch.pk)

    done = pages.submit(request, form, create)
    if done is not None:
        return done
    return render(
        request, "rotation/batch_new.html", {"form": form}, status=pages.form_status(request)
    )


@login_required
@require_GET
def batch_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = access.get_batch_for_staff(request.user, batch_id)
    return render(request, "rotation/batch_detail.html", _batch_context(request, batch))


@login_required
@require_POST
def batch_plan(request: HttpRequest, batch_id: int) -> HttpResponse:
    """Change the plan of a batch not yet shipped (the sender's work; the period rule applies)."""
    batch = access.get_batch_for_staff(request.user, batch_id)
    access.check_batch_action(request.user, batch, "plan")
    form = BatchPlanForm(request.POST)

    def update(data: dict[str, Any]) -> HttpResponse:
        if batch.state not in (BatchState.DRAFT, BatchState.PACKED):
            raise BatchRefused("plan_fixed", state=batch.get_state_display().lower())
        services.update_batch(batch=batch, by=request.user, **data)
        messages.success(
            request, _("The plan of batch %(number)s is saved.") % {"number": batch.pk}
        )
        return redirect("rotation:batch_detail", batch.pk)

    done = pages.submit(request, form, update)
    if done is not None:
        return done
    return render(
        request,
        "rotation/batch_detail.html",
        _batch_context(request, batch, plan_form=form, plan_open=True),
        status=400,
    )


@login_required
@require_POST
def batch_scan(request: HttpRequest, batch_id: int, mode: str) -> HttpResponse:
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
    if not pages.is_htmx(request):
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
def batch_add_list(request: HttpRequest, batch_id: int) -> HttpResponse:
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
def batch_add_proposal(request: HttpRequest, batch_id: int) -> HttpResponse:
    """Add the copies proposed from the point's last batch."""
    batch = access.get_batch_for_staff(request.user, batch_id)
    access.check_batch_action(request.user, batch, "add")
    return _add_and_report(request, batch, selectors.proposal_for(batch, limit=30).items)


@login_required
@require_POST
def batch_remove(request: HttpRequest, batch_id: int, item_id: int) -> HttpResponse:
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
