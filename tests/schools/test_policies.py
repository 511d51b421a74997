"""The rules of TT 16/2022 as tables: a criterion's result, a group's and a school's level,
the multi-level rule, the NĐ 93 Art. 17 minimums and the deadline."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from libnet.schools import policies
from libnet.schools.policies import Reached

D = Decimal


@pytest.mark.parametrize(
    ("measure", "value", "threshold", "confirmed", "answer", "evidence", "expected"),
    [
        ("copies_per_pupil", D("3.9"), D(4), True, None, False, False),  # THCS at 3.9: not met
        ("copies_per_pupil", D("4.0"), D(4), True, None, False, True),  # THCS at 4.0: met
        ("copies_per_pupil", D("3.999"), D(4), True, None, False, False),  # never rounded up
        ("copies_per_pupil", D(9), None, False, None, False, None),  # threshold not confirmed
        ("copies_per_pupil", None, D(4), True, None, False, None),  # no enrolment entered
        ("number", D(55), D(48), True, None, True, True),  # area with its evidence
        ("number", D(55), D(48), True, None, False, None),  # a figure without evidence waits
        ("number", D(40), D(48), True, None, True, False),
        ("statement", None, None, True, True, True, True),
        ("statement", None, None, True, False, True, False),
        ("statement", None, None, True, None, True, None),  # not answered
        ("statement", None, None, False, True, True, None),  # wording not confirmed
        ("statement", None, None, True, True, False, None),  # no evidence
    ],
)
def test_criterion_met(measure, value, threshold, confirmed, answer, evidence, expected):
    assert (
        policies.criterion_met(
            measure=measure,
            value=value,
            threshold=threshold,
            is_confirmed=confirmed,
            answer=answer,
            has_evidence=evidence,
        )
        is expected
    )


@pytest.mark.parametrize(
    ("criteria", "expected_level"),
    [
        ([(1, True), (1, True), (2, True)], 2),
        ([(1, True), (2, False)], 1),
        ([(1, False), (2, True)], 0),
        ([(1, False), (1, None)], 0),  # one Level 1 criterion failed: waiting changes nothing
        ([(1, None), (2, True)], None),  # Level 1 waits for a criterion
        ([(1, True), (2, None)], None),  # Level 1 met, Level 2 waits
        ([], None),  # no criteria configured: nothing to reach
    ],
)
def test_group_level(criteria, expected_level):
    assert policies.group_reached(criteria).level == expected_level


@pytest.mark.parametrize(
    ("groups", "expected_level"),
    [
        ([Reached(True, True)] * 5, 2),
        ([Reached(True, True)] * 4 + [Reached(True, False)], 1),
        ([Reached(True, True)] * 4 + [Reached(False, False)], 0),
        ([Reached(True, True)] * 4 + [Reached(None, None)], None),
    ],
)
def test_school_level_needs_all_five_groups(groups, expected_level):
    assert policies.level_reached(groups).level == expected_level


@pytest.mark.parametrize(
    ("by_level", "expected_level"),
    [
        # Level 1 is that of the highest school level: a failing primary part does not stop it.
        ({"primary": Reached(False, False), "lower_secondary": Reached(True, False)}, 1),
        ({"primary": Reached(True, True), "lower_secondary": Reached(False, False)}, 0),
        # Level 2 needs Level 2 of every school level.
        ({"primary": Reached(True, True), "lower_secondary": Reached(True, True)}, 2),
        ({"primary": Reached(True, False), "lower_secondary": Reached(True, True)}, 1),
        ({"primary": Reached(True, None), "lower_secondary": Reached(True, True)}, None),
    ],
)
def test_multi_level_school(by_level, expected_level):
    assert policies.multi_level_reached(by_level).level == expected_level


@pytest.mark.parametrize(
    ("levels", "ratio", "expected"),
    [
        (["lower_secondary"], D("3.9"), True),
        (["lower_secondary"], D(4), False),
        (["primary", "lower_secondary"], D("3.5"), True),  # the highest level's minimum
        (["kindergarten"], D(2), False),
        (["upper_secondary"], None, None),  # no enrolment: cannot say
    ],
)
def test_nd93_minimum(levels, ratio, expected):
    minimum = policies.minimum_copies_per_pupil(levels)
    assert policies.below_minimum(ratio, minimum) is expected


def test_deadline_is_the_provinces_day_or_the_months_last():
    assert policies.due_on(2026, month=5, day=31) == dt.date(2026, 5, 31)
    assert policies.due_on(2026, month=6, day=31) == dt.date(2026, 6, 30)


@pytest.mark.parametrize(
    ("state", "action", "expected"),
    [
        (None, "submit", "submitted"),
        ("submitted", "accept", "accepted"),
        ("submitted", "return", "returned"),
        ("returned", "submit", "submitted"),
        ("accepted", "submit", None),  # an accepted self-assessment is final
        ("accepted", "return", None),
        (None, "accept", None),
    ],
)
def test_next_state(state, action, expected):
    assert policies.next_state(state, action) == expected
