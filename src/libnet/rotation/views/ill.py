"""Inter-library loans: requests made at my libraries for my readers, and those sent to them
to lend (NĐ 93/2020 Art. 27: the request is made at the reader's own library)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from libnet.catalog.models import BibRecord, Item
from libnet.core import pages, text
from libnet.core.errors import LibnetError, NotFound
from libnet.patrons import access as patrons_access
from libnet.rotation import access, services
from libnet.rotation.forms import IllFulfilForm, IllRequestForm
from libnet.rotation.models import IllState
from libnet.rotation.views.common import network, require_rotation_role


@login_required
@require_http_methods(["GET", "POST"])
def ill_list(request: HttpRequest) -> HttpResponse:
    """ILL requests made at my libraries (for my readers) or sent to them (to lend)."""
    library_ids = require_rotation_role(request.user)
    # Readers are for staff who work with them (patrons.access): a cataloguer who moves
    # copies sees the requests, not who made them, and cannot look card numbers up here.
    reader_library_ids = patrons_access.staff_library_ids(request.user)
    form = IllRequestForm(request.POST or None, lenders=network())
    if request.method == "POST" and not reader_library_ids:
        raise NotFound("patron_not_found")

    def request_ill(data: dict[str, Any]) -> HttpResponse | None:
        try:
            patron = patrons_access.get_issued_patron_by_card(request.user, data["card_number"])
        except NotFound:
            form.add_error("card_number", _("No reader with this card at your libraries."))
            return None
        bib = BibRecord.objects.filter(pk=data["record"]).first()
        if bib is None:
            form.add_error("record", _("No catalogue record with this number."))
            return None
        services.request_ill(
            patron=patron,
            bib=bib,
            home_library=patron.home_library,
            lending_library=data["lending_library"],
            note=data["note"],
            by=request.user,
        )
        messages.success(request, _("Inter-library loan requested."))
        return redirect("rotation:ill_list")

    done = pages.submit(request, form, request_ill)
    if done is not None:
        return done
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
        status=pages.form_status(request),
    )


@login_required
@require_POST
def ill_answer(request: HttpRequest, request_id: int, action: str) -> HttpResponse:
    """The lending library sends its copy with a due date, or refuses."""
    library_ids = require_rotation_role(request.user)
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
