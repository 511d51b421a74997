"""What every search engine offers, and the plan of one search it is given."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings

from libnet.search.query import Clause, Term

SORTS = ("relevance", "title", "year", "newest")
# Scoring every match of a word held by a third of a million-record catalogue costs more than
# a reader waits: a ranked search scores at most this many matches, the most recently
# catalogued ones (engines walk matches in record order). Below the cap (nearly every search
# a reader makes) the ranking is exact; above it, a word found in tens of thousands of
# records, the reader narrows with more words or filters. Setting LIBNET_SEARCH_RANK_CAP.
DEFAULT_RANK_CAP = 10_000
# A year range this wide or narrower is filtered by year tags inside the full-text match; a
# wider one by the year column.
MAX_YEAR_TAGS = 60


@dataclass(frozen=True)
class Plan:
    """One search, ready for an engine.

    A record matches when it matches every term (or `where`, when set: a boolean clause whose
    positive terms are `terms`), and for each group of `tag_groups` has at least one of the
    group's tags, and for each group of `shelf_groups` one of the group's shelf tags
    (SearchDocument.shelf, outside the full-text index), and its year is within the range.
    """

    terms: tuple[Term, ...] = ()
    where: Clause | None = None
    tag_groups: tuple[tuple[str, ...], ...] = ()
    shelf_groups: tuple[tuple[str, ...], ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    sort: str = "relevance"

    @property
    def year_tags(self) -> tuple[str, ...] | None:
        """The year tags standing for the year range, or None when the range is open or wide."""
        if self.year_from is None or self.year_to is None:
            return None
        if self.year_to - self.year_from + 1 > MAX_YEAR_TAGS:
            return None
        return tuple(f"_y{year}" for year in range(self.year_from, self.year_to + 1))


# Words held by thousands of records: bm25 (SQLite FTS5) first counts every record
# holding each word of the search, before it scores a single match, which for a word in a
# third of a million-record catalogue costs more than the rest of the search. A search whose
# words are held by more records than this, together, is ranked by the engine's approximation
# of bm25 over its newest COMMON_RANK_CAP matches instead (backends/sqlite.py). Settings
# LIBNET_SEARCH_COMMON_WORDS and LIBNET_SEARCH_COMMON_RANK_CAP.
DEFAULT_COMMON_WORDS = 5_000
DEFAULT_COMMON_RANK_CAP = 500


def rank_cap() -> int:
    return int(getattr(settings, "LIBNET_SEARCH_RANK_CAP", DEFAULT_RANK_CAP))


def common_words() -> int:
    return int(getattr(settings, "LIBNET_SEARCH_COMMON_WORDS", DEFAULT_COMMON_WORDS))


def common_rank_cap() -> int:
    return int(getattr(settings, "LIBNET_SEARCH_COMMON_RANK_CAP", DEFAULT_COMMON_RANK_CAP))


@dataclass(frozen=True)
class Ranked:
    """The best matches of a ranked search, best first, and how many matches were scored:
    every one (`complete`), or the newest `scored` of more."""

    candidates: list[tuple[int, float]]
    scored: int
    complete: bool
    # How many records match, when the engine found out on the way (else None).
    total: int | None = None


class Backend(Protocol):
    """A full-text engine over search_searchdocument."""

    vendor: str

    def candidates(self, plan: Plan, *, limit: int, offset: int = 0) -> list[tuple[int, float]]:
        """Return (record id, score) of the matching records in the plan's order, at most
        `limit` of them after skipping `offset`. A higher score is a better match."""
        ...

    def count(self, plan: Plan) -> int:
        """Return how many records match the plan."""
        ...

    def ranked(self, plan: Plan, *, limit: int) -> Ranked:
        """Return the best `limit` of the plan's matches by relevance, scoring at most
        `rank_cap()` of them (the newest), and how many matches were scored."""
        ...

    def documents_inserted(self, bib_ids: Sequence[int]) -> None:
        """Bring the engine's index up to date with the documents just INSERTed."""
        ...

    def rebuilding(self) -> AbstractContextManager[None]:
        """Rewrite the whole index inside this block (in one transaction): the engine may
        stop following row by row and start from an empty index. Inside, every document,
        changed or not, is passed to `documents_inserted` once it is written."""
        ...
