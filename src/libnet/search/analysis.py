"""How text becomes search tokens: one tokenizer, two forms, shared by the index and queries.

Every token the index stores and every token a query asks for comes from `tokens()` here, so
both engines see the same words: SQLite's unicode61 tokenizer and PostgreSQL's tsvector get
tokens that are runs of letters and digits only, and split them no further.

- The **folded** form is core.text.fold (lower case, no marks, đ/Đ/Ð → d): "so do" finds
  both *Số đỏ* and *Sổ đỏ*.
- The **exact** form is NFC and lower case, with the look-alike ð (from Ð U+00D0) read as đ:
  "sổ đỏ" matches *Sổ đỏ* exactly, which ranks it first.
- Dotted numbers are one token without their dots (class number 895.9223 → 8959223), so a
  class number or a version number is not cut into pieces that match anything.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import operator
import re

from stdnum import isbn as stdnum_isbn

from libnet.core import text

# A dotted number (895.9223, 1.000.000) or a run of letters and digits; "_" separates.
_TOKEN = re.compile(r"\d+(?:\.\d+)+|[^\W_]+")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
# Longer "words" are noise (a URL, a run of digits); PostgreSQL refuses lexemes over 2 kB.
MAX_TOKEN_LENGTH = 60
_ETH = str.maketrans({"ð": "đ"})


def exact_form(value: str) -> str:
    """Return `value` as the exact index compares it: NFC, lower case, ð read as đ."""
    lowered = text.nfc(value).lower()
    # str.translate walks the text in Python objects; the search for ð is a plain scan.
    return lowered.translate(_ETH) if "ð" in lowered else lowered


def tokens(value: str) -> list[str]:
    """Split already-normalised text into tokens (dotted numbers lose their dots)."""
    found: list[str] = _TOKEN.findall(value)
    if "." not in value and max(map(len, found), default=0) <= MAX_TOKEN_LENGTH:
        return found  # the common case, checked in C: nothing to take off
    return [match.replace(".", "")[:MAX_TOKEN_LENGTH] for match in found]


@functools.lru_cache(maxsize=200_000)
def fold_token(token: str) -> str:
    """Fold one exact token. Cached: a catalogue has a few tens of thousands of distinct
    words (Vietnamese has under 7,000 syllables), met over and over."""
    return text.fold(token)


def token_pairs(value: str) -> tuple[list[str], list[str]]:
    """Return the folded and the exact tokens of `value`, one for one: each folded token is
    the folding of the exact token at the same place."""
    exact = tokens(exact_form(value))
    return [fold_token(token) for token in exact], exact


def folded_tokens(value: str) -> list[str]:
    """Return the folded tokens of `value`: `Đất rừng phương Nam` → dat rung phuong nam."""
    return token_pairs(value)[0]


def exact_tokens(value: str) -> list[str]:
    """Return the exact tokens of `value`: `Đất rừng phương Nam` → đất rừng phương nam."""
    return tokens(exact_form(value))


@functools.lru_cache(maxsize=50_000)
def compact_code(value: str) -> str:
    """Return a code (class number, ISSN) as one folded token: `895.922 3` → 8959223."""
    return _NOT_ALNUM.sub("", text.fold(value))[:MAX_TOKEN_LENGTH]


def isbn_tokens(isbn13: str) -> list[str]:
    """Return the tokens an ISBN-13 is found by: itself and, for 978 numbers, its ISBN-10."""
    found = [isbn13]
    if isbn13.startswith("978"):
        isbn10 = _isbn10(isbn13)
        if isbn10:
            found.append(isbn10)
    return found


_ISBN13_WEIGHTS = (1, 3) * 6 + (1,)
_ISBN10_WEIGHTS = tuple(range(10, 1, -1))


def _isbn10(isbn13: str) -> str:
    """The ISBN-10 of a valid 978 ISBN-13, lower case ('' when it has none).

    The plain case (13 digits, as the catalogue stores them) by arithmetic: python-stdnum's
    validating conversion was a noticeable share of rebuilding the index. Anything else goes
    to stdnum."""
    if len(isbn13) == 13 and isbn13.isdigit():
        digits = list(map(int, isbn13))
        if sum(map(operator.mul, digits, _ISBN13_WEIGHTS)) % 10:
            return ""  # a wrong check digit: stdnum refuses it too
        check = (11 - sum(map(operator.mul, digits[3:12], _ISBN10_WEIGHTS))) % 11
        return isbn13[3:12] + ("x" if check == 10 else str(check))
    # stdnum raises one exception class per kind of malformed number: no ISBN-10 then.
    with contextlib.suppress(Exception):
        return str(stdnum_isbn.to_isbn10(isbn13)).lower()
    return ""


@functools.lru_cache(maxsize=4096)
def tag_token(prefix: str, value: str) -> str:
    """Return a filter tag such as `lvie` or `kschoolprimary`: letters and digits only."""
    return prefix + _NOT_ALNUM.sub("", text.fold(value))


@functools.lru_cache(maxsize=20_000)
def heading_key(heading: str) -> str:
    """Return the key a subject heading is filtered and counted by (accents ignored)."""
    folded = " ".join(folded_tokens(heading))
    return hashlib.blake2b(folded.encode(), digest_size=6).hexdigest()


_DIGIT = re.compile(r"\d")


def is_vocabulary_word(token: str) -> bool:
    """Whether a folded token goes into the did-you-mean vocabulary (words, not numbers)."""
    return len(token) <= 40 and _DIGIT.search(token) is None
