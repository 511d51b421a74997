"""MARC 21 bibliographic validation against a tag table kept as data.

The table (data/marc21_bibliographic.json) says, for each tag Vietnamese libraries use
(TCVN 7539 = MARC 21), whether it repeats, which indicator values it allows, which subfields
it defines and whether each repeats, and which subfields it must have; and which leader
positions take which values. `problems(marc_json)` checks a record in MARC-in-JSON (the form
the catalogue stores, the API receives and the editor builds) against it and returns every
problem, each with where it is (tag, field position, indicator, subfield) and a sentence in
the reader's language.

An *error* stops a save (the editor, the API); a *warning* (a tag or subfield the table does
not define: local practice, or a field the table does not list yet) is shown and saved.
Tags 9XX and X9X are local by the standard: they are never checked.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, ClassVar, Literal

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from libnet.core.errors import LibnetError, Messages

TABLE_PATH = Path(__file__).resolve().parent / "data" / "marc21_bibliographic.json"

_TAG = re.compile(r"[0-9]{3}")
_SUBFIELD_CODE = re.compile(r"[a-z0-9]")
_INDICATOR = re.compile(r"[ 0-9a-z]")
# C0 controls (MARC's own delimiters among them), DEL, and halves of UTF-16 pairs: no text.
_NOT_TEXT = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")

Severity = Literal["error", "warning"]

MESSAGES: Messages = {
    "leader_length": _("The leader must be 24 characters long; this one has %(length)s."),
    "leader_value": _(
        "Leader position %(position)s (%(name)s) cannot be “%(value)s”; allowed: %(allowed)s."
    ),
    "leader_structure": _(
        "Leader positions %(positions)s must be “%(expected)s” in every MARC 21 record, not “%(value)s”."
    ),
    "tag_invalid": _("“%(tag)s” is not a tag: a tag is three digits, like 245."),
    "tag_unknown": _(
        "Tag %(tag)s is not in the MARC 21 bibliographic table libnet checks against; check the number."
    ),
    "tag_required": _("The record needs field %(tag)s (%(name)s)."),
    "tag_not_repeatable": _("Field %(tag)s (%(name)s) may appear only once in a record."),
    "control_field_has_subfields": _(
        "Field %(tag)s is a control field: it holds plain data, without indicators or subfields."
    ),
    "data_field_without_subfields": _(
        "Field %(tag)s is a data field: it needs indicators and subfields, not plain data."
    ),
    "control_field_empty": _("Control field %(tag)s is empty."),
    "fixed_length": _(
        "Field %(tag)s must be %(expected)s characters long; this one has %(length)s."
    ),
    "fixed_value": _(
        "Position %(position)s of field %(tag)s (%(name)s) cannot be “%(value)s”; allowed: %(allowed)s."
    ),
    "indicator_invalid": _(
        "Indicator %(position)s of field %(tag)s cannot be “%(value)s”; allowed: %(allowed)s."
    ),
    "no_subfields": _("Field %(tag)s has no subfields."),
    "subfield_code_invalid": _(
        "“%(code)s” in field %(tag)s is not a subfield code: a code is one lowercase letter or digit."
    ),
    "not_text": _(
        "%(where)s holds a control character (code %(char)s), which is not text: retype it."
    ),
    "subfield_empty": _("Subfield $%(code)s of field %(tag)s is empty: fill it in or remove it."),
    "subfield_undefined": _("Field %(tag)s (%(name)s) does not define subfield $%(code)s."),
    "subfield_not_repeatable": _(
        "Subfield $%(code)s may appear only once in field %(tag)s (%(name)s)."
    ),
    "subfield_required": _("Field %(tag)s (%(name)s) needs subfield $%(code)s."),
    "subfield_one_of_required": _("Field %(tag)s (%(name)s) needs one of the subfields %(codes)s."),
    "field_too_long": _(
        "Field %(tag)s takes %(bytes)s bytes; a MARC record (ISO 2709) holds at most %(max)s in one field: shorten it or split it into two fields."
    ),
    "record_too_long": _(
        "The record takes %(bytes)s bytes; a MARC record (ISO 2709) holds at most %(max)s: shorten its longest fields."
    ),
}

# ISO 2709: a directory entry gives a field's length in 4 digits, the leader the record's in 5.
# Past them the file written is unreadable, so the editor and the API refuse such a record.
MAX_FIELD_BYTES = 9_999
MAX_RECORD_BYTES = 99_999
_LEADER_BYTES = 24
_DIRECTORY_ENTRY_BYTES = 12

WARNINGS = frozenset({"tag_unknown", "subfield_undefined"})


@dataclass(frozen=True)
class Named:
    """Something the table names in English and in Vietnamese (TCVN 7539's terms)."""

    name_en: str
    name_vi: str

    @property
    def name(self) -> str:
        """The name in the active language."""
        return self.name_vi if (get_language() or "vi").startswith("vi") else self.name_en


@dataclass(frozen=True)
class TagRule(Named):
    tag: str
    repeatable: bool
    is_control: bool = False
    length: int | None = None
    ind1: str = " 0123456789"
    ind2: str = " 0123456789"
    # code → repeatable
    subfields: dict[str, bool] = field(default_factory=dict)
    any_subfield: bool = False
    required: tuple[str, ...] = ()
    required_one_of: tuple[str, ...] = ()


@dataclass(frozen=True)
class PositionRule(Named):
    position: int
    values: str


@dataclass(frozen=True)
class TagTable:
    tags: dict[str, TagRule]
    required_tags: tuple[str, ...]
    leader: tuple[PositionRule, ...]
    fixed_008: tuple[PositionRule, ...]


@cache
def table(path: Path = TABLE_PATH) -> TagTable:
    """The shipped tag table, read once."""
    data = json.loads(path.read_text(encoding="utf-8"))
    tags = {
        tag: TagRule(
            tag=tag,
            name_en=row["name"],
            name_vi=row.get("name_vi", row["name"]),
            repeatable=bool(row["repeatable"]),
            is_control=bool(row.get("control")),
            length=row.get("length"),
            ind1=row.get("ind1", " 0123456789"),
            ind2=row.get("ind2", " 0123456789"),
            subfields={code: kind == "R" for code, kind in row.get("subfields", {}).items()},
            any_subfield=bool(row.get("any_subfield")),
            required=tuple(row.get("required", ())),
            required_one_of=tuple(row.get("required_one_of", ())),
        )
        for tag, row in data["tags"].items()
    }

    def positions(rows: dict[str, dict[str, str]]) -> tuple[PositionRule, ...]:
        return tuple(
            PositionRule(
                name_en=row["name"],
                name_vi=row.get("name_vi", row["name"]),
                position=int(position),
                values=row["values"],
            )
            for position, row in sorted(rows.items())
        )

    return TagTable(
        tags=tags,
        required_tags=tuple(data.get("required_tags", ())),
        leader=positions(data.get("leader", {})),
        fixed_008=positions(data.get("fixed_008", {})),
    )


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a record. `field_index` is the field's position among the
    record's fields (None for the leader and for a field missing from the record);
    `indicator` is 1 or 2."""

    code: str
    tag: str = ""
    field_index: int | None = None
    indicator: int | None = None
    subfield: str | None = None
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def severity(self) -> Severity:
        return "warning" if self.code in WARNINGS else "error"

    @property
    def message(self) -> str:
        params = {"tag": self.tag, "code": self.subfield or "", **self.params}
        return str(MESSAGES[self.code]) % params

    def as_detail(self) -> dict[str, Any]:
        """The problem as one entry of the API's 422 detail."""
        return {
            "tag": self.tag,
            "indicator": self.indicator,
            "subfield": self.subfield,
            "message": self.message,
            # The part of a MARC-in-JSON body it is in, as the API's other 422s name a field.
            "field": "leader" if self.tag == "LDR" else "fields",
        }


class RecordInvalid(LibnetError):
    """A record the MARC 21 table refuses: `problems` lists every error (never a warning)."""

    status = 422
    messages: ClassVar[Messages] = {
        "invalid_marc": _(
            "The MARC record has %(count)s errors; the first: %(first)s Correct them and save again."
        ),
        "unreadable_marc": _(
            "The record could not be read as %(format)s: %(reason)s. Check what was sent."
        ),
    }

    def __init__(self, code: str, /, problems: list[Problem] | None = None, **params: Any) -> None:
        self.problems = problems or []
        if self.problems:
            params = {"count": len(self.problems), "first": self.problems[0].message, **params}
        super().__init__(code, **params)

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "detail": [p.as_detail() for p in self.problems]}


