"""The PIN lockout counts a card in the one normal form its lookup uses, in the database.

The bug: the lookup upper-cased the card number while the counter folded it to lower case, so
`ſ` (U+017F, the long s: its upper case is S, its lower case stays ſ) found Bình's card under
a counter of its own, and every variant bought five more guesses.
"""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from libnet.core.models import SignInFailure
from libnet.opac import readers
from tests.opac.account.conftest import PIN

pytestmark = pytest.mark.django_db


def sign_in(client, card_number: str, pin: str = PIN, address: str = "127.0.0.1"):
    return client.post(
        reverse("opac:account_login"),
        {"card_number": card_number, "pin": pin},
        REMOTE_ADDR=address,
    )


# Bình's card HS2026000123 typed other ways: a look-alike letter, full-width digits, spaces.
VARIANTS = ["Hſ2026000123", "hs2026000123", "HS２０２６000123", "  HS2026000123 "]


def test_a_look_alike_card_number_does_not_start_a_new_count(client, binh_with_pin):
    for attempt in range(readers.card_limit().failures):
        # A different address each time: only the card's own count can stop the guessing.
        sign_in(client, VARIANTS[attempt % len(VARIANTS)], pin="0000", address=f"10.0.0.{attempt}")
    for variant in [*VARIANTS, "HS2026000123"]:
        response = sign_in(client, variant, address="10.9.9.9")  # the right PIN
        assert response.status_code == 429, variant
        assert readers.READER_SESSION_KEY not in client.session


def test_every_variant_of_the_card_signs_in(binh_with_pin):
    for variant in VARIANTS:
        client = Client()
        assert sign_in(client, variant).status_code == 302, variant


def test_the_count_is_kept_in_the_database_without_the_card_number(client, binh_with_pin):
    sign_in(client, "HS2026000123", pin="0000")
    digests = list(SignInFailure.objects.values_list("digest", flat=True))
    assert len(digests) == 2  # the card and the address
    assert all("HS2026" not in digest and "127.0.0.1" not in digest for digest in digests)


def test_one_address_guessing_many_cards_is_paused_too(client, binh_with_pin):
    with override_settings(LIBNET_READER_SIGN_IN_ADDRESS_LIMIT={"failures": 3, "minutes": 5}):
        for number in range(3):
            sign_in(client, f"KHONGCO{number:05d}", pin="0000")
        response = sign_in(client, "HS2026000123")
        assert response.status_code == 429
        assert "5" in response.content.decode()  # wait 5 minutes


def test_the_limits_are_settings(client, binh_with_pin):
    with override_settings(LIBNET_READER_SIGN_IN_LIMIT={"failures": 2, "minutes": 15}):
        sign_in(client, "HS2026000123", pin="0000", address="10.0.0.1")
        assert sign_in(client, "HS2026000123", address="10.0.0.2").status_code == 302
        client.post(reverse("opac:account_logout"))
        sign_in(client, "HS2026000123", pin="0000", address="10.0.0.3")
        sign_in(client, "HS2026000123", pin="0000", address="10.0.0.4")
        assert sign_in(client, "HS2026000123", address="10.0.0.5").status_code == 429
