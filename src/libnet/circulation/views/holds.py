"""The hold shelf: copies set aside for their readers, and cancelling a hold."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from libnet.circulation import access, selectors, services
from libnet.circulation.errors import HoldRefused
from libnet.circulation.forms import HoldCancelForm
from libnet.circulation.views.common import require_circulation_role
from libnet.core import clock


@login_required
@require_GET
def hold_shelf(request: HttpRequest) -> HttpResponse:
    """Copies set aside at my libraries, waiting for their readers."""
    library_ids = require_circulation_role(request.user)
    today = clock.today()
    holds = list(selectors.ready_holds(library_ids=library_ids))
    return render(
        request,
        "circulation/hold_shelf.html",
        {"holds": holds, "today": today, "cancel_form": HoldCancelForm()},
    )


@login_required
@require_POST
def hold_cancel(request: HttpRequest, hold_id: int) -> HttpResponse:
    require_circulation_role(request.user)
    hold = access.get_hold_for_staff(request.user, hold_id)
    form = HoldCancelForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.cancel_hold(hold=hold, by=request.user, reason=reason)
    except HoldRefused as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Hold cancelled: %(title)s for %(reader)s.")
            % {"title": hold.bib.title, "reader": hold.patron.full_name if hold.patron else "—"},
        )
    wanted = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        wanted = reverse("circulation:hold_shelf")
    return redirect(wanted)
