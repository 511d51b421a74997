"""What the API refuses, through the API: each case a client met as a 500 or a silent change.

Each refusal is a 422 `{"code", "message", "detail"}` whose detail names the field and the
reason in Vietnamese, and nothing is written.
"""

from __future__ import annotations

import json

import pytest

from libnet.circulation.models import Hold, Loan, VisitCount
from libnet.core import tokens
from libnet.patrons.models import Patron
from libnet.planning.models import AnnualPlan
from libnet.rotation.models import RotationBatch, Transfer
from tests.factories import HoldFactory, ItemFactory, PatronFactory

pytestmark = pytest.mark.django_db


def bearer(persona) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens.create_api_token(user=persona.user)}"}


def post_raw(client, persona, url: str, body: str | bytes):
    return client.post(url, body, content_type="application/json", headers=bearer(persona))


def post(client, persona, url: str, body: dict):
    return post_raw(client, persona, url, json.dumps(body))


def refused_fields(response) -> list[str]:
    assert response.status_code == 422, response.content
    assert response.json()["code"] == "invalid_request"
    return [entry["field"] for entry in response.json()["detail"]]


@pytest.fixture
def desk(province):
    return province["commune"]


@pytest.fixture
def reader(desk):
    return PatronFactory(home_library=desk, full_name="Hoàng Văn Tú")


@pytest.fixture
def copy(desk):
    return ItemFactory(home_library=desk, barcode="TL0000001")


def _nothing_written() -> dict[str, int]:
    models = (Patron, Loan, Hold, VisitCount, RotationBatch, Transfer, AnnualPlan)
    return {model.__name__: model.objects.count() for model in models}


# The eight endpoints that answered a lone surrogate with a 500: each body is right but for
# one field holding "\ud800", which Python's JSON reader accepts and no database can store.
SURROGATE_BODIES = [
    ("/api/v1/patrons", {"library": "SL-TANLAP", "name": "\ud800", "category": "adult"}, "name"),
    (
        "/api/v1/circulation/checkout",
        {"library": "SL-TANLAP", "card_number": "\ud800", "item_barcode": "TL0000001"},
        "card_number",
    ),
    (
        "/api/v1/circulation/checkin",
        {"library": "SL-TANLAP", "item_barcode": "\ud800"},
        "item_barcode",
    ),
    ("/api/v1/holds", {"library": "\ud800", "card_number": "X", "record_id": 1}, "library"),
    ("/api/v1/visits", {"library": "\ud800", "date": "2026-03-02", "count": 4}, "library"),
    (
        "/api/v1/rotation/batches",
        {
            "from_library": "SL-TVT",
            "to_library": "SL-TANLAP",
            "planned_start": "2026-12-01",
            "planned_end": "2027-03-01",
            "purpose": "\ud800",
        },
        "purpose",
    ),
    (
        "/api/v1/transfers",
        {"barcode": "TL0000001", "to_library": "SL-TVT", "note": "\ud800"},
        "note",
    ),
    (
        "/api/v1/plans",
        {"library": "SL-TANLAP", "year": 2026, "targets": {"\ud800": 5}},
        "targets.?.[key]",
    ),
]


@pytest.mark.parametrize(
    ("url", "body", "field"), SURROGATE_BODIES, ids=[url for url, _, _ in SURROGATE_BODIES]
)
def test_a_lone_surrogate_is_refused_naming_its_field(client, minh, reader, copy, url, body, field):
    before = _nothing_written()
    response = post(client, minh, url, body)
    assert field in refused_fields(response)
    entry = response.json()["detail"][0]
    assert entry["type"] == "lone_surrogate"
    assert "ký tự hỏng (U+D800" in entry["msg"]
    assert response.json()["message"].startswith("Yêu cầu không hợp lệ: ")
    assert _nothing_written() == before


def test_a_visit_count_past_any_column_is_refused_not_an_overflow(client, minh, desk):
    for count in (2**63, 2**31, 10_001, -4):
        response = post(
            client,
            minh,
            "/api/v1/visits",
            {"library": desk.code, "date": "2026-03-02", "count": count},
        )
        assert refused_fields(response) == ["count"]
        assert response.json()["detail"][0]["msg"] == (
            "count phải nằm trong khoảng từ 0 đến 10.000."
        )
    assert not VisitCount.objects.exists()


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("true", "not_an_integer"),
        ("1.5", "not_an_integer"),
        ("2.0", "not_an_integer"),
        ('"15"', "not_an_integer"),
        ("NaN", "not_finite"),
        ("Infinity", "not_finite"),
        ("-Infinity", "not_finite"),
        ("1e400", "not_finite"),
        ("9" * 5000, "out_of_range"),
        ("null", "not_an_integer"),
        ("[4]", "not_an_integer"),
    ],
)
def test_a_count_that_is_not_a_whole_number_is_refused(client, minh, desk, raw, reason):
    """JSON `true` is not 1, NaN and 1e400 are not numbers, "15" is text."""
    body = f'{{"library": "{desk.code}", "date": "2026-03-02", "count": {raw}}}'
    response = post_raw(client, minh, "/api/v1/visits", body)
    assert refused_fields(response) == ["count"]
    assert response.json()["detail"][0]["type"] == reason
    assert not VisitCount.objects.exists()


