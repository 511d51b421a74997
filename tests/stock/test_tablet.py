"""Scanning on a tablet without a network: the tablet page and its sync endpoint.

The tablet queues scans (each with a UUID, its time and the shelf being counted) and sends the
queue to POST /api/v1/stocktakes/{id}/sync when it is online; each UUID is applied once.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.urls import reverse

from libnet.core import clock
from libnet.stock import services
from libnet.stock.models import StocktakeScan, TabletScan
from tests.circulation.test_api import bearer, post
from tests.factories import ItemFactory, ShelfLocationFactory


def _scan(barcode, *, location=None, at=None, key=None):
    return {
        "uuid": key or str(uuid.uuid4()),
        "barcode": barcode,
        "location": location,
        "scanned_at": (at or clock.now()).isoformat(),
    }


def _sync(client, person, stocktake, scans):
    return post(client, person, f"/api/v1/stocktakes/{stocktake.pk}/sync", {"scans": scans})


def test_a_queue_sent_twice_is_applied_once_per_uuid(client, minh, stocktake, open_stacks):
    queue = [_scan("cx001", location=open_stacks.pk), _scan("CX001"), _scan("X9")]
    response = _sync(client, minh, stocktake, queue)
    assert response.status_code == 200, response.content
    results = response.json()["results"]
    assert [r["uuid"] for r in results] == [scan["uuid"] for scan in queue]
    assert [r["result"] for r in results] == ["found", "repeated", "not_a_copy"]
    assert "đúng giá" in results[0]["message"]
    assert "đã quét rồi" in results[1]["message"]
    # The answer never arrived: the tablet sends the same queue again.
    again = _sync(client, minh, stocktake, queue).json()["results"]
    assert [r["result"] for r in again] == ["found", "repeated", "not_a_copy"]
    scan = StocktakeScan.objects.get(stocktake=stocktake, barcode="CX001")
    assert (scan.times, scan.source, scan.location_id) == (2, "tablet", open_stacks.pk)
    assert StocktakeScan.objects.filter(stocktake=stocktake).count() == 2
    assert TabletScan.objects.filter(stocktake=stocktake).count() == 3
    response = client.get(f"/api/v1/stocktakes/{stocktake.pk}", headers=bearer(minh))
    assert response.json()["counts"]["found"] == 1


def test_a_misplaced_copy_and_one_out_of_scope_say_so(
    client, minh, stocktake, children, open_stacks, province
):
    ItemFactory(home_library=province["school"], barcode="SX001")
    results = _sync(
        client, minh, stocktake, [_scan("CX002", location=children.pk), _scan("SX001")]
    ).json()["results"]
    assert [r["result"] for r in results] == ["misplaced", "out_of_scope"]
    assert "sai vị trí" in results[0]["message"]
    assert open_stacks.name in results[0]["message"]
    assert "không thuộc phạm vi" in results[1]["message"]


def test_a_bad_scan_is_refused_on_its_own_and_the_others_applied(client, minh, stocktake, province):
    elsewhere = ShelfLocationFactory(library=province["school"], code="K", name="Kho")
    far = clock.now() - dt.timedelta(days=3 * 366)
    future = clock.now() + dt.timedelta(days=3 * 366)
    queue = [
        _scan("CX001", at=far),
        _scan("CX002", at=future),
        _scan("CX003", location=elsewhere.pk),
        _scan("CX004", key="not-a-uuid"),
        _scan("  "),
        _scan("CX005"),
    ]
    response = _sync(client, minh, stocktake, queue)
    assert response.status_code == 200, response.content
    results = response.json()["results"]
    assert [(r["result"], r["code"]) for r in results] == [
        ("refused", "date_out_of_range"),
        ("refused", "date_out_of_range"),
        ("refused", "location_not_found"),
        ("refused", "bad_uuid"),
        ("refused", "no_barcode"),
        ("found", ""),
    ]
    assert all(r["message"] for r in results)
    assert list(StocktakeScan.objects.values_list("barcode", flat=True)) == ["CX005"]
    assert TabletScan.objects.count() == 1


def test_a_tablet_clock_ahead_is_kept_as_the_time_received(client, minh, stocktake):
    ahead = clock.now() + dt.timedelta(hours=2)
    _sync(client, minh, stocktake, [_scan("CX001", at=ahead)])
    assert StocktakeScan.objects.get().scanned_at <= clock.now()


def test_a_closed_stocktake_refuses_the_whole_queue(client, minh, stocktake):
    services.close_stocktake(stocktake=stocktake, by=minh.user)
    response = _sync(client, minh, stocktake, [_scan("CX001")])
    assert (response.status_code, response.json()["code"]) == (409, "not_open")
    assert not StocktakeScan.objects.exists()
    assert not TabletScan.objects.exists()


def test_another_librarys_staff_get_404_from_the_sync(client, an, stocktake):
    response = _sync(client, an, stocktake, [_scan("CX001")])
    assert (response.status_code, response.json()["code"]) == (404, "stocktake_not_found")
    assert not StocktakeScan.objects.exists()


def test_the_desk_links_to_the_tablet_page_which_opens_while_open(client, minh, stocktake):
    client.force_login(minh.user)
    desk = client.get(reverse("stock:desk", args=[stocktake.pk])).content.decode()
    url = reverse("stock:tablet", args=[stocktake.pk])
    assert f'href="{url}"' in desk
    assert "Quét trên máy tính bảng (không cần mạng)" in desk
    page = client.get(url)
    assert page.status_code == 200
    content = page.content.decode()
    assert reverse("api:stocktake_sync", args=[stocktake.pk]) in content
    assert f'data-service-worker="{reverse("stock:service_worker")}"' in content
    assert "Kho mở" in content  # the shelf being counted
    services.close_stocktake(stocktake=stocktake, by=minh.user)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("stock:desk", args=[stocktake.pk])


def test_staff_of_another_library_get_404_on_the_tablet_page(client, an, stocktake):
    client.force_login(an.user)
    assert client.get(reverse("stock:tablet", args=[stocktake.pk])).status_code == 404


def test_the_service_worker_is_served_for_the_stock_pages(client):
    response = client.get(reverse("stock:service_worker"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == reverse("stock:list")
    assert "{%" not in response.content.decode()
