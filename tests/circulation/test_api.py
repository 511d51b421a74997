"""The circulation endpoints under /api/v1: a test each, and other-library denial."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.catalog.models import ItemStatus
from libnet.circulation import services
from libnet.circulation.models import Hold, HoldStatus, Loan, VisitCount
from libnet.core import tokens
from tests.factories import HoldFactory, ItemFactory, LoanFactory, PatronFactory


def bearer(persona) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens.create_api_token(user=persona.user)}"}


def post(client, persona, url, body):
    return client.post(url, body, content_type="application/json", headers=bearer(persona))


@pytest.fixture
def school_loan(an, province):
    """A loan made at the school: not Minh's business."""
    school = province["school"]
    return LoanFactory(item=ItemFactory(home_library=school, status=ItemStatus.ON_LOAN))


@pytest.fixture
def school_hold(province):
    school = province["school"]
    return HoldFactory(patron=PatronFactory(home_library=school), pickup_library=school)


# --- checkout ------------------------------------------------------------------------------


def test_checkout_lends_and_answers_the_due_day(client, minh, desk, reader, copy):
    response = post(
        client,
        minh,
        "/api/v1/circulation/checkout",
        {"library": desk.code, "card_number": reader.card_number, "item_barcode": copy.barcode},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    loan = Loan.objects.get(pk=body["loan_id"])
    assert body["due_at"] == body["due_on"] == loan.due_on.isoformat()
    assert loan.patron == reader


def test_a_refused_checkout_is_409_with_a_code_and_a_sentence(client, minh, desk, copy):
    expired = PatronFactory(home_library=desk, card_valid_until=dt.date(2020, 1, 1))
    response = post(
        client,
        minh,
        "/api/v1/circulation/checkout",
        {"library": desk.code, "card_number": expired.card_number, "item_barcode": copy.barcode},
    )
    assert response.status_code == 409
    assert response.json()["code"] == "card_expired"
    assert "01/01/2020" in response.json()["message"]


def test_checkout_of_an_unknown_barcode_is_404(client, minh, desk, reader):
    response = post(
        client,
        minh,
        "/api/v1/circulation/checkout",
        {"library": desk.code, "card_number": reader.card_number, "item_barcode": "NOPE"},
    )
    assert response.status_code == 404
    assert response.json()["code"] == "item_not_found"


def test_checkout_at_another_librarys_desk_is_404(client, minh, province, reader, copy):
    response = post(
        client,
        minh,
        "/api/v1/circulation/checkout",
        {
            "library": province["school"].code,
            "card_number": reader.card_number,
            "item_barcode": copy.barcode,
        },
    )
    assert response.status_code == 404
    assert response.json()["code"] == "library_not_found"


def test_checkout_for_a_reader_of_another_library_is_404(client, minh, desk, copy, province):
    stranger = PatronFactory(home_library=province["school"])
    response = post(
        client,
        minh,
        "/api/v1/circulation/checkout",
        {"library": desk.code, "card_number": stranger.card_number, "item_barcode": copy.barcode},
    )
    assert response.status_code == 404
    assert response.json()["code"] == "patron_not_found"


def test_checkout_without_a_token_is_401(client, desk):
    response = client.post(
        "/api/v1/circulation/checkout",
        {"library": desk.code, "card_number": "X", "item_barcode": "Y"},
        content_type="application/json",
    )
    assert response.status_code == 401


def test_checkout_with_a_field_missing_is_422(client, minh, desk):
    response = post(client, minh, "/api/v1/circulation/checkout", {"library": desk.code})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_request"


def test_checkout_with_a_body_that_is_not_json_is_refused_in_vietnamese(client, minh):
    """An unparsable body is a 400 with a code, like every other refusal."""
    response = client.post(
        "/api/v1/circulation/checkout",
        "{not json",
        content_type="application/json",
        headers=bearer(minh),
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid_json",
        "message": "Nội dung yêu cầu không phải là JSON hợp lệ.",
    }


# --- checkin -------------------------------------------------------------------------------


def test_checkin_closes_the_loan(client, minh, desk, reader, copy):
    loan = services.checkout_item(item=copy, patron=reader, desk=desk, by=minh.user)
    response = post(
        client,
        minh,
        "/api/v1/circulation/checkin",
        {"library": desk.code, "item_barcode": copy.barcode},
    )
    assert response.status_code == 200
    assert response.json() == {
        "loan_id": loan.pk,
        "transfer_to": None,
        "hold_id": None,
        "item_status": "available",
        "fine_vnd": 0,
    }


def test_a_school_copy_returned_at_the_commune_is_sent_to_the_school(
    client, minh, desk, province, school_loan
):
    response = post(
        client,
        minh,
        "/api/v1/circulation/checkin",
        {"library": desk.code, "item_barcode": school_loan.item.barcode},
    )
    assert response.status_code == 200
    assert response.json()["transfer_to"] == province["school"].code
    assert response.json()["loan_id"] == school_loan.pk


def test_checkin_at_another_librarys_desk_is_404(client, minh, province, copy):
    response = post(
        client,
        minh,
        "/api/v1/circulation/checkin",
        {"library": province["school"].code, "item_barcode": copy.barcode},
    )
    assert response.status_code == 404


def test_checkin_without_a_token_is_401(client):
    response = client.post("/api/v1/circulation/checkin", {}, content_type="application/json")
    assert response.status_code == 401


def test_checkin_with_bad_json_is_422(client, minh):
    response = post(client, minh, "/api/v1/circulation/checkin", {"item_barcode": 5})
    assert response.status_code == 422


# --- renew and loans -----------------------------------------------------------------------


def test_renew_extends_the_loan(client, minh, desk, reader, copy):
    loan = services.checkout_item(item=copy, patron=reader, desk=desk, by=minh.user)
    response = post(client, minh, "/api/v1/circulation/renew", {"loan_id": loan.pk})
    assert response.status_code == 200
    assert response.json()["renewals"] == 1
    assert response.json()["loan_id"] == loan.pk


def test_renewing_another_librarys_loan_is_404(client, minh, school_loan):
    response = post(client, minh, "/api/v1/circulation/renew", {"loan_id": school_loan.pk})
    assert response.status_code == 404
    assert response.json()["code"] == "loan_not_found"


def test_renew_without_a_token_is_401(client):
    response = client.post(
        "/api/v1/circulation/renew", {"loan_id": 1}, content_type="application/json"
    )
    assert response.status_code == 401


def test_renew_with_a_loan_id_that_is_not_a_number_is_422(client, minh):
    response = post(client, minh, "/api/v1/circulation/renew", {"loan_id": "abc"})
    assert response.status_code == 422


def test_a_loan_is_shown_to_its_librarys_staff(client, minh, desk, reader, copy):
    loan = services.checkout_item(item=copy, patron=reader, desk=desk, by=minh.user)
    response = client.get(f"/api/v1/loans/{loan.pk}", headers=bearer(minh))
    assert response.status_code == 200
    body = response.json()
    assert (body["item_barcode"], body["card_number"], body["library"]) == (
        copy.barcode,
        reader.card_number,
        desk.code,
    )


def test_commune_clerk_gets_404_for_a_school_loan(client, minh, an, school_loan):
    assert client.get(f"/api/v1/loans/{school_loan.pk}", headers=bearer(minh)).status_code == 404
    assert client.get(f"/api/v1/loans/{school_loan.pk}", headers=bearer(an)).status_code == 200


def test_a_loan_without_a_token_is_401(client, school_loan):
    assert client.get(f"/api/v1/loans/{school_loan.pk}").status_code == 401


# --- holds ---------------------------------------------------------------------------------


@pytest.fixture
def title_out(desk, neighbour):
    return LoanFactory(
        item=ItemFactory(home_library=desk, status=ItemStatus.ON_LOAN),
        patron=neighbour,
        library=desk,
    ).item.bib


def test_a_hold_is_placed_for_pickup_at_the_desk(client, minh, desk, reader, title_out):
    response = post(
        client,
        minh,
        "/api/v1/holds",
        {"library": desk.code, "card_number": reader.card_number, "record_id": title_out.pk},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["pickup_library"], body["record_id"]) == (
        "waiting",
        desk.code,
        title_out.pk,
    )
    assert Hold.objects.get(pk=body["hold_id"]).patron == reader


def test_a_refused_hold_is_409(client, minh, desk, reader, copy):
    response = post(
        client,
        minh,
        "/api/v1/holds",
        {"library": desk.code, "card_number": reader.card_number, "record_id": copy.bib_id},
    )
    assert response.status_code == 409
    assert response.json()["code"] == "copy_on_shelf"


def test_a_hold_at_another_library_is_404(client, minh, province, reader, title_out):
    response = post(
        client,
        minh,
        "/api/v1/holds",
        {
            "library": province["school"].code,
            "card_number": reader.card_number,
            "record_id": title_out.pk,
        },
    )
    assert response.status_code == 404


def test_holds_without_a_token_are_401(client):
    assert client.post("/api/v1/holds", {}, content_type="application/json").status_code == 401


def test_a_hold_with_a_field_missing_is_422(client, minh, desk):
    assert post(client, minh, "/api/v1/holds", {"library": desk.code}).status_code == 422


def test_a_hold_is_cancelled_with_a_reason(client, minh, desk, reader):
    hold = HoldFactory(patron=reader, pickup_library=desk)
    response = post(client, minh, f"/api/v1/holds/{hold.pk}/cancel", {"reason": "đổi ý"})
    assert response.status_code == 200
    assert response.json()["status"] == HoldStatus.CANCELLED
    hold.refresh_from_db()
    assert hold.cancel_reason == "đổi ý"


def test_commune_clerk_cannot_see_or_cancel_a_school_hold(client, minh, school_hold):
    assert client.get(f"/api/v1/holds/{school_hold.pk}", headers=bearer(minh)).status_code == 404
    response = post(client, minh, f"/api/v1/holds/{school_hold.pk}/cancel", {})
    assert response.status_code == 404
    assert response.json()["code"] == "hold_not_found"
    school_hold.refresh_from_db()
    assert school_hold.status == HoldStatus.WAITING


def test_cancel_hold_without_a_token_is_401(client, school_hold):
    response = client.post(
        f"/api/v1/holds/{school_hold.pk}/cancel", {}, content_type="application/json"
    )
    assert response.status_code == 401


# --- visits --------------------------------------------------------------------------------


def test_the_days_visits_are_entered(client, minh, desk):
    response = post(
        client, minh, "/api/v1/visits", {"library": desk.code, "date": "2026-03-02", "count": 42}
    )
    assert response.status_code == 200, response.content
    assert response.json() == {
        "library": desk.code,
        "date": "2026-03-02",
        "source": "manual",
        "count": 42,
        "total": 42,
    }


def test_visits_for_another_library_are_404(client, minh, province):
    response = post(
        client,
        minh,
        "/api/v1/visits",
        {"library": province["school"].code, "date": "2026-03-02", "count": 42},
    )
    assert response.status_code == 404
    assert not VisitCount.objects.exists()


def test_negative_visits_are_refused_naming_the_field(client, minh, desk):
    response = post(
        client, minh, "/api/v1/visits", {"library": desk.code, "date": "2026-03-02", "count": -4}
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_request"
    assert [entry["field"] for entry in response.json()["detail"]] == ["count"]


def test_visits_without_a_token_are_401(client):
    assert client.post("/api/v1/visits", {}, content_type="application/json").status_code == 401


def test_visits_with_a_date_that_is_not_a_date_are_422(client, minh, desk):
    response = post(
        client, minh, "/api/v1/visits", {"library": desk.code, "date": "hôm qua", "count": 4}
    )
    assert response.status_code == 422
