"""Reading MARC files: ISO 2709 or MARCXML, MARC-8 or UTF-8, one record at a time.

The reader never holds more than one record (plus one read block) in memory. Every record
comes back as a `ReadRecord`: either a pymarc Record in NFC UTF-8 with leader/09 = 'a', or
the reason it could not be read, with its number and byte offset for the error report.
A record read with values out of the standard is repaired where a safe value exists
(`repairs`): it comes back with a note per repair (`warnings`) and its bytes as received.
Only a record whose structure or encoding cannot be read fails.
"""

from __future__ import annotations

import contextlib
import functools
import io
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any, Literal

import pymarc
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pymarc.marc8 import MARC8ToUnicode

from libnet.interop.marc import repairs

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
    # What was repaired to read the record (empty for a record read as it is) and, then,
    # the record as received: ISO 2709 bytes, or the MARCXML <record> element.
    warnings: list[str] = field(default_factory=list)
    received: bytes = b""


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
            read.record = parse_iso2709(
                stripped, encoding=encoding, notes=read.warnings, expect=expect
            )
        except RecordInvalid as error:
            read.error = str(error)
            read.control_number = _raw_control_number(stripped)
            read.warnings = []
        else:
            read.control_number = control_number(read.record)
            if read.warnings:
                read.received = stripped
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
    chunk: bytes,
    *,
    encoding: Encoding = "auto",
    notes: list[str] | None = None,
    careful: bool = False,
    expect: RecordKind = "bibliographic",
) -> pymarc.Record:
    """Parse one ISO 2709 record into an NFC UTF-8 pymarc Record, repairing what `repairs`
    repairs and adding a note per repair to `notes`.

    Raises RecordInvalid with a sentence naming the field at fault.
    """
    notes = [] if notes is None else notes
    try:
        return _parse_iso2709(chunk, encoding, notes, careful=careful, expect=expect)
    except RecordInvalid as error:
        declared = chunk[:5]
        if len(chunk) >= 25 and declared.isdigit() and int(declared) != len(chunk):
            # A wrong length and a broken structure: the length is the likelier cause.
            raise RecordInvalid(f"{_length_lie(int(declared), len(chunk))}; {error}") from None
        raise


def _length_lie(declared: int, actual: int) -> str:
    return _("the leader gives a length of %(declared)s bytes but the record has %(actual)s") % {
        "declared": declared,
        "actual": actual,
    }


def _parse_iso2709(
    chunk: bytes,
    encoding: Encoding,
    notes: list[str],
    *,
    careful: bool = False,
    expect: RecordKind = "bibliographic",
) -> pymarc.Record:
    if len(chunk) < 25:
        raise RecordInvalid(_("the record is shorter than a leader"))
    leader = chunk[:24].decode("ascii", "replace")
    if not _LEADER_DIGITS.fullmatch(leader[:5]):
        raise RecordInvalid(_("the record length in the leader is not a number"))
    if int(leader[:5]) != len(chunk):
        # The record ends at its terminator and every field is checked against the
        # directory below: the length in the leader is not needed to read it.
        notes.append(_length_lie(int(leader[:5]), len(chunk)))
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
    is_utf8 = _is_utf8(chunk, leader[9], encoding, notes)
    data = chunk[base:]
    record = pymarc.Record(force_utf8=True)
    record.leader = pymarc.Leader(
        normalised_leader(
            repairs.repair_leader(leader, notes, bibliographic=expect == "bibliographic")
        )
    )
    marc8_messages = io.StringIO()
    # pymarc's MARC-8 decoder says what it cannot read on stderr; UTF-8 never goes through it.
    with contextlib.nullcontext() if is_utf8 else contextlib.redirect_stderr(marc8_messages):
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
            marc_field = _parse_field(tag, field_bytes[:-1], is_utf8, notes, fast=not careful)
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


def _is_utf8(chunk: bytes, claimed: str, encoding: Encoding, notes: list[str]) -> bool:
    """Whether the record's text is UTF-8: as the option says, else as the bytes show.

    leader/09 can lie both ways: "a" over MARC-8 (escape sequences that are not UTF-8) and
    blank over UTF-8; either is read as what it is, with a note.
    """
    if encoding != "auto":
        return encoding == "utf8"
    if claimed == "a":
        if chunk.isascii() or _decodes_as_utf8(chunk) or not _decodes_as_marc8(chunk):
            return True  # UTF-8, or bytes that are neither: the field at fault is named
        notes.append(_("leader/09 says UTF-8 but the record is MARC-8: read as MARC-8"))
        return False
    is_utf8 = _looks_like_utf8(chunk)
    if is_utf8:
        notes.append(
            _("leader/09 %(value)r says MARC-8 but the record is UTF-8: read as UTF-8")
            % {"value": claimed}
        )
    elif claimed != " ":
        notes.append(
            _("leader/09 has the invalid value %(value)r: read as MARC-8") % {"value": claimed}
        )
    return is_utf8


