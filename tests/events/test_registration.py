"""Registering for an event on the public page: capacity, closing, privacy (only the
organisers see the list; erased 30 days after the event, or on request)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from libnet.core import clock
from libnet.events import services
from libnet.events.errors import EventInvalid, EventRefused
from libnet.events.models import Registration
from tests.events.conftest import plan


@pytest.fixture
def club(commune, minh):
    """A reading club in ten days with three places."""
    return plan(
        commune,
        by=minh.user,
        kind="reading_club",
        title="Câu lạc bộ đọc sách cuối tuần",
        day=clock.today() + dt.timedelta(days=10),
        capacity=3,
    )


def register(client, event, name="Trần Văn Nam", phone="0912 345 678"):
    return client.post(
        reverse("public_events:register", args=[event.pk]), {"full_name": name, "phone": phone}
    )


@pytest.mark.django_db
def test_a_reader_registers_until_the_places_are_taken(client, club):
    page = client.get(reverse("public_events:event", args=[club.pk])).content.decode()
    assert "Còn 3 chỗ." in page
    for number in range(3):
        assert register(client, club, name=f"Người {number}").status_code == 302
    response = register(client, club, name="Người thứ tư")
    assert response.status_code == 400
    assert "Sự kiện này đã hết chỗ." in response.content.decode()
    assert Registration.objects.count() == 3
    assert Registration.objects.first().phone == "0912345678"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "phone", "code"),
    [("", "0912345678", "name_required"), ("Nam", "12", "bad_phone")],
)
def test_a_registration_without_a_name_or_a_phone_is_refused(club, name, phone, code):
    with pytest.raises(EventInvalid) as refused:
        services.register_for_event(event=club, full_name=name, phone=phone)
    assert refused.value.code == code
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_registration_closes_when_the_event_starts_or_is_cancelled(club, minh, commune):
    with pytest.raises(EventRefused) as refused:
        services.register_for_event(
            event=club, full_name="Nam", phone="0912345678", at=club.starts_at
        )
    assert refused.value.code == "registration_closed"
    services.cancel_event(event=club, reason="Hoãn", by=minh.user)
    without = plan(commune, by=minh.user, day=clock.today() + dt.timedelta(days=3))
    with pytest.raises(EventRefused) as refused:
        services.register_for_event(event=without, full_name="Nam", phone="0912345678")
    assert refused.value.code == "no_registration"


@pytest.mark.django_db
def test_only_the_organisers_see_who_registered(client, club, minh, an):
    register(client, club)
    assert (
        "Trần Văn Nam"
        not in client.get(reverse("public_events:event", args=[club.pk])).content.decode()
    )
    client.force_login(an.user)
    assert client.get(reverse("events:detail", args=[club.pk])).status_code == 404
    client.force_login(minh.user)
    page = client.get(reverse("events:detail", args=[club.pk])).content.decode()
    assert "Trần Văn Nam" in page
    assert "0912345678" in page


@pytest.mark.django_db
def test_registrations_are_erased_on_request_by_the_organisers_only(client, club, minh, an):
    register(client, club)
    registration = Registration.objects.get()
    url = reverse("events:registration_erase", args=[club.pk, registration.pk])
    client.force_login(an.user)
    assert client.post(url).status_code == 404
    assert Registration.objects.exists()
    client.force_login(minh.user)
    assert client.post(url).status_code == 302
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_registrations_are_erased_30_days_after_the_event(client, club):
    register(client, club)
    services.erase_expired_registrations(at=club.ends_at + dt.timedelta(days=29))
    assert Registration.objects.count() == 1
    services.erase_expired_registrations(at=club.ends_at + dt.timedelta(days=31))
    assert not Registration.objects.exists()
    register(client, club)
    Registration.objects.update(registered_at=club.starts_at - dt.timedelta(days=1))
    club.__class__.objects.filter(pk=club.pk).update(
        starts_at=clock.now() - dt.timedelta(days=40), ends_at=clock.now() - dt.timedelta(days=40)
    )
    call_command("erase_event_registrations")
    assert not Registration.objects.exists()
