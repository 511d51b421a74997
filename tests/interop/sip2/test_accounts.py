"""`libnet add_sip_account`: a machine is a user of its own, bound to one library for life."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from libnet.core.models import AuditEntry
from libnet.interop.models import SipAccount
from libnet.interop.sip2 import services
from libnet.network import access as network_access
from libnet.network.models import Membership
from tests.interop.helpers import run_command

pytestmark = pytest.mark.django_db


def test_an_administrator_adds_a_machine_at_a_library(province):
    run = run_command(
        "add_sip_account", "TanLap-1", "--library", "sl-tanlap", "--password", "may-muon-tra-1"
    )
    assert run.status == 0, run.stderr
    assert "Machine tanlap-1 added at SL-TANLAP (its libnet user: sip:tanlap-1)." in run.stdout
    account = SipAccount.objects.get(name="tanlap-1")
    assert (account.library, account.plain_text, account.is_active) == (
        province["commune"],
        False,
        True,
    )
    user = account.user
    assert user.username == "sip:tanlap-1"
    assert not user.has_usable_password()  # never signs in to the web
    assert not user.is_staff
    assert list(Membership.objects.filter(user=user).values_list("library__code", "role")) == [
        ("SL-TANLAP", "circulation")
    ]
    assert network_access.visible_library_ids(user, "circulation") == {province["commune"].pk}
    assert AuditEntry.objects.filter(action="sip_account.create").count() == 1
    # The machine's password is kept as a hash, as staff passwords are.
    assert "may-muon-tra-1" not in account.password_hash
    assert services.authenticate_machine(name="TANLAP-1", password="may-muon-tra-1") == account


def test_a_machine_signs_in_to_libnet_not_to_the_web(client, province):
    run_command("add_sip_account", "tanlap-1", "--library", "SL-TANLAP", "--password", "12345678")
    assert not client.login(username="sip:tanlap-1", password="12345678")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["tanlap-1"], "A new machine needs its library and a password."),
        (["tanlap-1", "--library", "SL-TANLAP"], "A new machine needs its library and a password."),
        (
            ["tanlap-1", "--library", "SL-TANLAP", "--password", "ngan"],
            "A machine's password has at least 8 characters.",
        ),
        (
            ["máy 1", "--library", "SL-TANLAP", "--password", "12345678"],
            "A machine's name is 1 to 40 letters",
        ),
        (["tanlap-1", "--library", "SL-KHONGCO", "--password", "12345678"], "No library with"),
    ],
)
def test_a_machine_is_refused_without_what_it_needs(province, arguments, message):
    run = run_command("add_sip_account", *arguments)
    assert run.status != 0
    assert message in run.stderr
    assert not SipAccount.objects.exists()
    assert not get_user_model().objects.filter(username__startswith="sip:").exists()


def test_a_machine_never_moves_to_another_library(province):
    run_command("add_sip_account", "tanlap-1", "--library", "SL-TANLAP", "--password", "12345678")
    run = run_command("add_sip_account", "tanlap-1", "--library", "SL-TVT")
    assert run.status != 0
    assert "Machine tanlap-1 belongs to SL-TANLAP." in run.stderr
    assert SipAccount.objects.get().library == province["commune"]


def test_a_machine_is_disabled_enabled_and_set_to_plain_text(province):
    run_command("add_sip_account", "tanlap-1", "--library", "SL-TANLAP", "--password", "12345678")
    run = run_command("add_sip_account", "tanlap-1", "--disable", "--plain-text")
    assert run.status == 0, run.stderr
    assert "Text: without diacritics. Signs in: no (disabled)." in run.stdout
    account = SipAccount.objects.get()
    assert (account.is_active, account.user.is_active, account.plain_text) == (False, False, True)
    assert services.authenticate_machine(name="tanlap-1", password="12345678") is None

    run_command("add_sip_account", "tanlap-1", "--enable", "--utf8", "--password", "mat-khau-moi")
    account.refresh_from_db()
    assert (account.is_active, account.user.is_active, account.plain_text) == (True, True, False)
    assert services.authenticate_machine(name="tanlap-1", password="12345678") is None
    assert services.authenticate_machine(name="tanlap-1", password="mat-khau-moi") == account
    changes = AuditEntry.objects.filter(action="sip_account.change").order_by("pk")
    assert [entry.after for entry in changes] == [
        {"plain_text": True, "is_active": False},
        {"password": "changed", "plain_text": False, "is_active": True},
    ]


def test_a_staff_user_is_never_taken_for_a_machine(province):
    get_user_model().objects.create_user(username="sip:tanlap-1")
    run = run_command(
        "add_sip_account", "tanlap-1", "--library", "SL-TANLAP", "--password", "12345678"
    )
    assert run.status != 0
    assert "The user sip:tanlap-1 exists already" in run.stderr


def test_wrong_passwords_from_one_address_lock_every_machine_name_there(province, settings):
    """Guessing names from one address on the network is stopped as a whole."""
    settings.LIBNET_STAFF_SIGN_IN_ADDRESS_LIMIT = {"failures": 3, "minutes": 15}
    services.add_sip_account(
        name="tanlap-1", library=province["commune"], password="mat-khau-1", by=None
    )
    for name in ("may-1", "may-2", "may-3"):
        assert services.authenticate_machine(name=name, password="x", address="10.20.0.5") is None
    assert (
        services.authenticate_machine(name="tanlap-1", password="mat-khau-1", address="10.20.0.5")
        is None
    )
    assert services.authenticate_machine(
        name="tanlap-1", password="mat-khau-1", address="10.20.0.6"
    )
