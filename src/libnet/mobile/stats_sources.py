"""The mobile library's daily figures: what counts, and how `libnet rebuild_stats` counts it
again.

At the mobile library, on the trip's date:

- mobile_trips: a trip that came back (policies.DONE_STATES);
- a stop's hand-counted figures, each feeding the indicators policies.FIGURE_INDICATORS
  names: readers served (mobile_readers_served and visits), uses in place
  (in_library_uses), loans written on paper (loans). Loans made at a stop through libnet are
  circulation's and counted there.

services.change_trip_state and services.record_stop_figures call the `count_*` functions in
the transaction that writes the fact; `SOURCES` count the same from the mobile tables.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from django.db.models import Count, Sum

from libnet.mobile import policies
from libnet.mobile.models import MobileTrip, TripStop
from libnet.stats import services as stats
from libnet.stats.sources import Row, Source

MOBILE_TRIPS = "mobile_trips"


def count_trip_back(trip: MobileTrip) -> None:
    stats.bump(library_id=trip.route.library_id, indicator=MOBILE_TRIPS, day=trip.date)


def count_stop_figures(trip: MobileTrip, stop: TripStop, *, before: Mapping[str, int]) -> None:
    """Move `trip`'s day by what the figures of its `stop` changed (they were `before`)."""
    for field, indicators in policies.FIGURE_INDICATORS:
        difference = getattr(stop, field) - before[field]
        if difference:
            for indicator in indicators:
                stats.bump(
                    library_id=trip.route.library_id,
                    indicator=indicator,
                    day=trip.date,
                    by=difference,
                )


def _trips_again() -> Iterator[Row]:
    trips = (
        MobileTrip.objects.filter(state__in=list(policies.DONE_STATES))
        .values("route__library_id", "date")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for row in trips:
        yield row["route__library_id"], MOBILE_TRIPS, row["date"], row["count"]


def _stop_figures_again() -> Iterator[Row]:
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


SOURCES = (
    Source(name="mobile.trips", indicators=(MOBILE_TRIPS,), daily_rows=_trips_again),
    Source(
        name="mobile.stop_figures",
        indicators=tuple(
            dict.fromkeys(code for _name, codes in policies.FIGURE_INDICATORS for code in codes)
        ),
        daily_rows=_stop_figures_again,
    ),
)
