"""Renewing loans, and copies lost or damaged."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.catalog.models import ItemStatus
from libnet.circulation import services
from libnet.circulation.errors import CheckinRefused, RenewalRefused
from libnet.circulation.models import HoldStatus, LoanStatus
from libnet.stats.models import DailyStat
from tests.factories import HoldFactory, ItemFactory

RENEWED_AT = dt.datetime(2026, 3, 12, 3, 0, tzinfo=dt.UTC)


@pytest.fixture
def loan(minh, desk, reader, copy, at):
    return services.checkout_item(item=copy, patron=reader, desk=desk, by=minh.user, at=at)


def test_a_renewal_runs_the_loan_period_again_from_today(minh, desk, loan):
    services.renew_loan(loan=loan, by=minh.user, at=RENEWED_AT)
    loan.refresh_from_db()
    assert (loan.due_on, loan.renewals) == (dt.date(2026, 3, 26), 1)
    assert DailyStat.objects.get(library=desk, indicator="renewals").value == 1


def test_a_loan_is_renewed_at_most_twice_under_the_network_rules(minh, loan):
    services.renew_loan(loan=loan, by=minh.user, at=RENEWED_AT)
    services.renew_loan(loan=loan, by=minh.user, at=RENEWED_AT)
    with pytest.raises(RenewalRefused) as refusal:
        services.renew_loan(loan=loan, by=minh.user, at=RENEWED_AT)
    assert refusal.value.code == "renewal_limit_reached"


def test_renewal_is_refused_while_another_reader_waits_for_the_title(minh, desk, neighbour, loan):
    HoldFactory(bib=loan.item.bib, patron=neighbour, pickup_library=desk)
    with pytest.raises(RenewalRefused) as refusal:
        services.renew_loan(loan=loan, by=minh.user, at=RENEWED_AT)
    assert refusal.value.code == "title_on_hold"
    assert "16/03/2026" in refusal.value.message


def test_renewal_is_refused_once_the_card_has_expired(minh, reader, loan):
    reader.card_valid_until = dt.date(2026, 3, 5)
    reader.save(update_fields=["card_valid_until"])
    with pytest.raises(RenewalRefused) as refusal:
        services.renew_loan(loan=loan, by=minh.user, at=RENEWED_AT)
    assert refusal.value.code == "card_expired"


def test_a_returned_loan_cannot_be_renewed(minh, desk, copy, loan):
    services.checkin_item(item=copy, desk=desk, by=minh.user, at=RENEWED_AT)
    with pytest.raises(RenewalRefused) as refusal:
        services.renew_loan(loan=loan, by=minh.user, at=RENEWED_AT)
    assert refusal.value.code == "loan_closed"


def test_declaring_a_copy_lost_closes_the_loan_and_frees_the_readers_count(
    minh, reader, copy, loan
):
    services.declare_lost(loan=loan, by=minh.user, at=RENEWED_AT)
    loan.refresh_from_db()
    assert (loan.status, loan.closed_at) == (LoanStatus.LOST, RENEWED_AT)
    copy.refresh_from_db()
    assert copy.status == ItemStatus.LOST
    with pytest.raises(RenewalRefused) as refusal:
        services.renew_loan(loan=loan, by=minh.user, at=RENEWED_AT)
    assert refusal.value.code == "loan_lost"
    with pytest.raises(CheckinRefused):
        services.declare_lost(loan=loan, by=minh.user, at=RENEWED_AT)


def test_a_copy_on_loan_must_be_checked_in_before_it_is_marked_damaged(minh, copy, loan):
    with pytest.raises(CheckinRefused) as refusal:
        services.mark_damaged(item=copy, by=minh.user, at=RENEWED_AT)
    assert refusal.value.code == "item_on_loan"


def test_a_damaged_copy_leaves_circulation_and_its_hold_waits_again(minh, desk, neighbour):
    item = ItemFactory(home_library=desk)
    hold = HoldFactory(
        bib=item.bib, patron=neighbour, pickup_library=desk, status=HoldStatus.READY, item=item
    )
    services.mark_damaged(item=item, by=minh.user, at=RENEWED_AT, note="rách bìa")
    item.refresh_from_db()
    assert item.status == ItemStatus.DAMAGED
    hold.refresh_from_db()
    assert (hold.status, hold.item) == (HoldStatus.WAITING, None)
