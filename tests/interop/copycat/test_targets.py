"""Targets are data kept in the admin: none enabled until the province turns it on, and each
one reachable over Z39.50, SRU or both."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from libnet.interop.models import CopyTarget
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_new_target_is_not_enabled():
    target = CopyTarget.objects.create(name="Thư viện Quốc gia Việt Nam", sru_url="https://x/sru")
    assert target.is_enabled is False


def test_a_target_without_a_protocol_is_refused_by_the_form_and_the_database():
    target = CopyTarget(name="Empty", host="", database="", sru_url="")
    with pytest.raises(ValidationError):
        target.full_clean()
    with pytest.raises(ValidationError) as refused:
        CopyTarget(name="No base", host="z.example.org").full_clean()
    assert refused.value.message_dict["database"] == ["A Z39.50 target needs its database name."]
    with transaction.atomic(), pytest.raises(IntegrityError):
        target.save()


def test_a_time_limit_past_the_pages_own_is_refused():
    with pytest.raises(ValidationError) as refused:
        CopyTarget(name="Slow", sru_url="https://x/sru", timeout_seconds=120).full_clean()
    assert "timeout_seconds" in refused.value.message_dict


def test_the_administrator_adds_a_target_in_the_admin(client):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post(
        reverse("admin:interop_copytarget_add"),
        {
            "name": "Library of Congress",
            "host": "lx2.loc.gov",
            "port": "210",
            "database": "LCDB",
            "record_syntax": "usmarc",
            "encoding": "auto",
            "sru_url": "",
            "sru_version": "1.2",
            "timeout_seconds": "20",
            "notes": "",
        },
    )
    assert response.status_code == 302
    target = CopyTarget.objects.get()
    assert target.offers_z3950
    assert not target.offers_sru
    assert not target.is_enabled
