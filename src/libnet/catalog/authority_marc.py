"""MARC 21 authority records as the catalogue keeps them, and the headings of bibliographic
records they control. Pure: records in, values out; no queries.

An authority record (leader/06 "z") has one heading (100 personal name, 110/111 corporate
name or meeting, 150/151/155 topical term, place or genre), variant forms in 4XX ("see
from") and related headings in 5XX ("see also"). A bibliographic record's 100/600/700 name
persons, 110/111/610/611/710/711 bodies, 650/651/655 subjects.

Headings are matched by key (`heading_key`): lower case, NFC, punctuation and spaces
collapsed, accents kept: "Nguyễn, Du." and "Nguyễn Du" are one key, "Nguyễn Du" and
"Nguyên Dư" are two people.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pymarc

from libnet.catalog.marc import strip_punctuation
from libnet.catalog.models import AuthorityKind, AuthorityRelationKind
from libnet.catalog.names import is_vietnamese_family_name
from libnet.core import clock, text

# Authority heading tag → what it controls.
HEADING_KINDS: dict[str, str] = {
    "100": AuthorityKind.PERSONAL,
    "110": AuthorityKind.CORPORATE,
    "111": AuthorityKind.CORPORATE,
    "150": AuthorityKind.SUBJECT,
    "151": AuthorityKind.SUBJECT,
    "155": AuthorityKind.SUBJECT,
}
# The heading tag the form writes for each kind.
FORM_TAGS: dict[str, str] = {
    AuthorityKind.PERSONAL: "100",
    AuthorityKind.CORPORATE: "110",
    AuthorityKind.SUBJECT: "150",
}
# Bibliographic fields each kind of authority controls.
BIB_TAGS: dict[str, tuple[str, ...]] = {
    AuthorityKind.PERSONAL: ("100", "600", "700"),
    AuthorityKind.CORPORATE: ("110", "111", "610", "611", "710", "711"),
    AuthorityKind.SUBJECT: ("650", "651", "655"),
}
BIB_KINDS: dict[str, str] = {tag: kind for kind, tags in BIB_TAGS.items() for tag in tags}
# The subfields that make the heading: a name, or a name and the title of a work (100 $a $d
# $t $k $n $r…, a name/title heading); the rest of a field (relator $e, $4, $0) is the
# record's own and stays when a heading is renamed.
_NAME_CODES = "abcdqtfklmnoprsvxyz"
_CORPORATE_CODES = "abcdntfklmoprsvxyz"
_SUBJECT_CODES = "abvxyz"


def heading_codes(tag: str) -> str:
    """The subfield codes that make a heading in field `tag` (bibliographic or authority)."""
    kind = HEADING_KINDS.get("1" + tag[1:]) or BIB_KINDS.get(tag, "")
    if kind == AuthorityKind.PERSONAL:
        return _NAME_CODES
    if kind == AuthorityKind.CORPORATE:
        return _CORPORATE_CODES
    return _SUBJECT_CODES


_NOT_WORD = re.compile(r"[\W_]+")


def heading_key(value: str) -> str:
    """The form headings are matched by: "Nguyễn, Du." → "nguyễn du" (accents kept)."""
    return _NOT_WORD.sub(" ", text.nfc(value).lower()).strip()[:500]


def _form_identity(value: str) -> str:
    """Two forms are one when they differ only in case or trailing punctuation: "Nguyễn Du"
    and "Nguyễn, Du" are two forms (of one key)."""
    return text.clean(strip_punctuation(value)).lower()


# Subfields after which a name is a work or a subdivided heading, not the name alone.
_BEYOND_THE_NAME = frozenset("tfklmnoprsvxyz")


def field_heading(marc_field: pymarc.Field) -> tuple[str, str]:
    """The heading a field writes, as shown ("Nguyễn Du 1765-1820", "Văn học -- Việt Nam"),
    and its first part ($a) alone, by which a record's heading without dates still finds its
    authority. A name with a title or subdivisions (a work, "Handel -- Operas") has no first
    part of its own: "" (the name alone is another authority)."""
    codes = heading_codes(marc_field.tag)
    is_name = codes != _SUBJECT_CODES
    main: list[str] = []
    subdivisions: list[str] = []
    beyond = False
    for subfield in marc_field.subfields:
        if subfield.code not in codes:
            continue
        value = strip_punctuation(subfield.value or "")
        if not value:
            continue
        if subfield.code in "vxyz":
            subdivisions.append(value)
        else:
            main.append(value)
        beyond = beyond or (is_name and subfield.code in _BEYOND_THE_NAME)
    first = (
        ""
        if beyond
        else next(
            (
                strip_punctuation(subfield.value or "")
                for subfield in marc_field.subfields
                if subfield.code == "a"
            ),
            "",
        )
    )
    whole = " -- ".join([" ".join(main), *subdivisions]) if main else ""
    return text.clean(whole), first


def heading_keys(marc_field: pymarc.Field) -> frozenset[str]:
    """The keys a heading field answers to: the whole heading's and its first part's."""
    whole, first = field_heading(marc_field)
    return frozenset(key for key in (heading_key(whole), heading_key(first)) if key)


def editable_heading(kind: str, heading: NameForm) -> str:
    """The heading as the staff form shows it: a name's $a (its dates and titles stay in the
    record), a subject whole ("Văn học -- Việt Nam": the form writes $x for each part)."""
    if kind == AuthorityKind.SUBJECT:
        return heading.form
    return heading.short or heading.form


# ---------------------------------------------------------------- Vietnamese names

# The commonest Vietnamese family names: a personal name imported as "Nguyễn, Du" (LC's
# inverted form) is headed "Nguyễn Du", the direct order of Vietnamese practice, and keeps
# the inverted form as a variant (DOMAIN.md §5.3). Other names stay as they came.


def direct_order(name: str) -> str | None:
    """ "Nguyễn, Du" → "Nguyễn Du" when the part before the comma is a Vietnamese family name;
    None for any other name (a foreign "Girdlestone, Cuthbert" stays inverted)."""
    family, comma, given = name.partition(",")
    family, given = family.strip(), given.strip()
    if not comma or not given or "," in given or not is_vietnamese_family_name(family):
        return None
    return f"{family} {given}"


def inverted_order(name: str) -> str | None:
    """ "Nguyễn Du" → "Nguyễn, Du": the inverted form of a Vietnamese name in direct order,
    as imports from LC-style catalogues write it; None for any other name."""
    if "," in name:
        return None
    words = name.split()
    if len(words) < 2 or not is_vietnamese_family_name(words[0]):
        return None
    return f"{words[0]}, {' '.join(words[1:])}"


# ---------------------------------------------------------------- reading an authority


class AuthorityInvalid(ValueError):
    """The record is not an authority record libnet can keep; the message says why."""


@dataclass(frozen=True)
class NameForm:
    tag: str
    form: str
    short: str


@dataclass(frozen=True)
class RelatedHeading:
    tag: str
    kind: str
    heading: str


@dataclass
class AuthorityData:
    """What the catalogue keeps of an authority record, beside the record itself."""

    kind: str
    heading: NameForm
    variants: list[NameForm] = field(default_factory=list)
    related: list[RelatedHeading] = field(default_factory=list)
    notes: str = ""
    control_number: str = ""
    control_number_source: str = ""


def _relation_kind(marc_field: pymarc.Field) -> str:
    """$w/0 of a 5XX ("g" broader, "h" narrower), or $i naming another identity (RDA's
    "Real identity:", "Alternate identity:", Vietnamese "Tên thật", "Bút danh")."""
    control = "".join(s.value or "" for s in marc_field.subfields if s.code == "w")
    if control.startswith("g"):
        return AuthorityRelationKind.BROADER
    if control.startswith("h"):
        return AuthorityRelationKind.NARROWER
    instruction = text.fold(" ".join(s.value or "" for s in marc_field.subfields if s.code == "i"))
    if control.startswith("r") or any(
        word in instruction for word in ("identity", "pseudonym", "ten that", "but danh")
    ):
        return AuthorityRelationKind.OTHER_IDENTITY
    return AuthorityRelationKind.RELATED


def read_authority(record: pymarc.Record) -> AuthorityData:
    """What the catalogue keeps of a MARC 21 authority record (NFC, UTF-8).

    A Vietnamese personal name in inverted order is turned to direct order in `record`
    itself (100 $a, first indicator 0), its inverted form added as a 400 unless there.
    Raises AuthorityInvalid when the record has no heading libnet controls.
    """
    headings = [f for f in record.get_fields(*HEADING_KINDS) if not f.is_control_field()]
    if not headings:
        found = sorted({f.tag for f in record.get_fields() if f.tag.startswith("1")})
        raise AuthorityInvalid(", ".join(found) or "-")
    heading_field = headings[0]
    kind = HEADING_KINDS[heading_field.tag]
    if kind == AuthorityKind.PERSONAL:
        _heading_in_direct_order(record, heading_field)
    form, short = field_heading(heading_field)
    if not form:
        raise AuthorityInvalid(heading_field.tag)
    data = AuthorityData(kind=kind, heading=NameForm(heading_field.tag, form, short))
    seen = {_form_identity(form)}
    for marc_field in record.get_fields():
        if marc_field.is_control_field() or len(marc_field.tag) != 3:
            continue
        if marc_field.tag[0] == "4" and marc_field.tag[1:] in {"00", "10", "11", "50", "51", "55"}:
            variant, variant_short = field_heading(marc_field)
            if variant and _form_identity(variant) not in seen:
                seen.add(_form_identity(variant))
                data.variants.append(NameForm(marc_field.tag, variant, variant_short))
        elif marc_field.tag[0] == "5" and marc_field.tag[1:] in {
            "00",
            "10",
            "11",
            "50",
            "51",
            "55",
        }:
            related, _short = field_heading(marc_field)
            if related:
                data.related.append(
                    RelatedHeading(marc_field.tag, _relation_kind(marc_field), related)
                )
    data.notes = "\n".join(
        text.clean(" ".join(s.value or "" for s in f.subfields if s.code == "a"))
        for f in record.get_fields("667", "680")
    ).strip()
    control = record.get("001")
    source = record.get("003")
    data.control_number = (control.data or "").strip() if control is not None else ""
    data.control_number_source = (source.data or "").strip() if source is not None else ""
    return data


def _heading_in_direct_order(record: pymarc.Record, heading_field: pymarc.Field) -> None:
    position = next((i for i, s in enumerate(heading_field.subfields) if s.code == "a"), None)
    if position is None:
        return
    first = heading_field.subfields[position]
    direct = direct_order(strip_punctuation(first.value or ""))
    if direct is None:
        return
    inverted = strip_punctuation(first.value or "")
    trailing = (first.value or "")[len((first.value or "").rstrip(" ,.")) :]
    heading_field.subfields[position] = pymarc.Subfield("a", direct + trailing)
    heading_field.indicator1 = "0"
    existing = {_form_identity(field_heading(f)[0]) for f in record.get_fields("400")}
    if _form_identity(inverted) not in existing:
        record.add_ordered_field(
            pymarc.Field(
                tag="400",
                indicators=pymarc.Indicators("1", " "),
                subfields=[pymarc.Subfield("a", inverted)],
            )
        )


# ---------------------------------------------------------------- writing an authority

LEADER = "00000nz  a2200000n  4500"


def fixed_data(kind: str, on: str) -> str:
    """008 of an authority the form writes: `on` (yymmdd) entered, AACR2, an established
    heading usable as a name or as a subject as its kind allows; 40 positions."""
    subject = kind == AuthorityKind.SUBJECT
    value = (
        on  # 00-05 date entered
        + "n"  # 06 geographic subdivision: not subdivided
        + "n"  # 07 romanisation: not applicable
        + " "  # 08 language of catalogue: none given
        + "a"  # 09 established heading
        + "c"  # 10 AACR2
        + ("z" if subject else "n")  # 11 subject system: other (no national list) / none
        + "n"  # 12 type of series: not applicable
        + "n"  # 13 numbered series: not applicable
        + ("b" if subject else "a")  # 14 usable as main or added entry
        + "a"  # 15 usable as subject
        + "b"  # 16 not a series heading
        + "n"  # 17 subject subdivision: not applicable
        + " " * 10  # 18-27 undefined
        + " "  # 28 not a government body
        + "a"  # 29 tracings consistent
        + " "  # 30 undefined
        + "a"  # 31 record can be used
        + ("a" if kind == AuthorityKind.PERSONAL else "n")  # 32 differentiated name
        + "a"  # 33 fully established
        + " " * 4  # 34-37 undefined
        + " "  # 38 not modified
        + "d"  # 39 cataloguing source: other
    )
    assert len(value) == 40, "008 of an authority has 40 positions"
    return value


def _heading_field(tag: str, heading: str, kind: str) -> pymarc.Field:
    if kind == AuthorityKind.PERSONAL:
        # First indicator 0: a forename or a name in direct order (Vietnamese practice);
        # 1: a surname first, as an inverted form is written.
        indicators = pymarc.Indicators("1" if "," in heading else "0", " ")
    elif kind == AuthorityKind.CORPORATE:
        indicators = pymarc.Indicators("2", " ")
    else:
        indicators = pymarc.Indicators(" ", " ")
    parts = (
        [part.strip() for part in heading.split(" -- ")]
        if kind == AuthorityKind.SUBJECT
        else [heading]
    )
    subfields = [pymarc.Subfield("a", parts[0])]
    subfields += [pymarc.Subfield("x", part) for part in parts[1:] if part]
    return pymarc.Field(tag=tag, indicators=indicators, subfields=subfields)


@dataclass(frozen=True)
class AuthorityForm:
    """What the staff form gives: one heading, its variants, related headings, notes."""

    kind: str
    heading: str
    variants: tuple[str, ...] = ()
    identities: tuple[str, ...] = ()  # pen names or the real name of the same person
    related: tuple[str, ...] = ()
    notes: str = ""


def write_authority(form: AuthorityForm, *, base: pymarc.Record | None = None) -> pymarc.Record:
    """The MARC 21 authority record of `form`; from `base` (the record as kept) when given,
    whose other fields (001, 670 sources, $d dates of the heading…) stay as they were.

    A Vietnamese personal name in direct order gets its inverted form as a variant.
    """
    record = pymarc.Record(force_utf8=True)
    record.leader = pymarc.Leader(str(base.leader) if base is not None else LEADER)
    heading_tag = FORM_TAGS[form.kind]
    kept_heading: pymarc.Field | None = None
    old_variants: dict[str, pymarc.Field] = {}
    old_related: dict[str, pymarc.Field] = {}
    if base is not None:
        for marc_field in base.get_fields():
            tag = marc_field.tag
            if tag in HEADING_KINDS:
                if kept_heading is None and HEADING_KINDS[tag] == form.kind:
                    kept_heading = marc_field
                    heading_tag = tag
                continue
            if tag[0] == "4" and not marc_field.is_control_field():
                old_variants.setdefault(_form_identity(field_heading(marc_field)[0]), marc_field)
                continue
            if tag[0] == "5" and not marc_field.is_control_field():
                old_related.setdefault(_form_identity(field_heading(marc_field)[0]), marc_field)
                continue
            if tag in {"667", "680"}:
                continue
            record.add_field(marc_field)  # type: ignore[no-untyped-call]  # pymarc is untyped
    if record.get("008") is None:
        record.add_ordered_field(
            pymarc.Field(tag="008", data=fixed_data(form.kind, clock.today().strftime("%y%m%d")))
        )
    heading = text.clean(form.heading)
    if kept_heading is not None and heading_key(heading) in heading_keys(kept_heading):
        record.add_ordered_field(kept_heading)
    else:
        new_heading = _heading_field(heading_tag, heading, form.kind)
        if kept_heading is not None and form.kind != AuthorityKind.SUBJECT:
            # A renamed person keeps the dates and titles of the heading ($b $c $d $q).
            new_heading.subfields += [s for s in kept_heading.subfields if s.code != "a"]
            new_heading.indicators = pymarc.Indicators(
                new_heading.indicator1, kept_heading.indicator2
            )
        record.add_ordered_field(new_heading)
    variants = [text.clean(v) for v in form.variants if text.clean(v)]
    if form.kind == AuthorityKind.PERSONAL:
        inverted = inverted_order(heading)
        if inverted is not None:
            variants.append(inverted)
    seen = {_form_identity(heading)}
    variant_tag = "4" + heading_tag[1:]
    for variant in variants:
        identity = _form_identity(variant)
        if identity in seen:
            continue
        seen.add(identity)
        record.add_ordered_field(
            old_variants.get(identity) or _heading_field(variant_tag, variant, form.kind)
        )
    related_tag = "5" + heading_tag[1:]
    for names, instruction in ((form.identities, "r"), (form.related, "")):
        for name in (text.clean(n) for n in names):
            identity = _form_identity(name)
            if not name or identity in seen:
                continue
            seen.add(identity)
            old = old_related.get(identity)
            if old is not None and (
                _relation_kind(old) == AuthorityRelationKind.OTHER_IDENTITY
            ) == bool(instruction):
                record.add_ordered_field(old)
                continue
            related = _heading_field(related_tag, name, form.kind)
            if instruction:
                related.subfields.insert(0, pymarc.Subfield("w", instruction))
            record.add_ordered_field(related)
    for line in form.notes.splitlines():
        if line.strip():
            record.add_ordered_field(
                pymarc.Field(
                    tag="667",
                    indicators=pymarc.Indicators(" ", " "),
                    subfields=[pymarc.Subfield("a", text.clean(line))],
                )
            )
    return record


# ---------------------------------------------------------------- bibliographic headings


@dataclass(frozen=True)
class BibHeading:
    """A heading of a bibliographic record, as authorities are matched against it."""

    tag: str
    kind: str
    key: str
    short_key: str


def bib_headings(record: pymarc.Record) -> list[BibHeading]:
    """The headings of a bibliographic record's 1XX, 6XX and 7XX that authorities control."""
    found: list[BibHeading] = []
    for marc_field in record.get_fields(*BIB_KINDS):
        if marc_field.is_control_field():
            continue
        whole, first = field_heading(marc_field)
        if whole:
            found.append(
                BibHeading(
                    marc_field.tag,
                    BIB_KINDS[marc_field.tag],
                    heading_key(whole),
                    heading_key(first),
                )
            )
    return found


