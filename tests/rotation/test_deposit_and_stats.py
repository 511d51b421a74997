"""Usage typed in for deposit points, and the daily figures rotation keeps (stats contract)."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.rotation import services, stats_sources
from libnet.rotation.errors import UsageRefused
from libnet.stats import sources
from libnet.stats.models import DailyStat
from tests.factories import NOW


def figures() -> dict[tuple[int, str, dt.date], int]:
    return {
        (row.library_id, row.indicator, row.day): row.value
        for row in DailyStat.objects.exclude(value=0)
    }


def test_a_months_usage_counts_as_loans_and_visits_on_the_first_of_the_month(bookcase, lan):
    services.record_deposit_usage(
        point=bookcase, month=dt.date(2026, 2, 14), loans=37, readers=21, by=lan.user, at=NOW
    )
    assert figures() == {
        (bookcase.pk, "loans", dt.date(2026, 2, 1)): 37,
        (bookcase.pk, "visits", dt.date(2026, 2, 1)): 21,
    }


def test_a_corrected_month_is_counted_once(bookcase, lan):
    services.record_deposit_usage(
        point=bookcase, month=dt.date(2026, 2, 1), loans=37, readers=21, by=lan.user, at=NOW
    )
    row = services.record_deposit_usage(
        point=bookcase,
        month=dt.date(2026, 2, 1),
        loans=30,
        readers=25,
        note="Sửa số",
        by=lan.user,
        at=NOW,
    )
    assert (row.loans, row.readers, row.note) == (30, 25, "Sửa số")
    assert figures() == {
        (bookcase.pk, "loans", dt.date(2026, 2, 1)): 30,
        (bookcase.pk, "visits", dt.date(2026, 2, 1)): 25,
    }


def test_a_point_that_runs_libnet_does_not_type_in_usage(commune, lan):
    with pytest.raises(UsageRefused) as caught:
        services.record_deposit_usage(
            point=commune, month=dt.date(2026, 2, 1), loans=1, readers=1, by=lan.user, at=NOW
        )
    assert caught.value.code == "point_runs_libnet"


def test_usage_of_a_future_month_is_refused(bookcase, lan):
    with pytest.raises(UsageRefused) as caught:
        services.record_deposit_usage(
            point=bookcase, month=dt.date(2026, 4, 1), loans=1, readers=1, by=lan.user, at=NOW
        )
    assert caught.value.code == "month_in_future"


def test_daily_rows_equal_what_the_bumps_produced(
    provincial, commune, bookcase, lan, minh, rotation_stock, draft
):
    services.add_items(batch=draft, items=rotation_stock[:5], by=lan.user, at=NOW)
    services.pack_batch(batch=draft, by=lan.user, at=NOW)
    # 23:30 in Vietnam on 2 March is 16:30 UTC: still the 2nd there.
    services.ship_batch(batch=draft, by=lan.user, at=dt.datetime(2026, 3, 2, 16, 30, tzinfo=dt.UTC))
    second = services.create_batch(
        from_library=provincial,
        to_library=bookcase,
        planned_start=dt.date(2026, 3, 3),
        planned_end=dt.date(2026, 6, 1),
        by=lan.user,
        at=NOW,
    )
    services.add_items(batch=second, items=rotation_stock[5:8], by=lan.user, at=NOW)
    services.pack_batch(batch=second, by=lan.user, at=NOW)
    # 17:30 UTC on the 2nd is already the 3rd in Vietnam.
    services.ship_batch(
        batch=second, by=lan.user, at=dt.datetime(2026, 3, 2, 17, 30, tzinfo=dt.UTC)
    )
    services.record_deposit_usage(
        point=bookcase, month=dt.date(2026, 1, 1), loans=12, readers=9, by=lan.user, at=NOW
    )
    services.record_deposit_usage(
        point=bookcase, month=dt.date(2026, 2, 1), loans=7, readers=0, by=lan.user, at=NOW
    )
    services.record_deposit_usage(
        point=bookcase, month=dt.date(2026, 2, 1), loans=8, readers=3, by=lan.user, at=NOW
    )

    rebuilt = {
        (library, indicator, day): value
        for library, indicator, day, value in sources.rows_of(stats_sources.SOURCES)
    }
    assert rebuilt == figures()
    assert rebuilt[(provincial.pk, "rotation_items_sent", dt.date(2026, 3, 2))] == 5
    assert rebuilt[(provincial.pk, "rotation_items_sent", dt.date(2026, 3, 3))] == 3
