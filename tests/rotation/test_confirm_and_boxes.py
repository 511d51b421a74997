"""Steps that record copies lost or missing ask first; a box never travels empty."""

from __future__ import annotations

import pytest
from django.urls import reverse

from libnet.catalog.models import Item, ItemStatus, WeedingCandidate
from libnet.circulation import services as circulation
from libnet.rotation import services
from libnet.rotation.models import BatchItemState, BatchState, RotationBatch
from tests.circulation.test_api import post
from tests.factories import NOW, PatronFactory

HTMX = {"HX-Request": "true"}


@pytest.fixture
def shipped(draft, lan, rotation_stock):
    """The draft batch to Tân Lập with four copies in its two boxes, on the road."""
    services.add_items(batch=draft, items=rotation_stock[:4], by=lan.user, at=NOW)
    services.pack_batch(batch=draft, by=lan.user, at=NOW)
    return services.ship_batch(batch=draft, by=lan.user, at=NOW)


@pytest.fixture
def returning(shipped, minh, lan, rotation_stock):
    """Back at the provincial library: three of the four copies scanned back."""
    services.receive_batch(batch=shipped, by=minh.user, at=NOW)
    services.send_back(batch=shipped, by=minh.user, at=NOW)
    for item in rotation_stock[:3]:
        services.scan_return(batch=shipped, item=item, by=lan.user, at=NOW)
    return shipped


# --- closing: copies not scanned back ----------------------------------------------------------


def test_closing_lists_the_copies_it_would_record_lost_and_records_nothing_yet(
    client, lan, returning, rotation_stock
):
    client.force_login(lan.user)
    response = client.post(reverse("rotation:batch_action", args=[returning.pk, "close"]))
    assert response.status_code == 200
    assert f'data-barcode="{rotation_stock[3].barcode}"' in response.text
    assert f'data-barcode="{rotation_stock[0].barcode}"' not in response.text
    assert "Ghi là mất và đóng đợt" in response.text
    assert "danh sách đề nghị thanh lọc" in response.text
    returning.refresh_from_db()
    assert returning.state == BatchState.RETURNING
    assert Item.objects.get(pk=rotation_stock[3].pk).status == ItemStatus.IN_TRANSIT
    assert not WeedingCandidate.objects.exists()


def test_closing_after_the_confirmation_records_the_loss(client, lan, returning, rotation_stock):
    client.force_login(lan.user)
    response = client.post(
        reverse("rotation:batch_action", args=[returning.pk, "close"]), {"confirm": "yes"}
    )
    assert response.status_code == 302
    returning.refresh_from_db()
    assert returning.state == BatchState.CLOSED
    assert Item.objects.get(pk=rotation_stock[3].pk).status == ItemStatus.LOST
    assert WeedingCandidate.objects.get().item_id == rotation_stock[3].pk


def test_a_batch_with_every_copy_back_closes_without_a_question(
    client, lan, returning, rotation_stock
):
    services.scan_return(batch=returning, item=rotation_stock[3], by=lan.user, at=NOW)
    client.force_login(lan.user)
    response = client.post(reverse("rotation:batch_action", args=[returning.pk, "close"]))
    assert response.status_code == 302
    returning.refresh_from_db()
    assert returning.state == BatchState.CLOSED


def test_the_api_closes_with_losses_only_when_told_to(client, lan, returning, rotation_stock):
    url = f"/api/v1/rotation/batches/{returning.pk}/close"
    response = post(client, lan, url, {"damaged": [rotation_stock[2].barcode]})
    assert response.status_code == 409
    assert response.json()["code"] == "losses_not_confirmed"
    assert "1" in response.json()["message"]
    returning.refresh_from_db()
    assert returning.state == BatchState.RETURNING
    assert not returning.lines.filter(return_damaged=True).exists()  # the scan was undone too
    response = post(client, lan, url, {"confirm": True})
    assert response.status_code == 200
    states = {line["barcode"]: line["state"] for line in response.json()["items"]}
    assert states[rotation_stock[3].barcode] == "lost"


