"""The weeding rules of TT 02/2020/TT-BVHTTDL (DOMAIN.md §4.5), as data over plain values.

`RULES` is the table of criteria, each row with its article, its group and its exceptions;
`criteria_met` reads it for one copy. The cycle, the 10 % cap, the steps of a round and the
15 days of publication are here too. Nothing here reads the database, the clock or settings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from libnet.weeding.models import Criterion, RoundState

# TT 02/2020 Art. 21: more than 4 copies of a printed book title, more than 2 of a printed
# serial issue, are surplus.
SURPLUS_BOOK_COPIES: Final = 4
SURPLUS_SERIAL_COPIES: Final = 2
# TT 02/2020 Art. 19 (time): popular and popular-science serials 2 years after publication.
OLD_SERIAL_YEARS: Final = 2
# TT 02/2020 Art. 22: items in an uncommon foreign language unused for 5 years.
UNUSED_FOREIGN_YEARS: Final = 5
# TT 02/2020 (frequency, DOMAIN.md §4.5): every 3 years up to 300,000 units, every 5 above.
CYCLE_STOCK_LIMIT: Final = 300_000
CYCLE_YEARS_SMALL: Final = 3
CYCLE_YEARS_LARGE: Final = 5
# TT 02/2020 (principles, DOMAIN.md §4.5): at most 10 % of the holdings in one weeding. A hard
# limit: the text gives no exception.
CAP_PERCENT: Final = 10
# TT 02/2020 (procedure, DOMAIN.md §4.5 step 5): the list is published at the library and on its
# website for 15 days.
PUBLICATION_DAYS: Final = 15

# The groups of Art. 19 that local-studies material of a public library is exempt from.
CONTENT, FORM, TIME, CONDITION, SURPLUS, LANGUAGE = (
    "content",
    "form",
    "time",
    "condition",
    "surplus",
    "language",
)
LOCAL_STUDIES_EXEMPT_GROUPS: Final = frozenset({CONTENT, FORM, TIME})


@dataclass(frozen=True)
class CopyFacts:
    """What the rules need to know of one copy, as plain values.

    `candidacy`: the reason of its open weeding candidacy (lost, damaged) or "".
    `copies_of_title`: the copies of its record the library holds; `rank`: its place among
    them (1 = the one kept first: most recently used, then oldest in the register).
    `published_on`: of a serial issue, when it came out (or arrived). `last_used_on`: its
    last loan, if any. `content_flagged`: a cataloguer flagged its record at this library.
    """

    candidacy: str = ""
    is_serial: bool = False
    is_textbook: bool = False
    superseded: bool = False
    copies_of_title: int = 1
    rank: int = 1
    published_on: dt.date | None = None
    acquired_on: dt.date | None = None
    last_used_on: dt.date | None = None
    language: str = ""
    is_local_studies: bool = False
    content_flagged: bool = False


@dataclass(frozen=True)
class LibraryFacts:
    """The library the copy belongs to, the day, and the province's language lists."""

    today: dt.date
    is_school: bool = False
    uncommon_languages: frozenset[str] = frozenset()
    unsuited_minority_languages: frozenset[str] = frozenset()


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _surplus(copy: CopyFacts, library: LibraryFacts) -> bool:
    keep = SURPLUS_SERIAL_COPIES if copy.is_serial else SURPLUS_BOOK_COPIES
    return copy.copies_of_title > keep and copy.rank > keep


def _old_serial(copy: CopyFacts, library: LibraryFacts) -> bool:
    return (
        copy.is_serial
        and copy.published_on is not None
        and copy.published_on <= _years_before(library.today, OLD_SERIAL_YEARS)
    )


def _unused_foreign(copy: CopyFacts, library: LibraryFacts) -> bool:
    if copy.language not in library.uncommon_languages:
        return False
    since = _years_before(library.today, UNUSED_FOREIGN_YEARS)
    held_long_enough = copy.acquired_on is None or copy.acquired_on <= since
    unused = copy.last_used_on is None or copy.last_used_on <= since
    return held_long_enough and unused


@dataclass(frozen=True)
class Rule:
    """A criterion: its article, its group, whether school libraries are exempt, and the
    test over the copy's facts."""

    criterion: Criterion
    article: str
    group: str
    applies: Callable[[CopyFacts, LibraryFacts], bool]
    schools_exempt: bool = False


# In order of precedence: a copy is proposed under the first rule it meets.
RULES: Final[tuple[Rule, ...]] = (
    Rule(Criterion.LOST, "20", CONDITION, lambda c, _l: c.candidacy == "lost"),
    Rule(Criterion.DAMAGED, "20", CONDITION, lambda c, _l: c.candidacy == "damaged"),
    Rule(Criterion.CONTENT, "19.1", CONTENT, lambda c, _l: c.content_flagged),
    Rule(
        Criterion.SUPERSEDED_TEXTBOOK,
        "19.2",
        FORM,
        lambda c, _l: c.is_textbook and c.superseded,
    ),
    Rule(Criterion.OLD_SERIAL, "19", TIME, _old_serial),
    Rule(
        Criterion.MINORITY_LANGUAGE,
        "22",
        LANGUAGE,
        lambda c, lib: bool(c.language) and c.language in lib.unsuited_minority_languages,
    ),
    Rule(Criterion.UNUSED_FOREIGN, "22", LANGUAGE, _unused_foreign),
    # TT 02/2020 Art. 21: the surplus-copy criterion does not apply to school libraries.
    Rule(Criterion.SURPLUS, "21", SURPLUS, _surplus, schools_exempt=True),
)


