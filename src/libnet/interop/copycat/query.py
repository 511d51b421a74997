"""What a cataloguer searches another catalogue for, and the same search in each protocol's
query language: PQF with Bib-1 attributes for Z39.50, CQL for SRU. Pure: no I/O."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from stdnum import isbn as stdnum_isbn
from stdnum.exceptions import ValidationError as StdnumError

from libnet.interop.copycat.errors import CopyCatalogueRefused

Field = Literal["isbn", "title", "author"]
FIELDS: tuple[Field, ...] = ("isbn", "title", "author")
MAX_TERM_LENGTH = 200
# A title or a name of more words than this is cut: catalogues refuse long queries, and the
# first words find the book.
MAX_WORDS = 8

# Bib-1 use attributes (Z39.50): ISBN, title, author (the names every server indexes).
BIB1_USE: dict[Field, int] = {"isbn": 7, "title": 4, "author": 1003}
# CQL indexes: the Dublin Core and Bath context sets, which libnet's own SRU server, Zebra's
# and the Library of Congress's all understand.
CQL_INDEX: dict[Field, str] = {"isbn": "bath.isbn", "title": "dc.title", "author": "dc.creator"}

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Search:
    """One search: the field and the terms to find in it (an ISBN in each of its forms,
    or the words of a title or a name)."""

    field: Field
    terms: tuple[str, ...]

    @property
    def label(self) -> str:
        return " ".join(self.terms) if self.field != "isbn" else self.terms[0]


def make_search(field: str, term: str) -> Search:
    """Read what the cataloguer typed into a Search; raises CopyCatalogueRefused."""
    if field not in FIELDS:
        field = "title"
    value = unicodedata.normalize("NFC", term or "").strip()
    if not value:
        raise CopyCatalogueRefused("empty_term")
    if len(value) > MAX_TERM_LENGTH:
        raise CopyCatalogueRefused("term_too_long", max=MAX_TERM_LENGTH)
    if field == "isbn":
        compact = stdnum_isbn.compact(value)
        if not stdnum_isbn.is_valid(compact):
            raise CopyCatalogueRefused("invalid_isbn", value=value)
        forms = [compact]
        # Older records carry the ten-digit form, newer ones the thirteen: ask for both.
        other = _other_isbn_form(compact)
        if other:
            forms.append(other)
        return Search("isbn", tuple(forms))
    words = _WORD.findall(value)
    if not words:
        raise CopyCatalogueRefused("empty_term")
    return Search(field, tuple(words[:MAX_WORDS]))  # type: ignore[arg-type]  # checked against FIELDS above


def _other_isbn_form(compact: str) -> str:
    try:
        if len(compact) == 10:
            return str(stdnum_isbn.to_isbn13(compact))
        return str(stdnum_isbn.to_isbn10(compact))
    except StdnumError:  # a 979 ISBN has no ten-digit form
        return ""


def _quoted(word: str) -> str:
    """A word in double quotes, as PQF and CQL both write one."""
    return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'


def pqf(search: Search) -> str:
    """The search in PQF (Prefix Query Format) with Bib-1 use attributes, as yaz-client
    sends it: the words of a title or name all present (@and), the forms of an ISBN either
    (@or)."""
    use = BIB1_USE[search.field]
    operator = "@or " if search.field == "isbn" else "@and "
    clauses = [f"@attr 1={use} {_quoted(term)}" for term in search.terms]
    return operator * (len(clauses) - 1) + " ".join(clauses)


def cql(search: Search) -> str:
    """The search in CQL: `dc.title="word" and dc.title="word"`, or the ISBN's forms with `or`."""
    index = CQL_INDEX[search.field]
    joiner = " or " if search.field == "isbn" else " and "
    return joiner.join(f"{index}={_quoted(term)}" for term in search.terms)
