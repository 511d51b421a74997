"""A child's card is not usable until the consents its age needs are recorded, whatever
created it: the desk form, the API, a class list (page or command), the demo.

The rule is one (patrons.selectors.card_refusal); the desk, holds, renewals and the OPAC
sign-in obey it.
"""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook

from libnet.catalog.models import ItemStatus
from libnet.circulation.models import Loan
from libnet.core import clock, tokens
from libnet.opac import readers
from libnet.patrons import policies, selectors, services
from libnet.patrons.models import Consent, ConsentRole, Patron
from tests.factories import BibRecordFactory, ItemFactory


def _bearer(persona) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens.create_api_token(user=persona.user)}"}


def _post(client, persona, url, body):
    return client.post(
        url, json.dumps(body), content_type="application/json", headers=_bearer(persona)
    )


def _age_today(years: int) -> str:
    """A date of birth that makes a reader `years` old today (the real clock)."""
    today = clock.local_date()
    return (
        dt.date(today.year - years, 1, 1).isoformat()
        if today.month > 1
        else (dt.date(today.year - years - 1, 1, 1).isoformat())
    )


def _checkout(client, persona, library, card_number, barcode):
    return _post(
        client,
        persona,
        "/api/v1/circulation/checkout",
        {"library": library.code, "card_number": card_number, "item_barcode": barcode},
    )


# ---------------------------------------------------------------- the rule, as a table


@pytest.mark.parametrize(
    ("age", "given", "missing"),
    [
        (5, [], ["guardian"]),
        (5, ["guardian"], []),
        (11, ["guardian"], ["reader"]),  # a child of 7 or more consents too
        (11, ["reader", "guardian"], []),
        (15, ["reader"], ["guardian"]),
        (16, [], []),  # no longer a child: an adult's missing consent does not stop the card
        (None, [], []),  # unknown age: the services ask every child's date of birth
    ],
)
def test_the_consents_a_child_s_card_waits_for(age, given, missing):
    assert policies.card_consents_missing(age_years=age, given=given) == missing


@pytest.mark.parametrize(
    ("status", "missing", "expired", "code"),
    [
        ("erased", ["reader"], True, "card_erased"),
        ("blocked", ["reader"], True, "card_blocked"),
        ("active", ["reader"], True, "consent_missing"),
        ("active", [], True, "card_expired"),
        ("active", [], False, None),
    ],
)
def test_the_most_lasting_reason_is_given(status, missing, expired, code):
    today = dt.date(2026, 3, 2)
    refusal = policies.card_refusal(
        status=status,
        valid_until=today - dt.timedelta(days=1 if expired else -1),
        today=today,
        missing_consents=missing,
    )
    assert (refusal.code if refusal else None) == code


# ---------------------------------------------------------------- the class-list import


def _class_list(*rows, parent_column=False) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    header = ["Họ và tên", "Ngày sinh", "Lớp"] + (["Họ tên phụ huynh"] if parent_column else [])
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _import_page(client, school, raw, **fields):
    upload = SimpleUploadedFile("6A.xlsx", raw)
    preview = client.post(
        reverse("patrons:import"), {"school": school.pk, "file": upload, **fields}
    )
    assert preview.status_code == 200, preview.content.decode()[-2000:]
    return preview, client.post(reverse("patrons:import_confirm"))


def test_pupils_imported_without_consents_wait_and_the_desk_refuses_them(client, an, province):
    """The bug: the class list made cards of 11-year-olds with no consent, and the desk lent."""
    client.force_login(an.user)
    raw = _class_list(("Lê Minh Khang", "05/09/2014", "6A"))
    preview, _done = _import_page(client, province["school"], raw)
    assert "chờ" in preview.content.decode()  # the preview says the card will wait
    pupil = Patron.objects.get(name_folded="le minh khang")
    assert selectors.card_consents_missing(patron=pupil) == ["reader", "guardian"]
    ItemFactory(home_library=province["school"], barcode="TH0000001")
    refused = _checkout(client, an, province["school"], pupil.card_number, "TH0000001")
    assert refused.status_code == 409
    assert refused.json()["code"] == "consent_missing"
    assert "đồng ý" in refused.json()["message"]
    assert not Loan.objects.exists()
    # The school records both consents on the reader's page: the card can be used.
    detail = reverse("patrons:record_consent", args=[pupil.pk])
    client.post(detail, {"given_by": "reader"})
    client.post(detail, {"given_by": "guardian", "giver_name": "Lê Văn Hải"})
    lent = _checkout(client, an, province["school"], pupil.card_number, "TH0000001")
    assert lent.status_code == 201, lent.content


def test_the_school_s_collected_consents_are_recorded_with_who_and_when(client, an, province):
    client.force_login(an.user)
    raw = _class_list(
        ("Lê Minh Khang", "05/09/2014", "6A", "Lê Văn Hải"),
        ("Đào Thu Trang", "12/12/2014", "6A", ""),  # no parent named: her card waits
        parent_column=True,
    )
    forms_day = clock.local_date() - dt.timedelta(days=20)
    _preview, done = _import_page(
        client,
        province["school"],
        raw,
        consents_collected="on",
        consents_collected_on=forms_day.isoformat(),
        consents_collected_by="GVCN lớp 6A, cô Nguyễn Thị Hạnh",
    )
    assert done.status_code == 200
    khang = Patron.objects.get(name_folded="le minh khang")
    assert selectors.card_refusal(patron=khang) is None
    consents = {c.given_by: c for c in Consent.objects.filter(patron=khang)}
    assert consents["guardian"].giver_name == "Lê Văn Hải"
    assert consents["reader"].giver_name == "Lê Minh Khang"
    for consent in consents.values():
        assert consent.collected_by == "GVCN lớp 6A, cô Nguyễn Thị Hạnh"
        assert clock.local_date(consent.given_at) == forms_day
        assert consent.recorded_by == an.user
    trang = Patron.objects.get(name_folded="dao thu trang")
    assert selectors.card_refusal(patron=trang).code == "consent_missing"
    assert "1" in done.content.decode()  # "1 card waits for consent"


