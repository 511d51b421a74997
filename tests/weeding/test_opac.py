"""The decided list on the library's OPAC page for 15 days, then gone; no reader data."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from libnet.core import clock
from libnet.weeding import services
from tests.factories import LoanFactory
from tests.weeding.test_rounds import walk_to_minutes


def _published(weeding_round, lan, copies, *, days_ago: int):
    walk_to_minutes(weeding_round, lan.user, copies)
    day = clock.today() - dt.timedelta(days=days_ago)
    services.decide_round(
        weeding_round=weeding_round, number="30/QĐ-TV", decided_on=day, by=lan.user
    )
    services.publish_round(weeding_round=weeding_round, on=day, by=lan.user)


def test_the_list_is_on_the_library_opac_page_for_fifteen_days(
    client, lan, provincial, shelf, weeding_round
):
    LoanFactory(item=shelf[5], patron__full_name="Hoàng Thị Mai")
    _published(weeding_round, lan, shelf[:2], days_ago=14)
    library_page = client.get(reverse("opac:library", args=[provincial.code])).content.decode()
    url = reverse("opac:weeding_list", args=[provincial.code, weeding_round.pk])
    assert f'href="{url}"' in library_page
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "30/QĐ-TV" in page
    assert "Sách 1" in page
    assert "Sách 2" in page
    assert "Hoàng Thị Mai" not in page


def test_after_fifteen_days_the_list_is_gone_from_the_opac_and_kept_for_staff(
    client, lan, provincial, shelf, weeding_round
):
    _published(weeding_round, lan, shelf[:1], days_ago=15)
    assert (
        "weeding-notices"
        not in client.get(reverse("opac:library", args=[provincial.code])).content.decode()
    )
    url = reverse("opac:weeding_list", args=[provincial.code, weeding_round.pk])
    assert client.get(url).status_code == 404
    client.force_login(lan.user)
    assert client.get(reverse("weeding:round", args=[weeding_round.pk])).status_code == 200


def test_an_undecided_round_is_never_on_the_opac(client, provincial, weeding_round):
    url = reverse("opac:weeding_list", args=[provincial.code, weeding_round.pk])
    assert client.get(url).status_code == 404
