"""The copy cataloguing forms: what to search where, and which record to import."""

from __future__ import annotations

import json
from typing import Any

import pymarc
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from libnet.catalog import marc as catalog_marc
from libnet.core.forms import LibnetForm
from libnet.interop.copycat import query, services
from libnet.network import access as network_access
from libnet.network.access import User
from libnet.network.models import Library

FIELD_CHOICES = [
    ("isbn", _("ISBN")),
    ("title", _("Title")),
    ("author", _("Author")),
]
# A MARC record of 99,999 bytes (ISO 2709's limit) as MARC-in-JSON, with room to spare.
MAX_RECORD_JSON = 400_000


def _catalog_libraries(user: User) -> Any:
    return (
        network_access.visible_libraries(user, "catalog")
        .filter(runs_libnet=True)
        .order_by("sort_key", "code")
    )


class _LibraryForm(LibnetForm):
    library: forms.ModelChoiceField[Library] = forms.ModelChoiceField(
        label=_("Catalogue for library"), queryset=None, empty_label=None
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["library"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = _catalog_libraries(user)
        own = network_access.own_library(user, "catalog")
        if own is not None and field.queryset.filter(pk=own.pk).exists():
            field.initial = own.pk

    @property
    def has_one_library(self) -> bool:
        field = self.fields["library"]
        assert isinstance(field, forms.ModelChoiceField)
        return field.queryset is not None and field.queryset.count() == 1


class CopySearchForm(_LibraryForm):
    """Search one enabled target, over one of the protocols it offers."""

    target = forms.ChoiceField(label=_("Catalogue to search"))
    field = forms.ChoiceField(label=_("Search by"), choices=FIELD_CHOICES, initial="isbn")
    term = forms.CharField(
        label=_("Search for"),
        max_length=query.MAX_TERM_LENGTH,
        help_text=_("An ISBN (with or without hyphens), words of the title, or the author's name."),
    )

    field_order = ["target", "field", "term", "library"]

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        # A search link without a library catalogues for the user's own.
        self.fields["library"].required = False
        target_field = self.fields["target"]
        assert isinstance(target_field, forms.ChoiceField)
        target_field.choices = [
            (f"{target.pk}:{protocol}", f"{target.name} — {services.PROTOCOL_NAMES[protocol]}")
            for target in services.enabled_targets()
            for protocol in services.PROTOCOLS
            if (target.offers_z3950 if protocol == "z3950" else target.offers_sru)
        ]

    @property
    def has_targets(self) -> bool:
        target_field = self.fields["target"]
        assert isinstance(target_field, forms.ChoiceField)
        return bool(target_field.choices)

    def clean_library(self) -> Library | None:
        library: Library | None = self.cleaned_data.get("library")
        if library is None:
            field = self.fields["library"]
            assert isinstance(field, forms.ModelChoiceField)
            if field.initial is not None:
                return field.queryset.filter(pk=field.initial).first()  # type: ignore[union-attr]  # the queryset is set in __init__
        return library

    def target_and_protocol(self) -> tuple[str, str]:
        target_id, _separator, protocol = self.cleaned_data["target"].partition(":")
        return target_id, protocol


class CopyImportForm(_LibraryForm):
    """One record of a search's answer, sent back to be imported."""

    record = forms.CharField(widget=forms.HiddenInput, max_length=MAX_RECORD_JSON)
    target = forms.CharField(widget=forms.HiddenInput, max_length=300, required=False)
    allow_duplicate = forms.BooleanField(widget=forms.HiddenInput, required=False)

    def clean_record(self) -> pymarc.Record:
        try:
            data = json.loads(self.cleaned_data["record"])
            if not isinstance(data, dict) or not isinstance(data.get("fields"), list):
                raise ValueError("not MARC-in-JSON")
            return catalog_marc.record_from_json(data)
        except (
            ValueError,
            TypeError,
            AttributeError,
            KeyError,
            pymarc.exceptions.PymarcException,  # a leader that is not 24 characters
        ) as error:
            raise ValidationError(
                _("The record sent is not MARC-in-JSON: search again and import it from the list.")
            ) from error
