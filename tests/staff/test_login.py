"""Staff sign-in: guessing is stopped, and only the installation's administrators open /admin/.

Minh's password opens the personal data of every reader of Tân Lập commune: after five wrong
passwords the account waits, and so does an address that tries many accounts.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse

from libnet.core import audit, clock
from libnet.core.models import AuditEntry, SignInFailure
from libnet.network import services as network_services
from libnet.network.models import Library
from tests.factories import NOW

PASSWORD = "demo-password"  # UserFactory's


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    moment = {"now": NOW}
    monkeypatch.setattr(clock, "now", lambda: moment["now"])
    return moment


def log_in(client, username, password=PASSWORD, address="127.0.0.1", url="staff:login"):
    return client.post(
        reverse(url), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_five_wrong_passwords_lock_the_account_whatever_the_address_or_case(client, minh):
    for attempt in range(5):
        response = log_in(client, "minh" if attempt % 2 else " MINH", "sai", f"10.0.0.{attempt}")
        assert response.status_code == 200
    locked = log_in(client, "minh", address="10.9.9.9")  # the right password
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    message = locked.context["form"].non_field_errors()[0]
    assert message.startswith("Nhập sai mật khẩu quá nhiều lần")
    assert "15 phút" in message


def test_the_lock_ends_after_the_configured_minutes(client, minh, frozen_clock):
    for _ in range(5):
        log_in(client, "minh", "sai")
    frozen_clock["now"] = NOW + dt.timedelta(minutes=14)
    assert log_in(client, "minh").status_code == 429
    frozen_clock["now"] = NOW + dt.timedelta(minutes=16)
    assert log_in(client, "minh").status_code == 302


def test_a_right_password_clears_the_account_s_count(client, minh):
    for _ in range(4):
        log_in(client, "minh", "sai")
    assert log_in(client, "minh").status_code == 302
    client.logout()
    for _ in range(4):
        log_in(client, "minh", "sai")
    assert log_in(client, "minh").status_code == 302


def test_one_address_trying_many_accounts_is_paused(client, minh, an):
    with override_settings(LIBNET_STAFF_SIGN_IN_ADDRESS_LIMIT={"failures": 6, "minutes": 10}):
        for number in range(6):
            log_in(client, f"khach{number}", "sai", address="203.0.113.5")
        assert log_in(client, "an", address="203.0.113.5").status_code == 429
        assert log_in(client, "an", address="203.0.113.6").status_code == 302


def test_the_limits_are_settings(client, minh):
    with override_settings(LIBNET_STAFF_SIGN_IN_LIMIT={"failures": 2, "minutes": 30}):
        log_in(client, "minh", "sai")
        log_in(client, "minh", "sai")
        response = log_in(client, "minh")
        assert response.status_code == 429
        assert "30 phút" in response.context["form"].non_field_errors()[0]


def test_failures_and_the_lock_are_audited_under_the_user_without_the_password(client, minh):
    for _ in range(5):
        log_in(client, "minh", "mat-khau-sai", address="10.1.2.3")
    entries = audit.entries_for(minh.user)
    assert entries.filter(action="staff.sign_in_failed").count() == 5
    locked = entries.get(action="staff.sign_in_locked")
    assert locked.after["address"] == "10.1.2.3"
    logged = " ".join(str(entry.after) for entry in AuditEntry.objects.all())
    assert "mat-khau-sai" not in logged


def test_an_unknown_username_is_counted_but_not_written_down(client, province):
    log_in(client, "matkhau123", "sai")
    assert SignInFailure.objects.count() == 2  # the name and the address, as digests
    assert "matkhau123" not in " ".join(
        str(entry.after) + entry.subject_id for entry in AuditEntry.objects.all()
    )


def test_django_admin_s_login_is_locked_the_same_way(client, province):
    get_user_model().objects.create_superuser("quantri", password=PASSWORD)
    for _ in range(5):
        log_in(client, "quantri", "sai", url="admin:login")
    response = log_in(client, "quantri", url="admin:login")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Nhập sai mật khẩu quá nhiều lần" in response.content.decode()


# ---------------------------------------------------------------- who opens Django admin


def test_add_staff_gives_a_library_role_without_django_admin(client, province):
    network_services.add_staff(
        username="hoa", library=province["commune"], role="admin", by=None, password=PASSWORD
    )
    hoa = get_user_model().objects.get(username="hoa")
    assert not hoa.is_staff
    client.force_login(hoa)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert client.get(reverse("staff:home")).status_code == 200


def test_a_superuser_keeps_django_admin_when_given_a_library_role(client, province):
    admin = get_user_model().objects.create_superuser("quantri", password=PASSWORD)
    network_services.add_staff(
        username="quantri", library=province["commune"], role="admin", by=None
    )
    admin.refresh_from_db()
    assert admin.is_staff
    client.force_login(admin)
    assert client.get("/admin/").status_code == 200


def test_existing_accounts_lose_django_admin_unless_superusers(province):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("libnet.staff.migrations.0001_only_superusers_open_django_admin")
    user_model = get_user_model()
    old = user_model.objects.create_user("cu", password=PASSWORD, is_staff=True)
    root = user_model.objects.create_superuser("goc", password=PASSWORD)
    migration.only_superusers_are_staff(apps, None)
    old.refresh_from_db()
    root.refresh_from_db()
    assert (old.is_staff, root.is_staff) == (False, True)


def test_the_demo_s_only_admin_account_is_the_administrator(db, small_demo):
    staff = set(get_user_model().objects.filter(is_staff=True).values_list("username", flat=True))
    assert staff == {"admin"}
    assert Library.objects.exists()
