"""The network's management commands, as an administrator types them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from libnet.core import tokens
from libnet.core.models import AuditEntry
from libnet.network import selectors, services
from libnet.network.models import Library, LibraryParentPeriod, Membership


@pytest.mark.django_db
def test_add_library_creates_a_commune_under_the_provincial_library(capsys):
    call_command("add_library", "SL-TVT", name="Thư viện tỉnh Sông Lam", kind="provincial")
    call_command(
        "add_library", "sl-hoabinh", name="Thư viện xã Hòa Bình", kind="commune", parent="SL-TVT"
    )
    commune = Library.objects.get(code="SL-HOABINH")
    assert commune.parent.code == "SL-TVT"
    assert commune.sector == "culture"
    assert LibraryParentPeriod.objects.filter(library=commune, valid_to__isnull=True).count() == 1
    assert AuditEntry.objects.filter(action="library.create").count() == 2
    assert "SL-HOABINH" in capsys.readouterr().out


@pytest.mark.django_db
def test_a_school_library_defaults_to_the_education_sector():
    call_command(
        "add_library", "SL-TH-AN", name="Thư viện Trường Tiểu học An Phú", kind="school_primary"
    )
    assert Library.objects.get(code="SL-TH-AN").sector == "education"


@pytest.mark.django_db
def test_add_library_refuses_a_duplicate_code_with_a_sentence():
    call_command("add_library", "SL-TVT", name="Thư viện tỉnh", kind="provincial")
    with pytest.raises(CommandError, match="SL-TVT"):
        call_command("add_library", "SL-TVT", name="Khác", kind="provincial")


@pytest.mark.django_db
def test_add_library_refuses_an_unknown_parent():
    with pytest.raises(CommandError):
        call_command("add_library", "SL-X", name="X", kind="commune", parent="NOPE")


@pytest.mark.django_db
def test_add_staff_creates_the_user_with_a_password_and_the_role(province):
    call_command(
        "add_staff", "hoa", library="SL-TANLAP", role="circulation", password="s3cret-pass"
    )
    user = get_user_model().objects.get(username="hoa")
    assert user.check_password("s3cret-pass")
    membership = Membership.objects.get(user=user)
    assert (membership.library.code, membership.role, membership.covers_subtree) == (
        "SL-TANLAP",
        "circulation",
        False,
    )


@pytest.mark.django_db
def test_add_staff_with_subtree_covers_the_libraries_below(province):
    call_command("add_staff", "giamdoc", library="SL-TVT", role="admin", subtree=True)
    assert Membership.objects.get(user__username="giamdoc").covers_subtree


@pytest.mark.django_db
def test_create_api_token_prints_a_token_that_authenticates(minh, capsys):
    call_command("create_api_token", "minh")
    token = capsys.readouterr().out.strip()
    assert token.startswith("lnt_")
    assert tokens.user_for_token(token) == minh.user
    assert tokens.user_for_token(token + "x") is None


@pytest.mark.django_db
def test_create_api_token_for_an_unknown_user_is_a_clear_error():
    with pytest.raises(CommandError):
        call_command("create_api_token", "nobody")


@pytest.mark.django_db
def test_a_library_moved_in_the_2025_reform_keeps_its_old_parent_on_record(province):
    """A former district library becomes a branch of the provincial library on 1/7/2025."""
    district = services.create_library(
        code="SL-HUYEN-DONG",
        name="Thư viện huyện Đông Sơn",
        kind="district",
        parent=None,
        by=None,
        since=dt.date(2010, 1, 1),
    )
    services.move_library(
        library=district, new_parent=province["provincial"], on=dt.date(2025, 7, 1), by=None
    )
    assert selectors.parent_on(district, dt.date(2024, 12, 31)) is None
    assert selectors.parent_on(district, dt.date(2025, 7, 1)) == province["provincial"]
    assert Library.objects.get(pk=district.pk).parent == province["provincial"]


@pytest.mark.django_db
def test_a_library_cannot_be_moved_under_its_own_child(province):
    from libnet.network.errors import NetworkRefused

    with pytest.raises(NetworkRefused) as refused:
        services.move_library(
            library=province["provincial"],
            new_parent=province["commune"],
            on=dt.date(2026, 1, 1),
            by=None,
        )
    assert refused.value.code == "parent_cycle"
