"""Copies travelling between libraries one by one: the list, a new transfer, shipping,
receiving or cancelling one, and the transit slip that travels with them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from libnet.core import clock, pages
from libnet.core.errors import LibnetError, NotFound
from libnet.network.models import Library
from libnet.rotation import access, documents, selectors, services
from libnet.rotation.forms import TransferForm
from libnet.rotation.views.common import my_libraries, network, require_rotation_role


@login_required
@require_http_methods(["GET", "POST"])
def transfer_list(request: HttpRequest) -> HttpResponse:
    """Copies travelling from or to my libraries; a new transfer; the transit slip."""
    library_ids = require_rotation_role(request.user)
    form = TransferForm(request.POST or None, destinations=network())

    def request_transfer(data: dict[str, Any]) -> HttpResponse:
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
        messages.success(request, _("Transfer %(number)s requested.") % {"number": transfer.pk})
        return redirect("rotation:transfer_list")

    done = pages.submit(request, form, request_transfer)
    if done is not None:
        return done
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
            "my_libraries": my_libraries(request.user),
            "library_ids": library_ids,
        },
        status=pages.form_status(request),
    )


@login_required
@require_POST
def transfer_action(request: HttpRequest, transfer_id: int, action: str) -> HttpResponse:
    library_ids = require_rotation_role(request.user)
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
def transit_slip(request: HttpRequest) -> HttpResponse:
    """The copies leaving one of my libraries in transit, to pack with them."""
    library_ids = require_rotation_role(request.user)
    library = Library.objects.filter(
        code=request.GET.get("library", ""), pk__in=library_ids
    ).first()
    if library is None:
        library = my_libraries(request.user).first()
    if library is None:
        raise NotFound("library_not_found")
    transfers = list(selectors.open_transfers_from([library.pk]))
    today = clock.today()
    return pages.inline_pdf(
        documents.transit_slip_pdf(transfers, library=library),
        f"{library.code}-transit-{today.isoformat()}.pdf",
    )
