"""The pure rules of circulation, one table row per rule."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.circulation import errors, policies
from libnet.circulation.policies import LoanRules

RULES = LoanRules(max_loans=3, max_renewals=2, max_holds=2, loan_days=14)
LENDABLE = {
    "rules": RULES,
    "card_refusal": None,
    "card_honoured": True,
    "copy_here": True,
    "item_status": "available",
    "item_type": "book",
    "on_closed_stack": False,
    "on_reference_shelf": False,
    "held_for_other_reader": False,
    "open_loans": 0,
}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({}, None),  # a book on the open shelf, a valid card, nothing on loan
        ({"card_refusal": "card_blocked"}, "card_blocked"),
        ({"card_refusal": "card_expired"}, "card_expired"),
        ({"card_refusal": "card_erased"}, "card_erased"),
        ({"card_honoured": False}, "card_not_valid_here"),  # another library, no joint card
        ({"copy_here": False}, "copy_not_here"),  # another library's shelf, whoever scans it
        ({"copy_here": False, "item_status": "on_loan"}, "copy_not_here"),
        ({"copy_here": False, "card_refusal": "card_expired"}, "card_expired"),
        ({"item_status": "on_loan"}, "item_on_loan"),
        ({"item_status": "lost"}, "item_not_available"),
        ({"item_status": "withdrawn"}, "item_not_available"),
        ({"item_status": "in_transit"}, "item_not_available"),
        ({"item_status": "on_rotation"}, "item_not_available"),  # lent once rotation says how
        ({"on_closed_stack": True}, "reference_only"),  # TT 18/2014 Art. 7: staff fetch it
        ({"on_reference_shelf": True}, "reference_only"),
        ({"item_type": "reference"}, "reference_only"),  # whatever the rules say
        ({"rules": LoanRules(home_loan_allowed=False)}, "reference_only"),  # e.g. maps
        ({"held_for_other_reader": True}, "item_on_hold_for_other"),
        ({"open_loans": 2}, None),
        ({"open_loans": 3}, "loan_limit_reached"),
        # The card is checked before the copy: the clerk deals with the reader first.
        ({"card_refusal": "card_expired", "item_status": "on_loan"}, "card_expired"),
        ({"item_status": "on_loan", "open_loans": 3}, "item_on_loan"),
    ],
)
def test_checkout_refusal(change, expected):
    refusal = policies.checkout_refusal(**{**LENDABLE, **change})
    assert (refusal.code if refusal else None) == expected


def test_the_loan_limit_refusal_carries_the_count_and_the_limit():
    refusal = policies.checkout_refusal(**{**LENDABLE, "open_loans": 3})
    assert refusal is not None
    assert dict(refusal.params) == {"count": 3, "limit": 3}


@pytest.mark.parametrize(
    ("loan_days", "start", "expected"),
    [
        (14, dt.date(2026, 3, 2), dt.date(2026, 3, 16)),
        (7, dt.date(2026, 12, 28), dt.date(2027, 1, 4)),  # across the new year
        (270, dt.date(2025, 9, 5), dt.date(2026, 6, 2)),  # a pupil's textbook, the school year
    ],
)
def test_due_date_counts_loan_days_from_today(loan_days, start, expected):
    assert policies.due_date(rules=LoanRules(loan_days=loan_days), start=start) == expected


RETURNABLE = {
    "has_loan": False,
    "item_status": "available",
    "owned_here": False,
    "here": False,
    "travelling_here": False,
    "in_batch": False,
}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        # On loan: taken back at any desk of the network, whoever owns it and wherever it is.
        ({"has_loan": True}, None),
        ({"has_loan": True, "item_status": "lost"}, None),  # a lost copy turns up
        # Another library's copy that is not on loan: nothing to return, nothing moves.
        ({}, "copy_not_on_loan"),
        ({"item_status": "lost"}, "copy_not_on_loan"),
        ({"item_status": "missing"}, "copy_not_on_loan"),
        ({"item_status": "withdrawn"}, "copy_not_on_loan"),
        # Travelling: only where its journey ends; a rotation batch's copy on the batch's page.
        ({"item_status": "in_transit"}, "in_transit_elsewhere"),
        ({"item_status": "in_transit", "owned_here": True}, "in_transit_elsewhere"),
        ({"item_status": "in_transit", "here": True}, "in_transit_elsewhere"),  # sent from here
        ({"item_status": "in_transit", "travelling_here": True}, None),
        ({"item_status": "in_transit", "travelling_here": True, "in_batch": True}, "item_in_batch"),
        ({"item_status": "on_rotation", "here": True}, "item_on_rotation"),
        # The desk's own copies: found, brought home, or already on this shelf.
        ({"owned_here": True}, None),
        ({"owned_here": True, "item_status": "lost"}, None),
        ({"here": True}, None),  # a copy on this shelf (set aside, floating): it stays
        ({"owned_here": True, "item_status": "damaged"}, "item_not_circulating"),
        ({"owned_here": True, "item_status": "processing"}, "item_not_circulating"),
    ],
)
def test_checkin_refusal(change, expected):
    refusal = policies.checkin_refusal(**{**RETURNABLE, **change})
    assert (refusal.code if refusal else None) == expected


RENEWABLE = {
    "rules": RULES,
    "loan_status": "open",
    "renewals": 0,
    "card_refusal": None,
    "others_waiting": False,
}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({}, None),
        ({"renewals": 1}, None),
        ({"renewals": 2}, "renewal_limit_reached"),
        ({"rules": LoanRules(max_renewals=0)}, "renewal_limit_reached"),  # textbooks
        ({"others_waiting": True}, "title_on_hold"),
        ({"card_refusal": "card_expired"}, "card_expired"),
        ({"card_refusal": "card_blocked"}, "card_blocked"),
        ({"loan_status": "lost"}, "loan_lost"),
        ({"loan_status": "returned"}, "loan_closed"),
    ],
)
def test_renewal_refusal(change, expected):
    refusal = policies.renewal_refusal(**{**RENEWABLE, **change})
    assert (refusal.code if refusal else None) == expected


@pytest.mark.parametrize(
    ("due_on", "today", "expected"),
    [
        (dt.date(2026, 3, 16), dt.date(2026, 3, 10), dt.date(2026, 3, 24)),
        (dt.date(2026, 3, 16), dt.date(2026, 3, 20), dt.date(2026, 4, 3)),  # renewed overdue
        (dt.date(2026, 6, 1), dt.date(2026, 3, 2), dt.date(2026, 6, 1)),  # never shortened
    ],
)
def test_a_renewal_runs_the_loan_period_from_today(due_on, today, expected):
    assert policies.renewed_due_date(rules=RULES, due_on=due_on, today=today) == expected


@pytest.mark.parametrize(
    ("grace_days", "per_day", "returned_on", "expected"),
    [
        (0, 0, dt.date(2026, 4, 16), 0),  # fines are off by default (DOMAIN §2.9)
        (0, 1000, dt.date(2026, 3, 16), 0),  # on the due day
        (0, 1000, dt.date(2026, 3, 10), 0),  # early
        (0, 1000, dt.date(2026, 3, 19), 3000),
        (2, 1000, dt.date(2026, 3, 18), 0),  # within the grace days
        (2, 1000, dt.date(2026, 3, 21), 3000),  # 5 days late, 2 forgiven
    ],
)
def test_fine_is_days_late_beyond_grace_times_the_daily_fine(
    grace_days, per_day, returned_on, expected
):
    rules = LoanRules(grace_days=grace_days, fine_per_day_vnd=per_day)
    assert policies.fine_vnd(rules=rules, due_on=dt.date(2026, 3, 16), returned_on=returned_on) == (
        expected
    )


@pytest.mark.parametrize(
    ("state", "action", "expected"),
    [
        ("open", "renew", "open"),
        ("open", "checkin", "returned"),
        ("open", "declare_lost", "lost"),
        ("lost", "checkin", "returned"),  # the copy turned up; the charge is reviewed by hand
        ("lost", "renew", None),
        ("lost", "declare_lost", None),
        ("returned", "renew", None),  # a closed loan never reopens
        ("returned", "checkin", None),  # a second scan at the desk changes nothing
        ("returned", "declare_lost", None),
    ],
)
def test_next_loan_state(state, action, expected):
    assert policies.next_loan_state(state, action) == expected


HOLDABLE = {
    "rules": RULES,
    "card_refusal": None,
    "card_honoured": True,
    "open_holds": 0,
    "has_open_hold_on_title": False,
    "has_title_on_loan": False,
    "copies_owned_at_pickup": 2,
    "copies_on_shelf_at_pickup": 0,
}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({}, None),  # every copy at the pickup library is out
        ({"card_refusal": "card_expired"}, "card_expired"),
        ({"card_honoured": False}, "card_not_valid_here"),
        ({"rules": LoanRules(holds_allowed=False)}, "holds_not_allowed"),
        ({"has_open_hold_on_title": True}, "already_on_hold"),
        ({"has_title_on_loan": True}, "already_on_loan"),
        ({"copies_owned_at_pickup": 0}, "no_copy_here"),  # nothing could ever fill it there
        ({"copies_on_shelf_at_pickup": 1}, "copy_on_shelf"),  # take it from the shelf
        ({"open_holds": 1}, None),
        ({"open_holds": 2}, "hold_limit_reached"),
    ],
)
def test_hold_refusal(change, expected):
    refusal = policies.hold_refusal(**{**HOLDABLE, **change})
    assert (refusal.code if refusal else None) == expected


def test_a_copy_set_aside_is_kept_for_the_pickup_days():
    rules = LoanRules(hold_pickup_days=7)
    assert policies.pickup_until(rules=rules, ready_on=dt.date(2026, 3, 2)) == dt.date(2026, 3, 9)


@pytest.mark.parametrize(
    ("copies_float", "home", "desk", "expected"),
    [
        (False, 1, 1, False),  # returned at home: back on the shelf
        (False, 1, 2, True),  # returned elsewhere: travels home
        (True, 1, 2, False),  # floating: stays where it was returned
        (True, 1, 1, False),
    ],
)
def test_returns_home(copies_float, home, desk, expected):
    rules = LoanRules(copies_float=copies_float)
    assert policies.returns_home(rules=rules, home_library_id=home, desk_id=desk) is expected


POLICY_CODES = {
    errors.CheckoutRefused: {
        "card_blocked",
        "card_expired",
        "card_erased",
        "card_not_valid_here",
        "item_on_loan",
        "item_not_available",
        "reference_only",
        "item_on_hold_for_other",
        "loan_limit_reached",
        "copy_not_here",
    },
    errors.CheckinRefused: {
        "copy_not_on_loan",
        "in_transit_elsewhere",
        "item_in_batch",
        "item_on_rotation",
        "item_not_circulating",
    },
    errors.RenewalRefused: {
        "card_blocked",
        "card_expired",
        "card_erased",
        "loan_lost",
        "loan_closed",
        "renewal_limit_reached",
        "title_on_hold",
    },
    errors.HoldRefused: {
        "card_blocked",
        "card_expired",
        "card_erased",
        "card_not_valid_here",
        "holds_not_allowed",
        "already_on_hold",
        "already_on_loan",
        "no_copy_here",
        "copy_on_shelf",
        "hold_limit_reached",
    },
}


@pytest.mark.parametrize("error_class", list(POLICY_CODES))
def test_every_code_a_policy_can_return_has_a_message(error_class):
    missing = POLICY_CODES[error_class] - set(error_class.messages)
    assert not missing
    for code in error_class.messages:
        assert str(error_class.messages[code]).strip()