def rule_applies(rule: Rule, copy: CopyFacts, library: LibraryFacts) -> bool:
    """Whether `rule` proposes `copy`, exceptions included: no surplus rule in a school
    library; no content, form or time rule for a public library's local-studies material."""
    if rule.schools_exempt and library.is_school:
        return False
    if (
        rule.group in LOCAL_STUDIES_EXEMPT_GROUPS
        and copy.is_local_studies
        and not library.is_school
    ):
        return False
    return rule.applies(copy, library)


def criteria_met(copy: CopyFacts, library: LibraryFacts) -> list[Criterion]:
    """Every criterion the copy meets, in order of precedence."""
    return [rule.criterion for rule in RULES if rule_applies(rule, copy, library)]


def article_of(criterion: str) -> str:
    """The article of TT 02/2020 a criterion comes from ("" for "other")."""
    return next((rule.article for rule in RULES if rule.criterion == criterion), "")


# ---------------------------------------------------------------- cycle and cap


def cycle_years(stock: int) -> int:
    """Years between two rounds for a library holding `stock` copies."""
    return CYCLE_YEARS_SMALL if stock <= CYCLE_STOCK_LIMIT else CYCLE_YEARS_LARGE


@dataclass(frozen=True)
class Cycle:
    years: int
    last_decided_on: dt.date | None
    next_due_on: dt.date | None

    def is_early(self, on: dt.date) -> bool:
        return self.next_due_on is not None and on < self.next_due_on


def cycle(*, stock: int, last_decided_on: dt.date | None) -> Cycle:
    """When the next round is due: `cycle_years` after the last decided one (None: due now)."""
    years = cycle_years(stock)
    next_due = None
    if last_decided_on is not None:
        next_due = _years_before(last_decided_on, -years)
    return Cycle(years=years, last_decided_on=last_decided_on, next_due_on=next_due)


def cap(stock_at_opening: int) -> int:
    """The most copies one round may weed: 10 % of the holdings at its opening, rounded down."""
    return stock_at_opening * CAP_PERCENT // 100


def over_cap(*, copies: int, stock_at_opening: int) -> bool:
    return copies > cap(stock_at_opening)


# ---------------------------------------------------------------- the procedure

# Each step and the step it follows (Art. 23–30): request and plan (Mẫu 01, 02) → approval by
# the managing body (Mẫu 03) → the list with proposed disposal (Mẫu 04) → the appraisal
# council (Mẫu 05) → its minutes (Mẫu 06a, 06b) → the decision (Mẫu 07a, 07b) → the list
# published for 15 days → closed.
NEXT_STATE: Final[dict[str, str]] = {
    RoundState.REQUESTED: RoundState.APPROVED,
    RoundState.APPROVED: RoundState.LISTED,
    RoundState.LISTED: RoundState.COUNCIL,
    RoundState.COUNCIL: RoundState.MINUTES,
    RoundState.MINUTES: RoundState.DECIDED,
    RoundState.DECIDED: RoundState.PUBLISHED,
    RoundState.PUBLISHED: RoundState.CLOSED,
}
# The list may change until the council's minutes fix it.
LIST_EDITABLE: Final = frozenset(
    {RoundState.REQUESTED, RoundState.APPROVED, RoundState.LISTED, RoundState.COUNCIL}
)
# The council is named once the list is proposed, and may change until its minutes.
COUNCIL_EDITABLE: Final = frozenset({RoundState.LISTED, RoundState.COUNCIL})


def advance_refusal(
    *, state: str, to: str, copies: int, council: int, on: dt.date, published_on: dt.date | None
) -> str | None:
    """Why the round cannot go from `state` to `to` (a refusal code), or None."""
    if NEXT_STATE.get(state) != to:
        return "wrong_step"
    if to == RoundState.LISTED and copies == 0:
        return "empty_list"
    if to == RoundState.COUNCIL and council == 0:
        return "no_council"
    if to == RoundState.CLOSED and published_on is not None and on < publication_ends(published_on):
        return "still_published"
    return None


def publication_ends(published_on: dt.date) -> dt.date:
    """The first day the list is no longer shown: 15 days after publication."""
    return published_on + dt.timedelta(days=PUBLICATION_DAYS)


def is_published(*, published_on: dt.date | None, on: dt.date) -> bool:
    return published_on is not None and published_on <= on < publication_ends(published_on)
