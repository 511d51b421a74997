"""Original cataloguing: the short Vietnamese forms, the MARC 21 record they write, and saving it.

A commune clerk describes a donated book on one short form (TT 18/2014 Art. 5: descriptive
cataloguing, class number and subjects, call number); the form writes a MARC 21 record
(TCVN 7539 = MARC 21: leader and 008 generated, NFC text, ISBD punctuation) and the record
is saved through catalog's services, with the duplicate check first. What varies by material
is data:

- the templates, one per material type (catalog/data/cataloguing_templates.json, and rows of
  `CataloguingTemplate` the province adds in the admin);
- the classification schemes, DDC 23 and the 19-class BBK table (catalog/data/classification.json);
- the library's rule for the author mark of its call numbers (`CataloguingSettings`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import pymarc
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from stdnum import isbn as stdnum_isbn
from stdnum import issn as stdnum_issn

from libnet.catalog import local_studies, marc, marc_rules, services
from libnet.catalog.errors import CataloguingRefused, DuplicateRecord
from libnet.catalog.models import (
    AccessionRegister,
    AuthorMarkRule,
    BibRecord,
    CataloguingSettings,
    CataloguingTemplate,
    ItemSource,
    ShelfLocation,
)
from libnet.catalog.names import is_vietnamese_family_name
from libnet.core import clock, text
from libnet.core.audit import Actor
from libnet.core.errors import NotFound
from libnet.network.models import Library

DATA = Path(__file__).parent / "data"

# A class set is one class's copies (40 pupils is the usual class); more than a few classes
# at once is more often a typing slip (400 for 40).
MAX_QUANTITY = 200

# Roles of the people named on the form: MARC relator code → the term written in $e.
AUTHOR_ROLES: dict[str, str | Promise] = {
    "aut": _("author"),
    "edt": _("editor-in-chief"),
    "com": _("compiler"),
    "trl": _("translator"),
    "ill": _("illustrator"),
}
# The relator terms written into the record, in Vietnamese whatever the cataloguer's language.
ROLE_TERMS = {
    "aut": "tác giả",
    "edt": "chủ biên",
    "com": "biên soạn",
    "trl": "dịch",
    "ill": "minh họa",
}
_TERM_ROLES = {term: code for code, term in ROLE_TERMS.items()}

# Vietnamese family names, to tell "Nguyễn, Nhật Ánh" (a Vietnamese name inverted on import,
# DOMAIN.md §5.3) from "Hugo, Victor" when the author mark takes the given name.
_WORD = re.compile(r"\w+")


# ---------------------------------------------------------------- classification schemes


@dataclass(frozen=True)
class ClassHeading:
    number: str
    name: str


@dataclass(frozen=True)
class Scheme:
    """A classification scheme: where its number goes in MARC (082 or 084 $2 …) and its classes."""

    code: str
    name: str
    tag: str
    edition: str
    pattern: str
    example: str
    classes: tuple[ClassHeading, ...]
    divisions: tuple[ClassHeading, ...]

    def heading(self, number: str) -> ClassHeading | None:
        """The narrowest heading of the table that `number` falls under, or None.

        DDC: a section of the table (895.922 Vietnamese literature), else the division (the
        first two digits: 890). BBK: the longest class the number starts with (8(V) before 8).
        """
        number = number.strip()
        if self.code == "ddc":
            sections = [
                h for h in self.divisions if "." in h.number and number.startswith(h.number)
            ]
            if sections:
                return max(sections, key=lambda h: len(h.number))
            return next((h for h in self.divisions if h.number == number[:2] + "0"), None)
        found = [h for h in self.classes + self.divisions if number.startswith(h.number)]
        return max(found, key=lambda h: len(h.number)) if found else None

    def accepts(self, number: str) -> bool:
        """Whether `number` is written the scheme's way and falls under one of its classes."""
        return bool(re.fullmatch(self.pattern, number)) and self.heading(number) is not None


