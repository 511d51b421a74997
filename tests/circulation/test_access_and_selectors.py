"""Who sees which loans and holds, and the lists the desk reads."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.catalog.models import ItemStatus
from libnet.circulation import access, selectors
from libnet.circulation.models import HoldStatus
from libnet.core.errors import NotFound
from tests.factories import HoldFactory, ItemFactory, LoanFactory, PatronFactory


@pytest.fixture
def commune_loan(desk, reader):
    return LoanFactory(
        item=ItemFactory(home_library=desk, status=ItemStatus.ON_LOAN),
        patron=reader,
        library=desk,
        due_on=dt.date(2026, 2, 20),
    )


@pytest.fixture
def school_loan(province):
    return LoanFactory(item=ItemFactory(home_library=province["school"], status=ItemStatus.ON_LOAN))


def test_a_clerk_sees_the_loans_of_his_library_only(minh, commune_loan, school_loan):
    assert list(access.loans_for_staff(minh.user)) == [commune_loan]
    assert access.get_loan_for_staff(minh.user, commune_loan.pk) == commune_loan
    with pytest.raises(NotFound) as missing:
        access.get_loan_for_staff(minh.user, school_loan.pk)
    assert missing.value.code == "loan_not_found"


def test_a_cataloguer_without_a_desk_role_sees_no_loans(lan, commune_loan):
    """Lan catalogues for the whole province; lending is not her job."""
    assert not access.loans_for_staff(lan.user).exists()


def test_a_clerk_sees_the_holds_to_collect_at_his_library_only(minh, desk, province):
    ours = HoldFactory(pickup_library=desk, patron=PatronFactory(home_library=desk))
    theirs = HoldFactory(pickup_library=province["school"])
    assert access.get_hold_for_staff(minh.user, ours.pk) == ours
    with pytest.raises(NotFound) as missing:
        access.get_hold_for_staff(minh.user, theirs.pk)
    assert missing.value.code == "hold_not_found"


def test_a_clerk_finds_any_copy_of_the_network_scanned_at_his_desk(minh, desk, province):
    school_copy = ItemFactory(home_library=province["school"])
    assert access.get_item_at_desk(minh.user, f" {school_copy.barcode} ", desk=desk) == school_copy
    with pytest.raises(NotFound) as missing:
        access.get_item_at_desk(minh.user, school_copy.barcode, desk=province["school"])
    assert missing.value.code == "library_not_found"


def test_overdue_loans_lists_the_most_overdue_first(
    desk, reader, commune_loan, school_loan, django_assert_num_queries
):
    later = LoanFactory(
        item=ItemFactory(home_library=desk, status=ItemStatus.ON_LOAN),
        patron=reader,
        library=desk,
        due_on=dt.date(2026, 2, 25),
    )
    LoanFactory(
        item=ItemFactory(home_library=desk, status=ItemStatus.ON_LOAN),
        library=desk,
        due_on=dt.date(2026, 3, 20),
    )
    with django_assert_num_queries(1):
        overdue = list(selectors.overdue_loans(library_ids=[desk.pk], on=dt.date(2026, 3, 2)))
        assert [loan.item.bib.title for loan in overdue]
        assert [loan.patron.full_name for loan in overdue]
    assert overdue == [commune_loan, later]


def test_the_readers_open_loans_and_holds(desk, reader, commune_loan, django_assert_num_queries):
    hold = HoldFactory(patron=reader, pickup_library=desk)
    HoldFactory(
        patron=reader, pickup_library=desk, status=HoldStatus.CANCELLED, closed_at=hold.placed_at
    )
    with django_assert_num_queries(4):
        assert [loan.item.bib.title for loan in selectors.open_loans(patron=reader)]
        assert selectors.open_loan_count(patron=reader) == 1
        assert [h.bib.title for h in selectors.open_holds(patron=reader)] == [hold.bib.title]
        assert selectors.open_hold_count(patron=reader) == 1


def test_the_hold_shelf_lists_ready_holds_soonest_deadline_first(
    desk, province, django_assert_num_queries
):
    late = HoldFactory(
        pickup_library=desk,
        status=HoldStatus.READY,
        item=ItemFactory(home_library=desk),
        pickup_until=dt.date(2026, 3, 9),
    )
    soon = HoldFactory(
        pickup_library=desk,
        status=HoldStatus.READY,
        item=ItemFactory(home_library=desk),
        pickup_until=dt.date(2026, 3, 5),
    )
    HoldFactory(pickup_library=desk)  # still waiting
    HoldFactory(
        pickup_library=province["school"],
        status=HoldStatus.READY,
        item=ItemFactory(home_library=province["school"]),
        pickup_until=dt.date(2026, 3, 1),
    )
    with django_assert_num_queries(1):
        shelf = list(selectors.ready_holds(library_ids=[desk.pk]))
        assert [(h.patron.full_name, h.item.barcode, h.bib.title) for h in shelf]
    assert shelf == [soon, late]
