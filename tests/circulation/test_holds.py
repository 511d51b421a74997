"""Holds: placed for pickup at a library, filled by a returned copy, collected, cancelled, expired."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from libnet.catalog.models import ItemStatus
from libnet.circulation import services
from libnet.circulation.errors import HoldRefused
from libnet.circulation.models import HoldStatus
from libnet.stats.models import DailyStat
from tests.factories import HoldFactory, ItemFactory, LoanFactory, PatronFactory


@pytest.fixture
def copy_out(desk, neighbour):
    """The commune's only copy of a title, lent to the neighbour."""
    return LoanFactory(
        item=ItemFactory(home_library=desk, status=ItemStatus.ON_LOAN),
        patron=neighbour,
        library=desk,
    ).item


def test_a_reader_queues_for_a_title_whose_copies_are_all_out(minh, desk, reader, copy_out, at):
    hold = services.place_hold(
        bib=copy_out.bib, patron=reader, pickup_library=desk, by=minh.user, at=at
    )
    assert (hold.status, hold.item, hold.placed_at) == (HoldStatus.WAITING, None, at)
    assert DailyStat.objects.get(library=desk, indicator="holds").value == 1


def test_a_hold_is_refused_when_a_copy_is_on_the_shelf_here(minh, desk, reader, copy, at):
    with pytest.raises(HoldRefused) as refusal:
        services.place_hold(bib=copy.bib, patron=reader, pickup_library=desk, by=minh.user, at=at)
    assert refusal.value.code == "copy_on_shelf"
    assert desk.name in refusal.value.message


def test_a_hold_is_refused_where_no_copy_of_the_title_is_owned(minh, province, desk, reader, at):
    school_copy = ItemFactory(home_library=province["school"], status=ItemStatus.ON_LOAN)
    with pytest.raises(HoldRefused) as refusal:
        services.place_hold(
            bib=school_copy.bib, patron=reader, pickup_library=desk, by=minh.user, at=at
        )
    assert refusal.value.code == "no_copy_here"


def test_a_reader_cannot_queue_twice_for_one_title(minh, desk, reader, copy_out, at):
    services.place_hold(bib=copy_out.bib, patron=reader, pickup_library=desk, by=minh.user, at=at)
    with pytest.raises(HoldRefused) as refusal:
        services.place_hold(
            bib=copy_out.bib, patron=reader, pickup_library=desk, by=minh.user, at=at
        )
    assert refusal.value.code == "already_on_hold"


def test_a_reader_cannot_queue_for_a_title_already_borrowed(minh, desk, neighbour, copy_out, at):
    with pytest.raises(HoldRefused) as refusal:
        services.place_hold(
            bib=copy_out.bib, patron=neighbour, pickup_library=desk, by=minh.user, at=at
        )
    assert refusal.value.code == "already_on_loan"


def test_a_reader_has_at_most_three_open_holds(minh, desk, reader, at):
    for _ in range(3):
        HoldFactory(patron=reader, pickup_library=desk)
    title = LoanFactory(
        item=ItemFactory(home_library=desk, status=ItemStatus.ON_LOAN), library=desk
    ).item.bib
    with pytest.raises(HoldRefused) as refusal:
        services.place_hold(bib=title, patron=reader, pickup_library=desk, by=minh.user, at=at)
    assert refusal.value.code == "hold_limit_reached"


def test_the_whole_queue_is_served_in_order(minh, desk, reader, neighbour, copy_out, at):
    """The copy comes back, is set aside for the reader, who borrows it: the hold is done."""
    hold = services.place_hold(
        bib=copy_out.bib, patron=reader, pickup_library=desk, by=minh.user, at=at
    )
    later = at + dt.timedelta(days=3)
    result = services.checkin_item(item=copy_out, desk=desk, by=minh.user, at=later)
    assert result.hold == hold
    loan = services.checkout_item(item=copy_out, patron=reader, desk=desk, by=minh.user, at=later)
    assert loan.patron == reader
    hold.refresh_from_db()
    assert hold.status == HoldStatus.FULFILLED


def test_cancelling_a_ready_hold_passes_the_copy_to_the_next_reader(
    minh, desk, reader, neighbour, at
):
    item = ItemFactory(home_library=desk)
    ready = HoldFactory(
        bib=item.bib,
        patron=reader,
        pickup_library=desk,
        status=HoldStatus.READY,
        item=item,
        pickup_until=dt.date(2026, 3, 9),
    )
    following = HoldFactory(
        bib=item.bib, patron=neighbour, pickup_library=desk, placed_at=at + dt.timedelta(hours=1)
    )
    services.cancel_hold(hold=ready, by=minh.user, reason="bạn đọc báo không cần nữa", at=at)
    ready.refresh_from_db()
    assert (ready.status, ready.closed_at) == (HoldStatus.CANCELLED, at)
    assert ready.cancel_reason == "bạn đọc báo không cần nữa"
    following.refresh_from_db()
    assert (following.status, following.item) == (HoldStatus.READY, item)
    with pytest.raises(HoldRefused) as refusal:
        services.cancel_hold(hold=ready, by=minh.user, at=at)
    assert refusal.value.code == "hold_closed"


def test_holds_not_collected_in_time_expire_and_the_copy_goes_home(minh, province, desk, at):
    school_copy = ItemFactory(home_library=province["school"], current_library=desk)
    hold = HoldFactory(
        bib=school_copy.bib,
        patron=PatronFactory(home_library=desk),
        pickup_library=desk,
        status=HoldStatus.READY,
        item=school_copy,
        pickup_until=dt.date(2026, 3, 9),
    )
    assert services.expire_holds(on=dt.date(2026, 3, 9)) == 0
    assert services.expire_holds(on=dt.date(2026, 3, 10)) == 1
    hold.refresh_from_db()
    assert hold.status == HoldStatus.EXPIRED
    school_copy.refresh_from_db()
    assert (school_copy.status, school_copy.current_library) == (ItemStatus.IN_TRANSIT, desk)


def test_the_expire_holds_command_reports_how_many_expired(desk, capsys):
    HoldFactory(
        pickup_library=desk,
        status=HoldStatus.READY,
        item=ItemFactory(home_library=desk),
        pickup_until=dt.date(2020, 1, 1),
    )
    call_command("expire_holds", "--on", "2026-03-10")
    assert "1" in capsys.readouterr().out
