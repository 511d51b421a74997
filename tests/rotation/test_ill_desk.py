"""An inter-library loan at the reader's home desk: set aside on arrival, lent on the lender's
terms, sent back to the lender on return (DOMAIN.md §2.5; NĐ 93/2020 Art. 27)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from libnet.catalog.models import ItemStatus
from libnet.circulation import services as circulation
from libnet.circulation.errors import CheckoutRefused, RenewalRefused
from libnet.circulation.models import Hold, HoldStatus, Loan
from libnet.core import clock
from libnet.rotation import services
from libnet.rotation.models import IllState, Transfer, TransferReason, TransferState
from tests.factories import NOW, BibRecordFactory, ItemFactory, PatronFactory

HTMX = {"HX-Request": "true"}
LATER = dt.datetime(2026, 3, 5, 3, 0, tzinfo=dt.UTC)  # 5 March 2026, 10:00 in Vietnam
LENDERS_DUE_ON = dt.date(2026, 4, 1)


@pytest.fixture
def tu(commune):
    """Hoàng Văn Tú, a reader whose card the commune library issued."""
    return PatronFactory(home_library=commune, full_name="Hoàng Văn Tú", card_number="TL2026000007")


@pytest.fixture
def lender_copy(provincial):
    return ItemFactory(
        home_library=provincial,
        barcode="TVT0004242",
        bib=BibRecordFactory(title="Tắt đèn"),
    )


@pytest.fixture
def shipped(provincial, commune, lan, minh, tu, lender_copy):
    """Tú asked at Tân Lập for the provincial library's Tắt đèn; the lender shipped it."""
    request = services.request_ill(
        patron=tu,
        bib=lender_copy.bib,
        home_library=commune,
        lending_library=provincial,
        by=minh.user,
        at=NOW,
    )
    transfer = services.fulfil_ill(
        request=request, item=lender_copy, due_on=LENDERS_DUE_ON, by=lan.user, at=NOW
    )
    return request, transfer


@pytest.fixture
def at_desk(client, minh, monkeypatch):
    """Minh's desk at Tân Lập, on 5 March 2026."""
    monkeypatch.setattr(clock, "now", lambda: LATER)
    client.force_login(minh.user)
    return client


def scan(client, barcode: str):
    return client.post(reverse("circulation:desk_scan"), {"barcode": barcode}, headers=HTMX)


def status_codes(response) -> list[str]:
    region = response.content.decode().split('id="desk-status"', 1)[1].split("</div>", 1)[0]
    return re.findall(r'data-code="([a-z_]+)"', region)


# --- services -------------------------------------------------------------------------------


def test_a_desk_scan_at_the_home_library_receives_the_copy_and_sets_it_aside(
    shipped, commune, minh, tu, lender_copy
):
    request, transfer = shipped
    result = circulation.checkin_item(item=lender_copy, desk=commune, by=minh.user, at=LATER)
    assert result.ill is True
    assert result.transfer_to is None
    assert (result.hold.patron, result.hold.pickup_library, result.hold.status) == (
        tu,
        commune,
        HoldStatus.READY,
    )
    transfer.refresh_from_db()
    assert (transfer.state, transfer.received_at_library) == (TransferState.RECEIVED, commune)
    request.refresh_from_db()
    assert request.state == IllState.ARRIVED
    lender_copy.refresh_from_db()
    assert (lender_copy.status, lender_copy.current_library) == (ItemStatus.AVAILABLE, commune)
    # Not sent back to its owner: no other transfer was opened.
    assert not Transfer.objects.filter(
        item=lender_copy, state__in=(TransferState.REQUESTED, TransferState.SHIPPED)
    ).exists()


def test_received_on_the_transfers_page_the_copy_is_set_aside_too(
    shipped, commune, minh, tu, lender_copy
):
    _request, transfer = shipped
    services.receive_transfer(transfer=transfer, desk=commune, by=minh.user, at=LATER)
    hold = Hold.objects.get(patron=tu, closed_at__isnull=True)
    assert (hold.item, hold.status, hold.pickup_library) == (
        lender_copy,
        HoldStatus.READY,
        commune,
    )


def test_the_readers_own_hold_on_the_title_is_used(shipped, commune, minh, tu, lender_copy):
    own = Hold.objects.create(bib=lender_copy.bib, patron=tu, pickup_library=commune, placed_at=NOW)
    result = circulation.checkin_item(item=lender_copy, desk=commune, by=minh.user, at=LATER)
    assert result.hold.pk == own.pk
    assert Hold.objects.filter(patron=tu, closed_at__isnull=True).count() == 1


def test_the_copy_set_aside_is_not_lent_to_another_reader(shipped, commune, minh, lender_copy):
    circulation.checkin_item(item=lender_copy, desk=commune, by=minh.user, at=LATER)
    other = PatronFactory(home_library=commune)
    with pytest.raises(CheckoutRefused) as caught:
        circulation.checkout_item(item=lender_copy, patron=other, desk=commune, by=minh.user)
    assert caught.value.code == "item_on_hold_for_other"


def test_the_loan_takes_the_lenders_due_date_and_is_linked_to_the_request(
    shipped, commune, minh, tu, lender_copy
):
    request, _transfer = shipped
    circulation.checkin_item(item=lender_copy, desk=commune, by=minh.user, at=LATER)
    loan = circulation.checkout_item(
        item=lender_copy, patron=tu, desk=commune, by=minh.user, at=LATER
    )
    assert loan.due_on == LENDERS_DUE_ON  # not the commune's 14 days (19 March)
    request.refresh_from_db()
    assert (request.state, request.loan_id) == (IllState.ON_LOAN, loan.pk)
    assert Hold.objects.get(patron=tu).status == HoldStatus.FULFILLED


