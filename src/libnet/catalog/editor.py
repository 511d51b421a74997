"""The full MARC editor's record, as the page's form sends it and as MARC-in-JSON.

The page posts the leader's positions, then each field as numbered inputs (field-3-tag,
field-3-ind1, field-3-sf-0-code, field-3-sf-0-value, or field-3-data for a control field, and
field-3-p06 … for the positions of 008). `EditorRecord.from_post` reads them back in order,
`apply` carries out the button pressed (add, remove, move a field or a subfield), and
`as_marc_json` gives what catalog.marc_rules checks and catalog.services save. Nothing here
touches the database.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from libnet.catalog import marc_rules
from libnet.core import clock

_FIELD_KEY = re.compile(r"^field-(\d+)-")
_SUBFIELD_KEY = re.compile(r"^field-(\d+)-sf-(\d+)-code$")
_ACTION = re.compile(r"^(add-field|remove-field|up|down|add-sf|remove-sf)-(\d+)(?:-(\d+))?$")

# A new record: a book (leader/06 a, /07 m), full level, ISBD punctuation, UTF-8 (/09 a).
NEW_LEADER = "00000nam a2200000 i 4500"
BLANK = "#"


@dataclass(frozen=True)
class Position:
    """A run of positions in the leader or 008 the editor shows as one labelled input."""

    start: int
    end: int  # inclusive
    label: str | Promise
    choices: tuple[tuple[str, str | Promise], ...] = ()

    @property
    def key(self) -> str:
        return f"{self.start:02d}"

    @property
    def width(self) -> int:
        return self.end - self.start + 1

    @property
    def span(self) -> str:
        return self.key if self.start == self.end else f"{self.start:02d}–{self.end:02d}"


LEADER_POSITIONS = (
    Position(
        5,
        5,
        _("Record status"),
        (
            ("n", _("new")),
            ("c", _("corrected or revised")),
            ("a", _("increase in encoding level")),
            ("p", _("increase from prepublication")),
            ("d", _("deleted record")),
        ),
    ),
    Position(
        6,
        6,
        _("Type of record"),
        (
            ("a", _("language material (printed)")),
            ("t", _("manuscript language material")),
            ("c", _("notated music")),
            ("d", _("manuscript music")),
            ("e", _("cartographic material (map)")),
            ("f", _("manuscript map")),
            ("g", _("projected medium (film, video)")),
            ("i", _("nonmusical sound recording")),
            ("j", _("musical sound recording")),
            ("k", _("two-dimensional graphic")),
            ("m", _("computer file")),
            ("o", _("kit")),
            ("p", _("mixed materials")),
            ("r", _("three-dimensional object")),
        ),
    ),
    Position(
        7,
        7,
        _("Bibliographic level"),
        (
            ("m", _("monograph (book)")),
            ("s", _("serial")),
            ("a", _("component part of a monograph")),
            ("b", _("component part of a serial")),
            ("c", _("collection")),
            ("d", _("subunit")),
            ("i", _("integrating resource")),
        ),
    ),
    Position(8, 8, _("Type of control")),
    Position(
        17,
        17,
        _("Encoding level"),
        (
            (" ", _("full level")),
            ("1", _("full level, material not examined")),
            ("2", _("less-than-full level, material not examined")),
            ("3", _("abbreviated level")),
            ("4", _("core level")),
            ("5", _("partial (preliminary) level")),
            ("7", _("minimal level")),
            ("8", _("prepublication level")),
            ("u", _("unknown")),
            ("z", _("not applicable")),
        ),
    ),
    Position(
        18,
        18,
        _("Descriptive cataloguing form"),
        (
            ("i", _("ISBD punctuation included")),
            ("a", _("AACR 2")),
            ("c", _("ISBD punctuation omitted")),
            ("n", _("non-ISBD punctuation omitted")),
            (" ", _("non-ISBD")),
            ("u", _("unknown")),
        ),
    ),
    Position(19, 19, _("Multipart resource record level")),
)

_008_COMMON_START = (
    Position(0, 5, _("Date entered (yymmdd)")),
    Position(
        6,
        6,
        _("Type of date"),
        (
            ("s", _("single known date")),
            ("t", _("publication and copyright date")),
            ("r", _("reprint and original date")),
            ("m", _("multiple dates")),
            ("q", _("questionable date")),
            ("n", _("dates unknown")),
            ("c", _("serial currently published")),
            ("d", _("serial ceased publication")),
            ("u", _("serial status unknown")),
            ("e", _("detailed date")),
            ("i", _("inclusive dates of collection")),
            ("k", _("range of years of bulk of collection")),
            ("p", _("date of distribution and of production")),
            ("b", _("no dates given; B.C. date involved")),
            ("|", _("no attempt to code")),
        ),
    ),
    Position(7, 10, _("Date 1")),
    Position(11, 14, _("Date 2")),
    Position(15, 17, _("Place of publication (vm = Viet Nam)")),
)
_008_COMMON_END = (
    Position(35, 37, _("Language (vie, eng …)")),
    Position(38, 38, _("Modified record")),
    Position(39, 39, _("Cataloguing source")),
)
BOOK_008 = (
    *_008_COMMON_START,
    Position(18, 21, _("Illustrations")),
    Position(
        22,
        22,
        _("Target audience"),
        (
            (" ", _("unknown or not specified")),
            ("a", _("preschool")),
            ("b", _("primary")),
            ("c", _("pre-adolescent")),
            ("d", _("adolescent")),
            ("e", _("adult")),
            ("f", _("specialised")),
            ("g", _("general")),
            ("j", _("juvenile")),
            ("|", _("no attempt to code")),
        ),
    ),
    Position(23, 23, _("Form of item")),
    Position(24, 27, _("Nature of contents")),
    Position(28, 28, _("Government publication")),
    Position(29, 29, _("Conference publication")),
    Position(30, 30, _("Festschrift")),
    Position(31, 31, _("Index")),
    Position(32, 32, _("Undefined")),
    Position(
        33,
        33,
        _("Literary form"),
        (
            ("0", _("not fiction")),
            ("1", _("fiction")),
            ("d", _("dramas")),
            ("e", _("essays")),
            ("f", _("novels")),
            ("h", _("humour, satires")),
            ("i", _("letters")),
            ("j", _("short stories")),
            ("m", _("mixed forms")),
            ("p", _("poetry")),
            ("s", _("speeches")),
            ("u", _("unknown")),
            ("|", _("no attempt to code")),
        ),
    ),
    Position(34, 34, _("Biography")),
    *_008_COMMON_END,
)
OTHER_008 = (
    *_008_COMMON_START,
    Position(18, 34, _("Material-specific positions (18–34)")),
    *_008_COMMON_END,
)


def layout_008(leader: str) -> str:
    """Which 008 runs the record's type takes: "book" or "other"."""
    return "book" if len(leader) > 7 and leader[6] in "at" and leader[7] not in "bis" else "other"


