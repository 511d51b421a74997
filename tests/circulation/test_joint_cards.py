"""Readers on a joint card borrow at another library's desk, and see no more than lending needs.

The province made the provincial library's subtree one joint-card area (Luật Thư viện Art. 29,
NĐ 93 Art. 27): a card of the provincial library is valid at Tân Lập commune. Ms Thoa has
such a card and has never been to the commune. The school is not in the area.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from libnet.catalog.models import ItemStatus
from libnet.circulation.models import Hold, Loan
from libnet.core import clock, tokens
from libnet.patrons.models import JointCardArea, PatronLibrary
from tests.factories import NOW, BibRecordFactory, ItemFactory, LoanFactory, PatronFactory

HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: NOW)
    return NOW


@pytest.fixture
def joint_card_area(province):
    return JointCardArea.objects.create(library=province["provincial"], since=dt.date(2025, 1, 1))


@pytest.fixture
def thoa(province):
    """Đặng Thị Thoa, a reader of the provincial library, with her contacts on file."""
    return PatronFactory(
        home_library=province["provincial"],
        full_name="Đặng Thị Thoa",
        card_number="TVT2026000321",
        phone="0987654321",
        birth_date=dt.date(1985, 7, 14),
    )


@pytest.fixture
def commune_copy(desk):
    return ItemFactory(home_library=desk, barcode="TL0000001")


def bearer(persona) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens.create_api_token(user=persona.user)}"}


def post(client, persona, url, body):
    return client.post(url, body, content_type="application/json", headers=bearer(persona))


def scan(client, barcode: str):
    return client.post(reverse("circulation:desk_scan"), {"barcode": barcode}, headers=HTMX)


def status_codes(response) -> list[str]:
    region = response.content.decode().split('id="desk-status"', 1)[1].split("</div>", 1)[0]
    return re.findall(r'data-code="([a-z_]+)"', region)


# --- the desk page --------------------------------------------------------------------------


def test_a_reader_on_a_joint_card_borrows_at_the_commune_desk(
    client, minh, desk, joint_card_area, thoa, commune_copy
):
    """The desk used to accept the card, then drop the reader before the first copy."""
    client.force_login(minh.user)
    response = scan(client, thoa.card_number)
    assert status_codes(response) == ["reader_opened"]
    assert "Đặng Thị Thoa" in response.content.decode()
    response = scan(client, commune_copy.barcode)
    assert status_codes(response) == ["lent"]
    loan = Loan.objects.get(item=commune_copy)
    assert (loan.patron, loan.library) == (thoa, desk)
    assert PatronLibrary.objects.filter(patron=thoa, library=desk).exists()


def test_the_desk_shows_a_joint_card_reader_no_contacts_and_no_loans_of_other_libraries(
    client, minh, province, joint_card_area, thoa
):
    """Lending needs the card and the count of loans, not her phone or what she reads at home."""
    LoanFactory(
        patron=thoa,
        item=ItemFactory(
            home_library=province["provincial"],
            status=ItemStatus.ON_LOAN,
            bib=BibRecordFactory(title="Nhật ký trong tù"),
        ),
        library=province["provincial"],
    )
    client.force_login(minh.user)
    page = scan(client, thoa.card_number).content.decode()
    assert "Đặng Thị Thoa" in page
    assert "TVT2026000321" in page
    assert "0987654321" not in page
    assert "14/07/1985" not in page
    assert "Nhật ký trong tù" not in page
    assert 'data-loans-elsewhere="1"' in page


def test_without_a_joint_card_a_card_of_another_library_is_unknown_at_the_desk(
    client, minh, province, commune_copy
):
    stranger = PatronFactory(home_library=province["school"])
    client.force_login(minh.user)
    assert status_codes(scan(client, stranger.card_number)) == ["unknown_barcode"]
    assert not Loan.objects.exists()


def test_a_joint_card_area_decided_for_later_does_not_open_the_reader_yet(
    client, minh, province, thoa
):
    JointCardArea.objects.create(library=province["provincial"], since=dt.date(2026, 6, 1))
    client.force_login(minh.user)
    assert status_codes(scan(client, thoa.card_number)) == ["unknown_barcode"]


# --- the API --------------------------------------------------------------------------------


def test_a_reader_on_a_joint_card_borrows_through_the_api(
    client, minh, desk, joint_card_area, thoa, commune_copy
):
    response = post(
        client,
        minh,
        "/api/v1/circulation/checkout",
        {"library": desk.code, "card_number": thoa.card_number, "item_barcode": "TL0000001"},
    )
    assert response.status_code == 201, response.content
    assert Loan.objects.get(pk=response.json()["loan_id"]).patron == thoa


def test_through_the_api_a_card_not_valid_here_is_409_for_a_known_reader_and_404_otherwise(
    client, minh, desk, province, binh, commune_copy
):
    """Bình used the commune (Minh knows him); his school card is not valid there."""
    body = {"library": desk.code, "card_number": binh.card_number, "item_barcode": "TL0000001"}
    response = post(client, minh, "/api/v1/circulation/checkout", body)
    assert response.status_code == 409
    assert response.json()["code"] == "card_not_valid_here"
    assert "Thư viện Trường THCS Tân Lập" in response.json()["message"]
    stranger = PatronFactory(home_library=province["school"])
    body["card_number"] = stranger.card_number
    response = post(client, minh, "/api/v1/circulation/checkout", body)
    assert response.status_code == 404
    assert response.json()["code"] == "patron_not_found"
    assert not Loan.objects.exists()


# --- holds ----------------------------------------------------------------------------------


@pytest.fixture
def title_out(desk):
    """A title whose only commune copy is on loan: a hold can be placed for it here."""
    return LoanFactory(item=ItemFactory(home_library=desk, status=ItemStatus.ON_LOAN)).item.bib


def test_a_hold_for_pickup_where_the_card_is_not_valid_is_refused_through_the_api(
    client, minh, desk, binh, title_out
):
    response = post(
        client,
        minh,
        "/api/v1/holds",
        {"library": desk.code, "card_number": binh.card_number, "record_id": title_out.pk},
    )
    assert response.status_code == 409
    assert response.json()["code"] == "card_not_valid_here"
    assert not Hold.objects.filter(patron=binh).exists()


def test_a_hold_on_a_joint_card_is_placed_through_the_api(
    client, minh, desk, joint_card_area, thoa, title_out
):
    response = post(
        client,
        minh,
        "/api/v1/holds",
        {"library": desk.code, "card_number": thoa.card_number, "record_id": title_out.pk},
    )
    assert response.status_code == 201, response.content
    assert Hold.objects.get(pk=response.json()["hold_id"]).patron == thoa
