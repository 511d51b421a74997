"""The readers API: a bearer token, scoped to the caller's libraries, Vietnamese refusals."""

from __future__ import annotations

import pytest

from libnet.core import tokens
from libnet.patrons.models import Patron


def _auth(persona):
    return {"Authorization": f"Bearer {tokens.create_api_token(user=persona.user)}"}


def _post(client, persona, payload):
    return client.post(
        "/api/v1/patrons", payload, content_type="application/json", headers=_auth(persona)
    )


NEW_READER = {
    "library": "SL-TANLAP",
    "name": "Nguyễn Thị Hoa",
    "birth_date": "1990-05-01",
    "category": "adult",
    "phone": "0912 345 678",
}


def test_the_commune_clerk_issues_a_card_through_the_api(client, minh):
    response = _post(client, minh, NEW_READER)
    assert response.status_code == 201
    body = response.json()
    assert body["card_number"] == "TANLAP2026" + body["card_number"][-6:]
    patron = Patron.objects.get(pk=body["id"])
    assert patron.full_name == "Nguyễn Thị Hoa"


def test_a_child_with_both_consents_through_the_api(client, minh):
    response = _post(
        client,
        minh,
        {
            "library": "SL-TANLAP",
            "name": "Phạm Thị Na",
            "birth_date": "2015-01-01",
            "category": "child",
            "consents": ["reader", "guardian"],
            "guardian_name": "Phạm Văn Tùng",
        },
    )
    assert response.status_code == 201
    detail = client.get(f"/api/v1/patrons/{response.json()['id']}", headers=_auth(minh))
    assert detail.json()["missing_consents"] == []


def test_a_likely_duplicate_is_409_until_confirmed(client, minh):
    assert _post(client, minh, NEW_READER).status_code == 201
    again = _post(client, minh, NEW_READER)
    assert again.status_code == 409
    assert again.json()["code"] == "possible_duplicate"
    assert _post(client, minh, {**NEW_READER, "confirm_duplicate": True}).status_code == 201


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"category": "astronaut"}, 400, "unknown_category"),
        ({"library": "SL-NOWHERE"}, 404, "library_not_found"),
        ({"library": "SL-THCS-TANLAP"}, 404, "library_not_found"),  # An's school, not Minh's
        ({"phone": "12"}, 400, "invalid_phone"),
        ({"school": "SL-TANLAP"}, 400, "unknown_school"),  # a commune library is no school
        ({"name": ""}, 400, "name_required"),
    ],
)
def test_refusals_are_4xx_json_with_a_vietnamese_message(client, minh, change, status, code):
    response = _post(client, minh, {**NEW_READER, **change})
    assert response.status_code == status
    assert response.json()["code"] == code
    assert response.json()["message"]
    assert response.json()["message"] != code


def test_an_unknown_category_lists_the_known_ones(client, minh):
    response = _post(client, minh, {**NEW_READER, "category": "astronaut"})
    assert "pupil" in response.json()["message"]
    assert "astronaut" in response.json()["message"]


def test_the_school_reads_its_reader_with_personal_data(client, an, binh):
    binh.consents.all().delete()
    response = client.get(f"/api/v1/patrons/{binh.pk}", headers=_auth(an))
    assert response.status_code == 200
    body = response.json()
    assert body["view"] == "full"
    assert body["card_number"] == "HS2026000123"
    assert body["birth_date"] == "2014-02-10"
    assert body["school"] == "SL-THCS-TANLAP"
    assert body["missing_consents"] == ["reader", "guardian"]
    assert body["card_state"] == "consent_missing"


def test_the_commune_where_binh_borrowed_reads_him_without_personal_data(client, minh, binh):
    body = client.get(f"/api/v1/patrons/{binh.pk}", headers=_auth(minh)).json()
    assert body["view"] == "minimal"
    assert body["birth_date"] is None
    assert body["missing_consents"] is None


def test_school_librarian_gets_404_for_a_commune_reader(client, an, minh):
    created = _post(client, minh, NEW_READER).json()
    response = client.get(f"/api/v1/patrons/{created['id']}", headers=_auth(an))
    assert response.status_code == 404
    assert response.json()["code"] == "patron_not_found"
    listing = client.get("/api/v1/patrons", {"q": "hoa"}, headers=_auth(an))
    assert listing.json() == []


def test_the_department_officer_gets_404_for_every_reader(client, chi, binh):
    assert client.get(f"/api/v1/patrons/{binh.pk}", headers=_auth(chi)).status_code == 404
    assert client.get("/api/v1/patrons", headers=_auth(chi)).json() == []
    response = _post(client, chi, {**NEW_READER, "library": "SL-TVT"})
    assert response.status_code == 404


def test_readers_are_found_by_name_without_diacritics_or_by_card(client, minh, binh):
    by_name = client.get("/api/v1/patrons", {"q": "pham van binh"}, headers=_auth(minh))
    assert [row["card_number"] for row in by_name.json()] == ["HS2026000123"]
    by_card = client.get("/api/v1/patrons", {"card_number": "hs2026000123"}, headers=_auth(minh))
    assert [row["id"] for row in by_card.json()] == [binh.pk]


def test_the_api_needs_a_token(client, binh):
    assert client.get(f"/api/v1/patrons/{binh.pk}").status_code == 401
