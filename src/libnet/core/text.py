"""Vietnamese text: NFC storage, folding for search, and Vietnamese collation.

Stored text is NFC (TCVN 6909 / Unicode). Search compares *folded* text: lower case, no
diacritics, and đ/Đ (and the look-alike Ð U+00D0, common in pasted data) as plain d. Sorting
follows the CLDR "vi" collation through ICU: a < ă < â, d < đ, letters first and tones after,
in the order none, huyền, hỏi, ngã, sắc, nặng (DOMAIN.md §5.1).
"""

from __future__ import annotations

import functools
import unicodedata

import icu

# NFD followed by dropping combining marks leaves đ/Đ untouched: they have no decomposition.
# Ð (U+00D0, Icelandic eth) looks identical to Đ (U+0110) and turns up in pasted text.
_STROKE_D = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})


def nfc(text: str) -> str:
    """Return `text` in Unicode NFC, the form libnet stores."""
    return unicodedata.normalize("NFC", text)


def clean(text: str) -> str:
    """Return `text` in NFC with runs of whitespace collapsed and ends trimmed."""
    # str.split() splits at what the pattern \s matches (str.isspace) and drops the ends:
    # the same text as re.sub(r"\s+", " ", …).strip(), in a fraction of the time (an
    # import cleans every subfield it reads).
    return " ".join(nfc(text).split())


def fold(text: str) -> str:
    """Fold `text` for accent-insensitive matching: `Đường Kách Mệnh` → `duong kach menh`.

    NFC, then lower case, then every combining mark removed, then đ/Đ/Ð → d.
    """
    if text.isascii():  # no marks to drop, no đ: lower case is all there is to do
        return text.lower()
    decomposed = unicodedata.normalize("NFD", nfc(text).lower())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", stripped.translate(_STROKE_D))


@functools.lru_cache(maxsize=1)
def _collator() -> icu.Collator:
    collator = icu.Collator.createInstance(icu.Locale("vi"))
    # Numbers inside titles sort by value: "Tập 2" before "Tập 10".
    collator.setAttribute(icu.UCollAttribute.NUMERIC_COLLATION, icu.UCollAttributeValue.ON)
    return collator


def sort_key(text: str) -> bytes:
    """Return the ICU "vi" collation key of `text`; compare keys to sort Vietnamese text."""
    return bytes(_collator().getSortKey(nfc(text)))


def sort_key_hex(text: str) -> str:
    """Return `sort_key(text)` as hexadecimal, for a text column that sorts in the database."""
    return sort_key(text).hex()


def vietnamese_sorted(values: list[str]) -> list[str]:
    """Return `values` sorted in Vietnamese order."""
    return sorted(values, key=sort_key)


def identifier(text: str) -> str:
    """Return the one form of a typed identifier: a card number, barcode or library code.

    NFKC first, so look-alikes that compatibility-decompose (`ſ` U+017F, full-width digits
    from a Vietnamese IME, `ﬁ`) become the letters they stand for; then whitespace trimmed and
    upper case. Every lookup, counter and lock keyed by an identifier uses this function, so a
    typed variant can never find a record under one form and be counted under another.
    """
    return unicodedata.normalize("NFKC", text).strip().upper()
