"""The tablet's pages at a stop: the stop page, whose scans wait on the tablet and are
synced when it is online, and the service worker that shows it without a network."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from libnet.core import pages
from libnet.mobile import access, policies


@login_required
@require_GET
def stop(request: HttpRequest, trip_id: int, stop_id: int) -> HttpResponse:
    """The tablet's page at a stop: scans are queued on the tablet and synced when online."""
    trip = access.get_trip_for_staff(request.user, trip_id)
    trip_stop = access.get_trip_stop(trip, stop_id)
    return render(
        request,
        "mobile/stop.html",
        {
            "trip": trip,
            "stop": trip_stop,
            "stock": trip.stock.select_related("item__bib").order_by("item__barcode"),
            "can_lend": trip.state in policies.LENDING_STATES,
        },
    )


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The tablet's service worker (templates/staff/offline_worker.js, through core.pages.service_worker), served from here so
    that its scope is /staff/mobile/: a stop page reloaded without a network is shown from
    the tablet's copy. Public: it holds no data, and the browser fetches it again to check
    for a new version even when the session has ended."""
    return pages.service_worker(
        request,
        scope=reverse("mobile:trip_list"),
        page_pattern=r"^trips/\d+/stops/\d+/$",
        cache_prefix="libnet-mobile-",
        offline_text=_(
            "This stop page was never opened on this tablet while it had a network, so it cannot be shown now. Scans waiting on other stop pages are kept; open this page again when the network is back."
        ),
    )
