"""Stop figures, the daily statistics they feed, and the stats source that rebuilds them."""

from __future__ import annotations

import pytest

from libnet.mobile import selectors, services, stats_sources
from libnet.mobile.errors import TripRefused
from libnet.stats import sources
from libnet.stats.models import DailyStat
from tests.mobile.conftest import TRIP_DAY
from tests.mobile.test_lending_at_stops import SYNCED_AT, op


def _figures(stop, **values):
    figures = {
        "readers_served": 0,
        "new_cards": 0,
        "loans_on_paper": 0,
        "in_place_uses": 0,
        "activities": "",
    }
    figures.update(values)
    return services.record_stop_figures(stop=stop, by=None, **figures)


def _stats(library):
    return {
        (row.indicator, row.day): row.value
        for row in DailyStat.objects.filter(library=library).exclude(value=0)
    }


def test_figures_feed_the_daily_statistics_of_the_mobile_library_on_the_trip_date(on_road, mobile):
    stops = list(on_road.stops.all())
    _figures(stops[0], readers_served=30, in_place_uses=45, loans_on_paper=4, new_cards=3)
    _figures(stops[1], readers_served=12, in_place_uses=10)
    assert _stats(mobile) == {
        ("mobile_readers_served", TRIP_DAY): 42,
        ("visits", TRIP_DAY): 42,
        ("in_library_uses", TRIP_DAY): 55,
        ("loans", TRIP_DAY): 4,
    }


def test_a_correction_moves_the_figures_by_the_difference(on_road, mobile):
    stop = on_road.stops.first()
    _figures(stop, readers_served=30, in_place_uses=45)
    _figures(stop, readers_served=25, in_place_uses=50, activities="Kể chuyện cho thiếu nhi")
    figures = _stats(mobile)
    assert figures[("visits", TRIP_DAY)] == 25
    assert figures[("in_library_uses", TRIP_DAY)] == 50


def test_coming_back_counts_one_trip(on_road, mobile, at):
    services.change_trip_state(trip=on_road, action="return", by=None, at=at)
    assert _stats(mobile) == {("mobile_trips", TRIP_DAY): 1}


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ({"readers_served": 0, "in_place_uses": 4}, "uses_without_readers"),
        ({"readers_served": 0, "loans_on_paper": 2}, "uses_without_readers"),
        ({"readers_served": 3, "new_cards": -1}, "negative_figure"),
        ({"readers_served": 10**19}, "figure_too_large"),
        ({"readers_served": 3, "loans_on_paper": 5_001}, "figure_too_large"),
    ],
)
def test_figures_that_do_not_hold_together_are_refused(on_road, mobile, values, code):
    with pytest.raises(TripRefused) as refused:
        _figures(on_road.stops.first(), **values)
    assert refused.value.code == code
    assert _stats(mobile) == {}


def test_figures_wait_until_the_trip_has_left(trip):
    with pytest.raises(TripRefused) as refused:
        _figures(trip.stops.first(), readers_served=3)
    assert refused.value.code == "figures_locked"


def test_daily_rows_equal_what_the_bumps_produced(hung, on_road, mobile, villager, at):
    """`libnet rebuild_stats` can rebuild the mobile figures from the mobile tables alone."""
    stops = list(on_road.stops.all())
    services.sync_operations(
        user=hung.user,
        operations=[op(on_road, stops[0], "checkout", "TVT0001", villager.card_number)],
        at=SYNCED_AT,
    )
    _figures(stops[0], readers_served=30, in_place_uses=45, loans_on_paper=4, new_cards=3)
    _figures(stops[1], readers_served=12, in_place_uses=10)
    _figures(stops[1], readers_served=15, in_place_uses=8)
    services.change_trip_state(trip=on_road, action="return", by=None, at=at)
    bumped = _stats(mobile)
    # Loans made through libnet are circulation's: its own source rebuilds them.
    bumped[("loans", TRIP_DAY)] -= 1
    rows = list(sources.rows_of(stats_sources.SOURCES))
    rebuilt = {(indicator, day): value for library_id, indicator, day, value in rows}
    assert {library_id for library_id, *_rest in rows} == {mobile.pk}
    assert rebuilt == bumped
    assert len(rows) == len(rebuilt)  # one row per library, indicator and day


def test_trip_totals_count_libnet_loans_and_paper_loans(hung, on_road, villager):
    stop = on_road.stops.first()
    services.sync_operations(
        user=hung.user,
        operations=[op(on_road, stop, "checkout", "TVT0001", villager.card_number)],
        at=SYNCED_AT,
    )
    _figures(stop, readers_served=5, loans_on_paper=2)
    assert selectors.trip_totals(on_road)["loans"] == 3


def test_the_report_reads_a_fixed_number_of_queries_however_many_stops(
    on_road, mobile, route, vehicle, at, django_assert_num_queries
):
    """Trips, stops, loans per stop and copies carried: four queries for any period."""
    import datetime as dt

    from libnet.mobile import selectors

    for stop in on_road.stops.all():
        _figures(stop, readers_served=4, in_place_uses=2)
    services.change_trip_state(trip=on_road, action="return", by=None, at=at)
    with django_assert_num_queries(4):
        report = selectors.mobile_report(
            library=mobile, start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31)
        )
    assert (report.trips, len(report.lines), report.readers_served) == (1, 3, 12)