@cache
def schemes() -> dict[str, Scheme]:
    """The classification schemes offered, by code (catalog/data/classification.json)."""
    data = json.loads((DATA / "classification.json").read_text(encoding="utf-8"))
    found: dict[str, Scheme] = {}
    for entry in data["schemes"]:
        classes = tuple(ClassHeading(c["number"], c["name"]) for c in entry["classes"])
        divisions = tuple(
            ClassHeading(d["number"], d["name"])
            for c in entry["classes"]
            for d in c.get("divisions", [])
        ) + tuple(ClassHeading(s["number"], s["name"]) for s in entry.get("sections", []))
        found[entry["code"]] = Scheme(
            code=entry["code"],
            name=entry["name"],
            tag=entry["tag"],
            edition=entry["edition"],
            pattern=entry["pattern"],
            example=entry["example"],
            classes=classes,
            divisions=divisions,
        )
    return found


def scheme(code: str) -> Scheme:
    """The scheme of `code`; raises CataloguingRefused("unknown_scheme") for another."""
    found = schemes().get(code)
    if found is None:
        raise CataloguingRefused("unknown_scheme", scheme=code)
    return found


# ---------------------------------------------------------------- call numbers


def author_mark(rule: str, *, heading: str, title: str) -> str:
    """The author mark of a call number, by the library's rule (AuthorMarkRule).

    - given name: the first three letters of the given name, which Vietnamese cataloguers
      file by: "Nguyễn Du" → DU, "Nguyễn Nhật Ánh" and "Nguyễn, Nhật Ánh" → ANH; a
      Western name inverted ("Hugo, Victor") by its family name → HUG;
    - first word: the first three letters of the heading as written: "Nguyễn Du" → NGU;
    - initials: the heading's first letter and the title's: "Nguyễn Du", "Truyện Kiều" → NT.

    Without an author the title stands for the heading. Letters without diacritics, capitals.
    """
    title_words: list[str] = _WORD.findall(text.fold(title))
    words: list[str] = _WORD.findall(text.fold(heading)) if heading.strip() else title_words
    if not words:
        return ""
    if rule == AuthorMarkRule.INITIALS:
        return (words[0][:1] + (title_words[0][:1] if title_words else "")).upper()
    if rule == AuthorMarkRule.FIRST_WORD or not heading.strip():
        return words[0][:3].upper()
    if "," in heading:
        family, given = heading.split(",", 1)
        family_words: list[str] = _WORD.findall(text.fold(family))
        given_words: list[str] = _WORD.findall(text.fold(given))
        first = _WORD.findall(text.nfc(family))
        if family_words and given_words and first and is_vietnamese_family_name(first[0]):
            return given_words[-1][:3].upper()
        return (family_words or words)[0][:3].upper()
    return words[-1][:3].upper()


def build_call_number(class_number: str, mark: str) -> str:
    """Class number, then author mark, as the spine label reads them: `895.9223 DU`."""
    return " ".join(part for part in (class_number.strip(), mark.strip()) if part)


def library_settings(library: Library | None) -> CataloguingSettings:
    """The cataloguing choices of `library` (the defaults when it made none)."""
    if library is not None:
        found = CataloguingSettings.objects.filter(library=library).first()
        if found is not None:
            return found
    return CataloguingSettings(library=library) if library is not None else CataloguingSettings()


# ---------------------------------------------------------------- templates


@dataclass(frozen=True)
class Template:
    """A short form for a material type: which fields it shows, their defaults, the MARC
    fields it adds, the leader's type of record and bibliographic level."""

    code: str
    name: str
    record_type: str = "a"
    bibliographic_level: str = "m"
    fields: tuple[str, ...] = ()
    defaults: dict[str, Any] = field(default_factory=dict)
    marc_fields: tuple[dict[str, Any], ...] = ()
    item_type: str = "book"
    by_quantity: bool = False
    position: int = 100


@cache
def _shipped_templates() -> tuple[Template, ...]:
    data = json.loads((DATA / "cataloguing_templates.json").read_text(encoding="utf-8"))
    return tuple(_template(entry) for entry in data["templates"])


