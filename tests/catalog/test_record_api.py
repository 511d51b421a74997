"""The records API: POST /records (MARC-in-JSON or MARCXML), PUT /records/{id}, GET with a
format; duplicates, validation and the rule of who may change a shared record."""

from __future__ import annotations

import json

import pymarc
import pytest

from libnet.catalog import marc, services
from libnet.catalog.models import BibRecord, Item, RecordTombstone
from libnet.core import audit, tokens
from tests.factories import ItemFactory, make_marc

MARCXML = "application/marcxml+xml"


def _auth(persona):
    return {"Authorization": f"Bearer {tokens.create_api_token(user=persona.user)}"}


def _json(**kwargs):
    return marc.record_to_json(make_marc(**kwargs))


def _post(client, persona, body, query="", content_type="application/json"):
    data = json.dumps(body, ensure_ascii=False) if isinstance(body, dict) else body
    return client.post(
        f"/api/v1/records{query}", data, content_type=content_type, headers=_auth(persona)
    )


@pytest.fixture
def so_do(lan):
    """Số đỏ, catalogued by the provincial library."""
    return services.create_record(
        marc_record=make_marc(title="Số đỏ", isbn="9786042101233"),
        by=lan.user,
        library=lan.library,
    )


def test_a_cataloguer_creates_a_record_from_marc_in_json(client, minh, province):
    response = _post(client, minh, _json(title="Sổ tay nuôi ong"))
    assert response.status_code == 201
    bib = BibRecord.objects.get(pk=response.json()["id"])
    assert (bib.title, bib.created_at_library) == ("Sổ tay nuôi ong", province["commune"])
    assert audit.entries_for(bib).get().action == "record.create"


def test_a_cataloguer_creates_a_record_from_marcxml(client, minh):
    xml = pymarc.record_to_xml(make_marc(title="Truyện Kiều"), namespace=True)
    response = _post(client, minh, xml, content_type=MARCXML)
    assert response.status_code == 201
    assert BibRecord.objects.get(pk=response.json()["id"]).title == "Truyện Kiều"


def test_title_in_decomposed_unicode_is_stored_in_nfc(client, minh):
    body = json.dumps(_json(title="Số đỏ"), ensure_ascii=False)
    decomposed = body.replace("Số đỏ", "So\u0302\u0301 đo\u0309")
    response = _post(client, minh, decomposed, query="?allow_duplicate=true")
    assert response.status_code == 201
    assert BibRecord.objects.get(pk=response.json()["id"]).title == "Số đỏ"


def test_holdings_fields_create_no_copies(client, minh):
    record = _json(title="Có 852")
    record["fields"].append(
        {"852": {"ind1": " ", "ind2": " ", "subfields": [{"a": "SL-TANLAP"}, {"p": "TL9"}]}}
    )
    response = _post(client, minh, record)
    assert response.status_code == 201
    bib = BibRecord.objects.get(pk=response.json()["id"])
    assert not Item.objects.filter(bib=bib).exists()
    assert not any("852" in entry for entry in bib.marc_json["fields"])


def test_a_duplicate_is_a_409_with_the_existing_record_unless_allowed(client, minh, so_do):
    again = _json(title="Số đỏ", isbn="9786042101233")
    response = _post(client, minh, again)
    assert response.status_code == 409
    assert response.json()["code"] == "duplicate_record"
    assert response.json()["existing_id"] == so_do.pk
    assert "Số đỏ" in response.json()["message"]
    assert BibRecord.objects.count() == 1
    assert _post(client, minh, again, query="?allow_duplicate=true").status_code == 201
    assert BibRecord.objects.count() == 2


def test_a_record_breaking_the_marc_table_is_a_422_naming_each_problem(client, minh):
    record = _json(title="Sai")
    for entry in record["fields"]:
        if "245" in entry:
            entry["245"]["ind1"] = "9"
            entry["245"]["subfields"].append({"a": "lần hai"})
    response = _post(client, minh, record)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_marc"
    assert body["detail"] == [
        {
            "tag": "245",
            "indicator": 1,
            "subfield": None,
            "message": "Chỉ thị 1 của trường 245 không thể là “9”; giá trị được phép: 0, 1.",
            "field": "fields",
        },
        {
            "tag": "245",
            "indicator": None,
            "subfield": "a",
            "message": "Trường con $a chỉ được xuất hiện một lần trong trường 245 (Thông tin về nhan đề).",
            "field": "fields",
        },
    ]
    assert not BibRecord.objects.exists()


def test_a_leader_that_breaks_iso_2709_is_a_422_and_nothing_is_written(client, minh):
    record = _json(title="Đầu biểu hỏng")
    record["leader"] = "00000nam a3300000 i 45xx"
    response = _post(client, minh, record)
    assert response.status_code == 422
    messages = [problem["message"] for problem in response.json()["detail"]]
    assert (
        "Vị trí 10–11 của đầu biểu phải là “22” trong mọi biểu ghi MARC 21, không phải “33”."
        in messages
    )
    assert any("20–23" in message and "4500" in message for message in messages)
    assert not BibRecord.objects.exists()


