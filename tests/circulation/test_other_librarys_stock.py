"""Another library's copies at a desk: lent only where they are, taken back only when on loan.

Barcodes are sequential: a desk (or a script with a desk's token) that lent or took in any
barcode could move the network's stock to itself one scan at a time. Every test here writes
through the door a user touches (the API, the desk page) and checks that nothing moved.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from libnet.catalog.models import Item, ItemStatus
from libnet.circulation import services
from libnet.circulation.models import InLibraryUse, Loan, LoanStatus
from libnet.core import clock, tokens
from libnet.core.models import AuditEntry
from libnet.network.models import Membership, Role
from libnet.rotation import services as rotation
from libnet.rotation.models import Transfer
from tests.factories import (
    NOW,
    BibRecordFactory,
    ItemFactory,
    LoanFactory,
    PatronFactory,
    UserFactory,
)

HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: NOW)
    return NOW


def bearer(persona) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens.create_api_token(user=persona.user)}"}


def post(client, persona, url, body):
    return client.post(url, body, content_type="application/json", headers=bearer(persona))


def scan(client, barcode: str):
    return client.post(reverse("circulation:desk_scan"), {"barcode": barcode}, headers=HTMX)


def set_mode(client, mode: str):
    client.post(reverse("circulation:desk_mode"), {"mode": mode}, headers=HTMX)


def status_codes(response) -> list[str]:
    region = response.content.decode().split('id="desk-status"', 1)[1].split("</div>", 1)[0]
    return re.findall(r'data-code="([a-z_]+)"', region)


def where(item: Item) -> tuple[str, int, int]:
    item.refresh_from_db()
    return item.status, item.current_library_id, item.home_library_id


def nothing_written_about(item: Item) -> bool:
    return not AuditEntry.objects.filter(
        subject_type="catalog.item", subject_id=str(item.pk)
    ).exists()


@pytest.fixture
def commune_copy(desk):
    """A book of Tân Lập commune library, on the commune's shelf."""
    return ItemFactory(home_library=desk, barcode="TL0000001")


@pytest.fixture
def pupil(province):
    """A pupil of the school, reader there only."""
    return PatronFactory(home_library=province["school"])


# --- lending ----------------------------------------------------------------------------------


def test_the_school_cannot_lend_the_communes_copy_through_the_api(
    client, an, pupil, desk, province, commune_copy
):
    """An's token lends at the school desk; the commune's copy is on the commune's shelf."""
    response = post(
        client,
        an,
        "/api/v1/circulation/checkout",
        {
            "library": province["school"].code,
            "card_number": pupil.card_number,
            "item_barcode": commune_copy.barcode,
        },
    )
    assert response.status_code == 409, response.content
    body = response.json()
    assert body["code"] == "copy_not_here"
    assert "TL0000001" in body["message"]
    assert "thư viện khác" in body["message"]  # Vietnamese, says why
    assert not Loan.objects.filter(item=commune_copy).exists()
    assert where(commune_copy) == (ItemStatus.AVAILABLE, desk.pk, desk.pk)
    assert nothing_written_about(commune_copy)
    # The copy did not become the school's to see.
    response = client.get(f"/api/v1/items/{commune_copy.pk}", headers=bearer(an))
    assert response.status_code == 404


def test_the_school_cannot_lend_the_communes_copy_at_its_desk(
    client, an, pupil, desk, commune_copy
):
    client.force_login(an.user)
    scan(client, pupil.card_number)
    response = scan(client, commune_copy.barcode)
    assert status_codes(response) == ["copy_not_here"]
    assert not Loan.objects.filter(item=commune_copy).exists()
    assert where(commune_copy) == (ItemStatus.AVAILABLE, desk.pk, desk.pk)


def test_a_librarian_of_the_whole_province_lends_at_the_provincial_desk_only_its_copies(
    client, province, commune_copy
):
    """A subtree role sees the commune's copies; its provincial desk still cannot lend them."""
    head = UserFactory(username="head")
    Membership.objects.create(
        user=head, library=province["provincial"], role=Role.CIRCULATION, covers_subtree=True
    )
    reader = PatronFactory(home_library=province["provincial"])
    client.force_login(head)
    client.post(reverse("circulation:desk_library"), {"library": province["provincial"].code})
    scan(client, reader.card_number)
    response = scan(client, commune_copy.barcode)
    assert status_codes(response) == ["copy_not_here"]
    assert where(commune_copy)[:2] == (ItemStatus.AVAILABLE, province["commune"].pk)