def _template(entry: dict[str, Any]) -> Template:
    return Template(
        code=str(entry["code"]),
        name=str(entry["name"]),
        record_type=str(entry.get("record_type") or "a")[:1],
        bibliographic_level=str(entry.get("bibliographic_level") or "m")[:1],
        fields=tuple(str(name) for name in entry.get("fields") or ()),
        defaults=dict(entry.get("defaults") or {}),
        marc_fields=tuple(entry.get("marc_fields") or ()),
        item_type=str(entry.get("item_type") or "book"),
        by_quantity=bool(entry.get("by_quantity")),
        position=int(entry.get("position") or 100),
    )


def templates() -> list[Template]:
    """The templates in use: those shipped, replaced or joined by the province's own."""
    by_code = {template.code: template for template in _shipped_templates()}
    for row in CataloguingTemplate.objects.all():
        if not row.is_active:
            by_code.pop(row.code, None)
            continue
        by_code[row.code] = _template(
            {
                "code": row.code,
                "name": row.name,
                "record_type": row.record_type,
                "bibliographic_level": row.bibliographic_level,
                "fields": row.fields or list(FORM_FIELDS),
                "defaults": row.defaults,
                "marc_fields": row.marc_fields,
                "item_type": row.item_type,
                "by_quantity": row.by_quantity,
                "position": row.position,
            }
        )
    return sorted(by_code.values(), key=lambda template: (template.position, template.code))


def get_template(code: str) -> Template:
    """The template of `code`; raises NotFound for one not in use."""
    for template in templates():
        if template.code == code:
            return template
    raise NotFound("not_found")


# ---------------------------------------------------------------- the form's content

# Every field a template may show, in the order of the form.
FORM_FIELDS = (
    "title",
    "parallel_title",
    "responsibility",
    "authors",
    "edition",
    "scale",
    "place",
    "publisher",
    "year",
    "pages",
    "size",
    "duration",
    "isbn",
    "issn",
    "frequency",
    "price",
    "language",
    "class_scheme",
    "class_number",
    "call_number",
    "subjects",
    "keywords",
    "series",
    "summary",
    "notes",
    "local_studies",
    "quantity",
)


@dataclass(frozen=True)
class Author:
    name: str
    role: str = "aut"


@dataclass(frozen=True)
class Entry:
    """What the cataloguer filled in (already checked: NFC, ISBN valid, class number in its
    scheme). The MARC record is built from it and read back into it."""

    title: str
    parallel_title: str = ""
    responsibility: str = ""
    authors: tuple[Author, ...] = ()
    edition: str = ""
    scale: str = ""
    place: str = ""
    publisher: str = ""
    year: int | None = None
    pages: str = ""
    size: str = ""
    duration: str = ""
    isbn: str = ""
    issn: str = ""
    frequency: str = ""
    price_vnd: int | None = None
    language: str = "vie"
    class_scheme: str = "ddc"
    class_number: str = ""
    call_number: str = ""
    subjects: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    series: str = ""
    summary: str = ""
    notes: str = ""
    local_studies: bool = False

    def cleaned(self) -> Entry:
        """The entry with every text in NFC and without stray spaces."""
        changes: dict[str, Any] = {}
        for name in [
            "title",
            "parallel_title",
            "responsibility",
            "edition",
            "scale",
            "place",
            "publisher",
            "pages",
            "size",
            "duration",
            "frequency",
            "class_number",
            "call_number",
            "series",
            "summary",
            "notes",
        ]:
            changes[name] = text.clean(getattr(self, name))
        changes["authors"] = tuple(
            Author(text.clean(author.name), author.role)
            for author in self.authors
            if text.clean(author.name)
        )
        changes["subjects"] = tuple(s for s in (text.clean(s) for s in self.subjects) if s)
        changes["keywords"] = tuple(k for k in (text.clean(k) for k in self.keywords) if k)
        return replace(self, **changes)


