"""The query language of the catalogue search, and its parser.

    truyện kiều                 every word must be there (AND), accents optional
    "số đỏ"                     the words together, in this order
    kiề*  truy*                 words starting with these letters (at least 2)
    title:kiều  author:"nguyễn du"  subject:thơ  publisher:"kim đồng"
    isbn:978-604-1-00001-8      any ISBN-10/13 form, hyphens or not; ISSN too
    class:895.922               class numbers starting with these
    year:2015  year:2010..2020  year:2010..  year:..1975

Field names have Vietnamese aliases (tacgia:, nhande:, chude:, nxb:, nam:, phanloai:). A word
that looks like a field but is not one ("Kiều:") is just a word. An ISBN typed alone is an
ISBN search. There is no OR and no NOT: a reader's search narrows as words are added.

`parse` raises QuerySyntaxError for what it cannot read (an unclosed quote, `title:` with
nothing after it, a year that is not one); everything else is searched as typed.

Other doors build a ParsedQuery themselves: the SRU server reads CQL, whose OR and NOT become
a `Boolean` clause (`where`) over the same terms (`read_term`), ranked as a reader's are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, TypeAlias

from stdnum import issn as stdnum_issn

from libnet.catalog import marc
from libnet.core import text
from libnet.search import analysis
from libnet.search.errors import QuerySyntaxError

__all__ = [
    "Boolean",
    "Clause",
    "ParsedQuery",
    "QuerySyntaxError",
    "Tags",
    "Term",
    "parse",
    "positive_terms",
    "read_term",
]

MAX_QUERY_LENGTH = 1000
MAX_TERMS = 32
MIN_PREFIX_LENGTH = 2

# Folded alias → field. A term's field is one of FIELDS.
_FIELD_ALIASES = {
    "title": "title",
    "ti": "title",
    "nhande": "title",
    "tieude": "title",
    "author": "author",
    "au": "author",
    "tacgia": "author",
    "subject": "subject",
    "su": "subject",
    "chude": "subject",
    "publisher": "publisher",
    "pb": "publisher",
    "nxb": "publisher",
    "year": "year",
    "nam": "year",
    "isbn": "isbn",
    "issn": "isbn",
    "class": "class",
    "ddc": "class",
    "phanloai": "class",
}
ANY = "any"
FIELDS = (ANY, "title", "author", "subject", "publisher", "isbn", "class")
_FIELD_WORD = re.compile(r"^([^\W\d_][\w\-]*):(.*)$", re.DOTALL)
_ISBN_LIKE = re.compile(r"^[0-9][0-9\-]{8,15}[0-9Xx]$")
_ISSN_LIKE = re.compile(r"^\d{4}-\d{3}[\dXx]$")
_YEAR_RANGE = re.compile(r"^(\d{1,4})?(?:(?:\.\.|-)(\d{1,4})?)?$")


@dataclass(frozen=True)
class Term:
    """One thing a record must match: a word or phrase, in one field or any.

    `folded` and `exact` are the same tokens in both forms; `prefix` makes the last token
    match every word it begins.
    """

    field: str
    folded: tuple[str, ...]
    exact: tuple[str, ...]
    prefix: bool = False

    @property
    def has_accents(self) -> bool:
        """Whether the reader typed marks or đ: only then does the exact form rank higher."""
        return self.exact != self.folded


@dataclass(frozen=True)
class Tags:
    """Records carrying at least one of these filter tags (search/documents.py): the years of
    a range, or every record (`_all`)."""

    tags: tuple[str, ...]


@dataclass(frozen=True)
class Boolean:
    """Two clauses joined: `and` (both), `or` (either), `not` (the left one without the right
    one, as CQL's binary NOT)."""

    operator: Literal["and", "or", "not"]
    left: Clause
    right: Clause


Clause: TypeAlias = "Term | Tags | Boolean"


def positive_terms(clause: Clause) -> tuple[Term, ...]:
    """The terms of `clause` a match may contain (everything outside the right side of a NOT),
    in order: what ranking weighs and highlighting marks."""
    if isinstance(clause, Term):
        return (clause,)
    if isinstance(clause, Tags):
        return ()
    left = positive_terms(clause.left)
    return left if clause.operator == "not" else left + positive_terms(clause.right)


@dataclass(frozen=True)
class ParsedQuery:
    """What to look for. A record matches when it has every term (or, when `where` is set,
    matches `where` instead) and its year is in the range.

    `where` is a boolean combination of terms; `terms` are then its positive terms
    (`positive_terms`), which rank the matches.
    """

    terms: tuple[Term, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    where: Clause | None = None

    @property
    def has_terms(self) -> bool:
        return bool(self.terms)

    @property
    def words(self) -> tuple[str, ...]:
        """The folded word tokens of the query, for did-you-mean and highlighting."""
        return tuple(
            token
            for term in self.terms
            if term.field not in {"isbn", "class"}
            for token in term.folded
        )


def parse(query: str) -> ParsedQuery:
    """Read a reader's search text; raise QuerySyntaxError when it cannot be read."""
    source = text.nfc(query or "").strip()
    if len(source) > MAX_QUERY_LENGTH:
        raise QuerySyntaxError("too_long", count=MAX_TERMS)
    terms: list[Term] = []
    year_from: int | None = None
    year_to: int | None = None
    for field, raw, quoted in _lex(source):
        if field == "year":
            low, high = _year_range(raw)
            # Two year: terms narrow each other: year:2000.. year:..2010 is 2000 to 2010.
            if low is not None:
                year_from = low if year_from is None else max(year_from, low)
            if high is not None:
                year_to = high if year_to is None else min(year_to, high)
            continue
        term = _term(field, raw, quoted=quoted)
        if term is not None:
            terms.append(term)
    if len(terms) > MAX_TERMS:
        raise QuerySyntaxError("too_long", count=MAX_TERMS)
    if source and not terms and year_from is None and year_to is None:
        raise QuerySyntaxError("nothing_to_search")
    if year_from is not None and year_to is not None and year_from > year_to:
        raise QuerySyntaxError("bad_year", value=f"{year_from}..{year_to}")
    return ParsedQuery(terms=tuple(terms), year_from=year_from, year_to=year_to)


def _lex(source: str) -> list[tuple[str, str, bool]]:
    """Split the text into (field, raw value, was quoted); a bare value has field ANY."""
    found: list[tuple[str, str, bool]] = []
    position = 0
    length = len(source)
    while position < length:
        if source[position].isspace():
            position += 1
            continue
        if source[position] == '"':
            raw, position = _quoted(source, position)
            found.append((ANY, raw, True))
            continue
        end = position
        while end < length and not source[end].isspace() and source[end] != '"':
            end += 1
        word = source[position:end]
        position = end
        match = _FIELD_WORD.match(word)
        field = _field_name(match.group(1)) if match else None
        if match is None or field is None:
            found.append((ANY, word, False))
            continue
        value = match.group(2)
        if value:
            found.append((field, value, False))
            continue
        # `title:"truyện kiều"` or `title: kiều`: the value is what comes next.
        while position < length and source[position].isspace():
            position += 1
        if position >= length:
            raise QuerySyntaxError("empty_field", field=word)
        if source[position] == '"':
            raw, position = _quoted(source, position)
            if not raw.strip():
                raise QuerySyntaxError("empty_field", field=word)
            found.append((field, raw, True))
            continue
        end = position
        while end < length and not source[end].isspace() and source[end] != '"':
            end += 1
        found.append((field, source[position:end], False))
        position = end
    return found


def _quoted(source: str, start: int) -> tuple[str, int]:
    """Return the text between the quote at `start` and its closing quote (a `*` right after
    the closing quote is kept), and the position after it."""
    closing = source.find('"', start + 1)
    if closing < 0:
        raise QuerySyntaxError("unbalanced_quote")
    raw = source[start + 1 : closing]
    position = closing + 1
    if position < len(source) and source[position] == "*":
        raw += "*"
        position += 1
    return raw, position


def _field_name(name: str) -> str | None:
    return _FIELD_ALIASES.get(text.fold(name).replace("-", ""))


def _year_range(raw: str) -> tuple[int | None, int | None]:
    match = _YEAR_RANGE.match(raw.strip())
    if match is None or not raw.strip() or raw.strip() in {"..", "-"}:
        raise QuerySyntaxError("bad_year", value=raw)
    low = int(match.group(1)) if match.group(1) else None
    ranged = ".." in raw or "-" in raw
    high = int(match.group(2)) if match.group(2) else (None if ranged else low)
    if low is not None and high is not None and low > high:
        raise QuerySyntaxError("bad_year", value=raw)
    return low, high


def read_term(field: str, raw: str, *, quoted: bool = False) -> Term | None:
    """Read one value of `field` as the query language does: words (a phrase when `quoted` or
    joined by punctuation), a trailing `*` for a prefix, an ISBN or ISSN, a class number.

    None when the value has no letters or digits; QuerySyntaxError when it cannot be read (an
    ISBN that is not one, a prefix too short)."""
    return _term(field, raw, quoted=quoted)


def _term(field: str, raw: str, *, quoted: bool) -> Term | None:
    value = raw.strip()
    prefix = value.endswith("*")
    value = value.rstrip("*").strip()
    if field == "isbn":
        return _code_term(value, raw)
    if field == "class":
        code = analysis.compact_code(value)
        if not code:
            raise QuerySyntaxError("empty_field", field="class:")
        # Class numbers are hierarchical: class:895.92 means 895.92 and everything below it.
        return Term(field="class", folded=(code,), exact=(code,), prefix=True)
    if (
        field == ANY
        and not quoted
        and not prefix
        and (_ISBN_LIKE.match(value) or _ISSN_LIKE.match(value))
    ):
        found = _code_term(value, raw, strict=False)
        if found is not None:
            return found
    folded_list, exact_list = analysis.token_pairs(value)
    folded, exact = tuple(folded_list), tuple(exact_list)
    if not folded:
        return None
    if prefix and len(folded[-1]) < MIN_PREFIX_LENGTH:
        raise QuerySyntaxError("short_prefix", length=MIN_PREFIX_LENGTH)
    return Term(field=field, folded=folded, exact=exact, prefix=prefix)


def _code_term(value: str, raw: str, *, strict: bool = True) -> Term | None:
    """An ISBN (any form, found by its ISBN-13) or an ISSN; QuerySyntaxError if neither."""
    isbn13 = marc.normalise_isbn(value)
    if isbn13:
        return Term(field="isbn", folded=(isbn13,), exact=(isbn13,))
    try:
        issn = stdnum_issn.validate(value)
    except Exception:  # stdnum raises one exception class per kind of invalid number
        issn = None
    if issn:
        code = analysis.compact_code(str(issn))
        return Term(field="isbn", folded=(code,), exact=(code,))
    if strict:
        raise QuerySyntaxError("bad_isbn", value=raw.strip() or "isbn:")
    return None
