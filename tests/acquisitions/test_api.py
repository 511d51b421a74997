"""The acquisitions endpoints under /api/v1/acquisitions: budgets with what is left, an order
placed and sent, a line received; refusals as {code, message}; other libraries 404."""

from __future__ import annotations

import pytest

from libnet.acquisitions.models import Order
from libnet.catalog.models import Item
from tests.acquisitions.conftest import TODAY
from tests.circulation.test_api import bearer, post

pytestmark = pytest.mark.django_db


def test_budgets_list_what_is_left(client, lan, budget, sent):
    response = client.get("/api/v1/acquisitions/budgets?year=2026", headers=bearer(lan))
    assert response.status_code == 200
    assert response.json() == [
        {
            "id": budget.pk,
            "library": "SL-TVT",
            "year": 2026,
            "source": "state",
            "amount_vnd": 10_000_000,
            "committed_vnd": 250_000,
            "spent_vnd": 0,
            "left_vnd": 9_750_000,
        }
    ]
    assert client.get("/api/v1/acquisitions/budgets?year=2025", headers=bearer(lan)).json() == []


def _order(budget, supplier, record, **extra):
    return {
        "budget": budget.pk,
        "supplier": supplier.pk,
        "lines": [
            {
                "record": record.pk,
                "unit_price_vnd": 50_000,
                "copies": [
                    {"library": "SL-TVT", "copies": 2},
                    {"library": "SL-TANLAP", "copies": 1},
                ],
            },
            {
                "isbn": "9780306406157",
                "title": "Tắt đèn",
                "unit_price_vnd": 70_000,
                "copies": [{"library": "SL-TVT", "copies": 1}],
            },
        ],
        **extra,
    }


def test_lan_places_and_sends_an_order_then_receives_a_line(
    client, lan, budget, supplier, record, commune
):
    response = post(
        client, lan, "/api/v1/acquisitions/orders", _order(budget, supplier, record, send=True)
    )
    assert response.status_code == 201, response.content
    order = response.json()
    assert (order["state"], order["library"], order["ordered_vnd"]) == ("sent", "SL-TVT", 220_000)
    first = order["lines"][0]
    assert first["copies"] == [
        {"library": "SL-TVT", "ordered": 2, "received": 0},
        {"library": "SL-TANLAP", "ordered": 1, "received": 0},
    ]
    response = post(
        client,
        lan,
        f"/api/v1/acquisitions/orders/{order['id']}/lines/{first['id']}/receive",
        {
            "copies": [{"library": "SL-TANLAP", "copies": 1}],
            "received_on": TODAY.isoformat(),
            "document_number": "HĐ 42",
        },
    )
    assert response.status_code == 200, response.content
    received = response.json()
    assert received["charged_vnd"] == 50_000
    assert received["order_state"] == "partly_received"
    (copy,) = received["copies"]
    assert copy["library"] == "SL-TANLAP"
    assert copy["accession_number"] == Item.objects.get().accession_number
    response = client.get(f"/api/v1/acquisitions/orders/{order['id']}", headers=bearer(lan))
    assert response.json()["received_vnd"] == 50_000


def test_an_order_beyond_the_budget_is_refused_without_a_reason_and_nothing_is_written(
    client, lan, budget, supplier, record
):
    body = _order(budget, supplier, record, send=True)
    body["lines"][0]["unit_price_vnd"] = 5_000_000
    response = post(client, lan, "/api/v1/acquisitions/orders", body)
    assert response.status_code == 409
    assert response.json()["code"] == "overspend_needs_reason"
    assert "đồng" in response.json()["message"]
    assert not Order.objects.exists()
    body["overspend_reason"] = "Sở đã duyệt"
    response = post(client, lan, "/api/v1/acquisitions/orders", body)
    assert response.status_code == 201
    budgets = client.get("/api/v1/acquisitions/budgets", headers=bearer(lan)).json()
    assert budgets[0]["left_vnd"] == 10_000_000 - 15_070_000


def test_receiving_more_than_ordered_is_a_409(client, lan, sent, line):
    response = post(
        client,
        lan,
        f"/api/v1/acquisitions/orders/{sent.pk}/lines/{line.pk}/receive",
        {"copies": [{"library": "SL-TANLAP", "copies": 3}]},
    )
    assert response.status_code == 409
    assert response.json()["code"] == "over_receipt"
    assert not Item.objects.exists()


def test_a_bad_isbn_is_a_400(client, lan, budget, supplier, record):
    body = _order(budget, supplier, record)
    body["lines"][1]["isbn"] = "9780306406158"
    response = post(client, lan, "/api/v1/acquisitions/orders", body)
    assert (response.status_code, response.json()["code"]) == (400, "bad_isbn")
    assert not Order.objects.exists()


@pytest.mark.parametrize("other", ["minh", "an"])
def test_other_libraries_get_404_on_every_endpoint(
    client, request, budget, supplier, record, sent, line, other
):
    persona = request.getfixturevalue(other)
    response = post(
        client, persona, "/api/v1/acquisitions/orders", _order(budget, supplier, record)
    )
    assert (response.status_code, response.json()["code"]) == (404, "budget_not_found")
    response = client.get(f"/api/v1/acquisitions/orders/{sent.pk}", headers=bearer(persona))
    assert (response.status_code, response.json()["code"]) == (404, "order_not_found")
    response = post(
        client,
        persona,
        f"/api/v1/acquisitions/orders/{sent.pk}/lines/{line.pk}/receive",
        {"copies": [{"library": "SL-TANLAP", "copies": 1}]},
    )
    assert response.status_code == 404
    assert not Item.objects.exists()
    response = client.get("/api/v1/acquisitions/budgets", headers=bearer(persona))
    assert response.json() == []
    assert Order.objects.count() == 1