def check_isbn(value: str) -> str:
    """The ISBN as printed on the book, checked with python-stdnum (ISBN-10 or 13, hyphens
    or not), in its hyphenated form; raises CataloguingRefused("invalid_isbn")."""
    value = text.clean(value)
    if not value:
        return ""
    try:
        return str(stdnum_isbn.format(stdnum_isbn.validate(value)))
    except Exception as error:
        raise CataloguingRefused("invalid_isbn", isbn=value) from error


def check_issn(value: str) -> str:
    """The ISSN, checked; raises CataloguingRefused("invalid_issn")."""
    value = text.clean(value)
    if not value:
        return ""
    try:
        return str(stdnum_issn.format(stdnum_issn.validate(value)))
    except Exception as error:
        raise CataloguingRefused("invalid_issn", issn=value) from error


def check_class_number(scheme_code: str, number: str) -> str:
    """The class number, accepted by its scheme; raises CataloguingRefused."""
    number = text.clean(number).replace("/", "").replace(" ", "")
    if not number:
        return ""
    found = scheme(scheme_code)
    if not found.accepts(number):
        raise CataloguingRefused(
            "invalid_class_number", number=number, scheme=found.name, example=found.example
        )
    return number


# ---------------------------------------------------------------- MARC 21

# 008/15-17 place of publication: Vietnam.
_PLACE_CODE = "vm "
# 008/39 cataloguing source "d": other than a national bibliographic agency.
_CATALOGUING_SOURCE = "d"
# Serials: what the form's frequency says → 008/18 frequency, 310 $a as typed.
SERIAL_FREQUENCIES = {
    "Hằng ngày": "d",
    "Hằng tuần": "w",
    "Nửa tháng": "e",
    "Hằng tháng": "m",
    "Hai tháng": "b",
    "Hằng quý": "q",
    "Nửa năm": "f",
    "Hằng năm": "a",
    "Không định kỳ": " ",
}


def _leader(template: Template) -> str:
    # 05 new, 06 type, 07 level, 09 UTF-8, 17 "7" minimal level (the short form, not a
    # full record), 18 "i" ISBD punctuation included; lengths and base address pymarc sets.
    return f"00000n{template.record_type}{template.bibliographic_level} a22000007i 4500"


def _fixed_008(entry: Entry, template: Template, today: dt.date) -> str:
    """The 40 positions of 008: entered, dates, place, the material's 18-34, language."""
    entered = today.strftime("%y%m%d")
    year = f"{entry.year:04d}" if entry.year else "uuuu"
    language = (entry.language or "und")[:3].ljust(3)
    if template.bibliographic_level == "s":
        # 18 frequency, 19 regular, 21 periodical, 29 not a conference, 34 successive entry.
        frequency = SERIAL_FREQUENCIES.get(entry.frequency, " ")
        dates = f"c{year}9999"
        material = f"{frequency}r p" + " " * 7 + "0" + " " * 4 + "0"
    elif template.record_type == "e":
        # 25 single map, 31 no index.
        dates = f"s{year}    "
        material = " " * 7 + "a" + " " * 5 + "0" + " " * 3
    elif template.record_type == "g":
        # 18-20 running time in minutes, 33 videorecording, 34 live action.
        dates = f"s{year}    "
        minutes = re.sub(r"\D", "", entry.duration)[:3]
        material = (minutes.zfill(3) if minutes else "---") + " " * 12 + "vl"
    else:
        # Books: 29 not a conference, 30 not a festschrift, 31 no index, 33 not fiction.
        dates = f"s{year}    "
        material = " " * 11 + "000 0 "
    fixed = f"{entered}{dates}{_PLACE_CODE}{material}{language} {_CATALOGUING_SOURCE}"
    if len(fixed) != 40:
        raise ValueError(f"008 of {len(fixed)} positions: {fixed!r}")
    return fixed


def _field(tag: str, ind1: str, ind2: str, pairs: Sequence[tuple[str, str]]) -> pymarc.Field:
    return pymarc.Field(
        tag=tag,
        indicators=pymarc.Indicators(ind1, ind2),
        subfields=[pymarc.Subfield(code=code, value=text.nfc(value)) for code, value in pairs],
    )