def _decodes_as_marc8(chunk: bytes) -> bool:
    """Whether MARC-8 decoding reads every byte (pymarc says what it cannot parse)."""
    messages = io.StringIO()
    with contextlib.redirect_stderr(messages):
        try:
            MARC8ToUnicode(quiet=False).translate(chunk[24:])  # type: ignore[no-untyped-call]  # pymarc is untyped
        except (IndexError, TypeError, KeyError, ValueError):
            return False
    return not any(
        not _HARMLESS_MARC8_MESSAGE.match(line) for line in messages.getvalue().splitlines()
    )


def _decodes_as_utf8(chunk: bytes) -> bool:
    try:
        chunk.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


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


def _parse_field(
    tag: str, body: bytes, is_utf8: bool, notes: list[str], *, fast: bool = True
) -> pymarc.Field | None:
    """One field of an ISO 2709 record; None for a field with nothing to keep.

    `fast`: a UTF-8 field with no empty subfield is decoded whole and built without pymarc's
    checks (the same Field: tests/interop/test_reader.py compares the two on every shared
    file); anything else takes the careful way, subfield by subfield.
    """
    if tag < "010" and tag.isdigit():
        if b"\x1f" in body:
            raise RecordInvalid(
                _("control field %(tag)s contains a subfield delimiter") % {"tag": tag}
            )
        data = decode_text(body, is_utf8, tag)
        if tag == "008":
            data = repairs.repair_fixed_field(data, notes)
        return _control_field(tag, data) if fast else pymarc.Field(tag=tag, data=data)
    if not body:
        repairs.note_empty_field(tag, notes)  # as in pymarc's regression45.dat
        return None
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
    if tag == "245" or not (
        indicators[0] in _PLAIN_INDICATORS and indicators[1] in _PLAIN_INDICATORS
    ):
        indicators = repairs.repair_indicators(tag, indicators, notes)
    if not delimiter:
        repairs.note_empty_field(tag, notes)
        return None
    if fast and is_utf8:
        fast_subfields = _utf8_subfields(rest)
        if fast_subfields is not None:
            return _data_field(tag, indicators, fast_subfields)
    subfields = []
    for part in rest.split(b"\x1f"):
        if len(part) < 2:  # a doubled delimiter, or a code without a value
            repairs.note_empty_subfield(tag, chr(part[0]) if part else "", notes)
            continue
        code = chr(part[0])
        subfields.append(
            pymarc.Subfield(code=code, value=decode_text(part[1:], is_utf8, f"{tag} ${code}"))
        )
    if not subfields:
        repairs.note_empty_field(tag, notes)
        return None
    return pymarc.Field(
        tag=tag, indicators=pymarc.Indicators(indicators[0], indicators[1]), subfields=subfields
    )


_PLAIN_INDICATORS = frozenset("0123456789 ")
_new_field = pymarc.Field.__new__
# Subfield(code, value) without the named tuple's own __new__ (a Python frame per subfield):
# the same tuple of the same class.
_new_subfield = functools.partial(tuple.__new__, pymarc.Subfield)


def _utf8_subfields(rest: bytes) -> list[pymarc.Subfield] | None:
    """The subfields of a UTF-8 field decoded in one go, or None when a subfield is empty,
    a code is not ASCII or the bytes are not UTF-8 (the careful way then notes or names
    them)."""
    try:
        text = rest.decode("utf-8")
    except UnicodeDecodeError:
        return None
    subfields = []
    for part in text.split("\x1f"):
        if len(part) < 2 or not part[0].isascii():
            return None
        value = part[1:]
        if not value.isascii():
            value = unicodedata.normalize("NFC", value)
        subfields.append(_new_subfield((part[0], value)))
    return subfields


def _data_field(tag: str, indicators: str, subfields: list[pymarc.Subfield]) -> pymarc.Field:
    """pymarc.Field(tag, Indicators(...), subfields) without its argument checks, which the
    reader has made: a three-character tag, two indicators, Subfield tuples."""
    marc_field: pymarc.Field = _new_field(pymarc.Field)
    marc_field.tag = tag
    marc_field.data = None
    marc_field.control_field = False
    marc_field._indicators = pymarc.Indicators(indicators[0], indicators[1])
    marc_field.subfields = subfields
    return marc_field


