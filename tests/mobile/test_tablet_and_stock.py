"""The tablet page the crew sees, its service worker, and the copies the vehicle may carry:
the same facts as a rotation batch (rotation.selectors.copy_facts)."""

from __future__ import annotations

import pymarc
import pytest
from django.urls import reverse

from libnet.catalog import marc as catalog_marc
from libnet.catalog.models import ItemStatus, ItemType
from libnet.mobile import selectors
from tests.circulation.test_api import post
from tests.factories import CirculationPolicyFactory, make_marc
from tests.mobile.conftest import copies_of


def test_the_tablet_page_shows_the_crew_no_command_line(client, hung, on_road):
    client.force_login(hung.user)
    stop = on_road.stops.first()
    page = client.get(reverse("mobile:stop", args=[on_road.pk, stop.pk])).text
    assert "import_mobile_ops" not in page
    assert "--user" not in page
    assert "quản trị viên của thư viện" in page  # who to give the exported file to
    assert f'data-service-worker="{reverse("mobile:service_worker")}"' in page


def test_the_service_worker_is_served_for_the_mobile_pages(client):
    """Anyone may fetch it (it holds no data): the browser checks it for updates even after
    the session has ended."""
    response = client.get(reverse("mobile:service_worker"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/staff/mobile/"
    assert response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    assert 'var SCOPE = "/staff/mobile/";' in body
    assert '"/static/"' in body
    assert "Không có mạng" in body  # the page shown for a stop never opened online


def test_the_trip_page_lists_copies_the_rules_accept_and_loads_the_ticked_ones(
    client, hung, trip, stock, province
):
    two = copies_of(province["provincial"], "TWO1", "TWO2", title="Hai bản")
    client.force_login(hung.user)
    page = client.get(reverse("mobile:trip", args=[trip.pk])).text
    offered = {item.barcode for item in selectors.loadable_copies(trip=trip)}
    assert offered == {"TVT0001"}  # one copy per title; never a title with two copies
    assert 'value="TVT0001"' in page
    assert two[0].barcode not in page
    response = client.post(
        reverse("mobile:trip_stock", args=[trip.pk]), {"picked": ["TVT0001"]}, follow=True
    )
    assert "Đã xếp 1 bản sách lên xe" in response.text
    assert list(trip.stock.values_list("item__barcode", flat=True)) == ["TVT0001"]


def test_an_empty_load_form_says_what_to_do(client, hung, trip):
    client.force_login(hung.user)
    response = client.post(reverse("mobile:trip_stock", args=[trip.pk]), {}, follow=True)
    assert "Hãy quét hoặc gõ ít nhất một mã vạch" in response.text
    assert not trip.stock.exists()


def test_a_restricted_record_does_not_go_on_the_vehicle(client, hung, trip, stock):
    record = make_marc(title="Dế Mèn phiêu lưu ký")
    record.add_field(
        pymarc.Field(tag="506", indicators=["1", " "], subfields=[pymarc.Subfield("a", "Hạn chế")])
    )
    bib = stock[0].bib
    bib.marc_json = catalog_marc.record_to_json(record)
    bib.save(update_fields=["marc_json"])
    response = post(
        client, hung, f"/api/v1/mobile/trips/{trip.pk}/stock", {"barcodes": ["TVT0001"]}
    )
    assert response.json()["refused"][0]["code"] == "copy_restricted"
    assert not trip.stock.exists()


def test_a_type_the_mobile_librarys_rules_lend_in_place_only_stays_home(
    client, hung, trip, province
):
    CirculationPolicyFactory(item_type=ItemType.MAP, home_loan_allowed=False)
    copies_of(province["provincial"], "MAP1", "MAP2", "MAP3", title="Bản đồ", item_type="map")
    response = post(client, hung, f"/api/v1/mobile/trips/{trip.pk}/stock", {"barcodes": ["MAP1"]})
    assert response.json()["refused"][0]["code"] == "copy_restricted"


def test_a_missing_copy_counts_as_for_a_rotation_batch(client, hung, trip, stock):
    from libnet.catalog.models import Item

    Item.objects.filter(pk=stock[2].pk).update(status=ItemStatus.MISSING)
    response = post(
        client, hung, f"/api/v1/mobile/trips/{trip.pk}/stock", {"barcodes": ["TVT0001"]}
    )
    assert response.json()["refused"][0]["code"] == "too_few_copies"


@pytest.mark.parametrize("status", [ItemStatus.WITHDRAWN, ItemStatus.LOST])
def test_copies_gone_from_stock_are_not_offered(client, hung, trip, stock, status):
    from libnet.catalog.models import Item

    Item.objects.filter(pk=stock[2].pk).update(status=status)
    assert selectors.loadable_copies(trip=trip) == []


def test_a_barcode_typed_in_lower_case_is_loaded(client, hung, trip, stock):
    response = post(
        client, hung, f"/api/v1/mobile/trips/{trip.pk}/stock", {"barcodes": [" tvt0001 "]}
    )
    assert response.json()["loaded"] == ["TVT0001"]