def test_an_ill_loan_is_not_renewed_at_the_home_desk(shipped, commune, minh, tu, lender_copy):
    circulation.checkin_item(item=lender_copy, desk=commune, by=minh.user, at=LATER)
    loan = circulation.checkout_item(
        item=lender_copy, patron=tu, desk=commune, by=minh.user, at=LATER
    )
    with pytest.raises(RenewalRefused) as caught:
        circulation.renew_loan(loan=loan, by=minh.user, at=LATER)
    assert caught.value.code == "ill_loan"
    assert "01/04/2026" in caught.value.message
    loan.refresh_from_db()
    assert (loan.due_on, loan.renewals) == (LENDERS_DUE_ON, 0)


def test_an_ordinary_copy_keeps_the_desks_loan_period(commune, minh, tu):
    own = ItemFactory(home_library=commune)
    loan = circulation.checkout_item(item=own, patron=tu, desk=commune, by=minh.user, at=LATER)
    assert loan.due_on == dt.date(2026, 3, 19)


def test_returned_at_home_the_copy_goes_back_to_the_lender_and_the_request_closes_there(
    shipped, provincial, commune, lan, minh, tu, lender_copy
):
    request, _transfer = shipped
    circulation.checkin_item(item=lender_copy, desk=commune, by=minh.user, at=LATER)
    circulation.checkout_item(item=lender_copy, patron=tu, desk=commune, by=minh.user, at=LATER)
    back_at = LATER + dt.timedelta(days=20)
    result = circulation.checkin_item(item=lender_copy, desk=commune, by=minh.user, at=back_at)
    assert (result.ill, result.transfer_to) == (True, provincial)
    back = Transfer.objects.get(item=lender_copy, state=TransferState.SHIPPED)
    assert (back.reason, back.from_library, back.to_library, back.ill_request_id) == (
        TransferReason.ILL,
        commune,
        provincial,
        request.pk,
    )
    request.refresh_from_db()
    assert (request.state, request.closed_at) == (IllState.RETURNING, None)
    services.receive_transfer(
        transfer=back, desk=provincial, by=lan.user, at=back_at + dt.timedelta(days=2)
    )
    request.refresh_from_db()
    assert request.state == IllState.CLOSED
    lender_copy.refresh_from_db()
    assert (lender_copy.status, lender_copy.current_library) == (ItemStatus.AVAILABLE, provincial)


def test_an_ill_copy_goes_back_to_the_lender_even_where_copies_float(
    shipped, provincial, commune, minh, tu, lender_copy
):
    from libnet.circulation.models import CirculationPolicy

    CirculationPolicy.objects.create(library=commune, copies_float=True)
    circulation.checkin_item(item=lender_copy, desk=commune, by=minh.user, at=LATER)
    circulation.checkout_item(item=lender_copy, patron=tu, desk=commune, by=minh.user, at=LATER)
    result = circulation.checkin_item(item=lender_copy, desk=commune, by=minh.user, at=LATER)
    assert result.transfer_to == provincial


def test_brought_straight_back_to_the_lender_the_request_closes(
    shipped, provincial, commune, lan, minh, tu, lender_copy
):
    request, _transfer = shipped
    circulation.checkin_item(item=lender_copy, desk=commune, by=minh.user, at=LATER)
    circulation.checkout_item(item=lender_copy, patron=tu, desk=commune, by=minh.user, at=LATER)
    result = circulation.checkin_item(item=lender_copy, desk=provincial, by=lan.user, at=LATER)
    assert result.transfer_to is None
    request.refresh_from_db()
    assert request.state == IllState.CLOSED


# --- the desk pages -------------------------------------------------------------------------


def test_the_desk_scan_shows_the_ill_message_lends_on_the_lenders_terms_and_sends_it_back(
    at_desk, shipped, provincial, tu, lender_copy
):
    request, _transfer = shipped
    at_desk.post(reverse("circulation:desk_mode"), {"mode": "return"}, headers=HTMX)
    response = scan(at_desk, "TVT0004242")
    assert response.status_code == 200
    assert status_codes(response) == ["ill_set_aside"]
    page = response.content.decode()
    assert "Hoàng Văn Tú" in page
    assert "Sách mượn liên thư viện cho bạn đọc Hoàng Văn Tú" in page
    shelf = at_desk.get(reverse("circulation:hold_shelf")).content.decode()
    assert "Hoàng Văn Tú" in shelf
    assert "TVT0004242" in shelf

    at_desk.post(reverse("circulation:desk_mode"), {"mode": "lend"}, headers=HTMX)
    scan(at_desk, tu.card_number)
    response = scan(at_desk, "TVT0004242")
    assert status_codes(response) == ["lent"]
    assert "01/04/2026" in response.content.decode()
    loan = Loan.objects.get(item=lender_copy, closed_at__isnull=True)
    request.refresh_from_db()
    assert (request.state, request.loan) == (IllState.ON_LOAN, loan)

    at_desk.post(reverse("circulation:desk_mode"), {"mode": "return"}, headers=HTMX)
    response = scan(at_desk, "TVT0004242")
    assert status_codes(response) == ["returned", "ill_send_back"]
    assert provincial.name in response.content.decode()


def test_a_desk_of_another_library_does_not_set_the_copy_aside(
    client, an, shipped, province, lender_copy, monkeypatch
):
    """Scanned at the school (not the reader's library), the copy is routed home as usual."""
    monkeypatch.setattr(clock, "now", lambda: LATER)
    client.force_login(an.user)
    client.post(reverse("circulation:desk_mode"), {"mode": "return"}, headers=HTMX)
    response = scan(client, "TVT0004242")
    assert "ill_set_aside" not in status_codes(response)
    assert not Hold.objects.exists()
