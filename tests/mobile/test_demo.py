"""The mobile library in the small demo: routes, past trips with figures, one planned trip."""

from __future__ import annotations

import pytest

from libnet.demo import loader
from libnet.demo import mobile as demo_mobile
from libnet.mobile import stats_sources
from libnet.mobile.models import MobileTrip, Route, TripState
from libnet.rotation.models import ItemClaim
from libnet.stats import sources
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
        for library_id, indicator, day, value in sources.rows_of(stats_sources.SOURCES)
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


def test_the_planned_trip_is_todays_and_waits_for_its_crew(small_demo):
    from libnet.core import clock

    planned = MobileTrip.objects.get(
        route__library__code=demo_mobile.MOBILE_CODE, state=TripState.PLANNED
    )
    assert planned.date == clock.today()
    assert not planned.crew.exists()  # README step 10: "add the crew"


def test_the_mobile_librarys_own_stock_can_be_loaded(small_demo):
    """TT 05/2022 Art. 5.1.b: the demo's vehicle holds titles in 3 copies, so its own stock
    loads (before, every title it held was refused for too few copies)."""
    from libnet.mobile import selectors

    planned = MobileTrip.objects.get(
        route__library__code=demo_mobile.MOBILE_CODE, state=TripState.PLANNED
    )
    own = [
        item
        for item in selectors.loadable_copies(trip=planned)
        if item.home_library.code == demo_mobile.MOBILE_CODE
    ]
    assert own


def test_the_readme_tour_of_the_mobile_library_works_through_the_pages(small_demo, client):
    """README step 10, as `hung` does it: open the planned trip, add the crew, load copies the
    trip page offers, leave, lend at a stop from the tablet, record the stop's figures, come
    back, count the stock and close (confirming the copy not back)."""
    import re
    import uuid

    from django.urls import reverse

    from libnet.circulation.models import Loan
    from libnet.core import clock
    from libnet.demo import people
    from libnet.patrons.models import Patron

    assert client.login(username=demo_mobile.CREW_USERNAME, password=people.DEMO_PASSWORD)
    trips = client.get(reverse("mobile:trip_list")).text
    planned = MobileTrip.objects.get(
        route__library__code=demo_mobile.MOBILE_CODE, state=TripState.PLANNED
    )
    trip_url = reverse("mobile:trip", args=[planned.pk])
    assert trip_url in trips
    for name, role in demo_mobile.CREW:
        client.post(
            reverse("mobile:trip_crew", args=[planned.pk]), {"person_name": name, "role": role}
        )
    page = client.get(trip_url).text
    offered = re.findall(r'name="picked" value="([^"]+)"', page)
    assert len(offered) >= 3
    client.post(reverse("mobile:trip_stock", args=[planned.pk]), {"picked": offered[:3]})
    client.post(reverse("mobile:trip_action", args=[planned.pk, "depart"]))
    planned.refresh_from_db()
    assert planned.state == TripState.ON_ROAD

    stop = planned.stops.first()
    assert client.get(reverse("mobile:stop", args=[planned.pk, stop.pk])).status_code == 200
    villager = Patron.objects.get(full_name="Hà Thị Nga")
    answer = client.post(
        reverse("api:mobile_sync"),
        {
            "operations": [
                {
                    "client_uuid": str(uuid.uuid4()),
                    "trip_id": planned.pk,
                    "stop_id": stop.pk,
                    "action": "checkout",
                    "barcode": offered[0],
                    "card_number": villager.card_number,
                    "client_at": clock.now().isoformat(),
                }
            ]
        },
        content_type="application/json",
    ).json()
    assert answer["results"][0]["result"] == "ok", answer
    assert Loan.objects.filter(patron=villager, closed_at__isnull=True).count() == 1

    figures = {"readers_served": 12, "in_place_uses": 20, "loans_on_paper": 0, "new_cards": 1}
    response = client.post(
        reverse("mobile:trip_stop_figures", args=[planned.pk, stop.pk]),
        {f"stop{stop.pk}-{key}": value for key, value in figures.items()},
    )
    assert response.status_code == 302
    client.post(reverse("mobile:trip_action", args=[planned.pk, "return"]))
    client.post(reverse("mobile:trip_check_back", args=[planned.pk]), {"barcode": offered[1]})
    confirm = client.post(reverse("mobile:trip_action", args=[planned.pk, "close"]))
    assert f'data-barcode="{offered[2]}"' in confirm.text
    client.post(reverse("mobile:trip_action", args=[planned.pk, "close"]), {"confirm": "yes"})
    planned.refresh_from_db()
    assert planned.state == TripState.CLOSED
