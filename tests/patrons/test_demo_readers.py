"""The demo province's readers: Bình can be shown at the desk and in the OPAC."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from libnet.core import clock
from libnet.demo import loader, readers
from libnet.patrons import access, selectors, services
from libnet.patrons.models import JointCardArea, Patron, PatronLibrary
from libnet.stats.models import DailyStat


@pytest.fixture
def small_demo(db, small_demo):
    """The demo of tests/conftest.py, loaded once per run."""
    return small_demo


def test_the_demo_has_bình_with_his_pin_and_readers_and_loads_once(small_demo):
    binh = services.authenticate_reader(card_number=readers.BINH_CARD, pin=readers.BINH_PIN)
    assert binh is not None
    assert (binh.full_name, binh.school_class, binh.school.code) == (
        "Phạm Văn Bình",
        "7A",
        "SL-THCS-TANLAP",
    )
    assert binh.card_valid_until >= binh.card_issued_on
    assert selectors.missing_consents(patron=binh) == []
    assert set(
        PatronLibrary.objects.filter(patron=binh).values_list("library__code", flat=True)
    ) == {"SL-THCS-TANLAP", "SL-TANLAP"}
    minh = get_user_model().objects.get(username="minh")
    assert access.get_patron_for_staff(minh, binh.pk) == binh
    commune_readers = Patron.objects.filter(home_library__code="SL-TANLAP").count()
    assert commune_readers == readers.READERS_PER_COMMUNE
    seventh_graders = selectors.class_pupils(school=binh.school, school_class="7A")
    assert binh in seventh_graders
    assert seventh_graders.count() == readers.PUPILS_PER_CLASS + 1
    assert JointCardArea.objects.filter(library__code="SL-TVT").exists()
    assert DailyStat.objects.filter(indicator="new_patrons").exists()
    chi = get_user_model().objects.get(username="chi")
    assert not access.patrons_for_staff(chi).exists()
    # Loading again adds no reader (one test: the demo takes seconds to load).
    count = Patron.objects.count()
    summary = loader.load_demo(scale="small")
    assert summary.created["readers"] == 0
    assert Patron.objects.count() == count


def test_no_demo_card_waits_for_consent(small_demo):
    """The demo's children have the consents their age needs today, so every card can lend."""
    readers_ = list(Patron.objects.exclude(status="erased"))
    codes = selectors.card_refusal_codes(readers_, on=clock.local_date())
    assert "consent_missing" not in codes.values()
    assert any(reader.birth_date and reader.birth_date.year >= 2015 for reader in readers_)