def rename_heading(
    record: pymarc.Record, *, kind: str, old_keys: frozenset[str], new_heading: pymarc.Field
) -> bool:
    """Write `new_heading` (an authority's 1XX) into every field of `record` of `kind` whose
    heading, or its first part, has a key of `old_keys`; return whether anything changed.

    A field matched whole takes the authority's heading subfields; one matched by its $a
    alone takes the new $a and keeps its own dates. The record's other subfields (relator
    $e, $4, subdivisions of a subject matched by $a) stay, in their places after the heading.
    """
    changed = False
    codes_new = [s for s in new_heading.subfields if s.code in heading_codes(new_heading.tag)]
    new_a = next((s.value for s in codes_new if s.code == "a"), "")
    for marc_field in record.get_fields(*BIB_TAGS[kind]):
        if marc_field.is_control_field():
            continue
        whole, first = field_heading(marc_field)
        codes = heading_codes(marc_field.tag)
        if heading_key(whole) in old_keys:
            trailing = [s for s in marc_field.subfields if s.code not in codes]
            replaced = [pymarc.Subfield(s.code, s.value) for s in codes_new]
        elif heading_key(first) in old_keys:
            replaced = []
            trailing = []
            done = False
            for subfield in marc_field.subfields:
                if subfield.code == "a" and not done:
                    replaced.append(pymarc.Subfield("a", new_a))
                    done = True
                else:
                    trailing.append(subfield)
        else:
            continue
        before = [(s.code, s.value) for s in marc_field.subfields]
        marc_field.subfields = replaced + trailing
        changed = changed or before != [(s.code, s.value) for s in marc_field.subfields]
    return changed
