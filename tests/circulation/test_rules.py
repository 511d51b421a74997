"""Which loan rules apply: selectors.loan_rules_for walks up the network tree."""

from __future__ import annotations

from libnet.catalog.models import ItemType
from libnet.circulation import selectors
from libnet.circulation.models import CirculationPolicy
from libnet.circulation.policies import LoanRules
from libnet.core import cache
from tests.factories import (
    CirculationPolicyFactory,
    ItemFactory,
    LibraryFactory,
    PatronFactory,
    category,
)


def test_without_rules_of_its_own_a_library_uses_the_network_rules(province, desk, reader, copy):
    rules = selectors.loan_rules_for(library=desk, patron=reader, item=copy)
    assert rules == LoanRules(loan_days=14, max_loans=5, max_renewals=2)


def test_the_network_gives_pupils_fewer_books_and_textbooks_for_the_year(desk):
    pupil = PatronFactory(home_library=desk, category=category("pupil"))
    book = ItemFactory(home_library=desk)
    textbook = ItemFactory(home_library=desk, item_type=ItemType.TEXTBOOK)
    assert selectors.loan_rules_for(library=desk, patron=pupil, item=book).max_loans == 3
    assert selectors.loan_rules_for(library=desk, patron=pupil, item=textbook).loan_days == 270


def test_a_rule_of_the_parent_library_reaches_the_libraries_below(province, desk, reader, copy):
    CirculationPolicyFactory(library=province["provincial"], loan_days=21)
    assert selectors.loan_rules_for(library=desk, patron=reader, item=copy).loan_days == 21


def test_a_librarys_own_rule_wins_over_its_parents(province, desk, reader, copy):
    CirculationPolicyFactory(library=province["provincial"], loan_days=21)
    CirculationPolicyFactory(library=desk, loan_days=10)
    assert selectors.loan_rules_for(library=desk, patron=reader, item=copy).loan_days == 10


def test_a_sibling_librarys_rule_does_not_apply(province, desk, reader):
    CirculationPolicyFactory(library=province["school"], loan_days=30)
    item = ItemFactory(home_library=desk)
    assert selectors.loan_rules_for(library=desk, patron=reader, item=item).loan_days == 14


def test_an_item_type_row_wins_over_a_category_row_at_the_same_library(desk):
    """A pupil's row must not let a map go home: read-in-place belongs to the copy."""
    pupil = PatronFactory(home_library=desk, category=category("pupil"))
    a_map = ItemFactory(home_library=desk, item_type=ItemType.MAP)
    rules = selectors.loan_rules_for(library=desk, patron=pupil, item=a_map)
    assert rules.home_loan_allowed is False


def test_a_row_for_category_and_type_wins_over_either_alone(desk):
    teacher = PatronFactory(home_library=desk, category=category("teacher"))
    textbook = ItemFactory(home_library=desk, item_type=ItemType.TEXTBOOK)
    rules = selectors.loan_rules_for(library=desk, patron=teacher, item=textbook)
    assert (rules.loan_days, rules.max_loans) == (270, 20)


def test_the_winning_row_applies_whole_with_nothing_mixed_in(province, desk):
    """The commune's own catch-all row sets everything at its desk, textbooks included."""
    CirculationPolicyFactory(library=desk, loan_days=10, max_loans=4, max_renewals=1)
    pupil = PatronFactory(home_library=desk, category=category("pupil"))
    textbook = ItemFactory(home_library=desk, item_type=ItemType.TEXTBOOK)
    rules = selectors.loan_rules_for(library=desk, patron=pupil, item=textbook)
    assert (rules.loan_days, rules.max_loans, rules.max_renewals) == (10, 4, 1)


def test_with_no_row_at_all_the_model_defaults_apply(desk, reader, copy):
    CirculationPolicy.objects.all().delete()
    assert selectors.loan_rules_for(library=desk, patron=reader, item=copy) == LoanRules()


def test_the_rules_are_read_once_then_come_from_memory_until_a_rule_changes(
    province, desk, reader, copy, django_assert_num_queries
):
    with django_assert_num_queries(1):  # the rule rows
        selectors.loan_rules_for(library=desk, patron=reader, item=copy)
    with django_assert_num_queries(0):
        assert selectors.loan_rules_for(library=desk, patron=reader, item=copy).loan_days == 14
    CirculationPolicyFactory(library=province["provincial"], loan_days=21)
    with django_assert_num_queries(2):  # the rows again, now with the library tree
        assert selectors.loan_rules_for(library=desk, patron=reader, item=copy).loan_days == 21
    with django_assert_num_queries(0):
        selectors.loan_rules_for(library=desk, patron=reader, item=copy)


def test_a_rule_edited_or_deleted_applies_at_the_next_loan(province, desk, reader, copy):
    row = CirculationPolicyFactory(library=province["provincial"], loan_days=21)
    assert selectors.loan_rules_for(library=desk, patron=reader, item=copy).loan_days == 21
    row.loan_days = 28
    row.save()
    assert selectors.loan_rules_for(library=desk, patron=reader, item=copy).loan_days == 28
    row.delete()
    assert selectors.loan_rules_for(library=desk, patron=reader, item=copy).loan_days == 14


def test_a_library_moved_in_the_tree_takes_its_new_parents_rules(province, desk, reader, copy):
    other = LibraryFactory()  # a root of its own
    CirculationPolicyFactory(library=other, loan_days=30)
    assert selectors.loan_rules_for(library=desk, patron=reader, item=copy).loan_days == 14
    desk.parent = other
    desk.save()
    assert selectors.loan_rules_for(library=desk, patron=reader, item=copy).loan_days == 30


def test_rules_changed_by_another_process_are_read_again_after_a_minute(
    desk, reader, copy, monkeypatch
):
    assert selectors.loan_rules_for(library=desk, patron=reader, item=copy).loan_days == 14
    # Another process's write: no signal reaches this one.
    CirculationPolicy.objects.filter(library__isnull=True).update(loan_days=9)
    assert selectors.loan_rules_for(library=desk, patron=reader, item=copy).loan_days == 14
    later = cache.time.monotonic() + 61
    monkeypatch.setattr(cache.time, "monotonic", lambda: later)
    assert selectors.loan_rules_for(library=desk, patron=reader, item=copy).loan_days == 9
