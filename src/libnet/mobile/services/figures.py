"""The hand-counted figures of a stop."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext

from libnet.core import audit, clock, text
from libnet.core.audit import Actor
from libnet.core.validation import check_date
from libnet.mobile import policies, selectors, stats_sources
from libnet.mobile.errors import TripRefused
from libnet.mobile.models import TripStop
from libnet.mobile.services._common import trip_for_step


def record_stop_figures(
    *,
    stop: TripStop,
    readers_served: int,
    new_cards: int,
    loans_on_paper: int,
    in_place_uses: int,
    activities: str,
    by: Actor,
    arrived_at: dt.datetime | None = None,
    at: dt.datetime | None = None,
) -> TripStop:
    """Set the hand-counted figures of a stop; the daily figures of the mobile library on
    the trip's date move by the difference. Raises TripRefused, and DateOutOfRange for an
    arrival outside the operational window."""
    at = at or clock.now()
    if arrived_at is not None:
        check_date(
            clock.local_date(arrived_at),
            field=gettext("Arrival at the stop"),
            window="operational",
            today=clock.local_date(at),
        )
    with transaction.atomic():
        trip = trip_for_step(stop.trip, allowed=policies.FIGURE_STATES, refused="figures_locked")
        stop = TripStop.objects.select_for_update().get(pk=stop.pk)
        libnet_loans = selectors.loans_made_at_stop(stop)
        refusal = policies.figures_refusal(
            readers_served=readers_served,
            loans=loans_on_paper + libnet_loans,
            in_place_uses=in_place_uses,
            new_cards=new_cards,
            loans_on_paper=loans_on_paper,
        )
        if refusal is not None:
            raise TripRefused(refusal, maximum=policies.MAX_FIGURE)
        fields = ["readers_served", "new_cards", "loans_on_paper", "in_place_uses", "activities"]
        before = audit.snapshot(stop, [*fields, "arrived_at"])
        stop.readers_served = readers_served
        stop.new_cards = new_cards
        stop.loans_on_paper = loans_on_paper
        stop.in_place_uses = in_place_uses
        stop.activities = text.nfc(activities).strip()
        stop.arrived_at = arrived_at or stop.arrived_at or at
        stop.recorded_at = at
        stop.save(update_fields=[*fields, "arrived_at", "recorded_at"])
        stats_sources.count_stop_figures(trip, stop, before=before)
        audit.record(
            "mobile.stop.figures",
            subject=stop,
            by=by,
            at=at,
            library_id=trip.route.library_id,
            before=before,
            after=audit.snapshot(stop, [*fields, "arrived_at"]),
        )
        return stop
