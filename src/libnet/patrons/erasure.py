"""Erasing a reader reaches every app that keeps something about them: a port, and the scrubbing.

patrons sits below circulation, rotation and mobile (DESIGN.md §2) and cannot reach their
tables. Each app that keeps identifiers or free text about a reader (hold notes, inter-library
loan notes, the mobile library's scan log) registers a scrubber here when Django starts
(its AppConfig.ready); `services.erase_patron` calls every one inside its own transaction, so
an erasure is complete or not done at all.

What a scrubber does with the rows of the erased reader's own objects: free text written
about the reader (notes, reasons) is blanked, the card number is blanked, and the audit
entries about those objects lose their notes and any personal value in before/after
(`scrub_audit`). Rows stay when statistics count them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models

from libnet.core import text
from libnet.core.models import AuditEntry

# What is left where a personal value was: the entry still says that something was there.
SCRUBBED = "…"
# Keys of before/after that hold values about a person; their values are replaced whole.
PERSONAL_KEYS = frozenset(
    {
        "card_number",
        "full_name",
        "name",
        "reader",
        "phone",
        "email",
        "address",
        "birth_date",
        "giver_name",
        "collected_by",
        "reason",
        "note",
        "message",
    }
)


@dataclass(frozen=True)
class ErasedReader:
    """The reader being erased, as they were just before: what the scrubbers look for."""

    patron_id: int
    card_number: str
    full_name: str
    phone: str
    email: str
    birth_date: dt.date | None
    at: dt.datetime

    def scrub(self, value: str) -> str:
        """Return `value` with this reader's name, card number, phone, email and date of
        birth replaced by "…", wherever and however they were typed (with or without
        diacritics, any capitals, phone digits with spaces or dots)."""
        if not value:
            return value
        result = text.nfc(value)
        for literal in (self.card_number, self.email):
            if literal:
                result = re.sub(re.escape(literal), SCRUBBED, result, flags=re.IGNORECASE)
        result = _scrub_name(result, self.full_name)
        for pattern in _phone_patterns(self.phone) + _date_patterns(self.birth_date):
            result = pattern.sub(SCRUBBED, result)
        return result


def _scrub_name(value: str, full_name: str) -> str:
    """Replace `full_name` in `value`, matched without diacritics or case (Bình = BINH)."""
    wanted = text.fold(full_name)
    if not wanted:
        return value
    folded = text.fold(value)
    if len(folded) != len(value):  # a character that folds to two: compare exactly instead
        return re.sub(re.escape(full_name), SCRUBBED, value, flags=re.IGNORECASE)
    pieces: list[str] = []
    start = 0
    for match in re.finditer(re.escape(wanted), folded):
        pieces.append(value[start : match.start()])
        pieces.append(SCRUBBED)
        start = match.end()
    pieces.append(value[start:])
    return "".join(pieces)


def _phone_patterns(phone: str) -> list[re.Pattern[str]]:
    """The reader's number however it is written: 0933 123 456, 0933.123.456, +84 933…"""
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    if len(digits) < 6:
        return []
    national = digits[1:] if digits.startswith("0") else digits
    separated = r"[\s.\-()]*".join(re.escape(digit) for digit in national)
    return [re.compile(rf"(?:\+?84|0)[\s.\-()]*{separated}(?!\d)")]


def _date_patterns(day: dt.date | None) -> list[re.Pattern[str]]:
    """The date of birth as people and programs write it: 10/02/2014, 10-2-2014, 2014-02-10."""
    if day is None:
        return []
    d, m, y = day.day, day.month, day.year
    return [
        re.compile(rf"(?<!\d)0?{d}[/.\-]0?{m}[/.\-]{y}(?!\d)"),
        re.compile(rf"(?<!\d){y}-{m:02d}-{d:02d}(?!\d)"),
    ]


def _scrub_json(value: Any, reader: ErasedReader) -> Any:
    if isinstance(value, dict):
        return {
            key: (
                SCRUBBED
                if key in PERSONAL_KEYS and item not in (None, "")
                else _scrub_json(item, reader)
            )
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_scrub_json(item, reader) for item in value]
    if isinstance(value, str):
        return reader.scrub(value)
    return value


def scrub_audit(*, model: type[models.Model], ids: Iterable[Any], reader: ErasedReader) -> int:
    """Blank the notes of the audit entries about these objects of the erased reader, and
    scrub their before/after; return how many entries were changed.

    Notes about a reader's own objects are free text a clerk typed ("lost the card, phone
    0933…"): they go whole. Keys that hold personal values lose their value; every other
    string is scrubbed of the reader's name, card number, phone, email and date of birth.
    """
    subject_ids = [str(pk) for pk in ids]
    if not subject_ids:
        return 0
    changed = 0
    entries = AuditEntry.objects.filter(
        subject_type=model._meta.label_lower, subject_id__in=subject_ids
    ).only("pk", "note", "before", "after")
    for entry in entries.iterator(chunk_size=500):
        before = _scrub_json(entry.before, reader)
        after = _scrub_json(entry.after, reader)
        if entry.note or before != entry.before or after != entry.after:
            AuditEntry.objects.filter(pk=entry.pk).update(note="", before=before, after=after)
            changed += 1
    return changed


Scrubber = Callable[[ErasedReader], None]
_scrubbers: dict[str, Scrubber] = {}


def register(name: str, scrubber: Scrubber) -> None:
    """Have `scrubber` called at every erasure; a second registration under `name` replaces
    the first (Django may call ready() twice in tests)."""
    _scrubbers[name] = scrubber


def registered() -> list[str]:
    """Return the names of the registered scrubbers (the tests check every app is there)."""
    return sorted(_scrubbers)


def scrub_everywhere(reader: ErasedReader) -> None:
    """Call every registered scrubber; inside erase_patron's transaction."""
    for name in sorted(_scrubbers):
        _scrubbers[name](reader)
