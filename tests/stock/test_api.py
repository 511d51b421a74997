"""The stocktake endpoints under /api/v1/stocktakes: shapes, refusals, other-library 404."""

from __future__ import annotations

import pytest

from libnet.stock.models import Stocktake, StocktakeScan
from tests.circulation.test_api import bearer, post


def test_open_scan_and_close_through_the_api(client, minh, commune, commune_stock, open_stacks):
    response = post(
        client,
        minh,
        "/api/v1/stocktakes",
        {
            "library": commune.code,
            "scope": {},
            "committee": [{"name": "Nguyễn Văn Minh", "role": "Trưởng ban"}],
        },
    )
    assert response.status_code == 201, response.content
    stocktake_id = response.json()["id"]
    assert response.json() == {"id": stocktake_id}
    url = f"/api/v1/stocktakes/{stocktake_id}"
    response = post(client, minh, f"{url}/scans", {"barcodes": ["cx001", "CX002", "CX001", "X9"]})
    assert response.status_code == 200, response.content
    assert response.json() == {"accepted": 2, "unknown": ["X9"], "repeated": 1}
    response = post(client, minh, f"{url}/scans", {"barcodes": ["CX002", "CX003"]})
    assert response.json() == {"accepted": 1, "unknown": [], "repeated": 1}
    response = client.get(url, headers=bearer(minh))
    assert response.status_code == 200
    assert response.json()["counts"] == {
        "found": 3,
        "misplaced": 0,
        "not_missing": 0,
        "missing": 2,
        "unknown": 1,
    }
    response = post(client, minh, f"{url}/close", {})
    assert response.status_code == 200
    counts = response.json()
    assert counts == {"found": 3, "misplaced": 0, "not_missing": 0, "missing": 2, "unknown": 1}
    assert counts["found"] + counts["misplaced"] + counts["not_missing"] + counts["missing"] == 5
    response = post(client, minh, f"{url}/close", {})
    assert response.status_code == 409
    assert response.json()["code"] == "not_open"
    assert response.json()["message"].startswith("Đợt kiểm kê này đã kết thúc")
    response = post(client, minh, f"{url}/mark-lost", {})
    assert (response.status_code, response.json()["code"]) == (409, "lost_not_confirmed")
    response = post(client, minh, f"{url}/mark-lost", {"confirm": True})
    assert response.json() == {"lost": 2}


def test_scope_by_shelf_or_range_through_the_api(client, minh, commune, commune_stock, open_stacks):
    response = post(
        client,
        minh,
        "/api/v1/stocktakes",
        {"library": commune.code, "scope": {"locations": [open_stacks.pk]}},
    )
    assert response.status_code == 201
    assert Stocktake.objects.get().lines.count() == 5
    post(client, minh, f"/api/v1/stocktakes/{response.json()['id']}/close", {})
    response = post(
        client,
        minh,
        "/api/v1/stocktakes",
        {
            "library": commune.code,
            "scope": {"call_number_from": "895.922 004", "call_number_to": "895.922 005"},
        },
    )
    assert response.status_code == 201
    assert Stocktake.objects.get(pk=response.json()["id"]).lines.count() == 2


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"library": "SL-THCS-TANLAP", "scope": {}}, 404, "library_not_found"),
        ({"library": "NOWHERE", "scope": {}}, 404, "library_not_found"),
        (
            {"library": "SL-TANLAP", "scope": {"call_number_from": "9", "call_number_to": "1"}},
            400,
            "bad_range",
        ),
        (
            {
                "library": "SL-TANLAP",
                "scope": {"locations": [1], "call_number_from": "1", "call_number_to": "2"},
            },
            400,
            "bad_scope",
        ),
        ({"library": "SL-TANLAP", "scope": {"locations": [999999]}}, 404, "location_not_found"),
        ({"library": "SL-TANLAP", "scope": {}, "reason": "whim"}, 422, "invalid_request"),
    ],
)
def test_refusals_say_why_and_write_nothing(client, minh, commune_stock, body, status, code):
    response = post(client, minh, "/api/v1/stocktakes", body)
    assert response.status_code == status, response.content
    assert response.json()["code"] == code
    assert response.json()["message"]
    assert not Stocktake.objects.exists()


def test_another_librarys_staff_get_404_on_every_endpoint(client, an, stocktake):
    url = f"/api/v1/stocktakes/{stocktake.pk}"
    assert client.get(url, headers=bearer(an)).status_code == 404
    for path, body in (
        ("/scans", {"barcodes": ["CX001"]}),
        ("/close", {}),
        ("/mark-lost", {"confirm": True}),
    ):
        response = post(client, an, url + path, body)
        assert response.status_code == 404, path
        assert response.json()["code"] == "stocktake_not_found"
    response = post(
        client, an, "/api/v1/stocktakes", {"library": stocktake.library.code, "scope": {}}
    )
    assert response.status_code == 404
    assert not StocktakeScan.objects.exists()
    stocktake.refresh_from_db()
    assert stocktake.state == "open"


def test_a_scope_with_a_key_it_does_not_know_is_refused(client, minh, commune, commune_stock):
    """A misspelt "locations" must not count the whole library."""
    response = post(
        client, minh, "/api/v1/stocktakes", {"library": commune.code, "scope": {"location": [1]}}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "bad_scope"
    assert not Stocktake.objects.exists()


def test_a_code_that_grows_past_64_characters_when_normalised_is_unknown(client, minh, stocktake):
    response = post(
        client, minh, f"/api/v1/stocktakes/{stocktake.pk}/scans", {"barcodes": ["ﬁ" * 64]}
    )
    assert response.status_code == 200
    assert response.json() == {"accepted": 0, "unknown": ["FI" * 32], "repeated": 0}