def _name_field(tag: str, author: Author) -> pymarc.Field:
    # A name with a comma is inverted (surname first); a Vietnamese name in direct order is
    # entered as written (DOMAIN.md §5.3), first indicator 0.
    ind1 = "1" if "," in author.name else "0"
    term = ROLE_TERMS.get(author.role, ROLE_TERMS["aut"])
    return _field(tag, ind1, " ", [("a", author.name + ","), ("e", term + "."), ("4", author.role)])


def build_record(
    entry: Entry, template: Template, *, today: dt.date | None = None
) -> pymarc.Record:
    """The MARC 21 bibliographic record the form describes (NFC, UTF-8, leader and 008 made
    from the form and the template, ISBD punctuation as leader/18 says)."""
    entry = entry.cleaned()
    today = today or clock.today()
    fields = [pymarc.Field(tag="008", data=_fixed_008(entry, template, today))]
    if entry.isbn or entry.price_vnd is not None:
        pairs = [("a", entry.isbn)] if entry.isbn else []
        if entry.price_vnd is not None:
            pairs.append(("c", f"{entry.price_vnd}đ"))
        fields.append(_field("020", " ", " ", pairs))
    if entry.issn:
        fields.append(_field("022", "0", " ", [("a", entry.issn)]))
    fields.append(_field("040", " ", " ", [("b", "vie"), ("e", "aacr2")]))
    if entry.language:
        fields.append(_field("041", "0", " ", [("a", entry.language)]))
    if entry.class_number:
        found = scheme(entry.class_scheme)
        pairs = [("a", entry.class_number)]
        mark = entry.call_number.removeprefix(entry.class_number).strip()
        if mark:
            pairs.append(("b", mark))
        pairs.append(("2", found.edition or found.code))
        # 082 0 4: a full DDC edition number, assigned by this library.
        indicators = ("0", "4") if found.tag == "082" else (" ", " ")
        fields.append(_field(found.tag, *indicators, pairs))
    authors = list(entry.authors)
    # AACR2 21.1: a work of one author goes under the author; a work under an editor or
    # compiler goes under its title, the people in 700.
    main = authors.pop(0) if authors and authors[0].role == "aut" else None
    if main is not None:
        fields.append(_name_field("100", main))
    fields.append(_field("245", "1" if main is not None else "0", "0", _title_pairs(entry)))
    if entry.parallel_title:
        fields.append(_field("246", "3", "1", [("a", entry.parallel_title)]))
    if entry.edition:
        fields.append(_field("250", " ", " ", [("a", entry.edition + ".")]))
    if entry.scale:
        fields.append(_field("255", " ", " ", [("a", entry.scale + ".")]))
    publication: list[tuple[str, str]] = []
    if entry.place:
        publication.append(("a", entry.place + (" :" if entry.publisher else ",")))
    if entry.publisher:
        publication.append(("b", entry.publisher + ","))
    if entry.year:
        publication.append(("c", f"{entry.year}."))
    if publication:
        fields.append(_field("264", " ", "1", publication))
    physical: list[tuple[str, str]] = []
    if entry.pages:
        physical.append(("a", entry.pages + (" ;" if entry.size else ".")))
    if entry.size:
        physical.append(("c", entry.size + "."))
    if physical:
        fields.append(_field("300", " ", " ", physical))
    if entry.duration:
        fields.append(_field("306", " ", " ", [("a", _running_time(entry.duration))]))
    if entry.frequency:
        fields.append(_field("310", " ", " ", [("a", entry.frequency)]))
    for extra in template.marc_fields:
        fields.append(
            _field(
                str(extra["tag"]),
                str(extra.get("ind1", " "))[:1] or " ",
                str(extra.get("ind2", " "))[:1] or " ",
                [(str(code), str(value)) for code, value in extra.get("subfields", [])],
            )
        )
    if entry.series:
        fields.append(_field("490", "0", " ", [("a", entry.series)]))
    if entry.notes:
        fields.append(_field("500", " ", " ", [("a", entry.notes)]))
    if entry.summary:
        fields.append(_field("520", " ", " ", [("a", entry.summary)]))
    fields.extend(_field("650", " ", "7", [("a", s), ("2", "local")]) for s in entry.subjects)
    fields.extend(_field("653", " ", " ", [("a", keyword)]) for keyword in entry.keywords)
    fields.extend(_name_field("700", author) for author in authors)
    record = pymarc.Record(force_utf8=True, leader=_leader(template))
    for marc_field in fields:
        record.add_ordered_field(marc_field)
    if entry.local_studies:
        local_studies.mark(record)
    return record


