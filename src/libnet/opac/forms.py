"""The search form of the public catalogue: a query string becomes a SearchRequest."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from libnet.core.forms import LibnetForm
from libnet.core.inputs import PAGE_MAX, YEAR_MAX, YEAR_MIN
from libnet.network.models import LibraryKind

SORT_CHOICES = [
    ("relevance", _("Best match")),
    ("title", _("Title A–Z")),
    ("year", _("Year of publication")),
    ("newest", _("Newest in the library")),
]
MAX_LIBRARY_FILTERS = 20
# Facet links and hand-typed addresses both arrive here: a page far past the last is clamped
# by the engine, and a page number this large is a mistake, not a reader.
MAX_PAGE = PAGE_MAX


class SearchForm(LibnetForm):
    """Every filter of the search page; all optional, so an empty form means "browse"."""

    q = forms.CharField(label=_("Search the catalogue"), required=False, max_length=500)
    kind = forms.ChoiceField(
        label=_("Kind of library"), required=False, choices=[("", ""), *LibraryKind.choices]
    )
    year_from = forms.IntegerField(
        label=_("Published from"), required=False, min_value=YEAR_MIN, max_value=YEAR_MAX
    )
    year_to = forms.IntegerField(
        label=_("Published until"), required=False, min_value=YEAR_MIN, max_value=YEAR_MAX
    )
    language = forms.CharField(label=_("Language"), required=False, max_length=3)
    type = forms.CharField(label=_("Type"), required=False, max_length=20)
    subject = forms.CharField(label=_("Subject"), required=False, max_length=300)
    available = forms.BooleanField(label=_("Only books on the shelf now"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, data: QueryDict, *args: Any, **kwargs: Any) -> None:
        super().__init__(data, *args, **kwargs)
        self.library_codes = tuple(
            dict.fromkeys(code.strip()[:32] for code in data.getlist("library") if code.strip())
        )[:MAX_LIBRARY_FILTERS]
        try:
            page = int(data.get("page", "1"))
        except ValueError:
            page = 1
        self.page = min(max(page, 1), MAX_PAGE)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        year_from, year_to = cleaned.get("year_from"), cleaned.get("year_to")
        if year_from and year_to and year_from > year_to:
            self.add_error("year_to", _("The end year cannot come before the start year."))
        return cleaned

    def has_criteria(self) -> bool:
        """Whether the reader asked for anything: words, or at least one filter."""
        if not self.is_valid():
            return True
        data = self.cleaned_data
        return bool(
            self.library_codes
            or any(data.get(name) for name in ("q", "kind", "language", "type", "subject"))
            or data.get("year_from")
            or data.get("year_to")
            or data.get("available")
            or data.get("sort") == "newest"
        )


class ReaderSignInForm(LibnetForm):
    """A reader signs in to the catalogue with the card number and the PIN given at the desk."""

    card_number = forms.CharField(
        label=_("Card number"),
        max_length=32,
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "characters"}),
    )
    pin = forms.CharField(
        label=_("PIN"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class PlaceHoldForm(LibnetForm):
    """Where a signed-in reader wants to collect a title."""

    pickup_library = forms.ChoiceField(label=_("Collect at"))

    def __init__(self, *args: Any, pickup_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pickup_library"].choices = pickup_choices  # type: ignore[attr-defined]  # ChoiceField
