"""The daily figures the mobile library bumps, recomputed from its own tables.

`libnet rebuild_stats` deletes every DailyStat row and adds up the sources; this one yields,
per (mobile library, trip date), what services.change_trip_state and
services.record_stop_figures bumped. Loans made at stops through circulation are counted by
circulation's own source, not here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Count, Sum

from libnet.mobile import policies
from libnet.mobile.models import MobileTrip, TripStop


def daily_rows() -> Iterator[tuple[int, str, dt.date, int]]:
    """Yield (library_id, indicator, day, value) for every non-zero figure of the mobile app."""
    trips = (
        MobileTrip.objects.filter(state__in=list(policies.DONE_STATES))
        .values("route__library_id", "date")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for row in trips:
        yield row["route__library_id"], "mobile_trips", row["date"], row["count"]
    stops = (
        TripStop.objects.values("trip__route__library_id", "trip__date")
        .annotate(**{name: Sum(name) for name, _indicators in policies.FIGURE_INDICATORS})
        .order_by()
    )
    for row in stops:
        for name, indicators in policies.FIGURE_INDICATORS:
            value = int(row[name] or 0)
            if value:
                for indicator in indicators:
                    yield row["trip__route__library_id"], indicator, row["trip__date"], value