def test_a_million_character_name_is_refused_not_cut(client, minh, desk):
    response = post(
        client,
        minh,
        "/api/v1/patrons",
        {"library": desk.code, "name": "A" * 1_000_000, "category": "adult"},
    )
    assert refused_fields(response) == ["name"]
    assert response.json()["detail"][0]["msg"] == (
        "name quá dài: tối đa 200 ký tự (hiện có 1.000.000)."
    )
    assert not Patron.objects.exists()


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("Nguyễn\x00Văn A", "control_character"),
        ("Nguyễn\x1bVăn A", "control_character"),
        ("Nguyễn\x85Văn A", "control_character"),
        ("Nguyễn\nVăn A", "not_one_line"),
        ("\ufffd\ufffd\ufffd\ufffd\ufffd", "replacement_character"),
    ],
)
def test_a_name_with_characters_no_one_types_is_refused(client, minh, desk, name, reason):
    """A NUL would fail on PostgreSQL; � marks text already damaged by a wrong encoding."""
    response = post(
        client, minh, "/api/v1/patrons", {"library": desk.code, "name": name, "category": "adult"}
    )
    assert refused_fields(response) == ["name"]
    assert response.json()["detail"][0]["type"] == reason
    assert not Patron.objects.exists()


def test_a_name_typed_in_decomposed_unicode_is_stored_composed(client, minh, desk):
    response = post(
        client,
        minh,
        "/api/v1/patrons",
        {"library": desk.code, "name": "Nguye\u0302\u0303n Va\u0306n A", "category": "adult"},
    )
    assert response.status_code == 201, response.content
    assert Patron.objects.get().full_name == "Nguyễn Văn A"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"library": "SL-TANLAP", "year": 2026},
        {"library": "SL-TANLAP", "year": 2026, "targets": {}},
    ],
)
def test_an_empty_plan_is_refused(client, chi, province, body):
    response = post(client, chi, "/api/v1/plans", body)
    assert "targets" in refused_fields(response)
    assert not AnnualPlan.objects.exists()


def test_a_body_that_is_not_utf8_is_refused(client, minh, desk):
    body = b'{"library": "SL-TANLAP", "date": "2026-03-02", "count": 4, "source": "\xff\xfe"}'
    response = post_raw(client, minh, "/api/v1/visits", body)
    assert refused_fields(response) == [""]
    assert response.json()["detail"][0]["msg"] == (
        "nội dung yêu cầu không phải văn bản UTF-8 hợp lệ; hãy gửi lại dưới dạng UTF-8."
    )
    assert not VisitCount.objects.exists()


# --- the public search ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("page=99999999999999999999", "page"),
        ("page=0", "page"),
        ("page=1.5", "page"),
        ("page_size=-5", "page_size"),
        ("year_from=99999999999999999999", "year_from"),
        ("year_to=-2026", "year_to"),
        ("q=%00", "q"),
        ("q=%FF%FE", "q"),
        ("q=" + "a" * 1001, "q"),
    ],
)
def test_a_search_parameter_out_of_bounds_is_refused_as_the_opac_refuses_it(
    client, db, query, field
):
    response = client.get(f"/api/v1/search?{query}")
    assert refused_fields(response) == [field]


def test_a_search_within_bounds_still_answers(client, db):
    response = client.get("/api/v1/search?q=&page=10000&page_size=5000&year_from=1000")
    assert response.status_code == 200
    assert response.json()["page_size"] == 100  # a larger page is cut, as documented


def test_a_body_larger_than_the_server_reads_is_refused_in_json(client, minh):
    body = '{"library": "' + "x" * (11 * 1024 * 1024) + '"}'
    response = post_raw(client, minh, "/api/v1/visits", body)
    assert response.status_code == 413
    assert response.json() == {"code": "request_too_large", "message": "Yêu cầu quá lớn."}


# --- another library's objects -------------------------------------------------------------


@pytest.mark.parametrize(
    ("reason", "status"),
    [("x" * 1_000_000, 422), ("Hủy\x00", 422), ("\ud800", 422), ("Bạn đọc không đến lấy", 404)],
)
def test_another_librarys_hold_is_not_cancelled_whatever_the_reason_sent(
    client, minh, province, reason, status
):
    """The body is checked before the hold is looked up, so a refusal of the body tells
    nothing about the hold; a fitting body meets the 404 of a hold that is not Minh's."""
    school = province["school"]
    hold = HoldFactory(patron=PatronFactory(home_library=school), pickup_library=school)
    response = post(client, minh, f"/api/v1/holds/{hold.pk}/cancel", {"reason": reason})
    assert response.status_code == status
    hold.refresh_from_db()
    assert (hold.status, hold.cancel_reason) == ("waiting", "")


def test_a_hold_id_no_column_holds_is_refused_not_looked_up(client, minh):
    response = post(client, minh, f"/api/v1/holds/{'9' * 25}/cancel", {"reason": ""})
    assert refused_fields(response) == ["hold_id"]
