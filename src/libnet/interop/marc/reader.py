"""Reading MARC files: ISO 2709 or MARCXML, MARC-8 or UTF-8, one record at a time.

The reader never holds more than one record (plus one read block) in memory. Every record
comes back as a `ReadRecord`: either a pymarc Record in NFC UTF-8 with leader/09 = 'a', or
the reason it could not be read, with its number and byte offset for the error report.
"""

from __future__ import annotations

import contextlib
import io
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any, Literal

import pymarc
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pymarc.marc8 import MARC8ToUnicode

Format = Literal["iso2709", "marcxml"]
Encoding = Literal["auto", "marc8", "utf8"]
# What a file holds: bibliographic records (the catalogue's) or authority records (leader/06 z).
RecordKind = Literal["bibliographic", "authority"]

RECORD_TERMINATOR = 0x1D
FIELD_TERMINATOR = 0x1E
SUBFIELD_DELIMITER = 0x1F
_READ_BLOCK = 1 << 20
_SNIFF_BYTES = 4096

# The patterns of MARC21slim.xsd: a record that passes them exports as valid MARCXML.
_CONTROL_TAG = re.compile(r"00[1-9A-Za-z]")
_DATA_TAG = re.compile(
    r"0[1-9A-Z][0-9A-Z]|0[1-9a-z][0-9a-z]|[1-9A-Z][0-9A-Z]{2}|[1-9a-z][0-9a-z]{2}"
)
_INDICATOR = re.compile(r"[0-9a-z ]")
_SUBFIELD_CODE = re.compile(r"[0-9A-Za-z!\"#$%&'()*+,\-./:;<=>?{}_^`~\[\]\\]")
_LEADER_DIGITS = re.compile(r"\d{5}")
# MARC 21 bibliographic leader values (with the OCLC encoding levels that real files carry).
_LEADER_VALUES = {
    5: "acdnp",
    6: "acdefgijkmoprt",
    7: "abcdims",
    8: " a",
    9: " a",
    17: " 12345678uzIJKLM",
    18: " acinu",
    19: " abc",
}
_NOT_BIBLIOGRAPHIC = frozenset("zuvxy")
_AUTHORITY_LEADER_POSITIONS = frozenset({9})
_LEADER_NAMES = {
    5: gettext_lazy("record status"),
    6: gettext_lazy("type of record"),
    7: gettext_lazy("bibliographic level"),
    8: gettext_lazy("type of control"),
    9: gettext_lazy("character coding"),
    17: gettext_lazy("encoding level"),
    18: gettext_lazy("cataloguing form"),
    19: gettext_lazy("multipart level"),
}
# Space is the same character in every MARC-8 graphic set, but pymarc's tables for some
# sets (Hebrew, Cyrillic) lack it and report it as unparseable while decoding it right.
_HARMLESS_MARC8_MESSAGE = re.compile(r"Unable to parse character 0x20 ")


class UnreadableFile(Exception):
    """The file cannot be read as MARC at all (not a per-record problem)."""


class RecordInvalid(Exception):
    """One record cannot be imported; the message says why, for the report."""


@dataclass
class ReadRecord:
    """One record read from a file, or the reason it could not be read."""

    number: int  # 1-based position in the file
    offset: int  # byte offset of the record's first byte (approximate for MARCXML)
    end_offset: int  # byte offset just past the record: the progress so far
    record: pymarc.Record | None = None
    control_number: str = ""
    error: str = ""


def sniff_format(head: bytes) -> Format:
    """Tell ISO 2709 from MARCXML by the first bytes of a file.

    Raises UnreadableFile for anything else (MARC-in-JSON, text, an empty file).
    """
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"<"):
        return "marcxml"
    if _LEADER_DIGITS.match(stripped[:5].decode("ascii", "replace")) and _has_iso2709_structure(
        stripped, whole_file=len(head) < _SNIFF_BYTES
    ):
        return "iso2709"
    if not stripped:
        raise UnreadableFile(_("The file is empty."))
    if stripped[:1] in (b"{", b"["):
        raise UnreadableFile(_("MARC-in-JSON is not supported; export ISO 2709 or MARCXML."))
    raise UnreadableFile(NOT_MARC)


