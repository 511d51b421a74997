"""A reader's disability is recorded only as their consent to it being counted (readers by
group in the official statistics): on the reader's page and through the API, refused for a
purpose libnet does not know, withdrawn like any consent."""

from __future__ import annotations

import pytest
from django.urls import reverse

from libnet.core import tokens
from libnet.patrons import policies
from libnet.patrons.models import Consent
from tests.factories import PatronFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(province):
    return PatronFactory(home_library=province["commune"], full_name="Trần Văn Khải")


def test_the_desk_records_the_readers_consent_to_count_a_disability(client, minh, reader):
    client.force_login(minh.user)
    response = client.post(
        reverse("patrons:record_consent", args=[reader.pk]),
        {"given_by": "reader", "purpose": policies.DISABILITY_RECORD},
    )
    assert response.status_code == 302
    consent = Consent.objects.get(patron=reader, purpose=policies.DISABILITY_RECORD)
    assert consent.giver_name == "Trần Văn Khải"
    page = client.get(reverse("patrons:detail", args=[reader.pk])).content.decode()
    assert "ghi nhận tình trạng khuyết tật" in page


def test_an_unknown_purpose_is_refused_and_nothing_is_written(client, minh, reader):
    before = Consent.objects.count()
    response = client.post(
        f"/api/v1/patrons/{reader.pk}/consents",
        {"given_by": "reader", "purpose": "marketing"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {tokens.create_api_token(user=minh.user)}"},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "unknown_consent_purpose"
    assert Consent.objects.count() == before


def test_another_library_cannot_record_it(client, an, reader):
    client.force_login(an.user)
    response = client.post(
        reverse("patrons:record_consent", args=[reader.pk]),
        {"given_by": "reader", "purpose": policies.DISABILITY_RECORD},
    )
    assert response.status_code == 404
    assert not Consent.objects.filter(purpose=policies.DISABILITY_RECORD).exists()
