"""Lending a copy over the counter: checkout_item."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.catalog.models import ItemStatus, ItemType
from libnet.circulation import services
from libnet.circulation.errors import CheckoutRefused
from libnet.circulation.models import Hold, HoldStatus, Loan, LoanStatus
from libnet.core.models import AuditEntry
from libnet.patrons.models import JointCardArea, PatronLibrary, PatronStatus
from libnet.search import index as search_index
from libnet.stats.models import DailyStat
from tests.factories import (
    CirculationPolicyFactory,
    HoldFactory,
    ItemFactory,
    LoanFactory,
    PatronFactory,
    ShelfLocationFactory,
    category,
)


def refused_code(**kwargs) -> str:
    with pytest.raises(CheckoutRefused) as refusal:
        services.checkout_item(**kwargs)
    return refusal.value.code


def test_checkout_lends_the_copy_for_the_network_loan_period(minh, desk, reader, copy, at):
    loan = services.checkout_item(item=copy, patron=reader, desk=desk, by=minh.user, at=at)
    assert loan.status == LoanStatus.OPEN
    assert loan.due_on == dt.date(2026, 3, 16)
    assert loan.lent_by == minh.user
    copy.refresh_from_db()
    assert copy.status == ItemStatus.ON_LOAN
    assert AuditEntry.objects.filter(action="loan.checkout", subject_id=str(loan.pk)).exists()
    assert (
        DailyStat.objects.get(library=desk, indicator="loans", day=dt.date(2026, 3, 2)).value == 1
    )


def test_checkout_counts_the_loan_on_vietnams_calendar_day(minh, desk, reader, copy):
    """At 18:00 UTC on 1 March it is already 2 March in Vietnam."""
    late_evening_utc = dt.datetime(2026, 3, 1, 18, 0, tzinfo=dt.UTC)
    loan = services.checkout_item(
        item=copy, patron=reader, desk=desk, by=minh.user, at=late_evening_utc
    )
    assert loan.due_on == dt.date(2026, 3, 16)
    assert DailyStat.objects.filter(indicator="loans", day=dt.date(2026, 3, 2)).exists()


def test_checkout_is_refused_when_the_copy_is_already_on_loan(
    minh, desk, reader, neighbour, copy, at
):
    services.checkout_item(item=copy, patron=neighbour, desk=desk, by=minh.user, at=at)
    with pytest.raises(CheckoutRefused) as refusal:
        services.checkout_item(item=copy, patron=reader, desk=desk, by=minh.user, at=at)
    assert refusal.value.code == "item_on_loan"
    assert "16/03/2026" in refusal.value.message
    assert Loan.objects.count() == 1


def test_the_unique_index_refuses_a_second_open_loan_the_status_did_not_catch(
    minh, desk, reader, neighbour, copy, at
):
    """A loan written by a desk that raced ours: the copy still reads "available"."""
    LoanFactory(item=copy, patron=neighbour, library=desk)
    copy.status = ItemStatus.AVAILABLE
    copy.save(update_fields=["status"])
    assert refused_code(item=copy, patron=reader, desk=desk, by=minh.user, at=at) == "item_on_loan"
    assert Loan.objects.filter(patron=reader).count() == 0


@pytest.mark.parametrize(
    "status", [ItemStatus.LOST, ItemStatus.WITHDRAWN, ItemStatus.IN_TRANSIT, ItemStatus.DAMAGED]
)
def test_checkout_is_refused_for_a_copy_that_is_not_on_the_shelf(minh, desk, reader, status, at):
    item = ItemFactory(home_library=desk, status=status)
    code = refused_code(item=item, patron=reader, desk=desk, by=minh.user, at=at)
    assert code == "item_not_available"


def test_a_copy_in_closed_stacks_is_read_in_place(minh, desk, reader, at):
    stacks = ShelfLocationFactory(library=desk, code="KD", name="Kho đóng", is_closed_stack=True)
    item = ItemFactory(home_library=desk, shelf_location=stacks)
    code = refused_code(item=item, patron=reader, desk=desk, by=minh.user, at=at)
    assert code == "reference_only"


def test_a_map_is_read_in_place_under_the_network_rules(minh, desk, reader, at):
    item = ItemFactory(home_library=desk, item_type=ItemType.MAP)
    code = refused_code(item=item, patron=reader, desk=desk, by=minh.user, at=at)
    assert code == "reference_only"


def test_a_reference_book_stays_in_even_when_the_library_lends_everything_else(
    minh, desk, reader, at
):
    CirculationPolicyFactory(library=desk, home_loan_allowed=True, loan_days=21)
    item = ItemFactory(home_library=desk, item_type=ItemType.REFERENCE)
    code = refused_code(item=item, patron=reader, desk=desk, by=minh.user, at=at)
    assert code == "reference_only"


def test_checkout_is_refused_when_the_card_has_expired(minh, desk, copy, at):
    patron = PatronFactory(home_library=desk, card_valid_until=dt.date(2026, 2, 28))
    with pytest.raises(CheckoutRefused) as refusal:
        services.checkout_item(item=copy, patron=patron, desk=desk, by=minh.user, at=at)
    assert refusal.value.code == "card_expired"
    assert "28/02/2026" in refusal.value.message


def test_checkout_is_refused_when_the_card_is_blocked(minh, desk, copy, at):
    patron = PatronFactory(
        home_library=desk, status=PatronStatus.BLOCKED, blocked_reason="sách hỏng chưa đền"
    )
    with pytest.raises(CheckoutRefused) as refusal:
        services.checkout_item(item=copy, patron=patron, desk=desk, by=minh.user, at=at)
    assert refusal.value.code == "card_blocked"
    assert "sách hỏng chưa đền" in refusal.value.message


def test_a_school_card_is_not_valid_at_the_commune_without_a_joint_card(minh, desk, binh, copy, at):
    code = refused_code(item=copy, patron=binh, desk=desk, by=minh.user, at=at)
    assert code == "card_not_valid_here"


def test_a_joint_card_lets_a_reader_borrow_at_another_library_and_links_the_reader_there(
    minh, province, desk, copy, at
):
    JointCardArea.objects.create(library=province["provincial"], since=dt.date(2025, 1, 1))
    visitor = PatronFactory(home_library=province["provincial"])
    loan = services.checkout_item(item=copy, patron=visitor, desk=desk, by=minh.user, at=at)
    assert loan.library == desk
    assert PatronLibrary.objects.filter(patron=visitor, library=desk).exists()


def test_a_pupil_may_not_borrow_more_than_three_books(minh, desk, at):
    pupil = PatronFactory(home_library=desk, category=category("pupil"))
    for _ in range(3):
        services.checkout_item(
            item=ItemFactory(home_library=desk), patron=pupil, desk=desk, by=minh.user, at=at
        )
    with pytest.raises(CheckoutRefused) as refusal:
        services.checkout_item(
            item=ItemFactory(home_library=desk), patron=pupil, desk=desk, by=minh.user, at=at
        )
    assert refusal.value.code == "loan_limit_reached"
    assert refusal.value.params["limit"] == 3


def test_a_pupil_keeps_a_textbook_for_the_school_year(minh, desk, at):
    pupil = PatronFactory(home_library=desk, category=category("pupil"))
    textbook = ItemFactory(home_library=desk, item_type=ItemType.TEXTBOOK)
    loan = services.checkout_item(item=textbook, patron=pupil, desk=desk, by=minh.user, at=at)
    assert loan.due_on == dt.date(2026, 3, 2) + dt.timedelta(days=270)


def test_checkout_is_refused_for_a_copy_set_aside_for_another_reader(
    minh, desk, reader, neighbour, copy, at
):
    HoldFactory(
        bib=copy.bib, patron=neighbour, pickup_library=desk, status=HoldStatus.READY, item=copy
    )
    code = refused_code(item=copy, patron=reader, desk=desk, by=minh.user, at=at)
    assert code == "item_on_hold_for_other"


def test_lending_the_copy_set_aside_for_the_reader_fulfils_the_hold(minh, desk, reader, copy, at):
    hold = HoldFactory(
        bib=copy.bib, patron=reader, pickup_library=desk, status=HoldStatus.READY, item=copy
    )
    services.checkout_item(item=copy, patron=reader, desk=desk, by=minh.user, at=at)
    hold.refresh_from_db()
    assert hold.status == HoldStatus.FULFILLED
    assert hold.closed_at == at


def test_a_refused_checkout_writes_nothing(minh, desk, copy, at):
    patron = PatronFactory(home_library=desk, card_valid_until=dt.date(2026, 1, 1))
    with pytest.raises(CheckoutRefused):
        services.checkout_item(item=copy, patron=patron, desk=desk, by=minh.user, at=at)
    copy.refresh_from_db()
    assert copy.status == ItemStatus.AVAILABLE
    assert not Loan.objects.exists()
    assert not DailyStat.objects.exists()
    assert not Hold.objects.exists()


def test_a_checkout_takes_a_small_fixed_number_of_queries(
    minh, desk, reader, copy, at, django_assert_num_queries
):
    """Savepoint; the copy locked with its shelf, the reader's loan count and whether any hold
    concerns it (when one does, the holds are read: one more); the loan; the copy's status;
    the title's copies with their search document's tags (for the search index); the daily
    figure; the reader's active month (planning); the two audit entries in one statement; release. The rules and the library tree
    come from memory once read (the first loan reads them). When the copy was the title's
    last on the shelf here, the document's tags are rewritten: one
    more."""
    other = ItemFactory(home_library=desk)
    second = ItemFactory(home_library=desk, bib=copy.bib)
    search_index.index_records([copy.bib_id, other.bib_id])
    services.checkout_item(item=other, patron=reader, desk=desk, by=minh.user, at=at)
    with django_assert_num_queries(9):  # the other copy is still on the shelf
        services.checkout_item(item=copy, patron=reader, desk=desk, by=minh.user, at=at)
    with django_assert_num_queries(10):  # the last one: "available here" goes
        services.checkout_item(item=second, patron=reader, desk=desk, by=minh.user, at=at)
