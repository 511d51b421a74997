"""What the reader repairs in a record that real exports write out of the standard.

Koha, Evergreen, Libol, Kipos and hand-made tools write leader and fixed-field values MARC 21
does not allow. Where a value exists that says no more than the record did ("unknown", "not
coded", blank), the record is repaired to it and a note says what was changed: the import
keeps the record, reports a warning, and keeps the bytes as received beside it
(`interop.models.ReceivedRecord`). What has no such value (the type of record, the
bibliographic level, a subfield code, the structure itself) is left to `reader.validate` and
fails.
"""

from __future__ import annotations

import pymarc
from django.utils.translation import gettext as _

# Leader position → (the values MARC 21 allows, the value a wrong one becomes).
# 05 "n" (new), 08 blank (no specified type), 17 "u" (unknown), 18 "u" (unknown),
# 19 blank (not specified or not applicable). OCLC's encoding levels are kept.
LEADER_REPAIRS: dict[int, tuple[str, str]] = {
    5: ("acdnp", "n"),
    8: (" a", " "),
    17: (" 12345678uzIJKLM", "u"),
    18: (" acinu", "u"),
    19: (" abc", " "),
}
FIXED_FIELD_LENGTH = 40  # 008 of a bibliographic record
FILL = "|"  # MARC's fill character: "no attempt to code"
_VALID_INDICATORS = frozenset("0123456789 ")
_245_INDICATORS = (frozenset("01 "), frozenset("0123456789 "))


def repair_leader(leader: str, notes: list[str], *, bibliographic: bool = True) -> str:
    """Return `leader` (24 characters) with every repairable position repaired, and add a
    note per position changed. Positions 09 and 00-04/12-16 are the reader's (encoding and
    lengths). An authority record's positions 05-19 mean other things (MARC 21 authority):
    only its 10-11 and 20-23, the same in both formats, are repaired."""
    chars = list(leader)
    for position, (allowed, repaired) in LEADER_REPAIRS.items() if bibliographic else ():
        if chars[position] not in allowed:
            notes.append(
                _("leader/%(position)02d %(value)r replaced by %(repaired)r")
                % {"position": position, "value": chars[position], "repaired": repaired}
            )
            chars[position] = repaired
    if leader[10:12] != "22":
        notes.append(
            _("leader/10-11 %(value)r replaced by '22' (the fields have two indicators)")
            % {"value": leader[10:12]}
        )
        chars[10:12] = "22"
    if leader[20:24] != "4500":
        notes.append(_("leader/20-23 %(value)r replaced by '4500'") % {"value": leader[20:24]})
        chars[20:24] = "4500"
    return "".join(chars)


def repair_fixed_field(value: str, notes: list[str]) -> str:
    """An 008 of the wrong length: padded with the fill character, or cut to 40."""
    if len(value) == FIXED_FIELD_LENGTH:
        return value
    if len(value) < FIXED_FIELD_LENGTH:
        notes.append(
            _("008 had %(length)s characters, padded to 40 with '|'") % {"length": len(value)}
        )
        return value.ljust(FIXED_FIELD_LENGTH, FILL)
    notes.append(
        _("008 had %(length)s characters, cut to 40 (dropped: %(dropped)r)")
        % {"length": len(value), "dropped": value[FIXED_FIELD_LENGTH:]}
    )
    return value[:FIXED_FIELD_LENGTH]


def repair_indicators(tag: str, indicators: str, notes: list[str]) -> str:
    """Indicators that are letters or signs become blank (MARC 21's indicators are digits or
    blank); so do 245's out of its range."""
    allowed = _245_INDICATORS if tag == "245" else (_VALID_INDICATORS, _VALID_INDICATORS)
    repaired = "".join(
        indicator if indicator in allowed[position] else " "
        for position, indicator in enumerate(indicators)
    )
    if repaired != indicators:
        notes.append(
            _("field %(tag)s: indicators %(value)r replaced by %(repaired)r")
            % {"tag": tag, "value": indicators, "repaired": repaired}
        )
    return repaired


def note_empty_subfield(tag: str, code: str, notes: list[str]) -> None:
    if code:
        notes.append(
            _("field %(tag)s: empty subfield $%(code)s dropped") % {"tag": tag, "code": code}
        )
    else:
        notes.append(_("field %(tag)s: empty subfield dropped") % {"tag": tag})


def note_empty_field(tag: str, notes: list[str]) -> None:
    notes.append(_("field %(tag)s has no data, dropped") % {"tag": tag})


def repair_record_fields(record: pymarc.Record, notes: list[str]) -> None:
    """The 008's length in a record already built (MARCXML); indicators and empty subfields
    are repaired as the fields are read."""
    for marc_field in record.get_fields("008"):
        marc_field.data = repair_fixed_field(marc_field.data or "", notes)