NOT_MARC = gettext_lazy(
    "This file is not MARC: neither ISO 2709 (.mrc) nor MARCXML (.xml). Export the records from the other system as MARC 21 and upload that file."
)


def _has_iso2709_structure(head: bytes, *, whole_file: bool) -> bool:
    """Whether bytes that begin with a record length also carry ISO 2709's separators.

    Every record ends its directory with a field terminator, at the base address the
    leader gives. A text or CSV file that happens to begin with five digits has none; a
    record whose directory is longer than the bytes sniffed announces a base address
    past them.
    """
    if bytes([FIELD_TERMINATOR]) in head or bytes([RECORD_TERMINATOR]) in head:
        return True
    base = head[12:17]
    return not whole_file and base.isdigit() and int(base) > len(head)


def read_records(
    stream: IO[bytes],
    *,
    file_format: str = "auto",
    encoding: Encoding = "auto",
    expect: RecordKind = "bibliographic",
) -> Iterator[ReadRecord]:
    """Yield every record of `stream`, sniffing the format unless `file_format` names it;
    a record that is not of the kind `expect` names is reported as unreadable."""
    head = b""
    if file_format == "auto":
        head = stream.read(_SNIFF_BYTES)
        resolved = sniff_format(head)
    else:
        resolved = "marcxml" if file_format == "marcxml" else "iso2709"
    blocks = _blocks(stream, head)
    if resolved == "marcxml":
        yield from _read_marcxml(blocks, expect)
    else:
        yield from _read_iso2709(blocks, encoding, expect)


def _blocks(stream: IO[bytes], head: bytes) -> Iterator[bytes]:
    """Yield the file in blocks, starting with the `head` already read for sniffing."""
    if head:
        yield head
    while block := stream.read(_READ_BLOCK):
        yield block


# ---------------------------------------------------------------- ISO 2709


def _iso2709_chunks(blocks: Iterator[bytes]) -> Iterator[tuple[int, bytes, bool]]:
    """Yield (offset, bytes, terminated) for each record, split on the record terminator.

    Splitting on 0x1D instead of trusting the leader's length means one record with a
    wrong length cannot swallow the next ones. 0x1D never occurs inside UTF-8 or MARC-8 text.
    """
    buffer = b""
    offset = 0
    for block in blocks:
        buffer += block
        start = 0
        while (end := buffer.find(b"\x1d", start)) >= 0:
            yield offset + start, buffer[start : end + 1], True
            start = end + 1
        offset += start
        buffer = buffer[start:]
    if buffer.strip():
        yield offset, buffer, False


def _read_iso2709(
    blocks: Iterator[bytes], encoding: Encoding, expect: RecordKind = "bibliographic"
) -> Iterator[ReadRecord]:
    number = 0
    for offset, chunk, terminated in _iso2709_chunks(blocks):
        # Some systems end each record with a newline: skip whitespace between records.
        stripped = chunk.lstrip(b"\r\n\t ")
        start = offset + len(chunk) - len(stripped)
        if not stripped.strip(b"\x1a\x1d\r\n\t "):  # trailing Ctrl-Z or blank lines
            continue
        number += 1
        read = ReadRecord(number=number, offset=start, end_offset=offset + len(chunk))
        try:
            if not terminated:
                raise RecordInvalid(_("the file ends inside the record (no record terminator)"))
            read.record = parse_iso2709(stripped, encoding=encoding, expect=expect)
        except RecordInvalid as error:
            read.error = str(error)
            read.control_number = _raw_control_number(stripped)
        else:
            read.control_number = control_number(read.record)
        yield read


