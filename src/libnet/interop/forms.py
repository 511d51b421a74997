"""The MARC upload form: which file, into which library, and what to do with duplicates."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from libnet.core.forms import LibnetForm
from libnet.network import access as network_access
from libnet.network.access import User
from libnet.network.models import Library

DUPLICATE_CHOICES = [
    ("skip", _("Skip: keep the record already in the catalogue")),
    ("replace", _("Replace: the file's record replaces it")),
    ("merge", _("Merge: add the fields the catalogue record lacks")),
]
HOLDINGS_CHOICES = [
    ("auto", _("Detect (852, 949 or 952)")),
    ("852", _("852 (MARC 21 holdings)")),
    ("949", _("949 (Evergreen, Sirsi)")),
    ("952", _("952 (Koha)")),
    ("none", _("None: import records only")),
]


class MarcUploadForm(LibnetForm):
    """A MARC file to import into one of the libraries where the user catalogues."""

    file = forms.FileField(
        label=_("MARC file"),
        help_text=_(
            "ISO 2709 (.mrc) or MARCXML (.xml), MARC-8 or UTF-8: the importer detects which."
        ),
    )
    library: forms.ModelChoiceField[Library] = forms.ModelChoiceField(
        label=_("Import into library"), queryset=None, empty_label=None
    )
    on_duplicate = forms.ChoiceField(
        label=_("When a record is already in the catalogue"),
        choices=DUPLICATE_CHOICES,
        initial="skip",
        widget=forms.RadioSelect,
        help_text=_(
            "Records are shared by the whole network: replace and merge change only the records your library created (the provincial library's cataloguers may change any). Other records are kept as they are, listed in the report, and still get the file's copies."
        ),
    )
    holdings = forms.ChoiceField(
        label=_("Copies (holdings) are in"), choices=HOLDINGS_CHOICES, initial="auto"
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["library"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            network_access.visible_libraries(user, "catalog")
            .filter(runs_libnet=True)
            .order_by("sort_key", "code")
        )
        # The user's own library, not the first one their role covers in alphabetical order.
        own = network_access.own_library(user, "catalog")
        if own is not None and field.queryset.filter(pk=own.pk).exists():
            field.initial = own.pk

    def library_choices_exist(self) -> bool:
        field = self.fields["library"]
        assert isinstance(field, forms.ModelChoiceField)
        return field.queryset is not None and field.queryset.exists()

    def importer_options(self) -> dict[str, str]:
        return {
            "on_duplicate": self.cleaned_data["on_duplicate"],
            "holdings": self.cleaned_data["holdings"],
        }
