"""MARC 21 records as the catalogue keeps them: JSON storage and extracted columns.

The catalogue stores each record as MARC-in-JSON (pymarc's `as_dict`), and derives the
columns it displays and filters on. Reading and writing files lives in interop/marc.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pymarc
from stdnum import isbn as stdnum_isbn
from stdnum import issn as stdnum_issn

from libnet.core import text

# Koha keeps copies in 952, Evergreen (Sirsi exports) in 949, most others in 852.
HOLDINGS_TAGS = ("852", "949", "952")
_TRAILING_PUNCTUATION = re.compile(r"[\s/:;,=.]+$")
_YEAR = re.compile(r"(1[5-9]\d\d|20\d\d)")
_NON_WORD = re.compile(r"[^\w]+")
_ISBN_CANDIDATE = re.compile(r"[0-9Xx][0-9Xx\- ]{8,20}[0-9Xx]")
# The local field that marks local-studies material (tài liệu địa chí), with the column
# BibRecord.is_local_studies: 909 $a "địa chí" (catalog.local_studies).
LOCAL_STUDIES_TAG = "909"
LOCAL_STUDIES_TEXT = "địa chí"


def record_to_json(record: pymarc.Record) -> dict[str, Any]:
    """Return `record` as MARC-in-JSON, the form stored in BibRecord.marc_json.

    What pymarc's `as_dict` returns, keys in its order, without its per-field properties
    (an import builds one per record)."""
    fields: list[dict[str, Any]] = []
    append = fields.append
    for marc_field in record.fields:
        if marc_field.control_field:
            append({marc_field.tag: marc_field.data})
            continue
        indicators = marc_field.indicators
        append(
            {
                marc_field.tag: {
                    "ind1": indicators.first if indicators else "",
                    "ind2": indicators.second if indicators else "",
                    "subfields": [
                        {subfield.code: subfield.value} for subfield in marc_field.subfields
                    ],
                }
            }
        )
    return {"leader": str(record.leader), "fields": fields}


def record_from_json(data: dict[str, Any]) -> pymarc.Record:
    """Rebuild a pymarc Record from MARC-in-JSON, keeping field order and indicators."""
    record = pymarc.Record(force_utf8=True)
    record.leader = pymarc.Leader(data.get("leader", " " * 24))
    for entry in data.get("fields", []):
        ((tag, value),) = entry.items()
        if isinstance(value, str):
            record.add_field(pymarc.Field(tag=tag, data=value))  # type: ignore[no-untyped-call]  # pymarc is untyped
            continue
        subfields = [
            pymarc.Subfield(code=code, value=subvalue)
            for subfield in value.get("subfields", [])
            for code, subvalue in subfield.items()
        ]
        record.add_field(  # type: ignore[no-untyped-call]  # pymarc is untyped
            pymarc.Field(
                tag=tag,
                indicators=pymarc.Indicators(value.get("ind1", " "), value.get("ind2", " ")),
                subfields=subfields,
            )
        )
    return record


def strip_punctuation(value: str) -> str:
    """Drop ISBD punctuation left at the end of a subfield: `Số đỏ /` → `Số đỏ`."""
    return _TRAILING_PUNCTUATION.sub("", text.clean(value))


def normalise_isbn(value: str) -> str | None:
    """Return the ISBN-13 in `value` (hyphens, spaces, ISBN-10 all accepted), or None."""
    match = _ISBN_CANDIDATE.search(value)
    if not match:
        return None
    candidate = match.group(0).replace(" ", "")
    try:
        return str(stdnum_isbn.to_isbn13(stdnum_isbn.validate(candidate)))
    except Exception:
        return None


def normalise_issn(value: str) -> str | None:
    try:
        return str(stdnum_issn.format(stdnum_issn.validate(value.strip()[:9])))
    except Exception:
        return None


class _ByTag:
    """A record's fields looked up by tag without scanning every field each time."""

    def __init__(self, record: pymarc.Record) -> None:
        self.record = record
        self.by_tag: dict[str, list[pymarc.Field]] = {}
        for marc_field in record.fields:
            self.by_tag.setdefault(marc_field.tag, []).append(marc_field)

    def get_fields(self, *tags: str) -> list[pymarc.Field]:
        if len(tags) == 1:
            return self.by_tag.get(tags[0], [])
        return [marc_field for marc_field in self.record.fields if marc_field.tag in tags]

    def get(self, tag: str) -> pymarc.Field | None:
        found = self.by_tag.get(tag)
        return found[0] if found else None