def _raw_control_number(chunk: bytes) -> str:
    """Best-effort 001 of a record that failed to parse, for the error report."""
    try:
        base = int(chunk[12:17])
        directory = chunk[24 : base - 1]
        for position in range(0, len(directory) - 11, 12):
            if directory[position : position + 3] == b"001":
                length = int(directory[position + 3 : position + 7])
                start = base + int(directory[position + 7 : position + 12])
                return chunk[start : start + length - 1].decode("utf-8", "replace").strip()
    except (ValueError, IndexError):
        pass
    return ""


def _looks_like_utf8(chunk: bytes) -> bool:
    """True when the bytes are UTF-8 although the leader may say MARC-8.

    MARC-8 diacritics (0xE0-0xFE) are followed by an ASCII letter, which is never valid
    UTF-8; MARC-8 escapes (ESC) never occur in UTF-8 records. So a record that has bytes
    above 0x7F, no ESC, and decodes as UTF-8 is UTF-8.
    """
    if chunk.isascii() or b"\x1b" in chunk:
        return False
    try:
        chunk.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def parse_iso2709(
    chunk: bytes, *, encoding: Encoding = "auto", expect: RecordKind = "bibliographic"
) -> pymarc.Record:
    """Parse one ISO 2709 record into an NFC UTF-8 pymarc Record.

    Raises RecordInvalid with a sentence naming the field at fault.
    """
    if len(chunk) < 25:
        raise RecordInvalid(_("the record is shorter than a leader"))
    leader = chunk[:24].decode("ascii", "replace")
    if not _LEADER_DIGITS.fullmatch(leader[:5]):
        raise RecordInvalid(_("the record length in the leader is not a number"))
    if int(leader[:5]) != len(chunk):
        raise RecordInvalid(
            _("the leader gives a length of %(declared)s bytes but the record has %(actual)s")
            % {"declared": int(leader[:5]), "actual": len(chunk)}
        )
    if not _LEADER_DIGITS.fullmatch(leader[12:17]):
        raise RecordInvalid(_("the base address of data in the leader is not a number"))
    base = int(leader[12:17])
    if base < 25 or base >= len(chunk):
        raise RecordInvalid(
            _("the base address of data (%(base)s) is outside the record") % {"base": base}
        )
    if chunk[base - 1] != FIELD_TERMINATOR:
        raise RecordInvalid(_("the directory does not end with a field terminator"))
    directory = chunk[24 : base - 1]
    if len(directory) % 12:
        raise RecordInvalid(_("the directory length is not a multiple of 12"))
    if encoding == "utf8":
        is_utf8 = True
    elif encoding == "marc8":
        is_utf8 = False
    else:
        is_utf8 = leader[9] == "a" or _looks_like_utf8(chunk)
    data = chunk[base:]
    record = pymarc.Record(force_utf8=True)
    record.leader = pymarc.Leader(normalised_leader(leader))
    marc8_messages = io.StringIO()
    with contextlib.redirect_stderr(marc8_messages):
        for position in range(0, len(directory), 12):
            entry = directory[position : position + 12]
            tag = entry[:3].decode("ascii", "replace")
            if not entry[3:].isdigit():
                raise RecordInvalid(
                    _("directory entry %(tag)s has a non-numeric length or start") % {"tag": tag}
                )
            length, start = int(entry[3:7]), int(entry[7:12])
            if length < 1 or start + length > len(data):
                raise RecordInvalid(
                    _("field %(tag)s runs past the end of the record") % {"tag": tag}
                )
            field_bytes = data[start : start + length]
            if field_bytes[-1] != FIELD_TERMINATOR:
                raise RecordInvalid(
                    _("field %(tag)s does not end with a field terminator") % {"tag": tag}
                )
            marc_field = _parse_field(tag, field_bytes[:-1], is_utf8)
            if marc_field is not None:
                record.add_field(marc_field)  # type: ignore[no-untyped-call]  # pymarc is untyped
            if marc8_messages.tell():
                messages = [
                    line
                    for line in marc8_messages.getvalue().splitlines()
                    if not _HARMLESS_MARC8_MESSAGE.match(line)
                ]
                if messages:
                    raise RecordInvalid(_("undecodable MARC-8 in field %(tag)s") % {"tag": tag})
                marc8_messages.seek(0)
                marc8_messages.truncate()
    validate(record, expect=expect)
    return record