@pytest.mark.parametrize(
    ("body", "content_type", "status", "code"),
    [
        ("{not json", "application/json", 422, "unreadable_marc"),
        ('{"leader": 5}', "application/json", 422, "unreadable_marc"),
        ("<record><leader>", MARCXML, 422, "unreadable_marc"),
        ('<!DOCTYPE r [<!ENTITY a "aaaa">]><record/>', MARCXML, 422, "unreadable_marc"),
        ("<collection/>", MARCXML, 422, "unreadable_marc"),
        ("title=Số đỏ", "text/plain", 415, "unsupported_media_type"),
    ],
)
def test_an_unreadable_body_is_refused_with_nothing_written(
    client, minh, body, content_type, status, code
):
    response = _post(client, minh, body, content_type=content_type)
    assert (response.status_code, response.json()["code"]) == (status, code)
    assert response.json()["message"]
    assert not BibRecord.objects.exists()


def test_the_creating_library_replaces_its_record_keeping_its_copies(client, lan, so_do):
    record = _json(title="Số đỏ : tiểu thuyết", isbn="9786042101233")
    response = client.put(
        f"/api/v1/records/{so_do.pk}",
        json.dumps(record, ensure_ascii=False),
        content_type="application/json",
        headers=_auth(lan),
    )
    assert response.status_code == 200
    so_do.refresh_from_db()
    assert so_do.title == "Số đỏ : tiểu thuyết"


def test_other_library_staff_are_refused_on_every_write(client, an, so_do):
    """An catalogues at the school; Số đỏ belongs to the provincial library."""
    record = _json(title="Đổi tên")
    response = client.put(
        f"/api/v1/records/{so_do.pk}",
        json.dumps(record, ensure_ascii=False),
        content_type="application/json",
        headers=_auth(an),
    )
    assert response.status_code == 403
    assert response.json()["code"] == "record_of_another_library"
    so_do.refresh_from_db()
    assert so_do.title == "Số đỏ"


def test_staff_without_cataloguing_cannot_create_but_may_read(client, chi, so_do):
    response = _post(client, chi, _json(title="Báo cáo"))
    assert response.status_code in (403, 404)
    assert not BibRecord.objects.filter(title="Báo cáo").exists()


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [("", "application/json"), ("marcjson", "application/json"), ("marcxml", MARCXML)],
)
def test_any_staff_reads_a_record_in_each_format(client, an, so_do, fmt, content_type):
    response = client.get(
        f"/api/v1/records/{so_do.pk}", {"format": fmt} if fmt else {}, headers=_auth(an)
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    if fmt == "marcjson":
        assert response.json() == so_do.marc_json
    elif fmt == "marcxml":
        parsed = pymarc.parse_xml_to_array(__import__("io").BytesIO(response.content))[0]
        assert parsed["245"]["a"] == "Số đỏ /"
    else:
        assert response.json()["title"] == "Số đỏ"
        assert response.json()["isbns"] == ["9786042101233"]


def test_a_record_with_copies_is_not_deleted_over_the_api(client, lan, so_do):
    ItemFactory(bib=so_do, home_library=lan.library)
    response = client.delete(f"/api/v1/records/{so_do.pk}", headers=_auth(lan))
    assert response.status_code == 400
    assert response.json()["code"] == "record_has_items"
    assert BibRecord.objects.filter(pk=so_do.pk).exists()


def test_a_record_without_copies_is_deleted_over_the_api_by_its_library_only(
    client, lan, an, so_do
):
    response = client.delete(f"/api/v1/records/{so_do.pk}", headers=_auth(an))
    assert response.status_code == 403
    assert BibRecord.objects.filter(pk=so_do.pk).exists()
    assert client.delete(f"/api/v1/records/{so_do.pk}", headers=_auth(lan)).status_code == 204
    assert RecordTombstone.objects.filter(record_id=so_do.pk).exists()
    assert not BibRecord.objects.filter(pk=so_do.pk).exists()


def test_a_summary_longer_than_one_iso_2709_field_holds_is_refused_and_nothing_is_written(
    client, minh
):
    """4,000 Vietnamese letters are 12,000 bytes in UTF-8, past the 9,999 a field may hold:
    saved, the record would be exported as a file no reader can open."""
    record = _json(title="Tóm tắt quá dài")
    record["fields"].append({"520": {"ind1": " ", "ind2": " ", "subfields": [{"a": "ệ" * 4000}]}})
    response = _post(client, minh, record)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_marc"
    assert [(p["tag"], p["field"]) for p in body["detail"]] == [("520", "fields")]
    assert not BibRecord.objects.exists()


def test_a_record_longer_than_iso_2709_holds_is_refused_on_replace(client, lan, so_do):
    record = _json(title="Số đỏ")
    record["fields"] += [
        {"500": {"ind1": " ", "ind2": " ", "subfields": [{"a": "ệ" * 3000}]}} for _ in range(12)
    ]
    response = client.put(
        f"/api/v1/records/{so_do.pk}",
        json.dumps(record, ensure_ascii=False),
        content_type="application/json",
        headers=_auth(lan),
    )
    assert response.status_code == 422
    assert response.json()["detail"][-1]["tag"] == ""
    so_do.refresh_from_db()
    assert "500" not in {next(iter(f)) for f in so_do.marc_json["fields"]}
