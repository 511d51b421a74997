"""The weeding criteria, cycle, cap and steps of TT 02/2020 as tables."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.weeding import policies
from libnet.weeding.errors import WeedingRefused
from libnet.weeding.models import Criterion, RoundState
from libnet.weeding.policies import CopyFacts, LibraryFacts

TODAY = dt.date(2026, 3, 2)
PUBLIC = LibraryFacts(
    today=TODAY,
    uncommon_languages=frozenset({"ger"}),
    unsuited_minority_languages=frozenset({"khm"}),
)
SCHOOL = LibraryFacts(
    today=TODAY,
    is_school=True,
    uncommon_languages=frozenset({"ger"}),
    unsuited_minority_languages=frozenset({"khm"}),
)
OLD = dt.date(2020, 1, 1)


@pytest.mark.parametrize(
    ("copy", "library", "expected"),
    [
        (CopyFacts(), PUBLIC, []),  # an ordinary copy meets no criterion
        (CopyFacts(candidacy="lost"), PUBLIC, [Criterion.LOST]),
        (CopyFacts(candidacy="damaged"), PUBLIC, [Criterion.DAMAGED]),
        (CopyFacts(candidacy="damaged", is_local_studies=True), PUBLIC, [Criterion.DAMAGED]),
        # surplus: the fifth copy of a book title, the third of a serial issue
        (CopyFacts(copies_of_title=5, rank=4), PUBLIC, []),
        (CopyFacts(copies_of_title=5, rank=5), PUBLIC, [Criterion.SURPLUS]),
        (CopyFacts(copies_of_title=3, rank=3, is_serial=True), PUBLIC, [Criterion.SURPLUS]),
        (CopyFacts(copies_of_title=2, rank=2, is_serial=True), PUBLIC, []),
        # never surplus in a school library (Art. 21)
        (CopyFacts(copies_of_title=9, rank=9), SCHOOL, []),
        (CopyFacts(is_textbook=True, superseded=True), PUBLIC, [Criterion.SUPERSEDED_TEXTBOOK]),
        (CopyFacts(is_textbook=True, superseded=False), PUBLIC, []),
        (CopyFacts(is_textbook=False, superseded=True), PUBLIC, []),
        # popular serials 2 years after publication
        (
            CopyFacts(is_serial=True, published_on=dt.date(2024, 3, 2)),
            PUBLIC,
            [Criterion.OLD_SERIAL],
        ),
        (CopyFacts(is_serial=True, published_on=dt.date(2024, 3, 3)), PUBLIC, []),
        # uncommon foreign language unused for 5 years
        (CopyFacts(language="ger", acquired_on=OLD), PUBLIC, [Criterion.UNUSED_FOREIGN]),
        (
            CopyFacts(language="ger", acquired_on=OLD, last_used_on=dt.date(2021, 3, 2)),
            PUBLIC,
            [Criterion.UNUSED_FOREIGN],
        ),
        (CopyFacts(language="ger", acquired_on=OLD, last_used_on=dt.date(2021, 3, 3)), PUBLIC, []),
        (CopyFacts(language="ger", acquired_on=dt.date(2023, 1, 1)), PUBLIC, []),  # too new
        (CopyFacts(language="eng", acquired_on=OLD), PUBLIC, []),  # a common language
        (CopyFacts(language="khm"), PUBLIC, [Criterion.MINORITY_LANGUAGE]),
        (CopyFacts(content_flagged=True), PUBLIC, [Criterion.CONTENT]),
        # local studies of a public library: never under content, form or time
        (CopyFacts(content_flagged=True, is_local_studies=True), PUBLIC, []),
        (CopyFacts(is_textbook=True, superseded=True, is_local_studies=True), PUBLIC, []),
        (
            CopyFacts(is_serial=True, published_on=OLD, is_local_studies=True),
            PUBLIC,
            [],
        ),
        # ...but still under surplus and language, and a school's local studies are not exempt
        (
            CopyFacts(copies_of_title=6, rank=6, is_local_studies=True),
            PUBLIC,
            [Criterion.SURPLUS],
        ),
        (CopyFacts(content_flagged=True, is_local_studies=True), SCHOOL, [Criterion.CONTENT]),
        # several at once, in order of precedence
        (
            CopyFacts(candidacy="damaged", content_flagged=True, copies_of_title=5, rank=5),
            PUBLIC,
            [Criterion.DAMAGED, Criterion.CONTENT, Criterion.SURPLUS],
        ),
    ],
)
def test_criteria_met(copy, library, expected):
    assert policies.criteria_met(copy, library) == expected


def test_every_criterion_but_other_has_a_rule_and_an_article():
    ruled = {rule.criterion for rule in policies.RULES}
    assert ruled == set(Criterion) - {Criterion.OTHER}
    assert all(policies.article_of(criterion) for criterion in ruled)


@pytest.mark.parametrize(
    ("stock", "last", "years", "next_due"),
    [
        (12_000, None, 3, None),  # never weeded: due now
        (12_000, dt.date(2024, 5, 1), 3, dt.date(2027, 5, 1)),
        (300_000, dt.date(2024, 5, 1), 3, dt.date(2027, 5, 1)),
        (300_001, dt.date(2024, 5, 1), 5, dt.date(2029, 5, 1)),
        (10, dt.date(2024, 2, 29), 3, dt.date(2027, 2, 28)),
    ],
)
def test_cycle(stock, last, years, next_due):
    cycle = policies.cycle(stock=stock, last_decided_on=last)
    assert (cycle.years, cycle.next_due_on) == (years, next_due)


def test_a_round_before_the_cycle_is_due_is_early():
    cycle = policies.cycle(stock=100, last_decided_on=dt.date(2024, 5, 1))
    assert cycle.is_early(dt.date(2027, 4, 30))
    assert not cycle.is_early(dt.date(2027, 5, 1))
    assert not policies.cycle(stock=100, last_decided_on=None).is_early(TODAY)


@pytest.mark.parametrize(
    ("copies", "stock", "over"),
    [(10, 100, False), (11, 100, True), (0, 0, False), (1, 9, True), (1, 10, False)],
)
def test_the_ten_percent_cap(copies, stock, over):
    assert policies.over_cap(copies=copies, stock_at_opening=stock) is over


@pytest.mark.parametrize(
    ("state", "to", "copies", "council", "expected"),
    [
        ("requested", "approved", 0, 0, None),
        ("requested", "listed", 3, 0, "wrong_step"),  # no approval yet
        ("approved", "listed", 0, 0, "empty_list"),
        ("approved", "listed", 3, 0, None),
        ("listed", "council", 3, 0, "no_council"),
        ("listed", "council", 3, 3, None),
        ("council", "minutes", 3, 3, None),
        ("minutes", "decided", 3, 3, None),
        ("decided", "published", 3, 3, None),
        ("closed", "requested", 3, 3, "wrong_step"),  # a closed round never reopens
    ],
)
def test_advance_refusal(state, to, copies, council, expected):
    refusal = policies.advance_refusal(
        state=state, to=to, copies=copies, council=council, on=TODAY, published_on=None
    )
    assert refusal == expected


def test_a_round_closes_only_after_its_fifteen_days_of_publication():
    published = dt.date(2026, 3, 1)
    kwargs = {"state": "published", "to": "closed", "copies": 1, "council": 1}
    assert (
        policies.advance_refusal(**kwargs, on=dt.date(2026, 3, 15), published_on=published)
        == "still_published"
    )
    assert (
        policies.advance_refusal(**kwargs, on=dt.date(2026, 3, 16), published_on=published) is None
    )
    assert policies.is_published(published_on=published, on=dt.date(2026, 3, 15))
    assert not policies.is_published(published_on=published, on=dt.date(2026, 3, 16))


def test_every_refusal_code_of_the_policies_has_a_message():
    codes = {"wrong_step", "empty_list", "no_council", "still_published", "over_cap"}
    assert codes <= set(WeedingRefused.messages)
    assert set(policies.NEXT_STATE) | {RoundState.CLOSED} == set(RoundState)
