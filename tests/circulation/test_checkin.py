"""Taking copies back at any desk of the network: checkin_item."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.catalog.models import ItemStatus
from libnet.circulation import services
from libnet.circulation.errors import CheckinRefused
from libnet.circulation.models import HoldStatus, LoanStatus
from libnet.core.models import AuditEntry
from libnet.search import index as search_index
from tests.factories import CirculationPolicyFactory, HoldFactory, ItemFactory, LoanFactory

LATER = dt.datetime(2026, 3, 10, 3, 0, tzinfo=dt.UTC)


def lend(copy, patron, desk, by, at):
    return services.checkout_item(item=copy, patron=patron, desk=desk, by=by, at=at)


def test_a_copy_returned_at_home_goes_back_on_the_shelf(minh, desk, reader, copy, at):
    loan = lend(copy, reader, desk, minh.user, at)
    result = services.checkin_item(item=copy, desk=desk, by=minh.user, at=LATER)
    assert result.loan == loan
    assert (result.transfer_to, result.hold, result.fine_vnd) == (None, None, 0)
    loan.refresh_from_db()
    assert loan.status == LoanStatus.RETURNED
    assert loan.closed_at == LATER
    assert loan.returned_at_library == desk
    copy.refresh_from_db()
    assert (copy.status, copy.current_library) == (ItemStatus.AVAILABLE, desk)
    assert AuditEntry.objects.filter(action="loan.checkin", subject_id=str(loan.pk)).exists()


def test_a_copy_returned_away_from_home_travels_home(minh, province, desk, at):
    school_copy = ItemFactory(home_library=province["school"])
    LoanFactory(item=school_copy, library=province["school"])
    result = services.checkin_item(item=school_copy, desk=desk, by=minh.user, at=LATER)
    assert result.transfer_to == province["school"]
    school_copy.refresh_from_db()
    assert school_copy.status == ItemStatus.IN_TRANSIT
    assert school_copy.current_library == desk


def test_a_floating_copy_stays_where_it_was_returned(minh, province, desk, at):
    CirculationPolicyFactory(library=desk, copies_float=True)
    school_copy = ItemFactory(home_library=province["school"])
    LoanFactory(item=school_copy, library=province["school"])
    result = services.checkin_item(item=school_copy, desk=desk, by=minh.user, at=LATER)
    assert result.transfer_to is None
    school_copy.refresh_from_db()
    assert (school_copy.status, school_copy.current_library) == (ItemStatus.AVAILABLE, desk)


def test_a_copy_in_transit_is_received_at_home(minh, province, desk, at):
    copy = ItemFactory(
        home_library=desk, current_library=province["school"], status=ItemStatus.IN_TRANSIT
    )
    result = services.checkin_item(item=copy, desk=desk, by=minh.user, at=LATER)
    assert (result.loan, result.transfer_to) == (None, None)
    copy.refresh_from_db()
    assert (copy.status, copy.current_library) == (ItemStatus.AVAILABLE, desk)


def test_a_copy_in_transit_to_another_library_is_refused_and_stays_where_it_was(
    minh, province, desk
):
    """Scanned at a desk it is not travelling to, a copy in transit is sent on, not taken in:
    it stays recorded where it was, and the desk does not become where it is."""
    copy = ItemFactory(
        home_library=province["school"],
        current_library=province["provincial"],
        status=ItemStatus.IN_TRANSIT,
    )
    with pytest.raises(CheckinRefused) as refusal:
        services.checkin_item(item=copy, desk=desk, by=minh.user, at=LATER)
    assert refusal.value.code == "in_transit_elsewhere"
    assert "Thư viện Trường THCS Tân Lập" in refusal.value.message
    copy.refresh_from_db()
    assert (copy.status, copy.current_library) == (ItemStatus.IN_TRANSIT, province["provincial"])
    assert not AuditEntry.objects.filter(
        subject_type="catalog.item", subject_id=str(copy.pk)
    ).exists()


def test_a_second_scan_of_a_returned_copy_changes_nothing(minh, desk, reader, copy, at):
    lend(copy, reader, desk, minh.user, at)
    services.checkin_item(item=copy, desk=desk, by=minh.user, at=LATER)
    result = services.checkin_item(item=copy, desk=desk, by=minh.user, at=LATER)
    assert (result.loan, result.transfer_to, result.hold) == (None, None, None)
    copy.refresh_from_db()
    assert copy.status == ItemStatus.AVAILABLE


def test_a_returned_copy_is_set_aside_for_the_first_reader_waiting_here(
    minh, desk, reader, neighbour, copy, at
):
    lend(copy, reader, desk, minh.user, at)
    first = HoldFactory(bib=copy.bib, patron=neighbour, pickup_library=desk)
    HoldFactory(bib=copy.bib, pickup_library=desk, placed_at=at + dt.timedelta(hours=1))
    result = services.checkin_item(item=copy, desk=desk, by=minh.user, at=LATER)
    assert result.hold == first
    first.refresh_from_db()
    assert first.status == HoldStatus.READY
    assert first.item == copy
    assert first.pickup_until == dt.date(2026, 3, 17)


def test_a_copy_going_home_is_sent_for_a_reader_waiting_at_home(minh, province, desk):
    school = province["school"]
    school_copy = ItemFactory(home_library=school)
    LoanFactory(item=school_copy, library=school)
    hold = HoldFactory(bib=school_copy.bib, pickup_library=school)
    result = services.checkin_item(item=school_copy, desk=desk, by=minh.user, at=LATER)
    assert (result.transfer_to, result.hold) == (school, hold)
    hold.refresh_from_db()
    assert (hold.status, hold.item) == (HoldStatus.IN_TRANSIT, school_copy)
    # At the school, the copy is received and set aside.
    arrived = services.checkin_item(item=school_copy, desk=school, by=None, at=LATER)
    assert (arrived.transfer_to, arrived.hold) == (None, hold)
    hold.refresh_from_db()
    assert hold.status == HoldStatus.READY


def test_a_late_return_is_fined_only_where_the_library_charges_fines(minh, desk, reader, copy, at):
    CirculationPolicyFactory(library=desk, fine_per_day_vnd=2000, grace_days=1)
    loan = lend(copy, reader, desk, minh.user, at)
    assert loan.due_on == dt.date(2026, 3, 16)
    returned = dt.datetime(2026, 3, 20, 3, 0, tzinfo=dt.UTC)  # 4 days late, 1 forgiven
    result = services.checkin_item(item=copy, desk=desk, by=minh.user, at=returned)
    assert result.fine_vnd == 6000
    loan.refresh_from_db()
    assert loan.fine_vnd == 6000


def test_a_lost_copy_that_turns_up_closes_its_loan_as_returned(minh, desk, reader, copy, at):
    loan = lend(copy, reader, desk, minh.user, at)
    services.declare_lost(loan=loan, by=minh.user, at=at)
    result = services.checkin_item(item=copy, desk=desk, by=minh.user, at=LATER)
    assert result.loan == loan
    loan.refresh_from_db()
    assert loan.status == LoanStatus.RETURNED
    copy.refresh_from_db()
    assert copy.status == ItemStatus.AVAILABLE


@pytest.mark.parametrize("status", [ItemStatus.WITHDRAWN, ItemStatus.DAMAGED])
def test_checkin_refuses_a_copy_that_does_not_circulate(minh, desk, status):
    item = ItemFactory(home_library=desk, status=status)
    with pytest.raises(CheckinRefused) as refusal:
        services.checkin_item(item=item, desk=desk, by=minh.user, at=LATER)
    assert refusal.value.code == "item_not_circulating"


def test_a_return_takes_a_small_fixed_number_of_queries(
    minh, desk, reader, copy, at, django_assert_num_queries
):
    """Savepoint; the copy locked with its shelf, its open loan with the reader and whether a
    hold is open on it or waits here for its title (when one is, the holds are read: one
    more); the loan closed; the copy's status; the title's copies with their search document's tags (for the search index);
    the two audit entries in one statement; release. When no other copy was on the shelf
    here, the document's tags are rewritten: one more."""
    second = ItemFactory(home_library=desk, bib=copy.bib)
    search_index.index_records([copy.bib_id])
    for item in (copy, second):
        lend(item, reader, desk, minh.user, at)
    with django_assert_num_queries(8):  # the first copy back: "available here" comes back
        services.checkin_item(item=copy, desk=desk, by=minh.user, at=at)
    with django_assert_num_queries(7):
        services.checkin_item(item=second, desk=desk, by=minh.user, at=at)