def blank_as_hash(values: str) -> str:
    """Indicator or position values as cataloguers write them: blank is #."""
    return ", ".join(value.replace(" ", "#") for value in values)


def is_local(tag: str) -> bool:
    """9XX and X9X tags are for local use (MARC 21): no table applies to them."""
    return tag[0] == "9" or tag[1] == "9"


def problems(marc_json: dict[str, Any], *, rules: TagTable | None = None) -> list[Problem]:
    """Every problem of the record `marc_json` (MARC-in-JSON), errors and warnings, in the
    record's order: the leader first, then each field."""
    rules = rules or table()
    found: list[Problem] = []
    leader = marc_json.get("leader")
    found += _leader_problems(leader if isinstance(leader, str) else "", rules)
    seen: Counter[str] = Counter()
    for index, entry in enumerate(marc_json.get("fields") or []):
        if not isinstance(entry, dict) or len(entry) != 1:
            found.append(
                Problem("tag_invalid", tag=_NOT_TEXT.sub("?", str(entry))[:10], field_index=index)
            )
            continue
        ((tag, value),) = entry.items()
        if not _TAG.fullmatch(tag):
            found.append(
                Problem("tag_invalid", tag=_NOT_TEXT.sub("?", tag)[:10], field_index=index)
            )
            continue
        seen[tag] += 1
        rule = rules.tags.get(tag)
        if rule is not None and not rule.repeatable and seen[tag] == 2:
            found.append(
                Problem("tag_not_repeatable", tag=tag, field_index=index, params=_name(rule))
            )
        if tag < "010":
            found += _control_problems(tag, index, value, rule, rules)
        else:
            found += _data_problems(tag, index, value, rule)
    for tag in rules.required_tags:
        if not seen[tag]:
            rule = rules.tags[tag]
            found.append(Problem("tag_required", tag=tag, params=_name(rule)))
    return found + size_problems(marc_json)


