"""The public library directory and API authentication."""

from __future__ import annotations

import pytest

from libnet.core import tokens


@pytest.mark.django_db
def test_the_library_directory_is_public_and_lists_parents(client, province):
    response = client.get("/api/v1/libraries")
    assert response.status_code == 200
    by_code = {row["code"]: row for row in response.json()}
    assert by_code["SL-TANLAP"]["parent"] == "SL-TVT"
    assert by_code["SL-TANLAP"]["kind"] == "commune"
    assert by_code["SL-THCS-TANLAP"]["sector"] == "education"
    assert set(by_code["SL-TVT"]) >= {
        "code",
        "name",
        "kind",
        "sector",
        "parent",
        "address",
        "opening_hours",
    }


@pytest.mark.django_db
def test_a_staff_endpoint_without_a_token_is_401_with_a_code(client, province):
    response = client.get("/api/v1/items/1")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


@pytest.mark.django_db
def test_the_openapi_schema_is_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert "/api/v1/libraries" in response.json()["paths"]


@pytest.mark.django_db
def test_a_bearer_token_authenticates_the_api(client, minh):
    token = tokens.create_api_token(user=minh.user)
    response = client.get("/api/v1/items/999999", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 404
    assert response.json()["code"] == "item_not_found"
