"""Catalogue API: copies are scoped to the caller's libraries; others are 404."""

from __future__ import annotations

import pytest

from libnet.catalog import services
from libnet.core import tokens
from tests.factories import make_marc


@pytest.fixture
def commune_item(minh, province):
    services.create_register(library=province["commune"], prefix="VV", name="Sách", by=minh.user)
    bib = services.create_record(marc_record=make_marc(title="Tắt đèn"), by=minh.user)
    return services.add_item(bib=bib, library=province["commune"], by=minh.user, barcode="TL000001")


def _auth(persona):
    return {"Authorization": f"Bearer {tokens.create_api_token(user=persona.user)}"}


def test_the_commune_clerk_reads_his_copy(client, minh, commune_item):
    response = client.get(f"/api/v1/items/{commune_item.pk}", headers=_auth(minh))
    assert response.status_code == 200
    assert response.json()["accession_number"] == "VV.000001"


def test_school_librarian_gets_404_for_a_commune_copy(client, an, commune_item):
    headers = _auth(an)
    assert client.get(f"/api/v1/items/{commune_item.pk}", headers=headers).status_code == 404
    assert client.get("/api/v1/items", {"barcode": "TL000001"}, headers=headers).status_code == 404
    listing = client.get(f"/api/v1/records/{commune_item.bib_id}/items", headers=headers)
    assert listing.status_code == 200
    assert listing.json() == []


def test_school_librarian_cannot_add_a_copy_to_the_commune(client, an, commune_item):
    response = client.post(
        "/api/v1/items",
        {"bib_id": commune_item.bib_id, "library": "SL-TANLAP"},
        content_type="application/json",
        headers=_auth(an),
    )
    assert response.status_code == 404
    assert response.json()["code"] == "library_not_found"


def test_adding_a_copy_with_a_used_barcode_is_a_400_with_a_vietnamese_message(
    client, minh, commune_item
):
    response = client.post(
        "/api/v1/items",
        {"bib_id": commune_item.bib_id, "library": "SL-TANLAP", "barcode": "TL000001"},
        content_type="application/json",
        headers=_auth(minh),
    )
    assert response.status_code == 400
    assert response.json()["code"] == "duplicate_barcode"


def test_the_clerk_adds_a_copy_through_the_api(client, minh, commune_item):
    response = client.post(
        "/api/v1/items",
        {"bib_id": commune_item.bib_id, "library": "SL-TANLAP", "call_number": "895.9223 NG527T"},
        content_type="application/json",
        headers=_auth(minh),
    )
    assert response.status_code == 201
    assert response.json()["accession_number"] == "VV.000002"
