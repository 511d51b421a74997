"""A batch moved along its states (pack, ship, put in use, close, cancel; receipt at the
point; the boxes sent back), and its papers: the handover record (Mẫu 02), the packing list
and the box labels.

A step that would record copies missing (receipt) or lost (close) first shows them and asks
to confirm; the confirmation posts the same choice again with "confirm".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from libnet.core import pages
from libnet.core.errors import LibnetError, NotFound
from libnet.rotation import access, documents, selectors, services
from libnet.rotation.errors import BatchRefused
from libnet.rotation.forms import ReceiptForm, SendBackForm
from libnet.rotation.models import BatchState, RotationBatch

BATCH_ACTIONS: dict[str, Callable[..., RotationBatch]] = {
    "pack": services.pack_batch,
    "unpack": services.unpack_batch,
    "ship": services.ship_batch,
    "use": services.start_use,
    "close": services.close_batch,
    "cancel": services.cancel_batch,
}


def _confirmed(request: HttpRequest) -> bool:
    """Whether the clerk confirmed, on the confirmation page, what the step will record."""
    return request.POST.get("confirm") == "yes"


@login_required
@require_POST
def batch_action(request: HttpRequest, batch_id: int, action: str) -> HttpResponse:
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
def batch_receive(request: HttpRequest, batch_id: int) -> HttpResponse:
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
def batch_send_back(request: HttpRequest, batch_id: int) -> HttpResponse:
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
def batch_handover(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = access.get_batch_for_staff(request.user, batch_id)
    content = documents.handover_pdf(batch, list(selectors.batch_lines(batch)))
    return pages.inline_pdf(content, f"batch-{batch.pk}-handover.pdf")


@login_required
@require_GET
def batch_packing_list(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = access.get_batch_for_staff(request.user, batch_id)
    return pages.inline_pdf(
        documents.packing_list_pdf(batch, list(selectors.batch_lines(batch))),
        f"batch-{batch.pk}-packing-list.pdf",
    )


@login_required
@require_GET
def batch_labels(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = access.get_batch_for_staff(request.user, batch_id)
    counts = Counter(batch.lines.values_list("box_number", flat=True))
    return pages.inline_pdf(
        documents.box_labels_pdf(batch, dict(counts)), f"batch-{batch.pk}-labels.pdf"
    )