def _title_pairs(entry: Entry) -> list[tuple[str, str]]:
    # 245 $a Title = $b Parallel title / $c Statement of responsibility.
    pairs = [("a", entry.title)]
    if entry.parallel_title:
        pairs = [("a", entry.title + " ="), ("b", entry.parallel_title)]
    if entry.responsibility:
        code, value = pairs[-1]
        pairs[-1] = (code, value + " /")
        pairs.append(("c", entry.responsibility))
    code, value = pairs[-1]
    pairs[-1] = (code, value + ".")
    return pairs


def _running_time(duration: str) -> str:
    # 306 $a hhmmss
    minutes = int(re.sub(r"\D", "", duration) or 0)
    return f"{minutes // 60:02d}{minutes % 60:02d}00"


def _strip_isbd(value: str) -> str:
    return re.sub(r"\s*[=/:;,.]$", "", value.strip())


def entry_from_record(record: pymarc.Record) -> Entry:
    """Read back the entry a record of the short form was built from (the same fields)."""
    values: dict[str, Any] = {"authors": [], "subjects": [], "keywords": []}

    def first(tag: str, code: str, *, punctuated: bool = True) -> str:
        for found in record.get_fields(tag):
            for subfield in found.subfields:
                if subfield.code == code:
                    return _strip_isbd(subfield.value) if punctuated else subfield.value
        return ""

    values["title"] = first("245", "a")
    values["parallel_title"] = first("245", "b")
    values["responsibility"] = first("245", "c")
    values["edition"] = first("250", "a")
    values["scale"] = first("255", "a")
    values["place"] = first("264", "a")
    values["publisher"] = first("264", "b")
    year = first("264", "c")
    values["year"] = int(year) if year.isascii() and year.isdigit() else None
    values["pages"] = first("300", "a")
    values["size"] = first("300", "c")
    running = first("306", "a")
    values["duration"] = str(int(running[:2]) * 60 + int(running[2:4])) if running else ""
    values["frequency"] = first("310", "a")
    values["isbn"] = first("020", "a")
    price = first("020", "c").removesuffix("đ")
    values["price_vnd"] = int(price) if price.isascii() and price.isdigit() else None
    values["issn"] = first("022", "a")
    values["language"] = first("041", "a")
    for code, found in schemes().items():
        number = first(found.tag, "a")
        if number:
            values["class_scheme"] = code
            values["class_number"] = number
            values["call_number"] = build_call_number(number, first(found.tag, "b"))
            break
    for tag in ("100", "700"):
        for name_field in record.get_fields(tag):
            pairs = {subfield.code: subfield.value for subfield in name_field.subfields}
            values["authors"].append(
                Author(
                    _strip_isbd(pairs.get("a", "")),
                    pairs.get("4") or _TERM_ROLES.get(_strip_isbd(pairs.get("e", "")), "aut"),
                )
            )
    values["series"] = first("490", "a", punctuated=False)
    values["notes"] = first("500", "a", punctuated=False)
    values["summary"] = first("520", "a", punctuated=False)
    for subject_field in record.get_fields("650"):
        values["subjects"].append(subject_field.get("a") or "")
    for keyword_field in record.get_fields("653"):
        values["keywords"].append(keyword_field.get("a") or "")
    values["local_studies"] = marc.extract(record).local_studies
    values["authors"] = tuple(values["authors"])
    values["subjects"] = tuple(values["subjects"])
    values["keywords"] = tuple(values["keywords"])
    return Entry(**values)


