"""SIP2 on the wire (3M Standard Interchange Protocol 2.00): frames, fields, checksums, dates.

Pure: bytes in, values out, and back; no database, settings or clock.

A message is a two-digit command, fixed-width fields, then variable fields, each a two-letter
identifier, a value and `|`; with error detection on it ends with `AY<digit>AZ<4 hex digits>`
(the sequence number, then a checksum). Frames end with CR; LF and CRLF are accepted too.

What clients disagree on, and what libnet does about it:

- Text. libnet reads UTF-8, and a frame that is not UTF-8 as cp850 (the old default of SIP2
  software); it writes UTF-8, or ASCII without diacritics for a machine whose screen cannot
  show UTF-8 (`plain_text`).
- The checksum is "the binary sum of the characters": some clients sum the bytes, others the
  characters, which differ once a field holds a Vietnamese letter. A frame is accepted when
  either sum matches (an ASCII frame has one sum); an answer is summed the way the client
  summed its last frame where the two differed, bytes otherwise. A checksum of fewer than four
  digits (a client that drops leading zeros) is read as the number it is.
- Dates are `YYYYMMDDZZZZHHMMSS` in local time (ZZZZ blank), Vietnam's. A blank date (18
  spaces) is accepted where the client may leave it blank (a due date it does not impose).
- A variable field must end with `|`: a field without it is a message cut short, and the
  answer is 96 (send it again), as for a checksum that does not match.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
DELIMITER = "|"
TERMINATOR = b"\r"
# A variable field holds at most 255 characters; counted in bytes, so a client that counts
# either way accepts it (pysip2 refuses more than 255 encoded bytes).
MAX_FIELD_BYTES = 255
BYTES = "bytes"
CHARACTERS = "characters"

_TRAILER = re.compile(rb"(?:AY([0-9]))?AZ([0-9A-Fa-f]{1,4})\Z")
_SEQUENCE_ONLY = re.compile(rb"AY([0-9])\Z")
_FIELD_ID = re.compile(r"[A-Z][A-Z0-9]")
_DATE = re.compile(r"\d{8}[ A-Z]{4}\d{6}")
_BLANK_DATE = " " * 18
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_STROKE_D = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})


class Malformed(Exception):
    """A frame that is not a SIP2 message libnet can read (answered with 96)."""


class ChecksumMismatch(Malformed):
    """A frame whose checksum matches neither sum (answered with 96)."""


@dataclass(frozen=True)
class Frame:
    """One frame as received: its body without the error-detection trailer."""

    body: bytes
    sequence: str | None = None  # the AY digit, echoed in the answer
    has_checksum: bool = False
    # How the client summed its checksum: BYTES, or CHARACTERS when only that sum matched.
    sums: str = BYTES

    @property
    def command(self) -> str:
        return self.body[:2].decode("ascii", "replace")


@dataclass(frozen=True)
class Request:
    """A parsed request: its command, fixed fields by name and variable fields by identifier."""

    command: str
    fixed: dict[str, str]
    fields: dict[str, list[str]]

    def get(self, field_id: str) -> str | None:
        """The first value of a variable field, or None when the field is absent."""
        values = self.fields.get(field_id)
        return values[0] if values else None

    def text(self, field_id: str) -> str:
        """The first value of a variable field, blank when absent."""
        return self.get(field_id) or ""


@dataclass
class Response:
    """An answer: its command, the fixed part (already at its widths) and variable fields."""

    command: str
    fixed: str = ""
    fields: list[tuple[str, str]] = field(default_factory=list)

    def add(self, field_id: str, value: str | None) -> Response:
        """Add a field; None adds nothing (an optional field left out)."""
        if value is not None:
            self.fields.append((field_id, value))
        return self


@dataclass(frozen=True)
class Layout:
    """The fixed fields of a request (name, width, pattern) and its answer's command."""

    name: str
    fixed: tuple[tuple[str, int, str], ...]
    answer: str


_FLAG = r"[YN]"
_DATE_OR_BLANK = "date_or_blank"
_DATE_FIELD = "date"
TRANSACTION_DATE = ("transaction_date", 18, _DATE_OR_BLANK)

