"""The API's door: how a request is read, and how a refused field is explained.

A body is strict JSON in UTF-8: NaN, Infinity and numbers too large for any column are
refused, and so is a string holding an unpaired UTF-16 surrogate (`"\\ud800"`: Python's JSON
reader accepts it, no database can store it). A query string must be UTF-8 too. Each of these,
and each field a schema refuses (core/schemas.py), becomes one entry of a 422's `detail`:

    {"type": "too_long", "loc": ["body", "data", "name"], "field": "name",
     "msg": "name quá dài: tối đa 200 ký tự (hiện có 1.000.000)."}

`type` is a code of core.inputs.InputRefused, stable for clients; `msg` is in the reader's
language (Vietnamese unless chosen otherwise).
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterator
from typing import Any, cast

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext
from ninja.errors import ValidationError
from ninja.parser import Parser

from libnet.core.inputs import InputRefused, text_problem
from libnet.core.schemas import DOMAIN_PREFIX

# Longer digit strings are not numbers any column holds (2**63 has 19 digits); Python would
# otherwise spend time on a 4,000-digit integer before the schema refuses it.
MAX_DIGITS = 40

# pydantic's error types, as the codes of InputRefused.
PYDANTIC_TYPES = {
    "missing": "required",
    "string_type": "not_text",
    "int_type": "not_an_integer",
    "int_parsing": "not_an_integer",
    "int_from_float": "not_an_integer",
    "bool_type": "not_a_boolean",
    "bool_parsing": "not_a_boolean",
    "date_type": "not_a_date",
    "date_parsing": "not_a_date",
    "date_from_datetime_parsing": "not_a_date",
    "date_from_datetime_inexact": "not_a_date",
    "datetime_type": "not_a_datetime",
    "datetime_parsing": "not_a_datetime",
    "datetime_from_date_parsing": "not_a_datetime",
    "datetime_object_invalid": "not_a_datetime",
    "timezone_aware": "not_a_datetime",
    "enum": "not_a_choice",
    "literal_error": "not_a_choice",
    "list_type": "not_a_list",
    "dict_type": "not_an_object",
    "model_type": "not_an_object",
    "model_attributes_type": "not_an_object",
    "too_long": "too_many",
    "too_short": "too_few",
    "finite_number": "not_finite",
}


class _NotFinite:
    """Where the body said NaN, Infinity, or a number too large for a float."""


class _TooManyDigits:
    """Where the body held an integer longer than any column."""


def _parse_constant(name: str) -> _NotFinite:
    return _NotFinite()


def _parse_float(text: str) -> float | _NotFinite:
    value = float(text)
    return value if value not in (float("inf"), float("-inf")) else _NotFinite()


def _parse_int(text: str) -> int | _TooManyDigits:
    return int(text) if len(text.lstrip("-")) <= MAX_DIGITS else _TooManyDigits()


def _problems(value: Any, path: tuple[str | int, ...]) -> Iterator[dict[str, Any]]:
    """Each value of the decoded body that no schema may accept, with where it is."""
    if isinstance(value, _NotFinite):
        yield {"type": "not_finite", "loc": path}
    elif isinstance(value, _TooManyDigits):
        yield {"type": "out_of_range", "loc": path, "minimum": "-2⁶³", "maximum": "2⁶³ - 1"}
    elif isinstance(value, str):
        # Only what is wrong whatever the field: control characters and length are the
        # field's business (a note may have several lines).
        problem = text_problem(value, multiline=True)
        if problem is not None and problem[0] == "lone_surrogate":
            yield {"type": problem[0], "loc": path, **problem[1]}
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _problems(key, (*path, key, "[key]"))  # as pydantic names a key
            yield from _problems(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _problems(item, (*path, index))


def refusal(problems: list[dict[str, Any]]) -> ValidationError:
    """A 422 for `problems` (each with `type`, `loc` and the parameters of its message)."""
    return ValidationError(problems)


class GuardedParser(Parser):
    """Reads a body as strict UTF-8 JSON and a query string as UTF-8 (see the module)."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        try:
            # utf-8-sig: a byte order mark some Windows tools write is not an error.
            text = request.body.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise refusal([{"type": "invalid_encoding", "loc": ("body",)}]) from error
        data = json.loads(
            text, parse_constant=_parse_constant, parse_float=_parse_float, parse_int=_parse_int
        )
        problems = list(_problems(data, ("body",)))
        if problems:
            raise refusal(problems)
        return cast(dict[str, Any], data)

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        if data is request.GET:
            raw = request.META.get("QUERY_STRING", "")
            broken = _names_not_utf8(raw)
            if broken:
                raise refusal(
                    [{"type": "invalid_encoding", "loc": ("query", name)} for name in broken]
                )
        return super().parse_querydict(data, list_fields, request)


