"""What a typed value must look like before libnet stores it: one set of rules for every door.

The API's schemas (core/schemas.py), the pages' forms (core/forms.py), the request guard
(core/middleware.py) and the services all check text and numbers with these functions, so a
value refused at one door is refused at every other, with the same code and sentence:

- **text** is Unicode in NFC. Refused: NUL and the other C0 control characters (tab, line
  feed and carriage return are allowed, the last two only where the field has several lines),
  DEL and the C1 controls, the noncharacters U+FFFE/U+FFFF, unpaired UTF-16 surrogates (they
  cannot be written as UTF-8, so no database can store them), and U+FFFD, the mark a decoder
  leaves where the bytes were not UTF-8. Text longer than its field is refused, never cut.
- **whole numbers** are whole numbers: not `true`, not 1.5, not NaN; and they lie in a range
  that fits the column they go to.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from typing import ClassVar

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from libnet.core.errors import Messages, ValidationFailed

# --- limits --------------------------------------------------------------------------------

# The largest value of the database columns (PostgreSQL's integer and bigint; SQLite stores
# 64 bits whatever the declared type, so only these bounds keep both databases equal).
INT32_MAX = 2**31 - 1
INT64_MAX = 2**63 - 1
SMALLINT_MAX = 2**15 - 1
# Primary keys are BigAutoField.
ID_MAX = INT64_MAX

# A count typed by hand (visits of a day, readers of a month at a point, figures of a stop).
# Far more is a typing slip, not a library.
HAND_COUNT_MAX = 1_000_000

# Text fields without a length of their own: one line (a name, a note) and several lines.
TEXT_MAX_LENGTH = 200
MULTILINE_MAX_LENGTH = 10_000
# Codes, barcodes and card numbers.
IDENTIFIER_MAX_LENGTH = 64
# No single value of a form or query string is longer (the request guard's last line).
ANY_VALUE_MAX_LENGTH = 100_000

# A page of results; the public catalogue clamps larger page numbers to it.
PAGE_MAX = 10_000
# Years of publication a search may filter on (the catalogue's year column).
YEAR_MIN, YEAR_MAX = 1000, 2999

# C0 controls (U+0000-U+001F) but tab and line breaks, DEL (U+007F), C1 controls
# (U+0080-U+009F), and the two noncharacters no interchange allows.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_LINE_BREAKS = re.compile("[\n\r\u2028\u2029]")
_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT_CHARACTER = "\ufffd"
_INTEGER = re.compile(r"[+-]?[0-9]{1,30}")


class InputRefused(ValidationFailed):
    """A typed value that breaks the rules above; `field` names it as the user sees it."""

    status = 400
    messages: ClassVar[Messages] = {
        "required": _("%(field)s is required."),
        "too_long": _(
            "%(field)s is too long: at most %(max_length)s characters (it has %(length)s)."
        ),
        "control_character": _(
            "%(field)s contains a control character (%(char)s) that cannot be stored; type it again without it."
        ),
        "lone_surrogate": _(
            "%(field)s contains a broken character (%(char)s, half of a UTF-16 pair); send it as valid Unicode."
        ),
        "replacement_character": _(
            "%(field)s contains the character �, left where text was damaged by a wrong encoding; type it again or send it as UTF-8."
        ),
        "invalid_encoding": _("%(field)s is not valid UTF-8 text; send it again as UTF-8."),
        "not_one_line": _("%(field)s must be on one line."),
        "not_text": _("%(field)s must be text."),
        "not_an_integer": _("%(field)s must be a whole number, written with digits only."),
        "not_finite": _("%(field)s must be a number: NaN and Infinity are not."),
        "out_of_range": _("%(field)s must be between %(minimum)s and %(maximum)s."),
        "not_a_boolean": _("%(field)s must be true or false."),
        "not_a_date": _("%(field)s must be a date written YYYY-MM-DD, e.g. 2026-03-01."),
        "not_a_datetime": _(
            "%(field)s must be a date and time in ISO 8601, e.g. 2026-03-01T08:30:00+07:00."
        ),
        "not_a_choice": _("%(field)s must be one of: %(expected)s."),
        "not_a_list": _("%(field)s must be a list."),
        "not_an_object": _("%(field)s must be an object with named fields."),
        "too_many": _("%(field)s has too many entries: at most %(max_length)s."),
        "too_few": _("%(field)s has too few entries: at least %(min_length)s."),
        "invalid_value": _("%(field)s is not valid."),
    }


def describe_character(char: str) -> str:
    """Return `char` as a user can look it up: `U+0000`."""
    return f"U+{ord(char):04X}"


def text_problem(value: str, *, multiline: bool = False) -> tuple[str, dict[str, str]] | None:
    """Return why `value` cannot be stored as text (a code of InputRefused and its parameters),
    or None when it can. Length is not checked here: see `check_text`."""
    surrogate = _SURROGATE.search(value)
    if surrogate:
        return "lone_surrogate", {"char": describe_character(surrogate.group())}
    control = _CONTROLS.search(value)
    if control:
        return "control_character", {"char": describe_character(control.group())}
    if REPLACEMENT_CHARACTER in value:
        return "replacement_character", {}
    if not multiline and _LINE_BREAKS.search(value):
        return "not_one_line", {}
    return None


def check_text(
    value: str,
    *,
    field: str,
    max_length: int = TEXT_MAX_LENGTH,
    multiline: bool = False,
    required: bool = False,
) -> str:
    """Return `value` in NFC if it may be stored in a field of `max_length` characters.

    Raises InputRefused naming `field` (the label the user sees, already translated) for
    forbidden characters, a line break in a one-line field, a value too long (never cut), or an
    empty value when `required`.
    """
    if not isinstance(value, str):
        raise InputRefused("not_text", field=field)
    problem = text_problem(value, multiline=multiline)
    if problem is not None:
        code, params = problem
        raise InputRefused(code, field=field, **params)
    # NFC rarely changes the length by more than a few characters; a value far over the limit
    # is refused before the work of normalising it.
    if len(value) <= 4 * max_length + 16:
        value = unicodedata.normalize("NFC", value)
    if len(value) > max_length:
        raise InputRefused(
            "too_long",
            field=field,
            max_length=format_number(max_length),
            length=format_number(len(value)),
        )
    if required and not value.strip():
        raise InputRefused("required", field=field)
    return value


def check_column(
    model: type[models.Model], name: str, value: str, *, multiline: bool = False
) -> str:
    """Return `value` (NFC) if it may be stored in the column `name` of `model`.

    The column's length and its verbose name (the label the user sees) are those of the
    model; a value too long is refused with InputRefused("too_long"), never cut.
    """
    column = model._meta.get_field(name)
    return check_text(
        value,
        field=capfirst(str(column.verbose_name)),  # type: ignore[union-attr]  # a concrete field
        max_length=column.max_length or MULTILINE_MAX_LENGTH,  # type: ignore[union-attr]  # a concrete field
        multiline=multiline,
    )


def check_int(value: object, *, field: str, minimum: int, maximum: int) -> int:
    """Return `value` as an int if it is a whole number between `minimum` and `maximum`.

    Accepts an int, or a string of digits (a form or a query string); refuses booleans,
    floats (even 2.0), NaN and anything else. Raises InputRefused naming `field`.
    """
    if isinstance(value, bool):
        raise InputRefused("not_an_integer", field=field)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise InputRefused("not_finite", field=field)
        raise InputRefused("not_an_integer", field=field)
    if isinstance(value, str):
        stripped = value.strip()
        if not _INTEGER.fullmatch(stripped):
            raise InputRefused("not_an_integer", field=field)
        value = int(stripped)
    if not isinstance(value, int):
        raise InputRefused("not_an_integer", field=field)
    if not minimum <= value <= maximum:
        raise InputRefused(
            "out_of_range",
            field=field,
            minimum=format_number(minimum),
            maximum=format_number(maximum),
        )
    return value


def row_id(value: object) -> int | None:
    """Return the id of a row named by a form or a query string (ASCII digits, at most ID_MAX),
    or None for anything else, which names no row: the caller answers as for a row that does
    not exist.

    `str.isdigit()` is not the test: it passes "²" and "٣", which `int()` refuses or reads, and
    25 digits that no id column holds.
    """
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if 0 < number <= ID_MAX else None


def row_ids(values: Iterable[object]) -> list[int]:
    """Return the ids among `values` (see row_id), in their order; the others are left out."""
    return [number for number in map(row_id, values) if number is not None]


def typed_date(value: object, *, field: str) -> dt.date | None:
    """Return the day typed in a page's date field (the browser's ISO form, or day-first as
    the Vietnamese formats read it), or None when the field is empty.

    Raises InputRefused("not_a_date") naming `field` for anything else: a day typed wrong is
    refused, never dropped or replaced by today. Its range is the service's (check_date).
    """
    typed = value.strip() if isinstance(value, str) else ""
    if not typed:
        return None
    try:
        day: dt.date | None = forms.DateField().clean(typed)
    except forms.ValidationError:
        raise InputRefused("not_a_date", field=field) from None
    return day


def between(minimum: int, maximum: int) -> list[MinValueValidator | MaxValueValidator]:
    """The validators of a model's number column that takes typed values: `minimum` to `maximum`.

    Django checks a column's own range only where the database has one (PostgreSQL); SQLite
    stores 64 bits whatever the type. These make a model form, the admin and `full_clean`
    refuse the same values on both, before the database could overflow.
    """
    return [MinValueValidator(minimum), MaxValueValidator(maximum)]


def format_number(number: int) -> str:
    """Return `number` grouped the way the reader's language writes it: 1.000.000 in Vietnamese."""
    # Django's Vietnamese formats name the separator but do not group (NUMBER_GROUPING 0).
    return f"{number:,}".replace(",", str(formats.get_format("THOUSAND_SEPARATOR")))