def positions_008(leader: str) -> tuple[Position, ...]:
    """The 008 layout for the record's type: books (leader/06 a or t, /07 not s) by position,
    other materials with their positions 18–34 as one run."""
    return BOOK_008 if layout_008(leader) == "book" else OTHER_008


def new_008(*, year: int | None = None) -> str:
    """008 of a new Vietnamese book, entered today: single date, Viet Nam, Vietnamese."""
    today = clock.today()
    date1 = f"{year:04d}" if year else "    "
    return f"{today:%y%m%d}s{date1}    vm " + " " * 17 + "vie d"


def show_blank(value: str) -> str:
    return value.replace(" ", BLANK)


def read_blank(value: str) -> str:
    """What a cataloguer typed for a position or an indicator: # (or nothing) is blank."""
    return value.replace(BLANK, " ")


@dataclass
class EditorField:
    tag: str
    ind1: str = " "
    ind2: str = " "
    data: str | None = None  # a control field's data; None for a data field
    subfields: list[list[str]] = field(default_factory=list)  # [code, value] pairs
    problems: list[marc_rules.Problem] = field(default_factory=list)
    runs: list[tuple[Position, str, bool]] = field(default_factory=list)  # 008, by position

    @property
    def is_control(self) -> bool:
        return self.data is not None

    @property
    def rule(self) -> marc_rules.TagRule | None:
        return marc_rules.table().tags.get(self.tag)

    def as_entry(self) -> dict[str, Any]:
        if self.data is not None:
            return {self.tag: self.data}
        return {
            self.tag: {
                "ind1": self.ind1,
                "ind2": self.ind2,
                "subfields": [{code: value} for code, value in self.subfields],
            }
        }

    def positions(self, leader: str) -> list[tuple[Position, str, bool]]:
        """008 cut into the editor's runs, each with its value (# for blank) and whether it
        is one of the choices offered."""
        data = (self.data or "").ljust(40)[:40]
        return [
            _run(position, data[position.start : position.end + 1])
            for position in positions_008(leader)
        ]


