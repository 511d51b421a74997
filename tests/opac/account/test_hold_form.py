"""The OPAC hold form: pickup only where the reader's card is valid, the reader's library first.

Đất rừng phương Nam has a copy at the provincial library, at Tân Lập commune and at the
school, every one of them out. The provincial library's subtree (with the commune) is a
joint-card area; the school is not in it.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from libnet.catalog.models import ItemStatus
from libnet.circulation.models import Hold
from libnet.patrons import services as patrons_services
from libnet.patrons.models import JointCardArea
from tests.factories import NOW, BibRecordFactory, ItemFactory, LoanFactory, PatronFactory
from tests.opac.account.conftest import PIN

pytestmark = pytest.mark.django_db


@pytest.fixture
def title(province):
    bib = BibRecordFactory(title="Đất rừng phương Nam")
    for library in (province["provincial"], province["commune"], province["school"]):
        LoanFactory(
            item=ItemFactory(home_library=library, bib=bib, status=ItemStatus.ON_LOAN),
            library=library,
        )
    return bib


@pytest.fixture
def joint_card_area(province):
    return JointCardArea.objects.create(library=province["provincial"], since=dt.date(2025, 1, 1))


def signed_in_as(client, patron):
    patrons_services.set_pin(patron=patron, pin=PIN, by=None, at=NOW)
    response = client.post(
        reverse("opac:account_login"), {"card_number": patron.card_number, "pin": PIN}
    )
    assert response.status_code == 302
    return client


def offered(page: str) -> list[str]:
    """The pickup libraries of the form, in order, the selected one marked with a star."""
    select = page.split('name="pickup_library"', 1)[1].split("</select>", 1)[0]
    return [
        code + ("*" if selected else "")
        for code, selected in re.findall(r'<option value="([^"]+)"( selected)?', select)
    ]


def test_a_commune_reader_is_offered_the_commune_first_and_the_joint_card_libraries(
    client, province, title, joint_card_area
):
    """Not the school (the card is not valid there), and not the provincial library first
    because its name sorts first."""
    reader = PatronFactory(home_library=province["commune"])
    page = signed_in_as(client, reader).get(reverse("opac:record", args=[title.pk]))
    assert offered(page.content.decode()) == ["SL-TANLAP*", "SL-TVT"]


def test_binh_is_offered_only_his_school(client, province, title, binh, joint_card_area):
    page = signed_in_as(client, binh).get(reverse("opac:record", args=[title.pk]))
    assert offered(page.content.decode()) == ["SL-THCS-TANLAP*"]


def test_a_hold_posted_for_a_library_where_the_card_is_not_valid_is_refused(
    client, province, title, binh
):
    signed_in_as(client, binh)
    response = client.post(
        reverse("opac:place_hold", args=[title.pk]), {"pickup_library": province["commune"].code}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("opac:record", args=[title.pk])
    page = client.get(response["Location"]).content.decode()
    assert "thẻ của bạn có giá trị" in page
    assert not Hold.objects.exists()


def test_a_reader_whose_card_is_valid_nowhere_with_a_copy_sees_no_form(client, province, binh):
    bib = BibRecordFactory()
    LoanFactory(
        item=ItemFactory(home_library=province["commune"], bib=bib, status=ItemStatus.ON_LOAN)
    )
    page = signed_in_as(client, binh).get(reverse("opac:record", args=[bib.pk])).content.decode()
    assert 'name="pickup_library"' not in page
    assert "thẻ của bạn có giá trị" in page