LAYOUTS: dict[str, Layout] = {
    "93": Layout("login", (("uid_algorithm", 1, r"."), ("pwd_algorithm", 1, r".")), "94"),
    "99": Layout(
        "sc_status",
        (
            ("status_code", 1, r"[0-2]"),
            ("max_print_width", 3, r"\d{3}"),
            ("protocol_version", 4, r"\d\.\d\d"),
        ),
        "98",
    ),
    "97": Layout("acs_resend", (), ""),
    "23": Layout("patron_status", (("language", 3, r"[\d ]{3}"), TRANSACTION_DATE), "24"),
    "63": Layout(
        "patron_information",
        (("language", 3, r"[\d ]{3}"), TRANSACTION_DATE, ("summary", 10, r"[ -~]{10}")),
        "64",
    ),
    "17": Layout("item_information", (TRANSACTION_DATE,), "18"),
    "11": Layout(
        "checkout",
        (
            ("sc_renewal_policy", 1, _FLAG),
            ("no_block", 1, _FLAG),
            TRANSACTION_DATE,
            ("nb_due_date", 18, _DATE_OR_BLANK),
        ),
        "12",
    ),
    "09": Layout(
        "checkin",
        (("no_block", 1, _FLAG), TRANSACTION_DATE, ("return_date", 18, _DATE_OR_BLANK)),
        "10",
    ),
    "29": Layout(
        "renew",
        (
            ("third_party_allowed", 1, _FLAG),
            ("no_block", 1, _FLAG),
            TRANSACTION_DATE,
            ("nb_due_date", 18, _DATE_OR_BLANK),
        ),
        "30",
    ),
    "35": Layout("end_patron_session", (TRANSACTION_DATE,), "36"),
    # Known to SIP2 but not offered by libnet's machines (their BX flag is N): answered with
    # the refusal their answer's layout has.
    "01": Layout("block_patron", (("card_retained", 1, _FLAG), TRANSACTION_DATE), "24"),
    "15": Layout("hold", (("hold_mode", 1, r"[-+*]"), TRANSACTION_DATE), "16"),
    "19": Layout("item_status_update", (TRANSACTION_DATE,), "20"),
    "25": Layout("patron_enable", (TRANSACTION_DATE,), "26"),
    "37": Layout(
        "fee_paid",
        (
            TRANSACTION_DATE,
            ("fee_type", 2, r"\d\d"),
            ("payment_type", 2, r"\d\d"),
            ("currency_type", 3, r"[A-Z ]{3}"),
        ),
        "38",
    ),
    "65": Layout("renew_all", (TRANSACTION_DATE,), "66"),
}


# --- frames in -------------------------------------------------------------------------------


def split_frames(buffer: bytearray) -> Iterator[bytes]:
    """Take every complete frame out of `buffer` (CR, LF or CRLF ends one); blank ones are
    skipped. What follows the last terminator stays in `buffer` for the next read."""
    while True:
        ends = [position for position in (buffer.find(b"\r"), buffer.find(b"\n")) if position >= 0]
        if not ends:
            return
        end = min(ends)
        frame = bytes(buffer[:end])
        del buffer[: end + 1]
        if frame.strip():
            yield frame


