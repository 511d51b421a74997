"""The plan form on the batch page, and who types in a deposit point's monthly figures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from libnet.network.models import LibraryKind, Membership, Role
from libnet.rotation import services
from libnet.rotation.models import BatchState, DepositUsage
from tests.factories import NOW, LibraryFactory


def plan(**changes):
    data = {
        "planned_start": "2026-03-02",
        "planned_end": "2026-08-31",
        "purpose": "Sách thiếu nhi cho hè",
        "keeper_name": "Nguyễn Văn Minh",
        "keeper_phone": "0912 345 678",
        "boxes": 2,
    }
    data.update(changes)
    return data


# --- the batch plan -------------------------------------------------------------------------


def test_the_sender_changes_the_plan_of_a_draft_batch(client, lan, draft):
    client.force_login(lan.user)
    page = client.get(reverse("rotation:batch_detail", args=[draft.pk])).content.decode()
    assert reverse("rotation:batch_plan", args=[draft.pk]) in page
    response = client.post(
        reverse("rotation:batch_plan", args=[draft.pk]),
        plan(
            planned_end="2026-07-31",
            keeper_name="Hoàng Thị Hoa",
            keeper_phone="0988 111 222",
            purpose="Sách kỹ năng sống",
            boxes=3,
        ),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (
        draft.planned_end,
        draft.keeper_name,
        draft.keeper_phone,
        draft.purpose,
        draft.boxes,
    ) == (
        dt.date(2026, 7, 31),
        "Hoàng Thị Hoa",
        "0988 111 222",
        "Sách kỹ năng sống",
        3,
    )


def test_a_plan_longer_than_six_months_is_refused_with_the_rule(client, lan, draft):
    client.force_login(lan.user)
    response = client.post(
        reverse("rotation:batch_plan", args=[draft.pk]), plan(planned_end="2026-12-31")
    )
    assert response.status_code == 400
    assert "tối đa 6 tháng" in response.content.decode()
    assert "TT 05/2022" in response.content.decode()
    draft.refresh_from_db()
    assert draft.planned_end == dt.date(2026, 8, 31)


def test_a_packed_batch_can_still_be_replanned(client, lan, draft, rotation_stock):
    services.add_items(batch=draft, items=rotation_stock[:2], by=lan.user, at=NOW)
    services.pack_batch(batch=draft, by=lan.user, at=NOW)
    client.force_login(lan.user)
    response = client.post(
        reverse("rotation:batch_plan", args=[draft.pk]), plan(keeper_name="Lê Văn Bình")
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.state, draft.keeper_name) == (BatchState.PACKED, "Lê Văn Bình")


def test_a_shipped_batch_keeps_its_plan(client, lan, draft, rotation_stock):
    services.add_items(batch=draft, items=rotation_stock[:2], by=lan.user, at=NOW)
    services.pack_batch(batch=draft, by=lan.user, at=NOW)
    services.ship_batch(batch=draft, by=lan.user, at=NOW)
    client.force_login(lan.user)
    page = client.get(reverse("rotation:batch_detail", args=[draft.pk])).content.decode()
    assert reverse("rotation:batch_plan", args=[draft.pk]) not in page
    response = client.post(
        reverse("rotation:batch_plan", args=[draft.pk]), plan(keeper_name="Lê Văn Bình")
    )
    assert response.status_code == 400
    assert "Chỉ được sửa kế hoạch" in response.content.decode()
    draft.refresh_from_db()
    assert draft.keeper_name == "Nguyễn Văn Minh"


def test_the_point_cannot_change_the_senders_plan(client, minh, draft):
    client.force_login(minh.user)
    response = client.post(reverse("rotation:batch_plan", args=[draft.pk]), plan(boxes=5))
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.boxes == 2


def test_another_library_gets_404_for_the_plan(client, an, draft):
    client.force_login(an.user)
    response = client.post(reverse("rotation:batch_plan", args=[draft.pk]), plan(boxes=5))
    assert response.status_code == 404


# --- deposit usage --------------------------------------------------------------------------


def _staff(username: str, library, role: str):
    user = get_user_model().objects.create_user(username=username, password="x")
    Membership.objects.create(user=user, library=library, role=role)
    return user


@pytest.fixture
def sibling(provincial):
    """Hòa Bình commune, Tân Lập's sibling under the provincial library, with its bookcase."""
    commune = LibraryFactory(
        code="SL-HOABINH", name="Thư viện xã Hòa Bình", kind=LibraryKind.COMMUNE, parent=provincial
    )
    LibraryFactory(
        code="SL-HOABINH-TS1",
        name="Tủ sách thôn Bến Đá",
        kind=LibraryKind.COMMUNITY_BOOKCASE,
        parent=commune,
        runs_libnet=False,
    )
    return commune


def _usage(point_code: str):
    return {"point": point_code, "month": "2026-02-01", "loans": 31, "readers": 17, "note": ""}


def test_the_commune_clerk_types_in_the_figures_of_the_communes_bookcase(
    client, minh, bookcase, monkeypatch
):
    client.force_login(minh.user)
    page = client.get(reverse("rotation:deposit_usage")).content.decode()
    assert bookcase.name in page
    response = client.post(reverse("rotation:deposit_usage"), _usage(bookcase.code))
    assert response.status_code == 302
    row = DepositUsage.objects.get(point=bookcase)
    assert (row.loans, row.readers, row.entered_by) == (31, 17, minh.user)


def test_a_reporting_officer_of_the_commune_may_too(client, commune, bookcase):
    client.force_login(_staff("hoa", commune, Role.REPORTING))
    response = client.post(reverse("rotation:deposit_usage"), _usage(bookcase.code))
    assert response.status_code == 302


def test_a_cataloguer_of_the_commune_alone_may_not(client, commune, bookcase):
    client.force_login(_staff("cuong", commune, Role.CATALOGUER))
    response = client.post(reverse("rotation:deposit_usage"), _usage(bookcase.code))
    assert response.status_code == 404
    assert not DepositUsage.objects.exists()


def test_staff_of_a_sibling_commune_get_404(client, sibling, bookcase):
    client.force_login(_staff("dung", sibling, Role.CIRCULATION))
    page = client.get(reverse("rotation:deposit_usage")).content.decode()
    assert "Tủ sách thôn Bến Đá" in page
    assert bookcase.name not in page
    assert (
        client.get(reverse("rotation:deposit_usage"), {"point": bookcase.code}).status_code == 404
    )
    response = client.post(reverse("rotation:deposit_usage"), _usage(bookcase.code))
    assert response.status_code == 404
    assert not DepositUsage.objects.exists()


def test_only_direct_children_that_do_not_run_libnet(client, minh, commune, bookcase):
    LibraryFactory(code="SL-TANLAP-PL", name="Phân viện thôn Nà Mò", parent=commune)
    grandchild = LibraryFactory(
        code="SL-TANLAP-TS1-X",
        name="Tủ sách nhánh",
        kind=LibraryKind.COMMUNITY_BOOKCASE,
        parent=bookcase,
        runs_libnet=False,
    )
    client.force_login(minh.user)
    page = client.get(reverse("rotation:deposit_usage")).content.decode()
    assert "Phân viện thôn Nà Mò" not in page
    response = client.post(reverse("rotation:deposit_usage"), _usage(grandchild.code))
    assert response.status_code == 404


def test_the_school_librarian_gets_404_for_the_communes_bookcase(client, an, bookcase):
    client.force_login(an.user)
    response = client.post(reverse("rotation:deposit_usage"), _usage(bookcase.code))
    assert response.status_code == 404