@dataclass
class EditorRecord:
    leader: str
    fields: list[EditorField]
    problems: list[marc_rules.Problem] = field(default_factory=list)  # leader, missing fields
    focus: str = ""  # the id of the input to focus after the page is drawn again
    # A field just added, still blank: its problems wait until the next check.
    fresh: int | None = None

    @classmethod
    def from_marc_json(cls, marc_json: Mapping[str, Any]) -> EditorRecord:
        fields = []
        for entry in marc_json.get("fields", []):
            ((tag, value),) = entry.items()
            if isinstance(value, str):
                fields.append(EditorField(tag=tag, data=value))
                continue
            fields.append(
                EditorField(
                    tag=tag,
                    ind1=value.get("ind1") or " ",
                    ind2=value.get("ind2") or " ",
                    subfields=[
                        [code, text]
                        for subfield in value.get("subfields", [])
                        for code, text in subfield.items()
                    ],
                )
            )
        return cls(leader=str(marc_json.get("leader") or NEW_LEADER), fields=fields)

    @classmethod
    def new_book(cls) -> EditorRecord:
        """A blank book record: leader, 008 of today, an empty 245 $a."""
        return cls(
            leader=NEW_LEADER,
            fields=[
                EditorField(tag="008", data=new_008()),
                EditorField(tag="245", ind1="0", ind2="0", subfields=[["a", ""]]),
            ],
        )

    @classmethod
    def from_post(cls, post: Mapping[str, Any]) -> EditorRecord:
        """The record as the page sent it. Unreadable parts stay as typed for the table to
        report; positions beyond what a field holds are padded with blanks."""
        leader = list(str(post.get("leader", "")).ljust(24)[:24])
        # What MARC 21 fixes for every record is not the cataloguer's to type.
        for start, value in marc_rules.LEADER_FIXED:
            leader[start : start + len(value)] = value
        for position in LEADER_POSITIONS:
            key = f"leader-{position.key}"
            if key in post:
                leader[position.start] = (read_blank(str(post[key])) or " ")[:1]
        numbers = sorted(
            {int(match.group(1)) for key in post if (match := _FIELD_KEY.match(key)) is not None}
        )
        fields = []
        for number in numbers:
            prefix = f"field-{number}-"
            tag = str(post.get(prefix + "tag", "")).strip()
            if prefix + "data" in post or prefix + "p00" in post:
                fields.append(
                    EditorField(tag=tag, data=_control_data(post, prefix, "".join(leader)))
                )
                continue
            codes = sorted(
                int(match.group(2))
                for key in post
                if (match := _SUBFIELD_KEY.match(key)) is not None and int(match.group(1)) == number
            )
            fields.append(
                EditorField(
                    tag=tag,
                    ind1=(read_blank(str(post.get(prefix + "ind1", ""))) or " "),
                    ind2=(read_blank(str(post.get(prefix + "ind2", ""))) or " "),
                    subfields=[
                        [
                            str(post.get(f"{prefix}sf-{code}-code", "")).strip(),
                            str(post.get(f"{prefix}sf-{code}-value", "")),
                        ]
                        for code in codes
                    ],
                )
            )
        return cls(leader="".join(leader), fields=fields)

    def as_marc_json(self) -> dict[str, Any]:
        return {"leader": self.leader, "fields": [f.as_entry() for f in self.fields]}

    def leader_positions(self) -> list[tuple[Position, str, bool]]:
        """Each leader position the editor shows: its value (# for blank) and whether it is
        one of the choices offered (an imported record may carry any letter)."""
        return [_run(p, self.leader[p.start]) for p in LEADER_POSITIONS]

    def check(self) -> list[marc_rules.Problem]:
        """Check against the tag table; put each problem on its field, the rest on the record."""
        found = marc_rules.problems(self.as_marc_json())
        for marc_field in self.fields:
            marc_field.problems = []
            marc_field.runs = (
                marc_field.positions(self.leader)
                if marc_field.tag == "008" and marc_field.is_control
                else []
            )
        self.problems = []
        if self.fresh is not None:
            found = [p for p in found if p.field_index != self.fresh]
        for problem in found:
            if problem.field_index is not None and problem.field_index < len(self.fields):
                self.fields[problem.field_index].problems.append(problem)
            else:
                self.problems.append(problem)
        return found

    def apply(self, action: str) -> bool:
        """Carry out an editing button (add-field-3, up-3, remove-sf-3-1 …); False when
        `action` is not one (check, save)."""
        match = _ACTION.match(action)
        if match is None:
            return False
        verb, number, sub = match.group(1), int(match.group(2)), match.group(3)
        if verb == "add-field":
            at = min(number + 1, len(self.fields))
            self.fields.insert(at, EditorField(tag="", subfields=[["a", ""]]))
            self.focus = f"field-{at}-tag"
            self.fresh = at
        elif number >= len(self.fields):
            return True
        elif verb == "remove-field":
            del self.fields[number]
            self.focus = f"field-{max(number - 1, 0)}-tag" if self.fields else "add-field-end"
        elif verb in ("up", "down"):
            other = number - 1 if verb == "up" else number + 1
            if 0 <= other < len(self.fields):
                self.fields[number], self.fields[other] = self.fields[other], self.fields[number]
                number = other
            self.focus = f"{verb}-{number}"
        elif verb == "add-sf":
            subfields = self.fields[number].subfields
            at = min(int(sub or 0) + 1, len(subfields))
            subfields.insert(at, ["", ""])
            self.focus = f"field-{number}-sf-{at}-code"
        elif verb == "remove-sf":
            subfields = self.fields[number].subfields
            index = int(sub or 0)
            if index < len(subfields):
                del subfields[index]
            self.focus = f"field-{number}-tag"
        return True


def _run(position: Position, value: str) -> tuple[Position, str, bool]:
    known = not position.choices or any(code == value for code, _label in position.choices)
    return position, show_blank(value), known


def _control_data(post: Mapping[str, Any], prefix: str, leader: str) -> str:
    if prefix + "p00" not in post:
        return str(post.get(prefix + "data", "")).rstrip("\r\n")
    # The runs the page was drawn with: the leader may have changed the record's type since.
    layout = BOOK_008 if post.get(prefix + "layout") == "book" else OTHER_008
    data = [" "] * 40
    for position in layout:
        typed = read_blank(str(post.get(f"{prefix}p{position.key}", "")))
        data[position.start : position.end + 1] = list(
            typed.ljust(position.width)[: position.width]
        )
    return "".join(data)