def test_a_copy_a_reader_brought_back_to_the_senders_desk_is_not_recorded_lost(
    client, lan, minh, shipped, provincial, commune, rotation_stock
):
    """Lent at the point, returned at the provincial desk: it is home, not lost."""
    services.receive_batch(batch=shipped, by=minh.user, at=NOW)
    services.start_use(batch=shipped, by=minh.user, at=NOW)
    reader = PatronFactory(home_library=commune)
    lent = rotation_stock[3]
    circulation.checkout_item(item=lent, patron=reader, desk=commune, by=minh.user, at=NOW)
    circulation.checkin_item(item=lent, desk=provincial, by=lan.user, at=NOW)
    assert Item.objects.get(pk=lent.pk).status == ItemStatus.AVAILABLE
    services.send_back(batch=shipped, by=minh.user, at=NOW)
    for item in rotation_stock[:3]:
        services.scan_return(batch=shipped, item=item, by=lan.user, at=NOW)
    client.force_login(lan.user)
    response = client.post(reverse("rotation:batch_action", args=[shipped.pk, "close"]))
    assert response.status_code == 302  # nothing to confirm: nothing is lost
    line = shipped.lines.get(item=lent)
    assert line.state == BatchItemState.RETURNED
    assert Item.objects.get(pk=lent.pk).status == ItemStatus.AVAILABLE
    assert not WeedingCandidate.objects.exists()


# --- receiving: copies neither scanned nor ticked ----------------------------------------------


def test_a_receipt_by_tick_lists_the_copies_it_would_record_missing_first(
    client, minh, shipped, rotation_stock
):
    client.force_login(minh.user)
    ticked = [item.pk for item in rotation_stock[:2]]
    response = client.post(
        reverse("rotation:batch_receive", args=[shipped.pk]), {"by": "tick", "arrived": ticked}
    )
    assert response.status_code == 200
    for item in rotation_stock[2:4]:
        assert f'data-barcode="{item.barcode}"' in response.text
    assert "thiếu khi nhận" in response.text
    shipped.refresh_from_db()
    assert shipped.state == BatchState.SHIPPED
    assert not Item.objects.filter(status=ItemStatus.MISSING).exists()
    # The confirmation carries the same ticks back.
    assert response.text.count('name="arrived"') == 2
    response = client.post(
        reverse("rotation:batch_receive", args=[shipped.pk]),
        {"by": "tick", "arrived": ticked, "confirm": "yes"},
    )
    assert response.status_code == 302
    shipped.refresh_from_db()
    assert shipped.state == BatchState.RECEIVED
    assert set(Item.objects.filter(status=ItemStatus.MISSING).values_list("pk", flat=True)) == {
        item.pk for item in rotation_stock[2:4]
    }


def test_the_api_records_missing_copies_only_when_told_to(client, minh, shipped, rotation_stock):
    url = f"/api/v1/rotation/batches/{shipped.pk}/receive"
    arrived = [item.barcode for item in rotation_stock[:3]]
    response = post(client, minh, url, {"barcodes": arrived})
    assert response.status_code == 409
    assert response.json()["code"] == "missing_not_confirmed"
    assert RotationBatch.objects.get(pk=shipped.pk).state == BatchState.SHIPPED
    response = post(client, minh, url, {"barcodes": arrived, "confirm": True})
    assert response.status_code == 200
    assert response.json()["state"] == "received"


def test_a_receipt_with_every_copy_arrived_needs_no_confirmation(client, minh, shipped):
    response = post(client, minh, f"/api/v1/rotation/batches/{shipped.pk}/receive", {})
    assert response.status_code == 200
    assert response.json()["state"] == "received"


# --- boxes ---------------------------------------------------------------------------------------


