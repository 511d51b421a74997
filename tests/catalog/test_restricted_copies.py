"""Restricted copies (Luật Thư viện Art. 7; TT 02/2020 Art. 31–32; NĐ 93 Art. 5–8): marked on
the library's list by its cataloguer, never lent at the desk or through the API, and the
OPAC offers the record's digital copy when the reader may see it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from libnet.catalog.models import Restriction
from libnet.circulation.models import Loan
from libnet.core import clock, tokens
from libnet.digital.models import Access, DigitalObject
from tests.factories import BibRecordFactory, ItemFactory, PatronFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sac_phong(province):
    """An old royal decree of Tân Lập commune, a copy on the commune library's shelf."""
    bib = BibRecordFactory(title="Sắc phong làng Tân Lập")
    return ItemFactory(bib=bib, home_library=province["commune"], barcode="TL0000777")


def test_a_cataloguer_marks_a_copy_restricted_and_it_is_on_the_librarys_list(
    client, minh, sac_phong
):
    client.force_login(minh.user)
    url = reverse("staff:restricted_items")
    response = client.post(
        url,
        {"barcode": "tl0000777", "restriction": "ancient_or_rare", "note": "Bản gốc thế kỷ XIX"},
    )
    assert response.status_code == 302
    sac_phong.refresh_from_db()
    assert sac_phong.restriction == Restriction.ANCIENT_OR_RARE
    page = client.get(url).content.decode()
    assert "Sắc phong làng Tân Lập" in page
    assert "Bản gốc thế kỷ XIX" in page
    assert "Bản gốc tài liệu cổ, quý hiếm" in page
    unknown = client.post(url, {"barcode": "TL0000777", "restriction": "secret-ish"})
    assert unknown.status_code == 400
    assert "Hãy chọn lý do" in unknown.content.decode()
    released = client.post(url, {"barcode": "TL0000777", "restriction": ""})
    assert released.status_code == 302
    sac_phong.refresh_from_db()
    assert sac_phong.restriction == ""


def test_staff_of_another_library_cannot_mark_its_copy(client, an, sac_phong):
    client.force_login(an.user)
    url = reverse("staff:restricted_items")
    response = client.post(url, {"barcode": "TL0000777", "restriction": "damaged"})
    assert response.status_code == 400
    sac_phong.refresh_from_db()
    assert sac_phong.restriction == ""
    assert "Sắc phong" not in client.get(url).content.decode()


def test_a_restricted_copy_is_refused_at_the_desk_and_through_the_api(client, minh, sac_phong):
    sac_phong.restriction = Restriction.DAMAGED
    sac_phong.save()
    reader = PatronFactory(home_library=sac_phong.home_library)
    client.force_login(minh.user)
    hx = {"HX-Request": "true"}
    client.post(reverse("circulation:desk_scan"), {"barcode": reader.card_number}, headers=hx)
    response = client.post(reverse("circulation:desk_scan"), {"barcode": "TL0000777"}, headers=hx)
    assert 'data-code="restricted_item"' in response.content.decode()
    assert "không cho mượn về" in response.content.decode()
    token = tokens.create_api_token(user=minh.user)
    api = client.post(
        "/api/v1/circulation/checkout",
        {"library": "SL-TANLAP", "card_number": reader.card_number, "item_barcode": "TL0000777"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert api.status_code == 409
    assert api.json()["code"] == "restricted_item"
    assert "bản số" in api.json()["message"]
    assert not Loan.objects.exists()


def test_the_opac_offers_the_digital_copy_of_a_restricted_original_when_it_is_visible(
    client, sac_phong
):
    url = reverse("opac:record", args=[sac_phong.bib_id])
    sac_phong.restriction = Restriction.ANCIENT_OR_RARE
    sac_phong.save()
    scans = DigitalObject.objects.create(
        library=sac_phong.home_library, record=sac_phong.bib, title="Sắc phong (bản số)"
    )
    page = client.get(url).content.decode()
    assert "chỉ đọc tại thư viện" in page
    assert f"#digital-{scans.pk}" not in page  # a draft: staff only
    scans.access = Access.PUBLIC
    scans.published_at = clock.now()
    scans.save()
    page = client.get(url).content.decode()
    assert f"#digital-{scans.pk}" in page
    assert "Đọc bản số" in page
