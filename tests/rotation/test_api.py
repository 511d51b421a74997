"""The rotation endpoints under /api/v1: the batch flow, transfers, refusals, other-library 404."""

from __future__ import annotations

import pytest

from libnet.catalog.models import Item, ItemStatus, WeedingCandidate
from libnet.core.models import AuditEntry
from libnet.rotation import services
from libnet.rotation.errors import BatchRefused
from libnet.rotation.models import BatchState, RotationBatch, Transfer
from tests.circulation.test_api import bearer, post
from tests.factories import ItemFactory


def create(client, persona, provincial, point, **changes):
    body = {
        "from_library": provincial.code,
        "to_library": point.code,
        "planned_start": "2026-12-01",
        "planned_end": "2027-05-31",
        **changes,
    }
    return post(client, persona, "/api/v1/rotation/batches", body)


def test_the_whole_batch_flow_through_the_api(
    client, lan, minh, provincial, commune, rotation_stock
):
    response = create(client, lan, provincial, commune)
    assert response.status_code == 201, response.content
    batch_id = response.json()["id"]
    barcodes = [item.barcode for item in rotation_stock[:4]]
    response = post(
        client, lan, f"/api/v1/rotation/batches/{batch_id}/items", {"barcodes": barcodes}
    )
    assert response.status_code == 200, response.content
    assert response.json() == {"added": barcodes, "refused": []}
    for action in ("pack", "ship"):
        response = post(client, lan, f"/api/v1/rotation/batches/{batch_id}/{action}", {})
        assert response.status_code == 200, response.content
    response = post(
        client,
        minh,
        f"/api/v1/rotation/batches/{batch_id}/receive",
        {"barcodes": barcodes[:3], "confirm": True},
    )
    assert response.status_code == 200, response.content
    states = {line["barcode"]: line["state"] for line in response.json()["items"]}
    assert states[barcodes[3]] == "missing_on_arrival"
    response = post(
        client,
        minh,
        f"/api/v1/rotation/batches/{batch_id}/return",
        {"point_requests": "Truyện cổ tích"},
    )
    assert response.json()["state"] == BatchState.RETURNING
    response = post(
        client,
        lan,
        f"/api/v1/rotation/batches/{batch_id}/close",
        {"barcodes": barcodes[:2], "damaged": [barcodes[2]], "confirm": True},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["state"] == "closed"
    assert {line["barcode"]: line["state"] for line in body["items"]} == {
        barcodes[0]: "returned",
        barcodes[1]: "returned",
        barcodes[2]: "damaged",
        barcodes[3]: "lost",
    }
    assert WeedingCandidate.objects.count() == 2
    response = client.get(f"/api/v1/rotation/batches/{batch_id}/handover.pdf", headers=bearer(minh))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_a_rule_refusal_is_a_409_with_code_and_message(client, lan, provincial, commune):
    response = create(client, lan, provincial, commune, planned_end="2027-12-31")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "period_too_long"
    assert "05/2022" in body["message"]


def test_adding_a_title_with_too_few_copies_is_refused(client, lan, provincial, commune):
    response = create(client, lan, provincial, commune)
    single = ItemFactory(home_library=provincial)
    response = post(
        client,
        lan,
        f"/api/v1/rotation/batches/{response.json()['id']}/items",
        {"barcodes": [single.barcode]},
    )
    assert response.status_code == 409
    assert response.json()["code"] == "too_few_copies"


def test_a_list_with_some_refused_copies_adds_the_others(
    client, lan, provincial, commune, rotation_stock
):
    batch_id = create(client, lan, provincial, commune).json()["id"]
    response = post(
        client,
        lan,
        f"/api/v1/rotation/batches/{batch_id}/items",
        {"barcodes": [rotation_stock[0].barcode, "NOPE"]},
    )
    assert response.status_code == 200
    assert response.json()["added"] == [rotation_stock[0].barcode]
    assert [entry["code"] for entry in response.json()["refused"]] == ["no_such_barcode"]


def test_the_point_cannot_ship(client, lan, minh, provincial, commune, rotation_stock):
    batch_id = create(client, lan, provincial, commune).json()["id"]
    post(
        client,
        lan,
        f"/api/v1/rotation/batches/{batch_id}/items",
        {"barcodes": [rotation_stock[0].barcode]},
    )
    post(client, lan, f"/api/v1/rotation/batches/{batch_id}/pack", {})
    response = post(client, minh, f"/api/v1/rotation/batches/{batch_id}/ship", {})
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_a_wrong_step_is_refused(client, lan, provincial, commune):
    batch_id = create(client, lan, provincial, commune).json()["id"]
    response = post(client, lan, f"/api/v1/rotation/batches/{batch_id}/ship", {})
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", ""),
        ("get", "/handover.pdf"),
        ("post", "/items"),
        ("post", "/pack"),
        ("post", "/ship"),
        ("post", "/receive"),
        ("post", "/use"),
        ("post", "/return"),
        ("post", "/close"),
        ("post", "/cancel"),
    ],
)
def test_school_librarian_gets_404_for_a_batch_of_other_libraries(
    client, lan, an, provincial, commune, method, path
):
    batch_id = create(client, lan, provincial, commune).json()["id"]
    url = f"/api/v1/rotation/batches/{batch_id}{path}"
    if method == "get":
        response = client.get(url, headers=bearer(an))
    else:
        response = post(client, an, url, {"barcodes": ["X"]} if path == "/items" else {})
    assert response.status_code == 404
    assert response.json()["code"] == "batch_not_found"


