"""The base of every form of the staff pages and the public catalogue.

`LibnetForm` gives each field the rules of core/inputs.py, so no form can forget them:

- a text field refuses control characters, broken characters and U+FFFD (what a browser
  sends as UTF-8 and Django decoded with replacement), and line breaks unless it is a
  textarea; one without a `max_length` gets TEXT_MAX_LENGTH (one line) or
  MULTILINE_MAX_LENGTH (textarea): a long value is refused next to the field, never cut;
- text is compared and measured in NFC, the form libnet stores (a name typed in decomposed
  Unicode is not longer than the same name composed);
- a whole-number field without bounds gets those of a 32-bit column.

Each refusal is the field's error, in Vietnamese, naming the field and the reason.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
    ProhibitNullCharactersValidator,
)
from django.http import QueryDict
from django.utils.text import capfirst

from libnet.core.inputs import (
    INT32_MAX,
    MULTILINE_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    InputRefused,
    check_text,
)


class TextValidator:
    """Refuses, with the field's label in the message, what core.inputs.check_text refuses."""

    def __init__(self, *, label: str, max_length: int, multiline: bool) -> None:
        self.label = label
        self.max_length = max_length
        self.multiline = multiline

    def __call__(self, value: Any) -> None:
        if not isinstance(value, str):
            return
        try:
            check_text(
                value, field=self.label, max_length=self.max_length, multiline=self.multiline
            )
        except InputRefused as error:
            raise ValidationError(error.message, code=error.code) from None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TextValidator) and vars(self) == vars(other)

    def __hash__(self) -> int:
        return hash((self.label, self.max_length, self.multiline))


class CheckedIntegerField(forms.IntegerField):
    """A whole number whose form checks its range itself, in a `clean_<name>` that says the
    domain's rule (a price "from 0 to 10.000.000.000 đồng"): the base adds no bound of its
    own, which would speak first and of a 32-bit column."""


def _is_text(field: forms.Field) -> bool:
    return isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput)


def apply_input_rules(field: forms.Field, *, name: str) -> None:
    """Give `field` the rules of core/inputs.py (see the module)."""
    label = capfirst(str(field.label or name))
    if isinstance(field, forms.CharField):
        multiline = isinstance(field.widget, forms.Textarea)
        if field.max_length is None:
            field.max_length = MULTILINE_MAX_LENGTH if multiline else TEXT_MAX_LENGTH
            if isinstance(field.widget, forms.TextInput | forms.Textarea):
                field.widget.attrs.setdefault("maxlength", str(field.max_length))
        # Django's own checks of length and NUL say neither the field nor, for NUL, anything
        # in Vietnamese; this one says both, and measures the text in NFC.
        field.validators = [
            validator
            for validator in field.validators
            if not isinstance(validator, MaxLengthValidator | ProhibitNullCharactersValidator)
        ]
        field.validators.append(
            TextValidator(label=label, max_length=field.max_length, multiline=multiline)
        )
    elif isinstance(field, forms.IntegerField) and not isinstance(field, CheckedIntegerField):
        if field.max_value is None:
            field.max_value = INT32_MAX
            field.validators.append(MaxValueValidator(INT32_MAX))
        if field.min_value is None:
            field.min_value = -INT32_MAX - 1
            field.validators.append(MinValueValidator(-INT32_MAX - 1))


class LibnetForm(forms.Form):
    """The base of libnet's forms (see the module)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            apply_input_rules(field, name=name)
        if self.is_bound:
            self.data = self._composed(self.data)

    def _composed(self, data: Any) -> Any:
        """`data` with the values of its text fields in NFC."""
        names = [self.add_prefix(name) for name, field in self.fields.items() if _is_text(field)]
        if isinstance(data, QueryDict):
            composed = data.copy()
            for name in names:
                if name in composed:
                    composed.setlist(name, [_nfc(value) for value in composed.getlist(name)])
            return composed
        if isinstance(data, dict):
            return {key: _nfc(value) if key in names else value for key, value in data.items()}
        return data


def _nfc(value: Any) -> Any:
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value