def _subfields(record: pymarc.Record | _ByTag, tag: str, codes: str) -> list[str]:
    values: list[str] = []
    for marc_field in record.get_fields(tag):
        if marc_field.is_control_field():
            continue
        values.extend(value for code, value in _pairs(marc_field) if code in codes)
    return values


def _pairs(marc_field: pymarc.Field) -> list[tuple[str, str]]:
    return [(subfield.code, subfield.value or "") for subfield in marc_field.subfields]


def _joined(marc_field: pymarc.Field, codes: str, separator: str = " ") -> str:
    return text.clean(
        separator.join(
            subfield.value or "" for subfield in marc_field.subfields if subfield.code in codes
        )
    )


def _stripped(marc_field: pymarc.Field, codes: str, separator: str = " ") -> str:
    """`strip_punctuation(_joined(…))`, without cleaning the joined text twice."""
    return _TRAILING_PUNCTUATION.sub("", _joined(marc_field, codes, separator))


def _control(record: pymarc.Record | _ByTag, tag: str) -> str:
    marc_field = record.get(tag)
    if marc_field is None or not marc_field.is_control_field():
        return ""
    # Fixed-length fields (008) are positional: normalise, never collapse spaces.
    return text.nfc(marc_field.data or "")


@dataclass
class Extracted:
    """The columns of BibRecord derived from a MARC record."""

    title: str = ""
    responsibility: str = ""
    authors: list[str] = field(default_factory=list)
    publisher: str = ""
    publication_place: str = ""
    year: int | None = None
    edition: str = ""
    isbns: list[str] = field(default_factory=list)
    issns: list[str] = field(default_factory=list)
    language: str = ""
    class_number: str = ""
    class_scheme: str = ""
    class_edition: str = ""
    subjects: list[str] = field(default_factory=list)
    series: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    physical_description: str = ""
    material_type: str = ""
    control_number: str = ""
    control_number_source: str = ""
    local_studies: bool = False

    @cached_property
    def match_key(self) -> str:
        """A key that equal editions share: folded title, first author's first word, year."""
        title_words = _NON_WORD.sub(" ", text.fold(self.title)).split()
        author_words = (
            _NON_WORD.sub(" ", text.fold(self.authors[0])).split() if self.authors else []
        )
        return "|".join(
            [
                " ".join(title_words)[:120],
                author_words[0] if author_words else "",
                str(self.year or ""),
            ]
        )

    def as_columns(self) -> dict[str, Any]:
        return {
            "title": self.title[:2000],
            "title_sort_key": text.sort_key_hex(self.title)[:600],
            "responsibility": self.responsibility,
            "authors": "\n".join(self.authors),
            "publisher": self.publisher[:300],
            "publication_place": self.publication_place[:200],
            "year": self.year,
            "edition": self.edition[:200],
            "isbns": "\n".join(self.isbns),
            "issns": "\n".join(self.issns),
            "language": self.language[:3],
            "class_number": self.class_number[:100],
            "class_scheme": self.class_scheme[:20],
            "class_edition": self.class_edition[:20],
            "subjects": "\n".join(self.subjects),
            "series": "\n".join(self.series),
            "notes": "\n".join(self.notes),
            "physical_description": self.physical_description[:300],
            "material_type": self.material_type[:20],
            "control_number": self.control_number[:100],
            "control_number_source": self.control_number_source[:100],
            "match_key": self.match_key[:200],
            "is_local_studies": self.local_studies,
        }


# Leader/06 type of record → libnet material type.
_MATERIAL_TYPES = {
    "a": "text",
    "t": "text",
    "c": "score",
    "d": "score",
    "e": "map",
    "f": "map",
    "g": "video",
    "i": "audio",
    "j": "music",
    "k": "image",
    "m": "computer",
    "o": "kit",
    "p": "mixed",
    "r": "object",
}


