"""Copies and titles added, by source of intake: counted when the copies are added, and the
same again from the copies by `libnet rebuild_stats`."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.catalog import services as catalog_services
from libnet.catalog.services import NewCopy
from libnet.stats import rebuild
from libnet.stats.models import DailyStat
from tests.factories import BibRecordFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 2, 10)


def at(day: dt.date, hour: int = 3) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=dt.UTC)


def figures(library) -> dict[tuple[str, dt.date], int]:
    return {
        (indicator, day): value
        for indicator, day, value in DailyStat.objects.filter(library=library)
        .exclude(value=0)
        .values_list("indicator", "day", "value")
    }


def test_copies_and_titles_added_by_source_are_counted_as_added_and_rebuilt_the_same(
    province, minh
):
    commune = province["commune"]
    kieu, de_men, so_do = (BibRecordFactory(title=title) for title in ("Kiều", "Dế mèn", "Số đỏ"))
    gift = catalog_services.open_intake_batch(
        library=commune, source="donation", received_on=DAY, by=minh.user
    )
    bought = catalog_services.open_intake_batch(
        library=commune, source="purchase", received_on=DAY, by=minh.user
    )
    # Kiều: given first (two copies), then bought: one title, of the donation.
    catalog_services.add_items(
        copies=[
            NewCopy(bib_id=kieu.pk, library=commune, intake_batch=gift),
            NewCopy(bib_id=kieu.pk, library=commune, intake_batch=gift),
            NewCopy(bib_id=de_men.pk, library=commune, intake_batch=bought),
        ],
        by=minh.user,
        at=at(DAY),
    )
    catalog_services.add_items(
        copies=[
            NewCopy(bib_id=kieu.pk, library=commune, intake_batch=bought),
            NewCopy(bib_id=so_do.pk, library=commune, source="transfer"),  # not intake
        ],
        by=minh.user,
        at=at(DAY + dt.timedelta(days=1)),
    )
    live = figures(commune)
    assert live[("items_added_donation", DAY)] == 2
    assert live[("titles_added_donation", DAY)] == 1
    assert live[("items_added_purchase", DAY)] == 1
    assert live[("titles_added_purchase", DAY)] == 1  # Dế mèn
    next_day = DAY + dt.timedelta(days=1)
    assert live[("items_added_purchase", next_day)] == 1  # Kiều again: no new title
    assert ("titles_added_purchase", next_day) not in live
    assert live[("items_added", next_day)] == 2
    assert live[("titles_added", next_day)] == 1  # Số đỏ, of no intake source
    rebuild.rebuild_daily_stats()
    assert figures(commune) == live


def test_a_titles_source_is_its_first_copys_within_one_addition(province, minh):
    commune = province["commune"]
    kieu = BibRecordFactory(title="Kiều")
    catalog_services.add_items(
        copies=[
            NewCopy(bib_id=kieu.pk, library=commune, source="deposit"),
            NewCopy(bib_id=kieu.pk, library=commune, source="exchange"),
        ],
        by=minh.user,
        at=at(DAY),
    )
    live = figures(commune)
    assert live[("titles_added_deposit", DAY)] == 1
    assert ("titles_added_exchange", DAY) not in live
    rebuild.rebuild_daily_stats()
    assert figures(commune) == live