def test_a_copy_on_loan_elsewhere_is_refused_as_not_here_without_its_loan_being_told(
    client, an, pupil, province, desk
):
    """Not "on loan until …": the school has no business with the commune's loans."""
    loan = LoanFactory(item=ItemFactory(home_library=desk, status=ItemStatus.ON_LOAN))
    response = post(
        client,
        an,
        "/api/v1/circulation/checkout",
        {
            "library": province["school"].code,
            "card_number": pupil.card_number,
            "item_barcode": loan.item.barcode,
        },
    )
    assert response.json()["code"] == "copy_not_here"
    assert loan.due_on.strftime("%d/%m/%Y") not in response.json()["message"]


def test_a_copy_set_aside_here_for_the_reader_is_lent_even_if_another_library_owns_it(
    client, minh, desk, province, reader
):
    """An inter-library loan waits on the commune's hold shelf: it is at this desk."""
    lender_copy = ItemFactory(home_library=province["provincial"], current_library=desk)
    services.set_aside_for_reader(item=lender_copy, patron=reader, desk=desk, by=None, at=NOW)
    response = post(
        client,
        minh,
        "/api/v1/circulation/checkout",
        {
            "library": desk.code,
            "card_number": reader.card_number,
            "item_barcode": lender_copy.barcode,
        },
    )
    assert response.status_code == 201, response.content


# --- returns ----------------------------------------------------------------------------------


def test_checking_in_another_librarys_copy_on_its_shelf_is_refused_through_the_api(
    client, minh, desk, province, school_copy
):
    """Minh's token scans the school's barcode: it is not on loan, so there is nothing to take
    back; it stays on the school's shelf, not in transit from the commune."""
    school = province["school"]
    response = post(
        client,
        minh,
        "/api/v1/circulation/checkin",
        {"library": desk.code, "item_barcode": school_copy.barcode},
    )
    assert response.status_code == 409, response.content
    body = response.json()
    assert body["code"] == "copy_not_on_loan"
    assert "Thư viện Trường THCS Tân Lập" in body["message"]
    assert where(school_copy) == (ItemStatus.AVAILABLE, school.pk, school.pk)
    assert not Transfer.objects.filter(item=school_copy).exists()
    assert nothing_written_about(school_copy)
    response = client.get(f"/api/v1/items/{school_copy.pk}", headers=bearer(minh))
    assert response.status_code == 404


@pytest.mark.parametrize("status", [ItemStatus.LOST, ItemStatus.MISSING, ItemStatus.WITHDRAWN])
def test_another_librarys_lost_or_withdrawn_copy_is_not_taken_in(
    client, minh, desk, province, status
):
    school = province["school"]
    copy = ItemFactory(home_library=school, status=status)
    response = post(
        client,
        minh,
        "/api/v1/circulation/checkin",
        {"library": desk.code, "item_barcode": copy.barcode},
    )
    assert response.json()["code"] == "copy_not_on_loan"
    assert where(copy) == (status, school.pk, school.pk)


def test_checking_in_another_librarys_copy_at_the_desk_is_refused_and_nothing_moves(
    client, minh, province, school_copy
):
    client.force_login(minh.user)
    set_mode(client, "return")
    response = scan(client, school_copy.barcode)
    assert status_codes(response) == ["copy_not_on_loan"]
    assert "Thư viện Trường THCS Tân Lập" in response.content.decode()
    school = province["school"]
    assert where(school_copy) == (ItemStatus.AVAILABLE, school.pk, school.pk)
    assert nothing_written_about(school_copy)


def test_a_copy_on_loan_from_another_library_is_still_taken_back_anywhere(
    client, minh, an, desk, province, school_copy, pupil
):
    """Returns anywhere in the network stay: the reader brings the school's book to the commune."""
    services.checkout_item(
        item=school_copy, patron=pupil, desk=province["school"], by=an.user, at=NOW
    )
    response = post(
        client,
        minh,
        "/api/v1/circulation/checkin",
        {"library": desk.code, "item_barcode": school_copy.barcode},
    )
    assert response.status_code == 200, response.content
    assert response.json()["transfer_to"] == province["school"].code


def test_a_lost_loan_brought_back_anywhere_is_returned(client, minh, an, desk, province, pupil):
    copy = ItemFactory(home_library=province["school"])
    loan = services.checkout_item(
        item=copy, patron=pupil, desk=province["school"], by=an.user, at=NOW
    )
    services.declare_lost(loan=loan, by=an.user, at=NOW)
    response = post(
        client,
        minh,
        "/api/v1/circulation/checkin",
        {"library": desk.code, "item_barcode": copy.barcode},
    )
    assert response.status_code == 200, response.content
    loan.refresh_from_db()
    assert loan.status == LoanStatus.RETURNED