def _material_type(leader: str) -> str:
    record_type = leader[6:7] if len(leader) > 7 else ""
    level = leader[7:8] if len(leader) > 7 else ""
    if record_type in {"a", "t"} and level in {"s", "i"}:
        return "serial"
    return _MATERIAL_TYPES.get(record_type, "other" if record_type else "")


def extract(record: pymarc.Record) -> Extracted:
    """Derive display and filter columns from a MARC 21 bibliographic record."""
    result = Extracted()
    by_tag = _ByTag(record)
    for marc_field in by_tag.get_fields("245")[:1]:
        result.title = _stripped(marc_field, "abnp")
        result.responsibility = _stripped(marc_field, "c")
    for tag in ("100", "110", "111", "700", "710", "711"):
        for marc_field in by_tag.get_fields(tag):
            name = _stripped(marc_field, "abcdq" if tag.endswith("00") else "abcdn")
            if name and name not in result.authors:
                result.authors.append(name)
    for tag in ("264", "260"):
        for marc_field in by_tag.get_fields(tag):
            if tag == "264" and marc_field.indicator2 not in {"1", " "}:
                continue
            if not result.publisher:
                result.publisher = _stripped(marc_field, "b")
            if not result.publication_place:
                result.publication_place = _stripped(marc_field, "a")
            if result.year is None:
                found = _YEAR.search(_joined(marc_field, "c"))
                result.year = int(found.group(1)) if found else None
    fixed = _control(by_tag, "008")
    if result.year is None and len(fixed) >= 11:
        found = _YEAR.fullmatch(fixed[7:11])
        result.year = int(found.group(1)) if found else None
    if len(fixed) >= 38 and fixed[35:38].strip(" |"):
        result.language = fixed[35:38].strip().lower()
    if not result.language:
        languages = _subfields(by_tag, "041", "a")
        result.language = languages[0][:3].lower() if languages else ""
    result.edition = strip_punctuation(" ".join(_subfields(by_tag, "250", "a")))
    for value in _subfields(by_tag, "020", "a"):
        isbn13 = normalise_isbn(value)
        if isbn13 and isbn13 not in result.isbns:
            result.isbns.append(isbn13)
    for value in _subfields(by_tag, "022", "a"):
        issn = normalise_issn(value)
        if issn and issn not in result.issns:
            result.issns.append(issn)
    for marc_field in by_tag.get_fields("082", "080", "084", "050"):
        number = text.clean(" ".join(v for c, v in _pairs(marc_field) if c == "a")).split(" ")[0]
        if not number:
            continue
        result.class_number = number.replace("/", "")
        if marc_field.tag == "082":
            result.class_scheme = "ddc"
            result.class_edition = "".join(v for c, v in _pairs(marc_field) if c == "2")[:20]
        elif marc_field.tag == "080":
            result.class_scheme = "udc"
        elif marc_field.tag == "050":
            result.class_scheme = "lcc"
        else:
            result.class_scheme = (
                "".join(v for c, v in _pairs(marc_field) if c == "2") or "other"
            )[:20]
        break
    for tag in ("600", "610", "611", "630", "648", "650", "651", "653", "655"):
        for marc_field in by_tag.get_fields(tag):
            subject = _stripped(marc_field, "abcdvxyz", " -- ")
            if subject and subject not in result.subjects:
                result.subjects.append(subject)
    for tag in ("490", "440", "830"):
        for marc_field in by_tag.get_fields(tag):
            series = _stripped(marc_field, "anpv")
            if series and series not in result.series:
                result.series.append(series)
    for tag in ("500", "504", "505", "520"):
        for marc_field in by_tag.get_fields(tag):
            note = _joined(marc_field, "a")
            if note:
                result.notes.append(note)
    result.physical_description = strip_punctuation(" ".join(_subfields(by_tag, "300", "abc")))
    result.material_type = _material_type(str(record.leader or ""))
    result.control_number = _control(by_tag, "001").strip()
    result.control_number_source = _control(by_tag, "003").strip()
    result.local_studies = any(
        text.fold(value).strip(" .") == text.fold(LOCAL_STUDIES_TEXT)
        for value in _subfields(by_tag, LOCAL_STUDIES_TAG, "a")
    )
    return result
