"""The mobile library in the small demo: routes, past trips with figures, one planned trip."""

from __future__ import annotations

import pytest

from libnet.demo import loader
from libnet.demo import mobile as demo_mobile
from libnet.mobile import stats_sources
from libnet.mobile.models import MobileTrip, Route, TripState
from libnet.rotation.models import ItemClaim
from libnet.stats.models import DailyStat

pytestmark = pytest.mark.django_db


def test_the_demo_has_two_routes_of_four_to_six_stops(small_demo):
    routes = Route.objects.filter(library__code=demo_mobile.MOBILE_CODE)
    assert routes.count() == 2
    assert all(4 <= route.stops.count() <= 6 for route in routes)


def test_past_trips_are_closed_with_figures_and_one_trip_is_planned(small_demo):
    trips = MobileTrip.objects.filter(route__library__code=demo_mobile.MOBILE_CODE)
    states = sorted(trips.values_list("state", flat=True))
    assert states == sorted([TripState.CLOSED] * len(demo_mobile.PAST_TRIPS) + [TripState.PLANNED])
    for trip in trips.filter(state=TripState.CLOSED):
        assert trip.stock.exists()
        assert all(stop.readers_served > 0 for stop in trip.stops.all())
        assert not trip.stock.exclude(state="back").exists()  # all came back
    assert (
        not ItemClaim.objects.filter(kind="mobile")
        .exclude(holder_id__in=trips.filter(state=TripState.PLANNED).values("pk"))
        .exists()
    )


def test_the_demo_figures_rebuild_from_the_mobile_tables(small_demo):
    mobile_rows = {
        (library_id, indicator, day): value
        for library_id, indicator, day, value in stats_sources.daily_rows()
    }
    indicators = {"mobile_trips", "mobile_readers_served"}
    bumped = {
        (row.library_id, row.indicator, row.day): row.value
        for row in DailyStat.objects.filter(indicator__in=indicators)
    }
    assert bumped == {key: value for key, value in mobile_rows.items() if key[1] in indicators}
    assert bumped


def test_loading_again_adds_no_mobile_data(small_demo):
    before = MobileTrip.objects.count()
    summary = loader.load_demo(scale="small")
    assert summary.created["mobile_trips"] == 0
    assert MobileTrip.objects.count() == before


def test_hung_the_crew_librarian_logs_in(small_demo, client):
    from libnet.demo import people

    assert client.login(username=demo_mobile.CREW_USERNAME, password=people.DEMO_PASSWORD)