def test_a_batch_with_an_empty_box_is_not_packed(client, lan, draft, rotation_stock):
    client.force_login(lan.user)
    scan = reverse("rotation:batch_scan", args=[draft.pk, "add"])
    for item in rotation_stock[:2]:
        client.post(scan, {"barcode": item.barcode, "box": 1}, headers=HTMX)
    response = client.post(reverse("rotation:batch_action", args=[draft.pk, "pack"]), follow=True)
    assert "Thùng số 2" in response.text
    draft.refresh_from_db()
    assert draft.state == BatchState.DRAFT


def test_the_api_refuses_to_pack_an_empty_box(client, lan, draft, rotation_stock):
    post(
        client,
        lan,
        f"/api/v1/rotation/batches/{draft.pk}/items",
        {"barcodes": [rotation_stock[0].barcode], "box": 2},
    )
    response = post(client, lan, f"/api/v1/rotation/batches/{draft.pk}/pack", {})
    assert response.status_code == 409
    assert response.json()["code"] == "box_empty"


def test_an_empty_batch_is_not_packed_through_the_api(client, lan, draft):
    response = post(client, lan, f"/api/v1/rotation/batches/{draft.pk}/pack", {})
    assert response.status_code == 409
    assert response.json()["code"] == "batch_empty"


def test_a_box_added_after_packing_stops_the_shipment(client, lan, draft, rotation_stock):
    services.add_items(batch=draft, items=rotation_stock[:2], by=lan.user, at=NOW)
    services.pack_batch(batch=draft, by=lan.user, at=NOW)
    services.update_batch(batch=draft, boxes=3, by=lan.user, at=NOW)
    client.force_login(lan.user)
    response = client.post(reverse("rotation:batch_action", args=[draft.pk, "ship"]), follow=True)
    assert "Thùng số 3" in response.text
    draft.refresh_from_db()
    assert draft.state == BatchState.PACKED
    assert Item.objects.get(pk=rotation_stock[0].pk).status == ItemStatus.AVAILABLE


def test_copies_added_by_list_fill_every_box(client, lan, draft, rotation_stock):
    client.force_login(lan.user)
    client.post(
        reverse("rotation:batch_add_list", args=[draft.pk]),
        {"call_number_from": "890", "call_number_to": "893", "limit": 5},
        headers=HTMX,
    )
    assert set(draft.lines.values_list("box_number", flat=True)) == {1, 2}
    response = client.post(reverse("rotation:batch_action", args=[draft.pk, "pack"]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == BatchState.PACKED


def test_the_box_chosen_for_a_scan_stays_chosen_for_the_next(client, lan, draft, rotation_stock):
    client.force_login(lan.user)
    response = client.post(
        reverse("rotation:batch_scan", args=[draft.pk, "add"]),
        {"barcode": rotation_stock[0].barcode, "box": 2},
        headers=HTMX,
    )
    assert '<option value="2" selected>' in response.text


def test_a_shipped_batch_takes_no_new_boxes(lan, shipped):
    from libnet.rotation.errors import BatchRefused

    with pytest.raises(BatchRefused) as caught:
        services.update_batch(batch=shipped, boxes=5, by=lan.user)
    assert caught.value.code == "plan_fixed"


# --- another library ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "extra", "data"),
    [
        ("rotation:batch_action", ["close"], {"confirm": "yes"}),
        ("rotation:batch_receive", [], {"by": "scan", "confirm": "yes"}),
        ("rotation:batch_action", ["ship"], {}),
    ],
)
def test_the_school_librarian_cannot_confirm_a_step_of_a_provincial_batch(
    client, an, returning, name, extra, data
):
    client.force_login(an.user)
    response = client.post(reverse(name, args=[returning.pk, *extra]), data)
    assert response.status_code == 404
    returning.refresh_from_db()
    assert returning.state == BatchState.RETURNING


def test_the_point_cannot_confirm_the_senders_close(client, minh, returning):
    client.force_login(minh.user)
    response = client.post(
        reverse("rotation:batch_action", args=[returning.pk, "close"]), {"confirm": "yes"}
    )
    assert response.status_code == 403
    returning.refresh_from_db()
    assert returning.state == BatchState.RETURNING
