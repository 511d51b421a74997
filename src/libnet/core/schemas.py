"""Bounded field types for the JSON API's input: every string and number that crosses it.

The rules are those of core/inputs.py; these types apply them to a pydantic field:

    class VisitsIn(InputSchema):
        library: Identifier
        date: Date
        count: Annotated[int, IntRange(0, HAND_COUNT_MAX)]
        note: Annotated[str, TextRules(max_length=300)] = ""

- `Text`, `LongText`, `Identifier` or `Annotated[str, TextRules(...)]` for every string;
- `Annotated[int, IntRange(...)]` (or `Id`, `Count`…) for every whole number of a JSON body:
  `true` is not 1, 1.5 and "15" are not numbers there; `IdParam`, `PageParam` and
  `IntRange(..., from_text=True)` for path and query parameters, which arrive as text;
- `Flag` (true or false, nothing else) for a boolean of a body; `Date` and `DateTime` take
  ISO 8601 text only (a number is not a date), and a moment has its time zone and can be
  written in UTC.

A refusal is a pydantic error whose type is a code of `InputRefused`; the API turns it into
a 422 naming the field, in Vietnamese (libnet/api/api.py). tests/api/test_input_types.py
checks that every input field of every endpoint uses these types.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any

from django.db import models
from ninja import Schema
from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from libnet.core.errors import LibnetError
from libnet.core.inputs import (
    HAND_COUNT_MAX,
    ID_MAX,
    IDENTIFIER_MAX_LENGTH,
    MULTILINE_MAX_LENGTH,
    PAGE_MAX,
    TEXT_MAX_LENGTH,
    InputRefused,
    check_int,
    check_text,
)

# The type of a field's error that carries a domain's refusal (api/guard.py keeps its message).
DOMAIN_PREFIX = "libnet:"


def domain_error(refusal: LibnetError) -> PydanticCustomError:
    """A domain's refusal (a price out of range, a date before 1900) to raise from a schema's
    field validator: it becomes the field's entry of the 422, with its own code and message."""
    return PydanticCustomError(DOMAIN_PREFIX + refusal.code, refusal.message.replace("{", "("))


def _pydantic_error(error: InputRefused) -> PydanticCustomError:
    params = {name: value for name, value in error.params.items() if name != "field"}
    return PydanticCustomError(error.code, error.code, params)


@dataclass(frozen=True)
class TextRules:
    """A string of at most `max_length` characters (NFC), on one line unless `multiline`."""

    max_length: int = TEXT_MAX_LENGTH
    multiline: bool = False

    @classmethod
    def column(cls, model: type[models.Model], name: str, *, multiline: bool = False) -> TextRules:
        """The rules of a value stored in `model.name`: as long as the column, no longer."""
        max_length = model._meta.get_field(name).max_length  # type: ignore[union-attr]  # a concrete field
        return cls(max_length=max_length or MULTILINE_MAX_LENGTH, multiline=multiline)

    def validate(self, value: str) -> str:
        try:
            return check_text(value, field="", max_length=self.max_length, multiline=self.multiline)
        except InputRefused as error:
            raise _pydantic_error(error) from None

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self.validate, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema["maxLength"] = self.max_length
        return json_schema


@dataclass(frozen=True)
class IntRange:
    """A whole number from `minimum` to `maximum`. In a JSON body only a JSON integer is one;
    with `from_text` (path and query parameters) a string of digits is read too."""

    minimum: int
    maximum: int
    from_text: bool = False

    def validate(self, value: Any) -> int:
        if isinstance(value, str) and not self.from_text:
            raise PydanticCustomError("not_an_integer", "not_an_integer")
        try:
            return check_int(value, field="", minimum=self.minimum, maximum=self.maximum)
        except InputRefused as error:
            raise _pydantic_error(error) from None

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(self.validate)

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}


def _iso_text_only(code: str) -> BeforeValidator:
    # pydantic would read 1700000000 as a date (seconds since 1970): a number is a mistake here.
    def validate(value: Any) -> Any:
        if not isinstance(value, str | dt.date):
            raise PydanticCustomError(code, code)
        return value

    return BeforeValidator(validate)


def _storable_moment(value: dt.datetime) -> dt.datetime:
    # A moment without its zone is ambiguous; 0001-01-01T00:00+14:00 is before the first
    # moment UTC can write, and the database stores UTC.
    try:
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError
        value.astimezone(dt.UTC)
    except (ValueError, OverflowError):
        raise PydanticCustomError("not_a_datetime", "not_a_datetime") from None
    return value


def _boolean_only(value: Any) -> Any:
    if not isinstance(value, bool):
        raise PydanticCustomError("not_a_boolean", "not_a_boolean")
    return value


Text = Annotated[str, TextRules()]
LongText = Annotated[str, TextRules(max_length=MULTILINE_MAX_LENGTH, multiline=True)]
Identifier = Annotated[str, TextRules(max_length=IDENTIFIER_MAX_LENGTH)]
# The code of a choice (a category, an item type, an action): the service says which exist.
Code = Annotated[str, TextRules(max_length=32)]
Id = Annotated[int, IntRange(1, ID_MAX)]
IdParam = Annotated[int, IntRange(1, ID_MAX, from_text=True)]
Count = Annotated[int, IntRange(0, HAND_COUNT_MAX)]
PageParam = Annotated[int, IntRange(1, PAGE_MAX, from_text=True)]
Flag = Annotated[bool, BeforeValidator(_boolean_only)]
Date = Annotated[dt.date, _iso_text_only("not_a_date")]
DateTime = Annotated[
    dt.datetime, _iso_text_only("not_a_datetime"), AfterValidator(_storable_moment)
]


class InputSchema(Schema):
    """The base of every schema the API reads from a request (the `…In` schemas)."""

    model_config = ConfigDict(allow_inf_nan=False)