def _control_field(tag: str, data: str) -> pymarc.Field:
    """pymarc.Field(tag=tag, data=data) for a numeric tag below 010, without its checks."""
    marc_field: pymarc.Field = _new_field(pymarc.Field)
    marc_field.tag = tag
    marc_field.data = data
    marc_field.control_field = True
    marc_field._indicators = None
    marc_field.subfields = []
    return marc_field


def normalised_leader(leader: str) -> str:
    """Return `leader` as libnet stores it: UTF-8 flag set (leader/09 "a"), MARC 21's fixed
    entry map (positions 20-23 "4500"; files in the wild sometimes drop a digit there, as
    Evergreen's auth-1066 does, which the MARCXML schema would then refuse).
    """
    leader = leader.ljust(24)[:24]
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
    for marc_field in record.fields:
        tag = marc_field.tag
        if marc_field.control_field:
            if tag not in _VALID_CONTROL_TAGS:
                if not _CONTROL_TAG.fullmatch(tag):
                    raise RecordInvalid(_("invalid tag %(tag)r") % {"tag": tag})
                _VALID_CONTROL_TAGS.add(tag)
            continue
        if tag not in _VALID_DATA_TAGS:
            if not _DATA_TAG.fullmatch(tag) or tag.startswith("00"):
                raise RecordInvalid(_("invalid tag %(tag)r") % {"tag": tag})
            _VALID_DATA_TAGS.add(tag)
        for indicator in marc_field.indicators or ("", ""):
            if indicator not in _INDICATORS:
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
            if subfield.code not in _SUBFIELD_CODES:
                raise RecordInvalid(
                    _("field %(tag)s has the invalid subfield code %(code)r")
                    % {"tag": tag, "code": subfield.code}
                )
            if _has_control_characters(subfield.value or ""):
                raise RecordInvalid(
                    _("field %(tag)s $%(code)s contains control characters")
                    % {"tag": tag, "code": subfield.code}
                )


# What the patterns above allow, as sets (validate checks every field of every record), and
# the tags already found valid.
_INDICATORS = frozenset("0123456789abcdefghijklmnopqrstuvwxyz ")
_SUBFIELD_CODES = frozenset(
    chr(code) for code in range(0x21, 0x7F) if _SUBFIELD_CODE.fullmatch(chr(code))
)
_VALID_CONTROL_TAGS: set[str] = set()
_VALID_DATA_TAGS: set[str] = set()

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
                read.record = record_from_xml(element, notes=read.warnings, expect=expect)
            except RecordInvalid as error:
                read.error = str(error)
                read.control_number = _xml_control_number(element)
                read.warnings = []
            else:
                read.control_number = control_number(read.record)
            if read.warnings:
                read.received = ET.tostring(element, encoding="utf-8")
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


def record_from_xml(
    element: ET.Element,
    *,
    notes: list[str] | None = None,
    expect: RecordKind = "bibliographic",
) -> pymarc.Record:
    """Build an NFC pymarc Record from a MARCXML <record> element, repairing what `repairs`
    repairs (a note per repair in `notes`); raises RecordInvalid."""
    notes = [] if notes is None else notes
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
            subfields = []
            for subfield in child:
                if _local(subfield.tag) != "subfield":
                    continue
                code, value = subfield.get("code", ""), subfield.text or ""
                if not value:
                    repairs.note_empty_subfield(tag, code, notes)
                    continue
                subfields.append(
                    pymarc.Subfield(code=code, value=unicodedata.normalize("NFC", value))
                )
            if not subfields:
                repairs.note_empty_field(tag, notes)
                continue
            indicators = (child.get("ind1", " ")[:1] or " ") + (child.get("ind2", " ")[:1] or " ")
            if tag == "245" or not (
                indicators[0] in _PLAIN_INDICATORS and indicators[1] in _PLAIN_INDICATORS
            ):
                indicators = repairs.repair_indicators(tag, indicators, notes)
            record.add_field(  # type: ignore[no-untyped-call]  # pymarc is untyped
                pymarc.Field(
                    tag=tag,
                    indicators=pymarc.Indicators(indicators[0], indicators[1]),
                    subfields=subfields,
                )
            )
    if len(leader) != 24:
        raise RecordInvalid(_("the leader is not 24 characters long"))
    if leader[9] not in " a":
        # MARCXML is Unicode whatever leader/09 says; blank (from MARC-8) is usual.
        notes.append(
            _("leader/09 has the invalid value %(value)r: the record is read as Unicode")
            % {"value": leader[9]}
        )
    record.leader = pymarc.Leader(
        normalised_leader(
            repairs.repair_leader(leader, notes, bibliographic=expect == "bibliographic")
        )
    )
    repairs.repair_record_fields(record, notes)
    validate(record, expect=expect)
    return record