def decode_text(raw: bytes, is_utf8: bool, where: str) -> str:
    """Decode one field or subfield from UTF-8 or MARC-8 to NFC; raises RecordInvalid."""
    if raw.isascii() and b"\x1b" not in raw:
        return raw.decode("ascii")
    if is_utf8:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise RecordInvalid(_("invalid UTF-8 in %(where)s") % {"where": where}) from None
    else:
        try:
            text = MARC8ToUnicode(quiet=False).translate(raw)  # type: ignore[no-untyped-call]  # pymarc is untyped
        except (IndexError, TypeError, KeyError, ValueError):
            raise RecordInvalid(_("undecodable MARC-8 in %(where)s") % {"where": where}) from None
    return unicodedata.normalize("NFC", text)


def _parse_field(tag: str, body: bytes, is_utf8: bool) -> pymarc.Field | None:
    if tag < "010" and tag.isdigit():
        if b"\x1f" in body:
            raise RecordInvalid(
                _("control field %(tag)s contains a subfield delimiter") % {"tag": tag}
            )
        return pymarc.Field(tag=tag, data=decode_text(body, is_utf8, tag))
    if not body:
        return None  # an empty field (pymarc's regression45.dat): nothing to keep
    head, delimiter, rest = body.partition(b"\x1f")
    head = head.replace(b"#", b" ").replace(b"\\", b" ")
    # Real files drop the indicators, pad them with a third space (Nepali records), or write
    # blank as "#" (MARC documentation) or "\\" (Evergreen's acquisitions): all repaired.
    # Anything else before the first subfield means the field is garbled.
    if not delimiter and head.strip(b" "):
        # Indicators and no subfield delimiter at all: the data sits where $a should start.
        raise RecordInvalid(
            _("field %(tag)s does not have two indicators followed by a subfield") % {"tag": tag}
        )
    if delimiter and len(head) not in (0, 2) and head[2:].strip(b" "):
        raise RecordInvalid(
            _("field %(tag)s does not have two indicators followed by a subfield") % {"tag": tag}
        )
    indicators = head[:2].decode("ascii", "replace").ljust(2)
    subfields = []
    for part in rest.split(b"\x1f"):
        if not part:
            continue  # a doubled delimiter: pymarc and yaz skip it too
        code = chr(part[0])
        subfields.append(
            pymarc.Subfield(code=code, value=decode_text(part[1:], is_utf8, f"{tag} ${code}"))
        )
    return pymarc.Field(
        tag=tag, indicators=pymarc.Indicators(indicators[0], indicators[1]), subfields=subfields
    )


def normalised_leader(leader: str) -> str:
    """Return `leader` as libnet stores it: UTF-8 flag set, MARC 21's fixed entry map.

    Raises RecordInvalid when leader/09 is neither blank (MARC-8) nor "a" (UCS/Unicode).

    Positions 20-23 are "4500" in every MARC 21 record; files in the wild sometimes drop a
    digit there (Evergreen's auth-1066), which the MARCXML schema would then refuse.
    """
    leader = leader.ljust(24)[:24]
    if leader[9] not in " a":
        raise RecordInvalid(
            _("leader/09 (character coding) has the invalid value %(value)r") % {"value": leader[9]}
        )
    # Lengths and the base address are recomputed on export; MARCXML may carry anything there.
    length = leader[:5] if leader[:5].isdigit() else "00000"
    base = leader[12:17] if leader[12:17].isdigit() else "00000"
    return f"{length}{leader[5:9]}a{leader[10:12]}{base}{leader[17:20]}4500"


