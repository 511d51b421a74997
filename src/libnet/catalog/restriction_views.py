"""The list of restricted copies each library keeps (Luật Thư viện Art. 7; TT 02/2020 Art.
31–32), under /staff/catalogue/restricted/: a copy marked or released by its barcode."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from libnet.catalog import access, selectors, services
from libnet.catalog.models import Restriction
from libnet.core.errors import LibnetError
from libnet.network import access as network_access


@login_required
@require_http_methods(["GET", "POST"])
def restricted_items(request: HttpRequest) -> HttpResponse:
    """The restricted copies of the user's libraries; a cataloguer marks or releases one."""
    library_ids = network_access.require_role(request.user, "view")
    error = ""
    if request.method == "POST":
        try:
            found = access.get_item_by_barcode_for_staff(
                request.user, request.POST.get("barcode", "")
            )
            item = access.get_item_for_change(request.user, found.pk)
            services.restrict_item(
                item=item,
                restriction=request.POST.get("restriction", ""),
                note=request.POST.get("note", ""),
                by=request.user,
            )
        except LibnetError as refusal:
            error = refusal.message
        else:
            messages.success(request, _("Restricted copies updated."))
            return redirect("staff:restricted_items")
    return render(
        request,
        "catalog/restricted_items.html",
        {
            "items": selectors.restricted_items(library_ids),
            "can_change": bool(network_access.visible_library_ids(request.user, "catalog")),
            "restrictions": [choice for choice in Restriction.choices if choice[0]],
            "values": request.POST if request.method == "POST" else None,
            "error": error,
        },
        status=400 if error else 200,
    )
