"""One phone rule and one date-of-birth window for readers, wherever a reader is typed in:
the desk form, the API, a class list. Refusals are 4xx, in Vietnamese, naming the field."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.urls import reverse
from openpyxl import Workbook

from libnet.core import clock, tokens
from libnet.patrons import imports, policies
from libnet.patrons.models import Patron
from tests.factories import category


@pytest.mark.parametrize(
    ("phone", "valid"),
    [
        ("0912 345 678", True),
        ("0912.345.678", True),
        ("0912-345-678", True),
        ("0387654321", True),  # Viettel's 03x since the 2018 renumbering
        ("+84 912 345 678", True),
        ("84912345678", True),  # Excel dropped the +
        ("(024) 3825 1234", True),  # a Hà Nội landline: 11 digits from 02
        ("abc", False),
        ("0912 abc 678", False),
        ("09123456", False),  # too short
        ("091234567890", False),  # too long
        ("1912345678", False),  # no leading 0
        ("0112345678", False),  # 01x is no mobile prefix any more
        ("+1 202 555 0100", False),
        ("0912345678 hoặc 0987654321", False),  # two numbers in one field
        ("", False),
    ],
)
def test_the_one_rule_for_a_vietnamese_phone_number(phone, valid):
    assert policies.is_valid_phone(phone) is valid


def _bearer(persona):
    return {"Authorization": f"Bearer {tokens.create_api_token(user=persona.user)}"}


def _api(client, persona, **changes):
    body = {"library": "SL-TANLAP", "name": "Hà Thị Xuân", "category": "adult", **changes}
    return client.post(
        "/api/v1/patrons",
        json.dumps(body),
        content_type="application/json",
        headers=_bearer(persona),
    )


def _form(client, persona, province, **changes):
    data = {
        "library": province["commune"].pk,
        "full_name": "Hà Thị Xuân",
        "birth_date": "1985-04-30",
        "category": category("adult").pk,
        "reader_consents": "on",
        **changes,
    }
    client.force_login(persona.user)
    return client.post(reverse("patrons:issue"), data)


@pytest.mark.parametrize("phone", ["abc", "0912 abc 678", "12345"])
def test_a_phone_number_that_is_no_phone_is_refused_by_the_api_and_the_form(
    client, minh, province, phone
):
    response = _api(client, minh, phone=phone)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_phone"
    assert phone in response.json()["message"]
    assert "số điện thoại" in response.json()["message"].lower()
    page = _form(client, minh, province, phone=phone)
    assert page.status_code == 200
    assert list(page.context["form"].errors) == ["phone"]
    assert not Patron.objects.exists()


@pytest.mark.parametrize("birth_date", ["2099-01-01", "1899-12-31", "1026-05-01"])
def test_a_date_of_birth_out_of_the_historical_window_is_refused_by_the_api_and_the_form(
    client, minh, province, birth_date
):
    response = _api(client, minh, birth_date=birth_date)
    assert response.status_code == 400
    assert response.json()["code"] == "date_out_of_range"
    message = response.json()["message"]
    assert message.startswith("Ngày sinh")  # the field, then the window and what was typed
    assert "01/01/1900" in message
    page = _form(client, minh, province, birth_date=birth_date)
    assert page.status_code == 200
    assert list(page.context["form"].errors) == ["birth_date"]
    assert "Ngày sinh" in page.context["form"].errors["birth_date"][0]
    assert not Patron.objects.exists()


def test_tomorrow_is_not_a_date_of_birth_but_today_is(client, minh):
    today = clock.local_date()
    tomorrow = _api(client, minh, birth_date=(today + dt.timedelta(days=1)).isoformat())
    assert tomorrow.status_code == 400
    assert _api(client, minh, birth_date=today.isoformat(), name="Bé Na").status_code == 201


def test_a_class_list_refuses_the_rows_with_a_bad_phone_or_date_of_birth(an, province):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Họ và tên", "Ngày sinh", "Lớp", "SĐT phụ huynh"])
    sheet.append(["Lê Minh Khang", "05/09/2014", "6A", "0912 345 678"])
    sheet.append(["Đào Thu Trang", "12/12/2014", "6A", "không có"])
    sheet.append(["Vũ Văn Hậu", "12/12/2099", "6A", ""])
    sheet.append(["Mai Thị Lụa", "01/01/1899", "6A", ""])
    output = io.BytesIO()
    workbook.save(output)
    report = imports.import_pupils(
        school=province["school"], raw=output.getvalue(), filename="6a.xlsx", by=an.user
    )
    assert [row.action for row in report.rows] == ["created", "failed", "failed", "failed"]
    assert "không có" in report.rows[1].message
    assert report.rows[2].message.startswith("Ngày sinh")
    assert report.rows[3].message.startswith("Ngày sinh")
    assert list(Patron.objects.values_list("full_name", flat=True)) == ["Lê Minh Khang"]
