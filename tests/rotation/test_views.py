"""The rotation staff pages: the batch flow by hand, and other libraries denied."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from libnet.catalog.models import ItemStatus, WeedingCandidate
from libnet.core import clock
from libnet.rotation import services
from libnet.rotation.models import (
    BatchState,
    DepositUsage,
    IllRequest,
    IllState,
    RotationBatch,
    Transfer,
)
from tests.factories import NOW, ItemFactory, PatronFactory

HTMX = {"HX-Request": "true"}


def test_the_batch_flow_by_hand(client, lan, minh, provincial, commune, rotation_stock):
    client.force_login(lan.user)
    response = client.post(
        reverse("rotation:batch_new"),
        {
            "from_library": provincial.code,
            "to_library": commune.code,
            "planned_start": "2026-12-01",
            "planned_end": "2027-05-31",
            "purpose": "Sách thiếu nhi",
            "keeper_name": "Nguyễn Văn Minh",
            "keeper_phone": "0912345678",
            "boxes": 2,
        },
    )
    batch = RotationBatch.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("rotation:batch_detail", args=[batch.pk])
    scan = reverse("rotation:batch_scan", args=[batch.pk, "add"])
    response = client.post(scan, {"barcode": rotation_stock[0].barcode, "box": 1}, headers=HTMX)
    assert response.status_code == 200
    assert "desk-event-done" in response.text
    assert rotation_stock[0].barcode in response.text
    response = client.post(scan, {"barcode": "KHONG-CO"}, headers=HTMX)
    assert "desk-event-refused" in response.text
    response = client.post(
        reverse("rotation:batch_add_list", args=[batch.pk]),
        {"call_number_from": "891", "call_number_to": "893", "limit": 3},
        headers=HTMX,
    )
    assert "3" in response.text
    assert batch.lines.count() == 4
    page = client.get(reverse("rotation:batch_detail", args=[batch.pk]))
    assert page.status_code == 200
    assert "Sách thiếu nhi" in page.text
    for action in ("pack", "ship"):
        response = client.post(reverse("rotation:batch_action", args=[batch.pk, action]))
        assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.state == BatchState.SHIPPED

    copies = [line.item for line in batch.lines.select_related("item").order_by("pk")]
    client.force_login(minh.user)
    arrival = reverse("rotation:batch_scan", args=[batch.pk, "arrival"])
    for item in copies[:3]:
        client.post(arrival, {"barcode": item.barcode}, headers=HTMX)
    # The copy not scanned is shown before it is recorded missing; the receipt waits.
    confirm = client.post(reverse("rotation:batch_receive", args=[batch.pk]), {"by": "scan"})
    assert confirm.status_code == 200
    assert copies[3].barcode in confirm.text
    batch.refresh_from_db()
    assert batch.state == BatchState.SHIPPED
    client.post(
        reverse("rotation:batch_receive", args=[batch.pk]), {"by": "scan", "confirm": "yes"}
    )
    batch.refresh_from_db()
    assert batch.state == BatchState.RECEIVED
    assert batch.lines.filter(state="missing_on_arrival").count() == 1
    client.post(reverse("rotation:batch_action", args=[batch.pk, "use"]))
    client.post(
        reverse("rotation:batch_send_back", args=[batch.pk]), {"point_requests": "Truyện tranh"}
    )
    batch.refresh_from_db()
    assert batch.state == BatchState.RETURNING
    assert (
        client.post(reverse("rotation:batch_action", args=[batch.pk, "close"])).status_code == 403
    )

    client.force_login(lan.user)
    back = reverse("rotation:batch_scan", args=[batch.pk, "return"])
    client.post(back, {"barcode": copies[0].barcode})
    client.post(back, {"barcode": copies[1].barcode, "damaged": "on"})
    client.post(back, {"barcode": copies[2].barcode})
    confirm = client.post(reverse("rotation:batch_action", args=[batch.pk, "close"]))
    assert copies[3].barcode in confirm.text  # missing on arrival, never back: to be lost
    client.post(reverse("rotation:batch_action", args=[batch.pk, "close"]), {"confirm": "yes"})
    batch.refresh_from_db()
    assert batch.state == BatchState.CLOSED
    assert WeedingCandidate.objects.count() == 2
    weeding = client.get(reverse("staff:weeding"))
    assert weeding.status_code == 200
    assert copies[1].barcode in weeding.text
    for name in ("rotation:batch_handover", "rotation:batch_packing_list", "rotation:batch_labels"):
        response = client.get(reverse(name, args=[batch.pk]))
        assert response.status_code == 200
        assert response.content.startswith(b"%PDF")


def test_a_refused_batch_plan_shows_the_rule(client, lan, provincial, commune):
    client.force_login(lan.user)
    response = client.post(
        reverse("rotation:batch_new"),
        {
            "from_library": provincial.code,
            "to_library": commune.code,
            "planned_start": "2026-01-01",
            "planned_end": "2026-12-31",
            "boxes": 1,
        },
    )
    assert response.status_code == 400
    assert "05/2022" in response.text


def test_the_planning_view_highlights_overdue_returns(client, lan, draft, rotation_stock, minh):
    services.add_items(batch=draft, items=rotation_stock[:2], by=lan.user, at=NOW)
    services.pack_batch(batch=draft, by=lan.user, at=NOW)
    services.ship_batch(batch=draft, by=lan.user, at=NOW)
    services.receive_batch(batch=draft, by=minh.user, at=NOW)  # due back 31/8/2026: now overdue
    client.force_login(lan.user)
    response = client.get(reverse("rotation:batch_list"))
    assert response.status_code == 200
    assert "is-overdue" in response.text
    assert f"#{draft.pk}" in response.text
    response = client.get(reverse("rotation:batch_list") + "?state=overdue&year=2026")
    assert f"#{draft.pk}" in response.text
    plan = client.get(reverse("rotation:point_plan", args=[draft.to_library.code]) + "?year=2026")
    assert plan.status_code == 200
    assert f"#{draft.pk}" in plan.text


def test_a_point_profile_is_set_from_the_plan_page(client, lan, bookcase):
    client.force_login(lan.user)
    response = client.post(
        reverse("rotation:point_profile", args=[bookcase.code]),
        {"area": "island", "max_months": 12},
    )
    assert response.status_code == 302
    assert bookcase.point_profile.max_months == 12


def test_deposit_usage_is_typed_in(client, lan, bookcase):
    client.force_login(lan.user)
    assert client.get(reverse("rotation:deposit_usage")).status_code == 200
    response = client.post(
        reverse("rotation:deposit_usage"),
        {
            "point": bookcase.code,
            "month": "2026-10-01",
            "loans": 40,
            "readers": 25,
            "note": "Phiếu tháng 10",
        },
    )
    assert response.status_code == 302
    assert DepositUsage.objects.get().loans == 40


def test_a_transfer_from_the_transfers_page_and_its_slip(client, lan, minh, provincial, commune):
    copy = ItemFactory(home_library=provincial)
    client.force_login(lan.user)
    response = client.post(
        reverse("rotation:transfer_list"),
        {"barcode": copy.barcode, "to_library": commune.code, "reason": "manual"},
    )
    assert response.status_code == 302
    transfer = Transfer.objects.get()
    client.post(reverse("rotation:transfer_action", args=[transfer.pk, "ship"]))
    slip = client.get(reverse("rotation:transit_slip") + f"?library={provincial.code}")
    assert slip.status_code == 200
    assert slip.content.startswith(b"%PDF")
    client.force_login(minh.user)
    assert copy.barcode in client.get(reverse("rotation:transfer_list")).text
    client.post(reverse("rotation:transfer_action", args=[transfer.pk, "receive"]))
    transfer.refresh_from_db()
    assert transfer.state == "received"


def test_an_ill_request_from_the_page(client, lan, minh, provincial, commune):
    copy = ItemFactory(home_library=provincial)
    reader = PatronFactory(home_library=commune)
    client.force_login(minh.user)
    response = client.post(
        reverse("rotation:ill_list"),
        {
            "card_number": reader.card_number,
            "record": copy.bib_id,
            "lending_library": provincial.code,
        },
    )
    assert response.status_code == 302
    request = IllRequest.objects.get()
    client.force_login(lan.user)
    due = (clock.today() + dt.timedelta(days=30)).isoformat()
    client.post(
        reverse("rotation:ill_answer", args=[request.pk, "fulfil"]),
        {"barcode": copy.barcode, "due_on": due},
    )
    request.refresh_from_db()
    assert request.state == IllState.SHIPPED
    copy.refresh_from_db()
    assert copy.status == ItemStatus.IN_TRANSIT


BATCH_PAGES = [
    ("get", "rotation:batch_detail", []),
    ("get", "rotation:batch_handover", []),
    ("get", "rotation:batch_packing_list", []),
    ("get", "rotation:batch_labels", []),
    ("post", "rotation:batch_scan", ["add"]),
    ("post", "rotation:batch_add_list", []),
    ("post", "rotation:batch_add_proposal", []),
    ("post", "rotation:batch_receive", []),
    ("post", "rotation:batch_send_back", []),
    ("post", "rotation:batch_action", ["pack"]),
]


@pytest.mark.parametrize(("method", "name", "extra"), BATCH_PAGES)
def test_school_librarian_gets_404_for_a_provincial_batch(client, an, draft, method, name, extra):
    client.force_login(an.user)
    url = reverse(name, args=[draft.pk, *extra])
    response = client.get(url) if method == "get" else client.post(url, {"barcode": "X"})
    assert response.status_code == 404


def test_school_librarian_gets_404_to_remove_a_copy(client, an, lan, draft, rotation_stock):
    services.add_item(batch=draft, item=rotation_stock[0], by=lan.user)
    client.force_login(an.user)
    response = client.post(reverse("rotation:batch_remove", args=[draft.pk, rotation_stock[0].pk]))
    assert response.status_code == 404


def test_school_librarian_does_not_see_other_libraries_batches_transfers_or_requests(
    client, an, lan, draft, provincial, commune, minh
):
    copy = ItemFactory(home_library=provincial)
    transfer = services.request_transfer(
        item=copy, to_library=commune, reason="manual", by=lan.user
    )
    ill = services.request_ill(
        patron=PatronFactory(home_library=commune, full_name="Trịnh Văn Khải"),
        bib=ItemFactory(home_library=provincial).bib,
        home_library=commune,
        lending_library=provincial,
        by=minh.user,
    )
    client.force_login(an.user)
    assert f"#{draft.pk}" not in client.get(reverse("rotation:batch_list")).text
    assert copy.barcode not in client.get(reverse("rotation:transfer_list") + "?state=all").text
    assert "Trịnh Văn Khải" not in client.get(reverse("rotation:ill_list")).text
    for name, args in (
        ("rotation:transfer_action", [transfer.pk, "ship"]),
        ("rotation:ill_answer", [ill.pk, "refuse"]),
        ("rotation:point_profile", [commune.code]),
    ):
        assert client.post(reverse(name, args=args)).status_code == 404
    assert client.get(reverse("rotation:point_plan", args=[commune.code])).status_code == 404


@pytest.mark.parametrize(
    "name",
    [
        "rotation:batch_list",
        "rotation:batch_new",
        "rotation:transfer_list",
        "rotation:transit_slip",
        "rotation:ill_list",
    ],
)
def test_an_officer_who_moves_no_copies_is_told_the_page_is_not_her_work(client, chi, name):
    client.force_login(chi.user)
    response = client.get(reverse(name))
    assert response.status_code == 403
    assert "Không được phép" in response.content.decode()


def test_a_commune_clerk_cannot_type_in_usage_for_a_point_of_another_library(
    client, minh, post_office
):
    client.force_login(minh.user)
    response = client.post(
        reverse("rotation:deposit_usage"),
        {"point": post_office.code, "month": "2026-10-01", "loans": 1, "readers": 1},
    )
    assert response.status_code == 404
    assert not DepositUsage.objects.exists()


@pytest.mark.parametrize("year", ["0", "1899", "10000", "99999", "abc", "²", " "])
def test_a_bad_year_in_the_query_string_shows_the_default_year(client, lan, draft, year):
    client.force_login(lan.user)
    response = client.get(reverse("rotation:batch_list"), {"year": year})
    assert response.status_code == 200
    assert response.context["year"] is None  # all years, as with no year
    plan = client.get(reverse("rotation:point_plan", args=[draft.to_library.code]), {"year": year})
    assert plan.status_code == 200
    assert plan.context["year"] == clock.today().year


@pytest.mark.parametrize("year", [1900, 9999])
def test_the_first_and_last_plan_years_are_shown(client, lan, draft, year):
    client.force_login(lan.user)
    response = client.get(reverse("rotation:batch_list"), {"year": year})
    assert (response.status_code, response.context["year"]) == (200, year)
    plan = client.get(reverse("rotation:point_plan", args=[draft.to_library.code]), {"year": year})
    assert (plan.status_code, plan.context["year"]) == (200, year)