def decode(data: bytes) -> str:
    """Text of a field: UTF-8, or cp850 for a client that does not speak UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp850")


def _checksum_sums(prefix: bytes, value: int) -> str | None:
    """How `value` checks `prefix`: BYTES, CHARACTERS, or None when neither sum matches."""
    if (sum(prefix) + value) & 0xFFFF == 0:
        return BYTES
    try:
        characters = prefix.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if (sum(map(ord, characters)) + value) & 0xFFFF == 0:
        return CHARACTERS
    return None


def read_frame(raw: bytes) -> Frame:
    """Split the error-detection trailer off a frame and check its checksum.

    Raises Malformed for a frame with a NUL byte or without a two-digit command, and
    ChecksumMismatch for a checksum that matches neither the bytes nor the characters.
    """
    body = raw
    if b"\x00" in body:
        raise Malformed("NUL byte")
    match = _TRAILER.search(body)
    if match is not None:
        prefix = body[: match.start(2)]
        sums = _checksum_sums(prefix, int(match.group(2), 16))
        if sums is None:
            raise ChecksumMismatch(body[:2].decode("ascii", "replace"))
        sequence = match.group(1).decode("ascii") if match.group(1) else None
        frame = Frame(body[: match.start()], sequence, has_checksum=True, sums=sums)
    elif (sequence_only := _SEQUENCE_ONLY.search(body)) is not None:
        frame = Frame(body[: sequence_only.start()], sequence_only.group(1).decode("ascii"))
    else:
        frame = Frame(body)
    if len(frame.body) < 2 or not frame.body[:2].isdigit():
        raise Malformed("no command")
    return frame


def _fixed_value_ok(value: str, pattern: str) -> bool:
    if pattern == _DATE_OR_BLANK:
        return value == _BLANK_DATE or _DATE.fullmatch(value) is not None
    return re.fullmatch(pattern, value) is not None


def parse_request(frame: Frame) -> Request:
    """Read a request's fixed and variable fields by its command's layout.

    Raises Malformed for an unknown command, a fixed field too short or of the wrong shape,
    or a variable field that is not `XX…|`.
    """
    command = frame.command
    layout = LAYOUTS.get(command)
    if layout is None:
        raise Malformed(f"unknown command {command}")
    text = decode(frame.body[2:])
    position = 0
    fixed: dict[str, str] = {}
    for name, width, pattern in layout.fixed:
        value = text[position : position + width]
        if len(value) != width or not _fixed_value_ok(value, pattern):
            raise Malformed(f"{layout.name}: fixed field {name}")
        fixed[name] = value
        position += width
    fields: dict[str, list[str]] = {}
    while position < len(text):
        field_id = text[position : position + 2]
        if not _FIELD_ID.fullmatch(field_id):
            raise Malformed(f"{layout.name}: field identifier")
        end = text.find(DELIMITER, position + 2)
        if end < 0:
            raise Malformed(f"{layout.name}: field {field_id} has no end")
        fields.setdefault(field_id, []).append(text[position + 2 : end])
        position = end + 1
    return Request(command=command, fixed=fixed, fields=fields)


def read_fields_leniently(frame: Frame) -> Request:
    """The variable fields of a request libnet does not carry out, as well as they can be
    read: its answer echoes the institution, reader and copy when they are there."""
    try:
        return parse_request(frame)
    except Malformed:
        text = decode(frame.body[2:])
        found = re.findall(r"(?:^|\|)(A[OABJ])([^|]*)(?=\|)", text)
        fields: dict[str, list[str]] = {}
        for field_id, value in found:
            fields.setdefault(field_id, []).append(value)
        return Request(command=frame.command, fixed={}, fields=fields)


# --- answers out -----------------------------------------------------------------------------


def without_diacritics(value: str) -> str:
    """ASCII text for a screen without UTF-8: `Đỗ Thị Chi` → `Do Thi Chi`; anything else
    that is not ASCII becomes `?`."""
    decomposed = unicodedata.normalize("NFKD", value.translate(_STROKE_D))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return stripped.encode("ascii", "replace").decode("ascii")


def _clean(value: str, *, plain_text: bool) -> str:
    # The delimiter and the terminator cannot appear inside a field.
    value = _CONTROL.sub(" ", unicodedata.normalize("NFC", value)).replace(DELIMITER, "/")
    return without_diacritics(value) if plain_text else value


def _clip(value: str, limit: int = MAX_FIELD_BYTES) -> str:
    """`value` cut to `limit` UTF-8 bytes, never inside a character."""
    data = value.encode("utf-8")
    if len(data) <= limit:
        return value
    return data[:limit].decode("utf-8", "ignore")


def _pieces(value: str, limit: int = MAX_FIELD_BYTES) -> Iterable[str]:
    """A long screen message in pieces of at most `limit` bytes, cut between words (the
    field repeats: the machine shows them one after the other)."""
    words = value.split()
    piece = ""
    for word in words:
        candidate = f"{piece} {word}" if piece else word
        if len(candidate.encode("utf-8")) <= limit:
            piece = candidate
            continue
        if piece:
            yield piece
        piece = _clip(word, limit)
    if piece:
        yield piece


def _checksum(prefix: bytes, sums: str) -> str:
    total = sum(map(ord, prefix.decode("utf-8"))) if sums == CHARACTERS else sum(prefix)
    return f"{-total & 0xFFFF:04X}"


def encode(
    response: Response,
    *,
    sequence: str | None = None,
    checksum: bool = False,
    sums: str = BYTES,
    plain_text: bool = False,
) -> bytes:
    """The frame of an answer, CR included: UTF-8 (ASCII when `plain_text`), every field
    within 255 bytes (a long screen message repeats its field), and with error detection
    the request's sequence number and a checksum summed as the client sums."""
    parts = [response.command, response.fixed]
    for field_id, value in response.fields:
        cleaned = _clean(value, plain_text=plain_text)
        if field_id in ("AF", "AG"):
            parts.extend(f"{field_id}{piece}{DELIMITER}" for piece in _pieces(cleaned))
        else:
            parts.append(f"{field_id}{_clip(cleaned)}{DELIMITER}")
    data = "".join(parts).encode("ascii" if plain_text else "utf-8", "replace")
    if checksum:
        if sequence is not None:
            data += b"AY" + sequence.encode("ascii")
        data += b"AZ"
        data += _checksum(data, sums).encode("ascii")
    return data + TERMINATOR


def request_resend(*, checksum: bool) -> bytes:
    """96, "send your last message again": never a sequence number, a checksum if in use."""
    return encode(Response("96"), checksum=checksum)


# --- dates -----------------------------------------------------------------------------------


def timestamp(moment: dt.datetime) -> str:
    """SIP2's 18 characters for a moment, in Vietnam's local time (ZZZZ blank = local)."""
    local = moment.astimezone(VIETNAM)
    return f"{local:%Y%m%d}    {local:%H%M%S}"


def due_date(day: dt.date) -> str:
    """A due day in SIP2's date format: the end of that day, local time."""
    return f"{day:%Y%m%d}    235959"


def flag(value: bool) -> str:
    return "Y" if value else "N"