def test_a_batch_cannot_be_sent_from_a_library_the_caller_does_not_work_for(
    client, an, provincial, commune
):
    response = create(client, an, provincial, commune)
    assert response.status_code == 404


def test_a_transfer_through_the_api(client, lan, minh, provincial, commune):
    copy = ItemFactory(home_library=provincial)
    response = post(
        client,
        lan,
        "/api/v1/transfers",
        {"barcode": copy.barcode, "to_library": commune.code, "reason": "manual"},
    )
    assert response.status_code == 201, response.content
    transfer_id = response.json()["id"]
    assert (
        post(client, lan, f"/api/v1/transfers/{transfer_id}/ship", {}).json()["state"] == "shipped"
    )
    assert Item.objects.get(pk=copy.pk).status == ItemStatus.IN_TRANSIT
    response = post(client, minh, f"/api/v1/transfers/{transfer_id}/receive", {})
    assert response.json()["state"] == "received"
    assert Item.objects.get(pk=copy.pk).current_library_id == commune.pk


def test_a_second_open_transfer_is_refused(client, lan, provincial, commune, bookcase):
    copy = ItemFactory(home_library=provincial)
    post(client, lan, "/api/v1/transfers", {"barcode": copy.barcode, "to_library": commune.code})
    response = post(
        client, lan, "/api/v1/transfers", {"barcode": copy.barcode, "to_library": bookcase.code}
    )
    assert response.status_code == 409
    assert response.json()["code"] == "already_claimed"
    assert Transfer.objects.count() == 1


def test_school_librarian_cannot_transfer_or_see_a_provincial_transfer(
    client, lan, an, provincial, commune
):
    copy = ItemFactory(home_library=provincial)
    response = post(
        client, an, "/api/v1/transfers", {"barcode": copy.barcode, "to_library": commune.code}
    )
    assert response.status_code == 404
    transfer_id = post(
        client, lan, "/api/v1/transfers", {"barcode": copy.barcode, "to_library": commune.code}
    ).json()["id"]
    for path in ("", "/ship", "/receive", "/cancel"):
        url = f"/api/v1/transfers/{transfer_id}{path}"
        response = client.get(url, headers=bearer(an)) if not path else post(client, an, url, {})
        assert response.status_code == 404
        assert response.json()["code"] == "transfer_not_found"


def _returning_batch(client, lan, minh, provincial, commune, rotation_stock):
    batch_id = create(client, lan, provincial, commune).json()["id"]
    barcodes = [item.barcode for item in rotation_stock[:3]]
    post(client, lan, f"/api/v1/rotation/batches/{batch_id}/items", {"barcodes": barcodes})
    for persona, action in ((lan, "pack"), (lan, "ship"), (minh, "receive"), (minh, "return")):
        response = post(client, persona, f"/api/v1/rotation/batches/{batch_id}/{action}", {})
        assert response.status_code == 200, response.content
    return batch_id, barcodes


def test_a_close_with_an_unknown_damaged_barcode_leaves_no_scan_behind(
    client, lan, minh, provincial, commune, rotation_stock
):
    batch_id, barcodes = _returning_batch(client, lan, minh, provincial, commune, rotation_stock)
    response = post(
        client,
        lan,
        f"/api/v1/rotation/batches/{batch_id}/close",
        {"barcodes": barcodes[:2], "damaged": ["KHONG-CO"]},
    )
    assert response.status_code == 409
    assert response.json()["code"] == "no_such_barcode"
    batch = RotationBatch.objects.get(pk=batch_id)
    assert batch.state == BatchState.RETURNING
    assert not batch.lines.filter(return_scanned=True).exists()
    assert not AuditEntry.objects.filter(action="batch.scan_return").exists()


def test_a_refused_close_leaves_no_scan_behind(
    client, lan, minh, provincial, commune, rotation_stock, monkeypatch
):
    batch_id, barcodes = _returning_batch(client, lan, minh, provincial, commune, rotation_stock)

    def refuse(**kwargs):
        raise BatchRefused("items_on_loan", count=1)

    monkeypatch.setattr(services, "close_batch", refuse)
    response = post(
        client,
        lan,
        f"/api/v1/rotation/batches/{batch_id}/close",
        {"barcodes": barcodes[:2], "damaged": [barcodes[2]]},
    )
    assert response.status_code == 409
    assert response.json()["code"] == "items_on_loan"
    batch = RotationBatch.objects.get(pk=batch_id)
    assert batch.state == BatchState.RETURNING
    assert not batch.lines.filter(return_scanned=True).exists()


@pytest.mark.parametrize("boxes", [0, 100, 100000])
def test_a_batch_of_more_than_99_boxes_is_refused(client, lan, provincial, commune, boxes):
    response = create(client, lan, provincial, commune, boxes=boxes)
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "boxes"
    assert response.json()["detail"][0]["type"] == "out_of_range"
    assert not RotationBatch.objects.exists()


def test_a_batch_of_99_boxes_is_accepted(client, lan, provincial, commune):
    response = create(client, lan, provincial, commune, boxes=99)
    assert response.status_code == 201, response.content
    assert response.json()["boxes"] == 99