def test_a_copy_in_transit_elsewhere_is_sent_on_not_taken_in(client, minh, desk, province):
    """Sent from the provincial library to the school, it passes the commune: refused there."""
    copy = ItemFactory(home_library=province["provincial"])
    transfer = rotation.request_transfer(
        item=copy, to_library=province["school"], reason="manual", by=None, at=NOW
    )
    rotation.ship_transfer(transfer=transfer, by=None, at=NOW)
    before = where(copy)
    response = post(
        client,
        minh,
        "/api/v1/circulation/checkin",
        {"library": desk.code, "item_barcode": copy.barcode},
    )
    assert response.status_code == 409
    assert response.json()["code"] == "in_transit_elsewhere"
    assert "Thư viện Trường THCS Tân Lập" in response.json()["message"]
    assert where(copy) == before
    transfer.refresh_from_db()
    assert transfer.state == "shipped"


def test_a_copy_in_transit_here_is_received(client, minh, desk, province):
    copy = ItemFactory(home_library=province["provincial"])
    transfer = rotation.request_transfer(
        item=copy, to_library=desk, reason="manual", by=None, at=NOW
    )
    rotation.ship_transfer(transfer=transfer, by=None, at=NOW)
    response = post(
        client,
        minh,
        "/api/v1/circulation/checkin",
        {"library": desk.code, "item_barcode": copy.barcode},
    )
    assert response.status_code == 200, response.content
    transfer.refresh_from_db()
    assert (transfer.state, transfer.received_at_library_id) == ("received", desk.pk)


def test_a_copy_travelling_in_a_rotation_batch_is_received_on_the_batchs_page(
    client, minh, lan, desk, province
):
    """The desk would put it on the shelf (or send it home) behind the batch's back, and the
    batch would count it lost when it closes."""
    provincial = province["provincial"]
    bib = BibRecordFactory()
    # TT 05/2022: a title rotates only from a library holding at least three copies of it.
    copies = [ItemFactory(home_library=provincial, bib=bib) for _ in range(3)]
    batch = rotation.create_batch(
        from_library=provincial,
        to_library=desk,
        planned_start=dt.date(2026, 3, 2),
        planned_end=dt.date(2026, 6, 30),
        by=lan.user,
        at=NOW,
    )
    rotation.add_items(batch=batch, items=[copies[0]], by=lan.user, at=NOW)
    rotation.pack_batch(batch=batch, by=lan.user, at=NOW)
    rotation.ship_batch(batch=batch, by=lan.user, at=NOW)
    before = where(copies[0])
    response = post(
        client,
        minh,
        "/api/v1/circulation/checkin",
        {"library": desk.code, "item_barcode": copies[0].barcode},
    )
    assert response.status_code == 409, response.content
    assert response.json()["code"] == "item_in_batch"
    assert f"#{batch.pk}" in response.json()["message"]
    assert where(copies[0]) == before


def test_the_owner_scanning_its_own_copy_on_its_shelf_may_count_it_as_read_in_place(
    client, minh, desk, commune_copy
):
    client.force_login(minh.user)
    set_mode(client, "return")
    response = scan(client, commune_copy.barcode)
    assert status_codes(response) == ["not_on_loan"]
    assert "Tính là đọc tại chỗ" in response.content.decode()
    assert where(commune_copy) == (ItemStatus.AVAILABLE, desk.pk, desk.pk)
    assert not InLibraryUse.objects.exists()
    response = client.post(
        reverse("circulation:desk_use"), {"barcode": commune_copy.barcode}, headers=HTMX
    )
    assert status_codes(response) == ["used_in_library"]
    use = InLibraryUse.objects.get()
    assert (use.item, use.library, use.count) == (commune_copy, desk, 1)


# --- read in place --------------------------------------------------------------------------


def test_another_librarys_copy_is_not_counted_as_read_in_place_here(client, minh, school_copy):
    client.force_login(minh.user)
    set_mode(client, "use")
    response = scan(client, school_copy.barcode)
    assert status_codes(response) == ["use_copy_not_here"]
    response = client.post(
        reverse("circulation:desk_use"), {"barcode": school_copy.barcode}, headers=HTMX
    )
    assert status_codes(response) == ["use_copy_not_here"]
    assert not InLibraryUse.objects.exists()
