"""What raises a match above the engine's score: the reader's diacritics and word order.

The engines rank on folded text only (bm25 on SQLite, ts_rank on PostgreSQL): "so do" finds
*Số đỏ* and *Sổ đỏ* alike. Two boosts then reorder the best `RERANK_DEPTH` candidates, the
same way on both engines:

- **Diacritics.** Each term typed with marks or đ that the record has exactly as typed, in
  the field asked for, adds up to EXACT_BOOST (shared over the query's terms): `sổ đỏ` puts
  *Sổ đỏ* first, `Số đỏ` puts *Số đỏ* first, `so do` neither.
- **Word order.** Several plain words found together, in order, in the title or an author's
  name add PHRASE_BOOST: `dat rung` puts *Đất rừng phương Nam* above a record with "đất" in
  the title and "rừng" in a note.

A boost is a share of the best engine score among the candidates, so it weighs the same
whether the words are rare (high scores) or in most of the catalogue (bm25 scores near zero).

Doing this here rather than inside the engine's query keeps the engine's query the plain
one, which at a million records is two to three times faster (FTS5 and PostgreSQL must
otherwise read position lists and extra columns for every match), and gives both engines
the same boosts. Boosts only raise scores, so the boosted head stays above the unboosted
rest.
"""

from __future__ import annotations

from collections.abc import Sequence

from libnet.search import rows
from libnet.search.models import SearchDocument
from libnet.search.query import ANY, ParsedQuery, Term

EXACT_BOOST = 0.6
PHRASE_BOOST = 0.3
RERANK_DEPTH = 100

# The exact columns each field's terms are looked for in.
_EXACT_FIELDS = {
    ANY: ("title_x", "authors_x", "subjects_x", "publisher_x", "other_x"),
    "title": ("title_x",),
    "author": ("authors_x",),
    "subject": ("subjects_x",),
    "publisher": ("publisher_x",),
}
_PHRASE_FIELDS = ("title", "authors")


def phrase_tokens(terms: Sequence[Term]) -> tuple[str, ...]:
    """The folded words of a search of several plain words in any field, which rank higher
    together and in order; empty for any other search."""
    if len(terms) < 2 or any(term.field != ANY or term.prefix for term in terms):
        return ()
    return tuple(token for term in terms for token in term.folded)


def rerank(candidates: list[tuple[int, float]], parsed: ParsedQuery) -> list[tuple[int, float]]:
    """Return `candidates` (record id, score; best first) with the boosts applied to the first
    RERANK_DEPTH, best first again."""
    accented = [term for term in parsed.terms if term.has_accents and term.field in _EXACT_FIELDS]
    phrase = phrase_tokens(parsed.terms)
    if not candidates or (not accented and not phrase):
        return candidates
    head = candidates[:RERANK_DEPTH]
    fields = sorted({term.field for term in accented})
    columns = sorted(
        {column for field in fields for column in _EXACT_FIELDS[field]}
        | (set(_PHRASE_FIELDS) if phrase else set())
    )
    needles = [(term.field, _needle(term)) for term in accented]
    term_count = len(parsed.terms)
    unit = max((score for _bib_id, score in head), default=0.0) or 1.0
    needle = f" {' '.join(phrase)} " if phrase else ""
    # Each field's columns as one text, every column padded with spaces (a word is found
    # whole by a substring search) and parted by a character no word has (no needle spans
    # two columns): one search per term and record, in C.
    texts: dict[int, tuple[dict[str, str], str]] = {}
    for row in rows.columns_of(SearchDocument, columns, [bib_id for bib_id, _score in head]):
        values = dict(zip(columns, row[1:], strict=True))
        texts[row[0]] = (
            {
                field: "\0".join(f" {values[column]} " for column in _EXACT_FIELDS[field])
                for field in fields
            },
            "\0".join(f" {values[column]} " for column in _PHRASE_FIELDS) if phrase else "",
        )
    boosted: list[tuple[int, float]] = []
    for bib_id, score in head:
        found = texts.get(bib_id)
        boost = 0.0
        if found is not None:
            by_field, phrase_text = found
            exact = sum(1 for field, term_needle in needles if term_needle in by_field[field])
            boost += EXACT_BOOST * exact / term_count
            if needle and needle in phrase_text:
                boost += PHRASE_BOOST
        boosted.append((bib_id, score + boost * unit))
    # Stable: equal scores keep the engine's order.
    boosted.sort(key=lambda pair: -pair[1])
    return boosted + candidates[RERANK_DEPTH:]


def _needle(term: Term) -> str:
    """The term's tokens as typed (in order), as found in a padded exact column."""
    needle = f" {' '.join(term.exact)}"
    return needle if term.prefix else needle + " "
