"""The rules of the mobile library, as tables."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.catalog.models import ItemStatus
from libnet.mobile import policies


@pytest.mark.parametrize(
    ("state", "action", "expected"),
    [
        ("planned", "load", "loaded"),
        ("loaded", "depart", "on_road"),
        ("on_road", "return", "back"),
        ("back", "close", "closed"),
        ("planned", "cancel", "cancelled"),
        ("loaded", "cancel", "cancelled"),
        ("planned", "depart", None),  # nothing loaded: load first
        ("on_road", "cancel", None),  # a trip on the road comes back; it is not cancelled
        ("back", "cancel", None),
        ("closed", "close", None),  # a closed trip never reopens
        ("cancelled", "depart", None),
        ("on_road", "close", None),  # back first, then count, then close
    ],
)
def test_next_trip_state(state, action, expected):
    assert policies.next_trip_state(state, action) == expected


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        (["driver", "librarian", "librarian"], None),  # TT 05/2022 Art. 8, exactly
        (["driver", "librarian", "librarian", "other"], None),
        (["driver", "driver", "librarian", "librarian"], None),
        (["librarian", "librarian", "librarian"], "crew_needs_driver"),
        (["driver", "librarian"], "crew_needs_librarians"),
        (["driver", "librarian", "other"], "crew_needs_librarians"),  # a volunteer is not staff
        ([], "crew_needs_driver"),
    ],
)
def test_crew_refusal(roles, expected):
    assert policies.crew_refusal(roles) == expected


GOOD = {
    "owned_by_source": True,
    "status": ItemStatus.AVAILABLE,
    "at_home": True,
    "restricted": False,
    "read_in_place": False,
    "copies_of_title": 3,
    "claimed": False,
    "already_on_trip": False,
}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, None),
        ({"copies_of_title": 2}, "too_few_copies"),  # TT 05/2022 Art. 5.1.b: at least 3
        ({"copies_of_title": 10}, None),
        ({"restricted": True}, "copy_restricted"),  # MARC 506, the closed reading room
        ({"read_in_place": True}, "copy_restricted"),  # reference, closed stacks: not lent
        ({"claimed": True}, "copy_claimed"),  # Art. 6.2.b: not in rotation at the same time
        ({"status": ItemStatus.ON_LOAN}, "copy_not_available"),
        ({"status": ItemStatus.IN_TRANSIT}, "copy_not_available"),
        ({"status": ItemStatus.ON_ROTATION}, "copy_not_available"),
        ({"at_home": False}, "copy_not_available"),  # on the shelf of another library
        ({"owned_by_source": False}, "not_our_copy"),
        ({"already_on_trip": True, "claimed": True}, "already_loaded"),  # its own claim
    ],
)
def test_load_refusal(changes, expected):
    assert policies.load_refusal(**{**GOOD, **changes}) == expected


@pytest.mark.parametrize(
    ("readers", "loans", "uses", "expected"),
    [
        (0, 0, 0, None),  # nobody came
        (25, 10, 40, None),
        (3, 12, 0, None),  # one reader may borrow several books
        (0, 1, 0, "uses_without_readers"),
        (0, 0, 5, "uses_without_readers"),
        (-1, 0, 0, "negative_figure"),
        (5_000, 5_000, 5_000, None),
        (5_001, 0, 0, "figure_too_large"),
        (1, 10**19, 0, "figure_too_large"),
        (1, 0, 2**31, "figure_too_large"),
    ],
)
def test_figures_refusal(readers, loans, uses, expected):
    assert (
        policies.figures_refusal(readers_served=readers, loans=loans, in_place_uses=uses)
        == expected
    )


@pytest.mark.parametrize(
    ("kind", "year", "number", "expected"),
    [
        ("month", 2026, 2, (dt.date(2026, 2, 1), dt.date(2026, 2, 28))),
        ("month", 2024, 2, (dt.date(2024, 2, 1), dt.date(2024, 2, 29))),
        ("month", 2026, 12, (dt.date(2026, 12, 1), dt.date(2026, 12, 31))),
        ("quarter", 2026, 1, (dt.date(2026, 1, 1), dt.date(2026, 3, 31))),
        ("quarter", 2026, 4, (dt.date(2026, 10, 1), dt.date(2026, 12, 31))),
        ("year", 2026, 1, (dt.date(2026, 1, 1), dt.date(2026, 12, 31))),
        ("quarter", 2026, 5, None),
        ("month", 2026, 13, None),
        ("week", 2026, 1, None),
    ],
)
def test_period_bounds(kind, year, number, expected):
    assert policies.period_bounds(kind, year, number) == expected


def test_every_code_a_policy_can_return_has_a_message():
    from libnet.mobile.errors import LoadRefused, TripRefused

    load_codes = {
        "already_loaded",
        "not_our_copy",
        "copy_claimed",
        "copy_not_available",
        "copy_restricted",
        "too_few_copies",
    }
    trip_codes = {
        "crew_needs_driver",
        "crew_needs_librarians",
        "negative_figure",
        "uses_without_readers",
    }
    assert load_codes <= set(LoadRefused.messages)
    assert trip_codes <= set(TripRefused.messages)


def test_figures_refusal_bounds_new_cards_and_loans_on_paper():
    assert (
        policies.figures_refusal(readers_served=1, loans=0, in_place_uses=0, new_cards=10**6)
        == "figure_too_large"
    )
    assert (
        policies.figures_refusal(readers_served=1, loans=0, in_place_uses=0, loans_on_paper=-1)
        == "negative_figure"
    )