def size_problems(marc_json: dict[str, Any]) -> list[Problem]:
    """The fields, and the record, longer in UTF-8 than ISO 2709 can write (MAX_FIELD_BYTES,
    MAX_RECORD_BYTES): such a record would be saved, then exported as a file no one reads."""
    found: list[Problem] = []
    # Leader, the directory's terminator, the record's terminator.
    record_bytes = _LEADER_BYTES + 2
    for index, entry in enumerate(marc_json.get("fields") or []):
        if not isinstance(entry, dict) or len(entry) != 1:
            continue
        ((tag, value),) = entry.items()
        field_bytes = _field_bytes(value)
        record_bytes += _DIRECTORY_ENTRY_BYTES + field_bytes
        if field_bytes > MAX_FIELD_BYTES:
            found.append(
                Problem(
                    "field_too_long",
                    tag=_NOT_TEXT.sub("?", str(tag))[:10],
                    field_index=index,
                    params={"bytes": field_bytes, "max": MAX_FIELD_BYTES},
                )
            )
    if record_bytes > MAX_RECORD_BYTES:
        found.append(
            Problem("record_too_long", params={"bytes": record_bytes, "max": MAX_RECORD_BYTES})
        )
    return found


def _field_bytes(value: Any) -> int:
    """A field's length in ISO 2709: its data, or its two indicators and each subfield
    (delimiter, code, value), then the field terminator."""
    if isinstance(value, str):
        return len(value.encode("utf-8", "surrogatepass")) + 1
    if not isinstance(value, dict):
        return 0
    size = 2 + 1
    for subfield in value.get("subfields") or []:
        if isinstance(subfield, dict):
            for code, subvalue in subfield.items():
                size += 1 + len(str(code).encode("utf-8", "surrogatepass"))
                size += len(str(subvalue).encode("utf-8", "surrogatepass"))
    return size


def errors(marc_json: dict[str, Any]) -> list[Problem]:
    """The problems of `marc_json` that stop a save."""
    return [p for p in problems(marc_json) if p.severity == "error"]


def check(marc_json: dict[str, Any]) -> None:
    """Raise RecordInvalid("invalid_marc") listing every error of `marc_json`, if it has any."""
    found = errors(marc_json)
    if found:
        raise RecordInvalid("invalid_marc", problems=found)


def _name(rule: TagRule) -> dict[str, str]:
    return {"name": rule.name}


def _not_text(where: str, value: str, **place: Any) -> list[Problem]:
    bad = _NOT_TEXT.search(value)
    if bad is None:
        return []
    return [
        Problem(
            "not_text",
            params={"where": where, "char": f"U+{ord(bad.group()):04X}"},
            **place,
        )
    ]


# The leader positions MARC 21 fixes for every record: ISO 2709's indicator and subfield-code
# counts (10-11) and the directory entry map (20-23), as (first position, value). The record
# length (00-04) and base address (12-16) are computed when the record is written.
LEADER_FIXED = ((10, "22"), (20, "4500"))


def _leader_problems(leader: str, rules: TagTable) -> list[Problem]:
    if _NOT_TEXT.search(leader):
        return _not_text("LDR", leader, tag="LDR")
    if len(leader) != 24:
        return [Problem("leader_length", tag="LDR", params={"length": len(leader)})]
    structure = [
        Problem(
            "leader_structure",
            tag="LDR",
            params={
                "positions": f"{start}–{start + len(expected) - 1}",
                "expected": expected,
                "value": leader[start : start + len(expected)],
            },
        )
        for start, expected in LEADER_FIXED
        if leader[start : start + len(expected)] != expected
    ]
    return structure + [
        Problem(
            "leader_value",
            tag="LDR",
            params={
                "position": f"{rule.position:02d}",
                "name": rule.name,
                "value": leader[rule.position].replace(" ", "#"),
                "allowed": blank_as_hash(rule.values),
            },
        )
        for rule in rules.leader
        if leader[rule.position] not in rule.values
    ]