def validate(record: pymarc.Record, *, expect: RecordKind = "bibliographic") -> None:
    """Check a decoded record against MARC 21 and the MARCXML schema's patterns.

    Raises RecordInvalid for the first problem found.
    """
    leader = str(record.leader)
    if len(leader) != 24:
        raise RecordInvalid(_("the leader is not 24 characters long"))
    if leader[10:12] != "22":
        raise RecordInvalid(
            _(
                "leader/10-11 must be 22 (two indicators, one-character subfield codes), not %(value)r"
            )
            % {"value": leader[10:12]}
        )
    if expect == "authority":
        if leader[6] != "z":
            raise RecordInvalid(
                _("not an authority record: leader/06 = %(value)r") % {"value": leader[6]}
            )
    elif leader[6] in _NOT_BIBLIOGRAPHIC:
        raise RecordInvalid(
            _("not a bibliographic record: leader/06 = %(value)r (authority or holdings)")
            % {"value": leader[6]}
        )
    # An authority leader's positions 7-8 and 17-19 mean other things (MARC 21 authority).
    checked = _AUTHORITY_LEADER_POSITIONS if expect == "authority" else _LEADER_VALUES
    for position, allowed in _LEADER_VALUES.items():
        if position not in checked:
            continue
        if leader[position] not in allowed:
            raise RecordInvalid(
                _("leader/%(position)02d (%(name)s) has the invalid value %(value)r")
                % {"position": position, "name": _LEADER_NAMES[position], "value": leader[position]}
            )
    for marc_field in record.get_fields():
        tag = marc_field.tag
        if marc_field.is_control_field():
            if not _CONTROL_TAG.fullmatch(tag):
                raise RecordInvalid(_("invalid tag %(tag)r") % {"tag": tag})
            continue
        if not _DATA_TAG.fullmatch(tag) or tag.startswith("00"):
            raise RecordInvalid(_("invalid tag %(tag)r") % {"tag": tag})
        for indicator in (marc_field.indicator1, marc_field.indicator2):
            if not _INDICATOR.fullmatch(indicator or ""):
                raise RecordInvalid(
                    _("field %(tag)s has the invalid indicator %(indicator)r")
                    % {"tag": tag, "indicator": indicator}
                )
        # 245: first indicator says whether a title added entry is made (0/1), the second
        # how many non-filing characters lead the title (0-9).
        # Blank is not valid either, but a third of Evergreen's jazz records have it.
        if tag == "245" and (
            marc_field.indicator1 not in " 01" or marc_field.indicator2 not in " 0123456789"
        ):
            raise RecordInvalid(
                _("field 245 has invalid indicators %(indicators)r")
                % {"indicators": marc_field.indicator1 + marc_field.indicator2}
            )
        if not marc_field.subfields:
            raise RecordInvalid(_("field %(tag)s has no subfields") % {"tag": tag})
        for subfield in marc_field.subfields:
            if not _SUBFIELD_CODE.fullmatch(subfield.code or ""):
                raise RecordInvalid(
                    _("field %(tag)s has the invalid subfield code %(code)r")
                    % {"tag": tag, "code": subfield.code}
                )
            if _has_control_characters(subfield.value or ""):
                raise RecordInvalid(
                    _("field %(tag)s $%(code)s contains control characters")
                    % {"tag": tag, "code": subfield.code}
                )


_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _has_control_characters(value: str) -> bool:
    return bool(_CONTROL_CHARACTERS.search(value))


def control_number(record: pymarc.Record | None) -> str:
    """The record's 001, or an empty string."""
    if record is None:
        return ""
    marc_field = record.get("001")
    return (
        (marc_field.data or "").strip()
        if marc_field is not None and marc_field.is_control_field()
        else ""
    )


