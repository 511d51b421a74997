"""The matrix through the doors users touch: every reader page and API call, for the library
that issued the card, a library the reader only used, and any other library.

Bình's card was issued by Tân Lập school (An); he once borrowed at Tân Lập commune (Minh).
Tài only ever used the school. Minh must see Bình's name, card and loans at the commune, never
his date of birth, phone or address, and may change, export or erase neither of them.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse

from libnet.core import tokens
from libnet.core.models import AuditEntry
from libnet.patrons.models import Consent, Patron, PatronStatus
from tests.factories import ItemFactory, LoanFactory, PatronFactory, category
from tests.html import visible_text


@pytest.fixture
def tai(province):
    """A pupil who only ever used the school library: the "other library" for Minh."""
    return PatronFactory(
        home_library=province["school"],
        school=province["school"],
        school_class="6A",
        category=category("pupil"),
        full_name="Võ Văn Tài",
        card_number="THCSTANLAP2026000001",
        birth_date=dt.date(2014, 1, 1),
        phone="0933 123 456",
    )


@pytest.fixture
def binh_details(binh):
    binh.phone = "0912 000 111"
    binh.address = "Thôn Đồng Xuân, xã Tân Lập"
    binh.save()
    return binh


def _state(patron: Patron) -> tuple:
    patron.refresh_from_db()
    return (
        patron.status,
        patron.card_valid_until,
        patron.pin_hash,
        patron.school_class,
        patron.phone,
        patron.full_name,
        patron.consents.count(),
    )


# (method, url name, form data): every page that changes, prints, exports or erases a reader.
CHANGE_PAGES = [
    ("post", "patrons:renew", {}),
    ("post", "patrons:block", {"reason": "Làm mất sách"}),
    ("post", "patrons:unblock", {}),
    ("post", "patrons:set_pin", {"pin": "2468"}),
    ("post", "patrons:record_consent", {"given_by": "guardian", "giver_name": "Võ Văn Ba"}),
    ("post", "patrons:change_class", {"school_class": "9C"}),
    ("get", "patrons:card_pdf", {}),
    ("get", "patrons:export", {}),
    ("get", "patrons:erase", {}),
    ("post", "patrons:erase", {"confirm": "on", "reason": "Yêu cầu"}),
]

# (method, path under /api/v1/patrons/{id}, JSON body): the same through the API.
CHANGE_CALLS = [
    ("patch", "", {"phone": "0987 654 321"}),
    ("post", "/renew", {}),
    ("post", "/block", {"reason": "Làm mất sách"}),
    ("post", "/unblock", {}),
    ("post", "/pin", {"pin": "2468"}),
    ("post", "/consents", {"given_by": "guardian", "giver_name": "Võ Văn Ba"}),
    ("get", "/export", None),
    ("post", "/erase", {"reason": "Yêu cầu"}),
]


def _auth(persona):
    return {"Authorization": f"Bearer {tokens.create_api_token(user=persona.user)}"}


def _call(client, persona, method, patron, path, body):
    url = f"/api/v1/patrons/{patron.pk}{path}"
    if body is None:
        return getattr(client, method)(url, headers=_auth(persona))
    return getattr(client, method)(
        url, json.dumps(body), content_type="application/json", headers=_auth(persona)
    )


@pytest.mark.parametrize(("method", "name", "data"), CHANGE_PAGES)
def test_a_library_the_reader_only_used_gets_403_for_every_change_page(
    client, minh, binh, method, name, data
):
    before = _state(binh)
    client.force_login(minh.user)
    response = getattr(client, method)(reverse(name, args=[binh.pk]), data)
    assert response.status_code == 403
    assert "Thư viện Trường THCS Tân Lập" in response.content.decode()
    assert _state(binh) == before
    assert not AuditEntry.objects.filter(actor=minh.user).exists()


@pytest.mark.parametrize(("method", "name", "data"), CHANGE_PAGES)
def test_any_other_library_gets_404_for_every_change_page(client, minh, tai, method, name, data):
    before = _state(tai)
    client.force_login(minh.user)
    response = getattr(client, method)(reverse(name, args=[tai.pk]), data)
    assert response.status_code == 404
    assert _state(tai) == before


@pytest.mark.parametrize(("method", "path", "body"), CHANGE_CALLS)
def test_a_library_the_reader_only_used_gets_403_for_every_change_call(
    client, minh, binh, method, path, body
):
    before = _state(binh)
    response = _call(client, minh, method, binh, path, body)
    assert response.status_code == 403
    assert response.json()["code"] == "issuing_library_only"
    assert "Thư viện Trường THCS Tân Lập" in response.json()["message"]
    assert _state(binh) == before
    assert not AuditEntry.objects.filter(actor=minh.user).exists()


@pytest.mark.parametrize(("method", "path", "body"), CHANGE_CALLS)
def test_any_other_library_gets_404_for_every_change_call(client, minh, tai, method, path, body):
    before = _state(tai)
    response = _call(client, minh, method, tai, path, body)
    assert response.status_code == 404
    assert response.json()["code"] == "patron_not_found"
    assert _state(tai) == before


def test_the_issuing_library_changes_exports_and_erases_through_the_api(client, an, binh):
    binh.loans.all().delete()
    assert _call(client, an, "patch", binh, "", {"phone": "0987 654 321"}).status_code == 200
    assert _call(client, an, "post", binh, "/renew", {}).status_code == 200
    assert _call(client, an, "post", binh, "/block", {"reason": "Sách rách"}).json()["status"] == (
        "blocked"
    )
    assert _call(client, an, "post", binh, "/unblock", {}).status_code == 200
    assert _call(client, an, "post", binh, "/pin", {"pin": "2468"}).status_code == 200
    exported = _call(client, an, "get", binh, "/export", None)
    assert exported.json()["profile"]["phone"] == "0987 654 321"
    assert _call(client, an, "post", binh, "/erase", {"reason": ""}).json()["status"] == "erased"


def test_the_issuing_library_uses_every_change_page(client, an, binh):
    client.force_login(an.user)
    for method, name, data in CHANGE_PAGES:
        response = getattr(client, method)(reverse(name, args=[binh.pk]), data)
        assert response.status_code in (200, 302), name
    binh.refresh_from_db()
    assert binh.status == PatronStatus.ERASED


def test_the_library_used_sees_name_card_state_and_its_own_loans_only(
    client, minh, an, province, binh_details
):
    LoanFactory(patron=binh_details, item=ItemFactory(home_library=province["commune"]))
    at_school = LoanFactory(
        patron=binh_details, item=ItemFactory(home_library=province["school"], barcode="HS-7")
    )
    client.force_login(minh.user)
    page = client.get(reverse("patrons:detail", args=[binh_details.pk])).content.decode()
    assert "Phạm Văn Bình" in page
    assert "HS2026000123" in page
    for personal in (
        "10/02/2014",
        "0912 000 111",
        "Đồng Xuân",
        "7A",
        "Phạm Văn Bình (",
        "Học sinh",
    ):
        assert personal not in page, personal
    assert "Đồng ý" not in page
    assert "Consent" not in page
    assert at_school.item.barcode not in page  # a loan at the school is the school's business
    for action in ("export", "erase", "renew", "block", "set_pin"):
        assert reverse(f"patrons:{action}", args=[binh_details.pk]) not in page
    client.force_login(an.user)
    full = client.get(reverse("patrons:detail", args=[binh_details.pk])).content.decode()
    for personal in ("10/02/2014", "0912 000 111", at_school.item.barcode):
        assert personal in full


def test_the_api_gives_the_library_used_a_minimal_reader(client, minh, an, binh_details):
    minimal = client.get(f"/api/v1/patrons/{binh_details.pk}", headers=_auth(minh)).json()
    assert minimal["view"] == "minimal"
    assert (minimal["name"], minimal["card_number"], minimal["card_state"]) == (
        "Phạm Văn Bình",
        "HS2026000123",
        "valid",
    )
    for field in ("birth_date", "phone", "address", "email", "school", "school_class", "category"):
        assert minimal[field] is None, field
    full = client.get(f"/api/v1/patrons/{binh_details.pk}", headers=_auth(an)).json()
    assert full["view"] == "full"
    assert full["birth_date"] == "2014-02-10"
    assert full["phone"] == "0912 000 111"


def test_the_reader_list_hides_class_and_category_of_a_reader_used_here(client, minh, binh):
    client.force_login(minh.user)
    page = client.get(reverse("patrons:list")).content.decode()
    assert "Phạm Văn Bình" in page
    assert "7A" not in visible_text(page)
    assert "Học sinh" not in page
    listing = client.get("/api/v1/patrons", {"q": "binh"}, headers=_auth(minh)).json()
    assert listing[0]["category"] is None


def test_withdrawing_a_consent_of_bình_is_403_for_the_commune(client, minh, binh):
    consent = Consent.objects.filter(patron=binh).first()
    client.force_login(minh.user)
    url = reverse("patrons:withdraw_consent", args=[binh.pk, consent.pk])
    assert client.post(url).status_code == 403
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


def test_the_overdue_list_and_letters_of_the_commune_leave_out_bình_s_contacts(
    client, minh, province, binh_details
):
    from tests.factories import NOW

    LoanFactory(
        patron=binh_details,
        item=ItemFactory(home_library=province["commune"]),
        library=province["commune"],
        loaned_at=NOW - dt.timedelta(days=40),
        due_on=NOW.date() - dt.timedelta(days=20),
    )
    client.force_login(minh.user)
    page = client.get(reverse("circulation:overdue"), {"library": "SL-TANLAP"})
    text = page.content.decode()
    assert "Phạm Văn Bình" in text
    assert "0912 000 111" not in text
    assert ">7A<" not in text
    from libnet.circulation import documents
    from libnet.circulation.models import Loan

    letters = documents.overdue_letters(
        Loan.objects.filter(patron=binh_details).select_related("item__bib", "patron"),
        on=NOW.date(),
        personal=lambda patron: patron.home_library_id == province["commune"].pk,
    )
    assert (letters[0].address, letters[0].school_class) == ("", "")


# ---------------------------------------------------------------- the ILL page's reader lookup


def test_a_cataloguer_sees_no_reader_on_the_ill_page_and_cannot_look_up_cards(
    client, lan, province, binh
):
    """Lan moves copies for the province but works with no readers."""
    from libnet.rotation.models import IllRequest
    from tests.factories import BibRecordFactory

    IllRequest.objects.create(
        patron=binh,
        home_library=province["school"],
        bib=BibRecordFactory(),
        lending_library=province["provincial"],
        requested_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
    )
    client.force_login(lan.user)
    page = client.get(reverse("rotation:ill_list"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Phạm Văn Bình" not in text
    assert "HS2026000123" not in text
    assert 'name="card_number"' not in text
    for card in ("HS2026000123", "KHONGCO000"):  # a real card and a made-up one: one answer
        response = client.post(
            reverse("rotation:ill_list"),
            {"card_number": card, "record": 1, "lending_library": "SL-TVT"},
        )
        assert response.status_code == 404
    assert IllRequest.objects.count() == 1


def test_the_ill_form_finds_only_the_desk_s_own_readers_in_any_case(
    client, an, minh, province, binh
):
    from tests.factories import BibRecordFactory
    from tests.factories import ItemFactory as Copy

    bib = BibRecordFactory()
    Copy(bib=bib, home_library=province["provincial"])
    client.force_login(minh.user)  # Bình used the commune, but his card is the school's
    refused = client.post(
        reverse("rotation:ill_list"),
        {"card_number": "hs2026000123", "record": bib.pk, "lending_library": "SL-TVT"},
    )
    assert refused.status_code == 400
    client.force_login(an.user)
    done = client.post(
        reverse("rotation:ill_list"),
        {"card_number": " hs2026000123 ", "record": bib.pk, "lending_library": "SL-TVT"},
    )
    assert done.status_code == 302