def _control_problems(
    tag: str, index: int, value: Any, rule: TagRule | None, rules: TagTable
) -> list[Problem]:
    if not isinstance(value, str):
        return [Problem("control_field_has_subfields", tag=tag, field_index=index)]
    if _NOT_TEXT.search(value):
        return _not_text(tag, value, tag=tag, field_index=index)
    if rule is None:
        return [Problem("tag_unknown", tag=tag, field_index=index)]
    if not value.strip():
        return [Problem("control_field_empty", tag=tag, field_index=index)]
    if rule.length is not None and len(value) != rule.length:
        return [
            Problem(
                "fixed_length",
                tag=tag,
                field_index=index,
                params={"expected": rule.length, "length": len(value)},
            )
        ]
    if tag != "008":
        return []
    return [
        Problem(
            "fixed_value",
            tag=tag,
            field_index=index,
            params={
                "position": f"{position.position:02d}",
                "name": position.name,
                "value": value[position.position].replace(" ", "#"),
                "allowed": blank_as_hash(position.values),
            },
        )
        for position in rules.fixed_008
        if value[position.position] not in position.values
    ]


def _data_problems(tag: str, index: int, value: Any, rule: TagRule | None) -> list[Problem]:
    if not isinstance(value, dict):
        return [Problem("data_field_without_subfields", tag=tag, field_index=index)]
    found: list[Problem] = []
    checked = rule is not None and not is_local(tag)
    if rule is None and not is_local(tag):
        found.append(Problem("tag_unknown", tag=tag, field_index=index))
    for position in (1, 2):
        indicator = value.get(f"ind{position}", " ")
        indicator = indicator if isinstance(indicator, str) else str(indicator)
        allowed = (rule.ind1 if position == 1 else rule.ind2) if checked and rule else None
        if not _INDICATOR.fullmatch(indicator) or (
            allowed is not None and indicator not in allowed
        ):
            found.append(
                Problem(
                    "indicator_invalid",
                    tag=tag,
                    field_index=index,
                    indicator=position,
                    params={
                        "position": position,
                        "value": indicator.replace(" ", "#"),
                        "allowed": blank_as_hash(allowed if allowed is not None else " 0123456789"),
                    },
                )
            )
    pairs = [
        (str(code), subvalue)
        for subfield in value.get("subfields") or []
        if isinstance(subfield, dict)
        for code, subvalue in subfield.items()
    ]
    if not pairs:
        return [*found, Problem("no_subfields", tag=tag, field_index=index)]
    counts: Counter[str] = Counter()
    for code, subvalue in pairs:
        if not _SUBFIELD_CODE.fullmatch(code):
            found.append(
                Problem(
                    "subfield_code_invalid",
                    tag=tag,
                    field_index=index,
                    subfield=_NOT_TEXT.sub("?", code)[:5],
                )
            )
            continue
        counts[code] += 1
        if not isinstance(subvalue, str) or not subvalue.strip():
            found.append(Problem("subfield_empty", tag=tag, field_index=index, subfield=code))
        elif _NOT_TEXT.search(subvalue):
            found += _not_text(
                f"{tag} ${code}", subvalue, tag=tag, field_index=index, subfield=code
            )
        if not checked or rule is None or rule.any_subfield:
            continue
        if code not in rule.subfields:
            if counts[code] == 1:
                found.append(
                    Problem(
                        "subfield_undefined",
                        tag=tag,
                        field_index=index,
                        subfield=code,
                        params=_name(rule),
                    )
                )
        elif not rule.subfields[code] and counts[code] == 2:
            found.append(
                Problem(
                    "subfield_not_repeatable",
                    tag=tag,
                    field_index=index,
                    subfield=code,
                    params=_name(rule),
                )
            )
    if checked and rule is not None:
        found += [
            Problem(
                "subfield_required", tag=tag, field_index=index, subfield=code, params=_name(rule)
            )
            for code in rule.required
            if not counts[code]
        ]
        if rule.required_one_of and not any(counts[code] for code in rule.required_one_of):
            found.append(
                Problem(
                    "subfield_one_of_required",
                    tag=tag,
                    field_index=index,
                    params={
                        **_name(rule),
                        "codes": ", ".join(f"${code}" for code in rule.required_one_of),
                    },
                )
            )
    return found