# ---------------------------------------------------------------- MARCXML


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _read_marcxml(
    blocks: Iterator[bytes], expect: RecordKind = "bibliographic"
) -> Iterator[ReadRecord]:
    """Stream <record> elements with a pull parser, clearing each one once read.

    Byte offsets are those of the read block in which the record ended (XML parsers do not
    report exact offsets). A syntax error ends the file: XML cannot be resynchronised.
    """
    parser = ET.XMLPullParser(events=("start", "end"))
    number = 0
    offset = 0
    depth_root: ET.Element | None = None
    saw_record = False
    while True:
        block = next(blocks, b"")
        # The events up to a syntax error come first: the records complete before it are read.
        events: list[tuple[str, Any]] = []
        broken: ET.ParseError | None = None
        try:
            if block:
                parser.feed(block)
            else:
                parser.close()
            for parsed in parser.read_events():
                events.append(parsed)  # type: ignore[arg-type]  # typeshed's union of event tuples
        except ET.ParseError as error:
            broken = error
        for event, event_element in events:
            element: ET.Element = event_element
            if event == "start":
                if depth_root is None:
                    depth_root = element
                saw_record = saw_record or _local(element.tag) == "record"
                continue
            if _local(element.tag) != "record":
                continue
            number += 1
            read = ReadRecord(number=number, offset=offset, end_offset=offset + len(block))
            try:
                read.record = record_from_xml(element, expect=expect)
            except RecordInvalid as error:
                read.error = str(error)
                read.control_number = _xml_control_number(element)
            else:
                read.control_number = control_number(read.record)
            element.clear()
            if depth_root is not None and depth_root is not element:
                # Drop finished records from the root so memory stays flat.
                depth_root.clear()
            yield read
        if broken is not None:
            if not saw_record:
                # Broken before any <record> began: not a MARCXML file with a bad record,
                # not MARCXML at all (an HTML page, a text file starting with "<").
                raise UnreadableFile(
                    _("%(not_marc)s (The XML breaks off: %(error)s)")
                    % {"not_marc": NOT_MARC, "error": broken}
                )
            number += 1
            yield ReadRecord(
                number=number,
                offset=offset,
                end_offset=offset + len(block),
                error=_("malformed XML, the rest of the file is not read: %(error)s")
                % {"error": broken},
            )
            return
        offset += len(block)
        if not block:
            break
    if number == 0:
        # Well-formed XML without a single record: nothing was read, nothing imported.
        raise UnreadableFile(
            _("%(not_marc)s (The XML holds no <record> element.)") % {"not_marc": NOT_MARC}
        )


def _xml_control_number(element: ET.Element) -> str:
    for child in element:
        if _local(child.tag) == "controlfield" and child.get("tag") == "001":
            return (child.text or "").strip()
    return ""


def record_from_xml(element: ET.Element, *, expect: RecordKind = "bibliographic") -> pymarc.Record:
    """Build an NFC pymarc Record from a MARCXML <record> element; raises RecordInvalid."""
    record = pymarc.Record(force_utf8=True)
    leader = ""
    for child in element:
        name = _local(child.tag)
        if name == "leader":
            leader = child.text or ""
        elif name == "controlfield":
            tag = child.get("tag", "")
            value = unicodedata.normalize("NFC", child.text or "")
            record.add_field(pymarc.Field(tag=tag, data=value))  # type: ignore[no-untyped-call]  # pymarc is untyped
        elif name == "datafield":
            tag = child.get("tag", "")
            subfields = [
                pymarc.Subfield(
                    code=subfield.get("code", ""),
                    value=unicodedata.normalize("NFC", subfield.text or ""),
                )
                for subfield in child
                if _local(subfield.tag) == "subfield"
            ]
            record.add_field(  # type: ignore[no-untyped-call]  # pymarc is untyped
                pymarc.Field(
                    tag=tag,
                    indicators=pymarc.Indicators(
                        child.get("ind1", " ")[:1], child.get("ind2", " ")[:1]
                    ),
                    subfields=subfields,
                )
            )
    if len(leader) != 24:
        raise RecordInvalid(_("the leader is not 24 characters long"))
    record.leader = pymarc.Leader(normalised_leader(leader))
    validate(record, expect=expect)
    return record
