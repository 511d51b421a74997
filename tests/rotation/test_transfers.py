"""Transfers: by hand, from the desk's returns (home, holds), and inter-library loans."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.catalog.models import Item, ItemStatus
from libnet.circulation import services as circulation
from libnet.rotation import selectors, services
from libnet.rotation.errors import TransferRefused
from libnet.rotation.models import (
    ClaimKind,
    IllState,
    ItemClaim,
    Transfer,
    TransferReason,
    TransferState,
)
from tests.factories import NOW, ItemFactory, PatronFactory

LATER = dt.datetime(2026, 3, 5, 3, 0, tzinfo=dt.UTC)


def test_a_transfer_by_hand_is_requested_shipped_and_received(provincial, commune, lan, minh):
    copy = ItemFactory(home_library=provincial)
    transfer = services.request_transfer(
        item=copy, to_library=commune, reason=TransferReason.MANUAL, by=lan.user, at=NOW
    )
    assert ItemClaim.objects.get(pk=copy.pk).kind == ClaimKind.TRANSFER
    services.ship_transfer(transfer=transfer, by=lan.user, at=NOW)
    assert Item.objects.get(pk=copy.pk).status == ItemStatus.IN_TRANSIT
    services.receive_transfer(transfer=transfer, desk=commune, by=minh.user, at=LATER)
    copy.refresh_from_db()
    transfer.refresh_from_db()
    assert (copy.status, copy.current_library_id) == (ItemStatus.AVAILABLE, commune.pk)
    assert transfer.state == TransferState.RECEIVED
    assert not ItemClaim.objects.filter(pk=copy.pk).exists()


def test_a_copy_is_in_at_most_one_open_transfer(provincial, commune, bookcase, lan):
    copy = ItemFactory(home_library=provincial)
    services.request_transfer(item=copy, to_library=commune, reason="manual", by=lan.user)
    with pytest.raises(TransferRefused) as caught:
        services.request_transfer(item=copy, to_library=bookcase, reason="manual", by=lan.user)
    assert caught.value.code == "already_claimed"


def test_the_database_allows_one_open_transfer_per_copy(provincial, commune, bookcase):
    """The partial unique index stands behind the claim."""
    from django.db import IntegrityError, transaction

    copy = ItemFactory(home_library=provincial)
    Transfer.objects.create(
        item=copy, from_library=provincial, to_library=commune, reason="manual", requested_at=NOW
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Transfer.objects.create(
            item=copy,
            from_library=provincial,
            to_library=bookcase,
            reason="manual",
            requested_at=NOW,
        )


def test_a_cancelled_transfer_frees_the_copy(provincial, commune, lan):
    copy = ItemFactory(home_library=provincial)
    transfer = services.request_transfer(
        item=copy, to_library=commune, reason="manual", by=lan.user
    )
    services.cancel_transfer(transfer=transfer, by=lan.user)
    assert not ItemClaim.objects.filter(pk=copy.pk).exists()
    with pytest.raises(TransferRefused) as caught:
        services.ship_transfer(transfer=transfer, by=lan.user)
    assert caught.value.code == "invalid_transition"


def test_a_copy_on_loan_cannot_be_transferred(provincial, commune, lan):
    copy = ItemFactory(home_library=provincial, status=ItemStatus.ON_LOAN)
    with pytest.raises(TransferRefused) as caught:
        services.request_transfer(item=copy, to_library=commune, reason="manual", by=lan.user)
    assert caught.value.code == "not_on_shelf"


def test_a_return_away_from_home_records_a_transfer_received_at_home(
    provincial, commune, lan, minh
):
    copy = ItemFactory(home_library=commune)
    reader = PatronFactory(home_library=commune)
    circulation.checkout_item(item=copy, patron=reader, desk=commune, by=minh.user, at=NOW)
    result = circulation.checkin_item(item=copy, desk=provincial, by=lan.user, at=LATER)
    assert result.transfer_to == commune
    transfer = Transfer.objects.get(item=copy)
    assert (transfer.reason, transfer.state, transfer.from_library_id, transfer.to_library_id) == (
        TransferReason.RETURN_HOME,
        TransferState.SHIPPED,
        provincial.pk,
        commune.pk,
    )
    assert list(selectors.open_transfers_from([provincial.pk])) == [transfer]
    circulation.checkin_item(item=copy, desk=commune, by=minh.user, at=LATER + dt.timedelta(days=1))
    transfer.refresh_from_db()
    assert (transfer.state, transfer.received_at_library_id) == (TransferState.RECEIVED, commune.pk)
    assert Item.objects.get(pk=copy.pk).status == ItemStatus.AVAILABLE
    assert not ItemClaim.objects.filter(pk=copy.pk).exists()


def test_a_copy_going_home_to_fill_a_hold_is_a_hold_transfer(provincial, commune, lan, minh):
    copy = ItemFactory(home_library=commune)
    lender = PatronFactory(home_library=commune)
    waiting = PatronFactory(home_library=commune)
    circulation.checkout_item(item=copy, patron=lender, desk=commune, by=minh.user, at=NOW)
    hold = circulation.place_hold(
        bib=copy.bib, patron=waiting, pickup_library=commune, by=minh.user, at=NOW
    )
    circulation.checkin_item(item=copy, desk=provincial, by=lan.user, at=LATER)
    transfer = Transfer.objects.get(item=copy)
    assert (transfer.reason, transfer.hold_id) == (TransferReason.HOLD, hold.pk)


def test_a_copy_of_the_mobile_stock_keeps_its_claim_while_travelling(
    provincial, commune, lan, minh
):
    copy = ItemFactory(home_library=commune)
    ItemClaim.objects.create(item=copy, kind=ClaimKind.MOBILE, holder_id=3, claimed_at=NOW)
    reader = PatronFactory(home_library=commune)
    circulation.checkout_item(item=copy, patron=reader, desk=commune, by=minh.user, at=NOW)
    circulation.checkin_item(item=copy, desk=provincial, by=lan.user, at=LATER)
    assert Transfer.objects.filter(item=copy, state=TransferState.SHIPPED).exists()
    assert ItemClaim.objects.get(pk=copy.pk).kind == ClaimKind.MOBILE


def test_an_inter_library_loan_from_request_to_return(provincial, commune, lan, minh):
    lender_copy = ItemFactory(home_library=provincial)
    reader = PatronFactory(home_library=commune, full_name="Hoàng Văn Tú")
    request = services.request_ill(
        patron=reader,
        bib=lender_copy.bib,
        home_library=commune,
        lending_library=provincial,
        by=minh.user,
        at=NOW,
    )
    transfer = services.fulfil_ill(
        request=request, item=lender_copy, due_on=dt.date(2026, 4, 1), by=lan.user, at=NOW
    )
    request.refresh_from_db()
    assert (request.state, request.due_on, transfer.reason) == (
        IllState.SHIPPED,
        dt.date(2026, 4, 1),
        "ill",
    )
    services.receive_transfer(transfer=transfer, desk=commune, by=minh.user, at=LATER)
    request.refresh_from_db()
    assert request.state == IllState.ARRIVED
    loan = circulation.checkout_item(
        item=lender_copy, patron=reader, desk=commune, by=minh.user, at=LATER
    )
    request.refresh_from_db()
    assert (request.state, request.loan, loan.due_on) == (
        IllState.ON_LOAN,
        loan,
        dt.date(2026, 4, 1),
    )
    result = circulation.checkin_item(
        item=lender_copy, desk=commune, by=minh.user, at=LATER + dt.timedelta(days=10)
    )
    assert (result.transfer_to, result.ill) == (provincial, True)
    back = Transfer.objects.get(item=lender_copy, state=TransferState.SHIPPED)
    assert (back.reason, back.ill_request_id) == (TransferReason.ILL, request.pk)
    request.refresh_from_db()
    assert request.state == IllState.RETURNING
    circulation.checkin_item(
        item=lender_copy, desk=provincial, by=lan.user, at=LATER + dt.timedelta(days=12)
    )
    request.refresh_from_db()
    assert request.state == IllState.CLOSED


def test_an_ill_request_is_made_at_the_readers_home_library(provincial, commune, minh, province):
    copy = ItemFactory(home_library=provincial)
    school_reader = PatronFactory(home_library=province["school"])
    with pytest.raises(TransferRefused) as caught:
        services.request_ill(
            patron=school_reader,
            bib=copy.bib,
            home_library=commune,
            lending_library=provincial,
            by=minh.user,
        )
    assert caught.value.code == "ill_at_home_library"
    assert "93/2020" in caught.value.message


def test_an_ill_request_needs_a_copy_on_the_lenders_shelf(provincial, commune, minh):
    copy = ItemFactory(home_library=provincial, status=ItemStatus.ON_LOAN)
    reader = PatronFactory(home_library=commune)
    with pytest.raises(TransferRefused) as caught:
        services.request_ill(
            patron=reader,
            bib=copy.bib,
            home_library=commune,
            lending_library=provincial,
            by=minh.user,
        )
    assert caught.value.code == "ill_no_copy"


def test_the_lender_sets_a_due_date_after_today(provincial, commune, lan, minh):
    copy = ItemFactory(home_library=provincial)
    reader = PatronFactory(home_library=commune)
    request = services.request_ill(
        patron=reader,
        bib=copy.bib,
        home_library=commune,
        lending_library=provincial,
        by=minh.user,
        at=NOW,
    )
    with pytest.raises(TransferRefused) as caught:
        services.fulfil_ill(
            request=request, item=copy, due_on=dt.date(2026, 3, 1), by=lan.user, at=NOW
        )
    assert caught.value.code == "ill_due_before_today"
    assert not Transfer.objects.filter(item=copy).exists()
