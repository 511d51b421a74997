"""The demo province lends, holds and counts visits, so every circulation page has something.

A load costs seconds: the demo of tests/conftest.py is loaded once per run.
"""

from __future__ import annotations

import pytest

from libnet.catalog.models import ItemStatus
from libnet.circulation import selectors
from libnet.circulation.models import Hold, Loan, VisitCount
from libnet.core import clock
from libnet.demo import loader, readers
from libnet.patrons.models import Patron
from libnet.stats.models import DailyStat


@pytest.fixture
def demo(db, small_demo):
    """The demo of tests/conftest.py, loaded once per run."""
    return small_demo


def test_the_demo_has_loans_some_overdue_holds_visits_and_binhs_books(demo):
    open_loans = Loan.objects.filter(closed_at__isnull=True)
    assert open_loans.count() >= 10
    assert all(loan.item.status == ItemStatus.ON_LOAN for loan in open_loans.select_related("item"))
    library_ids = set(open_loans.values_list("library_id", flat=True))
    assert selectors.overdue_loans(library_ids=library_ids, on=clock.today()).exists()
    assert Hold.objects.filter(closed_at__isnull=True).exists()
    assert DailyStat.objects.filter(indicator="loans").exists()
    # Minh's commune: two weeks of daily visit figures.
    assert VisitCount.objects.filter(library__code="SL-TANLAP", source="manual").count() == 14
    # Bình: two books from his school, one overdue, for the OPAC's "my loans".
    binh = Patron.objects.get(card_number=readers.BINH_CARD)
    loans = list(selectors.open_loans(patron=binh))
    assert {loan.library.code for loan in loans} == {readers.BINH_SCHOOL}
    assert sorted(loan.due_on < clock.today() for loan in loans) == [False, True]


def test_loading_the_demo_again_lends_nothing_more(demo):
    loans = Loan.objects.count()
    again = loader.load_demo(scale="small")
    assert again.created["loans"] == 0
    assert Loan.objects.count() == loans
