"""POST /api/v1/items with what a client may send: ranges, jumps, dates, another library.

A value out of range is a 422 naming the field with a Vietnamese reason; a refusal of the
rules is a 4xx with a stable code; nothing is written either way.
"""

from __future__ import annotations

import pytest

from libnet.catalog import services
from libnet.catalog.models import AccessionRegister, Item
from libnet.core import tokens
from tests.factories import make_marc


@pytest.fixture
def tat_den(minh, province):
    services.create_register(library=province["commune"], prefix="VV", name="Sách", by=minh.user)
    return services.create_record(
        marc_record=make_marc(title="Tắt đèn"), by=minh.user, library=province["commune"]
    )


def _post(client, persona, **data):
    return client.post(
        "/api/v1/items",
        data,
        content_type="application/json",
        headers={"Authorization": f"Bearer {tokens.create_api_token(user=persona.user)}"},
    )


def _detail_for(response, field: str) -> str:
    return " ".join(entry["msg"] for entry in response.json()["detail"] if field in entry["loc"])


def test_a_price_of_twenty_digits_is_a_422_naming_the_price(client, minh, tat_den):
    response = _post(
        client, minh, bib_id=tat_den.pk, library="SL-TANLAP", price_vnd=99999999999999999999
    )
    assert response.status_code == 422
    assert "từ 0 đến 10.000.000.000" in _detail_for(response, "price_vnd")
    assert not Item.objects.exists()


def test_an_acquisition_date_in_2099_is_a_422_naming_the_date(client, minh, tat_den):
    response = _post(client, minh, bib_id=tat_den.pk, library="SL-TANLAP", acquired_on="2099-01-01")
    assert response.status_code == 422
    assert "Ngày bổ sung phải từ 01/01/1900" in _detail_for(response, "acquired_on")
    assert not Item.objects.exists()


def test_a_number_far_ahead_needs_confirm_jump_and_only_then_moves_the_register(
    client, minh, tat_den
):
    refused = _post(
        client, minh, bib_id=tat_den.pk, library="SL-TANLAP", accession_number="VV.999993"
    )
    assert refused.status_code == 400
    assert refused.json()["code"] == "accession_number_jump"
    assert AccessionRegister.objects.get().next_number == 1
    confirmed = _post(
        client,
        minh,
        bib_id=tat_den.pk,
        library="SL-TANLAP",
        accession_number="VV.999993",
        confirm_jump=True,
    )
    assert confirmed.status_code == 201
    assert confirmed.json()["accession_number"] == "VV.999993"
    assert AccessionRegister.objects.get().next_number == 999994


def test_a_library_code_and_barcode_are_read_in_their_one_form(client, minh, tat_den):
    response = _post(client, minh, bib_id=tat_den.pk, library=" sl-tanlap", barcode="tl-0042")
    assert response.status_code == 201
    assert response.json()["barcode"] == "TL-0042"
    lookup = client.get(
        "/api/v1/items",
        {"barcode": "tl-0042 "},
        headers={"Authorization": f"Bearer {tokens.create_api_token(user=minh.user)}"},
    )
    assert lookup.status_code == 200


def test_a_school_librarian_cannot_add_a_copy_numbered_in_the_communes_register(
    client, an, tat_den
):
    response = _post(
        client,
        an,
        bib_id=tat_den.pk,
        library="SL-THCS-TANLAP",
        register_prefix="VV",
        accession_number="VV.000001",
    )
    assert response.status_code == 404
    assert response.json()["code"] == "register_not_found"
    assert not Item.objects.exists()


def test_an_unknown_item_type_is_refused_not_stored(client, minh, tat_den):
    response = _post(client, minh, bib_id=tat_den.pk, library="SL-TANLAP", item_type="xyz")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_choice"
    assert "xyz" in response.json()["message"]
    assert not Item.objects.exists()


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/records/99999999999999999999",
        "/api/v1/records/99999999999999999999/items",
        "/api/v1/items/99999999999999999999",
    ],
)
def test_an_identifier_past_any_column_is_refused_naming_it(client, minh, path):
    """Not a 500 (SQLite's integer overflow): the API's 422 for an id out of range."""
    response = client.get(
        path, headers={"Authorization": f"Bearer {tokens.create_api_token(user=minh.user)}"}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "out_of_range"
