"""What every search engine offers, and the plan of one search it is given."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from libnet.search.query import ANY, Term

SORTS = ("relevance", "title", "year", "newest")
# A year range this wide or narrower is filtered by year tags inside the full-text match; a
# wider one by the year column.
MAX_YEAR_TAGS = 60


@dataclass(frozen=True)
class Plan:
    """One search, ready for an engine.

    A record matches when it matches every term, and for each group of `tag_groups` has at
    least one of the group's tags, and its year is within the range.
    """

    terms: tuple[Term, ...] = ()
    tag_groups: tuple[tuple[str, ...], ...] = ()
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
        return tuple(f"y{year}" for year in range(self.year_from, self.year_to + 1))


def phrase_boost_tokens(plan: Plan) -> tuple[str, ...]:
    """The words of a search of several plain words, which rank higher together and in order.

    Only for plain words in any field: then a record with the phrase matches every term, and
    the boost cannot add records to the result.
    """
    if len(plan.terms) < 2 or any(term.field != ANY or term.prefix for term in plan.terms):
        return ()
    return tuple(token for term in plan.terms for token in term.folded)


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

    def after_rebuild(self) -> None:
        """Tidy the engine's structures once the whole index has been rewritten."""
        ...