def test_the_consent_option_needs_a_date_and_who_collected_the_forms(client, an, province):
    client.force_login(an.user)
    upload = SimpleUploadedFile("6A.xlsx", _class_list(("Lê Minh Khang", "05/09/2014", "6A")))
    response = client.post(
        reverse("patrons:import"),
        {"school": province["school"].pk, "file": upload, "consents_collected": "on"},
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {
        "consents_collected_on",
        "consents_collected_by",
    }
    assert not Patron.objects.exists()


def test_the_import_command_records_collected_consents(an, province, tmp_path):
    path = tmp_path / "6a.xlsx"
    path.write_bytes(
        _class_list(("Lê Minh Khang", "05/09/2014", "6A", "Lê Văn Hải"), parent_column=True)
    )
    out = io.StringIO()
    call_command(
        "import_pupils",
        str(path),
        "--library",
        "sl-thcs-tanlap",
        "--consents-collected-on",
        (clock.local_date() - dt.timedelta(days=3)).isoformat(),
        "--consents-collected-by",
        "GVCN 6A",
        "--json",
        stdout=out,
    )
    assert json.loads(out.getvalue().splitlines()[-1])["waiting_for_consent"] == 0
    khang = Patron.objects.get()
    assert set(khang.consents.values_list("collected_by", flat=True)) == {"GVCN 6A"}


def test_the_import_command_without_consents_says_the_cards_wait(an, province, tmp_path):
    path = tmp_path / "6a.xlsx"
    path.write_bytes(_class_list(("Lê Minh Khang", "05/09/2014", "6A")))
    out = io.StringIO()
    call_command("import_pupils", str(path), "--library", "SL-THCS-TANLAP", "--json", stdout=out)
    assert json.loads(out.getvalue().splitlines()[-1])["waiting_for_consent"] == 1


# ---------------------------------------------------------------- the API and the desk form


def test_a_child_issued_through_the_api_without_consent_waits(client, minh, province):
    response = _post(
        client,
        minh,
        "/api/v1/patrons",
        {
            "library": "SL-TANLAP",
            "name": "Phạm Thị Na",
            "birth_date": _age_today(10),
            "category": "child",
        },
    )
    assert response.status_code == 201
    assert response.json()["card_waits_for"] == ["reader", "guardian"]
    ItemFactory(home_library=province["commune"], barcode="TL0000001")
    refused = _checkout(
        client, minh, province["commune"], response.json()["card_number"], "TL0000001"
    )
    assert (refused.status_code, refused.json()["code"]) == (409, "consent_missing")


def test_a_hold_and_a_renewal_obey_the_same_rule(client, an, province, binh):
    """Bình's parent withdrew consent: no new hold, no renewal at his school, until it is
    given again."""
    from tests.factories import LoanFactory

    school = province["school"]
    loan = LoanFactory(
        patron=binh,
        item=ItemFactory(home_library=school, status=ItemStatus.ON_LOAN),
        library=school,
    )
    for consent in binh.consents.all():
        services.withdraw_consent(consent=consent, by=None)
    title = BibRecordFactory()
    ItemFactory(bib=title, home_library=school, status=ItemStatus.ON_LOAN)
    hold = _post(
        client,
        an,
        "/api/v1/holds",
        {"library": school.code, "card_number": binh.card_number, "record_id": title.pk},
    )
    assert (hold.status_code, hold.json()["code"]) == (409, "consent_missing")
    renewal = _post(client, an, "/api/v1/circulation/renew", {"loan_id": loan.pk})
    assert (renewal.status_code, renewal.json()["code"]) == (409, "consent_missing")


def test_the_desk_form_still_refuses_a_child_without_consent(client, minh, province):
    from tests.factories import category

    client.force_login(minh.user)
    response = client.post(
        reverse("patrons:issue"),
        {
            "library": province["commune"].pk,
            "full_name": "Hà Thị Xuân",
            "birth_date": _age_today(9),
            "category": category("child").pk,
        },
    )
    assert response.status_code == 200
    assert {"reader_consents", "guardian_consents"} <= set(response.context["form"].errors)
    assert not Patron.objects.exists()


# ---------------------------------------------------------------- the OPAC


def test_a_child_without_consent_cannot_sign_in_to_the_opac_and_is_told_why(client, binh):
    binh.consents.filter(given_by=ConsentRole.GUARDIAN).delete()
    services.set_pin(patron=binh, pin="2468", by=None)
    response = client.post(
        reverse("opac:account_login"), {"card_number": binh.card_number, "pin": "2468"}
    )
    assert response.status_code == 403
    assert "đồng ý" in response.content.decode()
    assert readers.READER_SESSION_KEY not in client.session


def test_a_consent_withdrawn_signs_the_child_out_of_the_opac(client, binh):
    services.set_pin(patron=binh, pin="2468", by=None)
    client.post(reverse("opac:account_login"), {"card_number": binh.card_number, "pin": "2468"})
    assert client.get(reverse("opac:account")).status_code == 200
    services.withdraw_consent(consent=binh.consents.get(given_by="reader"), by=None)
    assert client.get(reverse("opac:account")).status_code == 302
    assert readers.READER_SESSION_KEY not in client.session
