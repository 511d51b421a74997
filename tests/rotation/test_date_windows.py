"""Typed dates of rotation in the operational window (core.validation): a batch is not planned
for 1900, a deposit point's month is not 1990, a loan is not due in 9999. Refused on the page
and through the API with the field named, in Vietnamese, and nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from libnet.core import clock
from libnet.rotation import services
from libnet.rotation.models import DepositUsage, IllState, RotationBatch
from tests.circulation.test_api import post
from tests.factories import ItemFactory, PatronFactory


def batch_form(provincial, commune, **changes):
    return {
        "from_library": provincial.code,
        "to_library": commune.code,
        "planned_start": "1900-01-01",
        "planned_end": "1900-05-01",
        "boxes": 1,
        **changes,
    }


def test_a_batch_planned_for_1900_is_refused_on_the_page(client, lan, provincial, commune):
    client.force_login(lan.user)
    response = client.post(reverse("rotation:batch_new"), batch_form(provincial, commune))
    assert response.status_code == 400
    assert "Ngày bắt đầu dự kiến phải từ" in response.text
    assert "01/01/1900" in response.text
    assert not RotationBatch.objects.exists()


def test_a_batch_ending_in_2099_is_refused_on_the_page(client, lan, provincial, commune):
    client.force_login(lan.user)
    start = clock.today()
    response = client.post(
        reverse("rotation:batch_new"),
        batch_form(provincial, commune, planned_start=start.isoformat(), planned_end="2099-01-01"),
    )
    assert response.status_code == 400
    assert "Ngày kết thúc dự kiến phải từ" in response.text
    assert not RotationBatch.objects.exists()


def test_a_batch_planned_for_1900_is_refused_through_the_api(client, lan, provincial, commune):
    body = {
        "from_library": provincial.code,
        "to_library": commune.code,
        "planned_start": "1900-01-01",
        "planned_end": "1900-05-01",
    }
    response = post(client, lan, "/api/v1/rotation/batches", body)
    assert response.status_code == 400
    assert response.json()["code"] == "date_out_of_range"
    assert "Ngày bắt đầu dự kiến" in response.json()["message"]
    assert not RotationBatch.objects.exists()


def test_a_plan_moved_to_1900_is_refused(client, lan, draft):
    client.force_login(lan.user)
    response = client.post(
        reverse("rotation:batch_plan", args=[draft.pk]),
        {
            "planned_start": "1900-01-01",
            "planned_end": "1900-05-01",
            "keeper_name": draft.keeper_name,
            "boxes": draft.boxes,
        },
    )
    assert response.status_code == 400
    assert "Ngày bắt đầu dự kiến phải từ" in response.text
    draft.refresh_from_db()
    assert draft.planned_start == dt.date(2026, 3, 2)


def test_an_unchanged_old_start_does_not_stop_another_change(client, lan, draft):
    """Only the dates typed anew are checked: a batch planned long ago can be edited."""
    client.force_login(lan.user)
    response = client.post(
        reverse("rotation:batch_plan", args=[draft.pk]),
        {
            "planned_start": "2026-03-02",
            "planned_end": "2026-08-31",
            "keeper_name": "Lê Văn Bình",
            "boxes": draft.boxes,
        },
    )
    assert response.status_code == 302


@pytest.mark.parametrize("month", ["1990-01-01", "0001-01-01"])
def test_usage_for_a_month_decades_ago_is_refused(client, lan, bookcase, month):
    client.force_login(lan.user)
    response = client.post(
        reverse("rotation:deposit_usage"),
        {"point": bookcase.code, "month": month, "loans": 12, "readers": 5},
    )
    assert response.status_code == 400
    assert "Tháng phải từ" in response.text
    assert not DepositUsage.objects.exists()


def test_a_due_date_in_9999_is_refused_and_nothing_is_sent(client, lan, minh, provincial, commune):
    copies = [ItemFactory(home_library=provincial) for _ in range(1)]
    request = services.request_ill(
        patron=PatronFactory(home_library=commune),
        bib=copies[0].bib,
        home_library=commune,
        lending_library=provincial,
        by=minh.user,
    )
    client.force_login(lan.user)
    response = client.post(
        reverse("rotation:ill_answer", args=[request.pk, "fulfil"]),
        {"barcode": copies[0].barcode, "due_on": "9999-12-31"},
        follow=True,
    )
    assert "Hạn trả phải từ" in response.text
    request.refresh_from_db()
    assert request.state == IllState.REQUESTED