def _names_not_utf8(query_string: str) -> list[str]:
    """The parameters of `query_string` (as the server received it) that are not UTF-8."""
    # WSGI hands the query string over as Latin-1 text: its characters are the bytes sent.
    raw = query_string.encode("iso-8859-1", "replace")
    broken = []
    for pair in raw.replace(b";", b"&").split(b"&"):
        name, _equals, value = pair.partition(b"=")
        try:
            for part in (name, value):
                urllib.parse.unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            broken.append(urllib.parse.unquote(name.decode("ascii", "replace"), errors="replace"))
    return broken


# --- explaining a refusal ------------------------------------------------------------------


def _plain(part: Any) -> Any:
    # A key of the body is the client's text: shown only when it is plain.
    if isinstance(part, int):
        return part
    return str(part) if text_problem(str(part)) is None and len(str(part)) <= 100 else "?"


def field_label(loc: tuple[Any, ...] | list[Any], *, source_and_param: int) -> str:
    """The field a `loc` points at, as a client names it: `operations.0.barcode`; empty for
    the body as a whole."""
    return ".".join(str(_plain(part)) for part in list(loc)[source_and_param:])


def explain(error: dict[str, Any]) -> dict[str, Any]:
    """One entry of a 422's detail: a stable `type`, the `field`, and `msg` in Vietnamese."""
    loc = tuple(error.get("loc", ()))
    code = str(error.get("type", "invalid_value"))
    ctx = error.get("ctx") or {}
    if code.startswith(DOMAIN_PREFIX):
        # A rule of the domain checked on a field (domain_error): its code and its message,
        # already in the request's language.
        label = field_label(loc, source_and_param=2 if loc and loc[0] == "body" else 1)
        return {
            "type": code.removeprefix(DOMAIN_PREFIX),
            "loc": [_plain(part) for part in loc],
            "field": label,
            "msg": str(error.get("msg", "")),
        }
    # pydantic's too_long and too_short are about lists and maps (with a field_type); the
    # text types of core/schemas.py raise InputRefused's own too_long.
    if code not in ("too_long", "too_short") or "field_type" in ctx:
        code = PYDANTIC_TYPES.get(code, code)
    if code not in InputRefused.messages:
        code = "invalid_value"
    # ninja puts the body's parameter name after "body" ("body", "data", "name"); a problem
    # found while reading the body (by GuardedParser, without pydantic's "msg") has none.
    source = loc[0] if loc else "body"
    skip = 2 if source == "body" and "msg" in error else 1
    label = field_label(loc, source_and_param=skip)
    params: dict[str, Any] = {
        name: value for name, value in error.items() if name not in {"type", "loc", "msg", "ctx"}
    }
    params.update(_context(ctx))
    message = InputRefused(code, field=label or gettext("the request body"), **params).message
    return {"type": code, "loc": [_plain(part) for part in loc], "field": label, "msg": message}


def _context(ctx: dict[str, Any]) -> dict[str, Any]:
    """The parameters of a message from pydantic's context of an error (`max_length` of a
    list, `expected` choices, the parameters of InputRefused raised by core/schemas.py)."""
    return {name: value if isinstance(value, int) else str(value) for name, value in ctx.items()}