def marc_xml(record: pymarc.Record) -> bytes:
    """The record as MARCXML (a collection of one), as export writes it."""
    return bytes(pymarc.record_to_xml(record, namespace=True))  # type: ignore[no-untyped-call]  # pymarc is untyped


# ---------------------------------------------------------------- saving


def find_duplicate(record: pymarc.Record) -> BibRecord | None:
    """The record the network already has for the same book: by ISBN, then by match key."""
    return services.find_duplicate(marc.extract(record))


@transaction.atomic
def catalogue_record(
    *,
    entry: Entry,
    template: Template,
    library: Library,
    by: Actor,
    allow_duplicate: bool = False,
    at: dt.datetime | None = None,
) -> BibRecord:
    """Save the record the form describes, catalogued by `library`; returns it.

    Raises CataloguingRefused("record_too_long") for texts longer than ISO 2709 can write,
    DuplicateRecord (409) when the network has the book already (same ISBN, else same
    title, first author and year), unless `allow_duplicate`: the cataloguer is offered to
    add the copy to that record instead. Counted in `records_created` by create_record.
    """
    at = at or clock.now()
    record = build_record(entry, template, today=clock.local_date(at))
    if marc_rules.size_problems(marc.record_to_json(record)):
        raise CataloguingRefused("record_too_long", max=marc_rules.MAX_FIELD_BYTES)
    if not allow_duplicate:
        existing = find_duplicate(record)
        if existing is not None:
            raise DuplicateRecord("duplicate_record", title=existing.title, existing_id=existing.pk)
    return services.create_record(marc_record=record, by=by, library=library, at=at)


@dataclass(frozen=True)
class CopySet:
    """Copies of one record registered by quantity (a class set of textbooks)."""

    quantity: int
    register_id: int | None = None
    shelf_location_id: int | None = None
    call_number: str = ""
    item_type: str = "textbook"
    source: str = ItemSource.PURCHASE
    price_vnd: int | None = None
    acquired_on: dt.date | None = None


def add_copy_set(
    *, bib: BibRecord, library: Library, copies: CopySet, by: Actor, at: dt.datetime | None = None
) -> services.AddedItems:
    """Add `copies.quantity` copies of `bib` to `library` in one step, each with its own
    accession number (the register's next ones) and barcode, numbered "Bản i/n" in its notes.

    Raises CataloguingRefused("invalid_quantity") outside 1 … MAX_QUANTITY, and the first
    refusal of a copy (CatalogRefused: register or shelf of another library, a price out of
    range …): either every copy is added or none.
    """
    if not 1 <= copies.quantity <= MAX_QUANTITY:
        raise CataloguingRefused("invalid_quantity", max=MAX_QUANTITY)
    # Looked up whatever their library: add_items refuses another library's by name.
    register = None
    if copies.register_id:
        register = AccessionRegister.objects.filter(pk=copies.register_id).first()
        if register is None:
            raise NotFound("not_found")
    shelf = None
    if copies.shelf_location_id:
        shelf = ShelfLocation.objects.filter(pk=copies.shelf_location_id).first()
        if shelf is None:
            raise NotFound("not_found")
    new = [
        services.NewCopy(
            bib_id=bib.pk,
            library=library,
            register=register,
            shelf_location=shelf,
            call_number=copies.call_number,
            item_type=copies.item_type,
            source=copies.source,
            price_vnd=copies.price_vnd,
            acquired_on=copies.acquired_on,
            notes=f"Bản {number}/{copies.quantity}",
        )
        for number in range(1, copies.quantity + 1)
    ]
    with transaction.atomic():
        added = services.add_items(copies=new, by=by, at=at)
        if added.refused:
            raise next(iter(added.refused.values()))
    return added
