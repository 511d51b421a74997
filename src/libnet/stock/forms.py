"""Forms of the stocktake pages: plain Django forms, validated here, acted on by services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from libnet.catalog.models import ShelfLocation
from libnet.core.forms import CheckedIntegerField, LibnetForm
from libnet.network.models import Library
from libnet.stock.models import CompensationKind, StocktakeReason

# The largest scanner file read: about a million barcodes.
MAX_FILE_MB = 20


class LocationChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]  # the stubs want the model, the field takes any queryset
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.library.name} — {obj.name}"


class StocktakeForm(LibnetForm):
    library = forms.ModelChoiceField(
        label=_("Library"), queryset=Library.objects.none(), to_field_name="code"
    )
    reason = forms.ChoiceField(label=_("Reason"), choices=StocktakeReason.choices)
    locations = LocationChoice(
        label=_("Shelf locations"),
        queryset=ShelfLocation.objects.none(),
        required=False,
        help_text=_("None chosen and no call-number range: the whole library is counted."),
    )
    call_number_from = forms.CharField(label=_("Call numbers from"), max_length=100, required=False)
    call_number_to = forms.CharField(label=_("Call numbers to"), max_length=100, required=False)
    committee = forms.CharField(
        label=_("Committee"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("One member a line: full name, a comma, then the role (e.g. Trưởng ban)."),
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args: Any, libraries: QuerySet[Library], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["library"].queryset = libraries  # type: ignore[attr-defined]  # a ModelChoiceField
        self.fields["locations"].queryset = (  # type: ignore[attr-defined]  # a ModelChoiceField
            ShelfLocation.objects.filter(library__in=libraries)
            .select_related("library")
            .order_by("library__sort_key", "library__code", "code")
        )

    def clean_committee(self) -> list[tuple[str, str]]:
        members = []
        for line in self.cleaned_data["committee"].splitlines():
            if not line.strip():
                continue
            name, _comma, role = line.partition(",")
            members.append((name.strip(), role.strip()))
        return members


class ScanForm(LibnetForm):
    barcode = forms.CharField(label=_("Barcode"), max_length=64)
    location = forms.ModelChoiceField(
        label=_("Shelf being counted"), queryset=ShelfLocation.objects.none(), required=False
    )

    def __init__(self, *args: Any, library: Library, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = ShelfLocation.objects.filter(library=library)  # type: ignore[attr-defined]  # a ModelChoiceField
        self.fields["location"].empty_label = _("Not said")  # type: ignore[attr-defined]  # a ModelChoiceField


class UploadForm(ScanForm):
    barcode = None  # type: ignore[assignment]  # the file takes its place
    file = forms.FileField(
        label=_("Scanner file"),
        help_text=_(
            "A text file, one barcode a line; a timestamp column after a tab, comma or semicolon is read too."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_MB * 1024 * 1024:
            raise ValidationError(
                _("The file is larger than %(size)s MB. Split it and send each part."),
                params={"size": MAX_FILE_MB},
            )
        return upload


class CompensationForm(LibnetForm):
    """How the reader of a lost loan settles it: a replacement copy, or a payment."""

    kind = forms.ChoiceField(
        label=_("The reader"), choices=CompensationKind.choices, widget=forms.RadioSelect
    )
    receipt_number = forms.CharField(
        label=_("Receipt number"),
        max_length=100,
        required=False,
        help_text=_("Needed for a payment; for a replacement it is the batch's document number."),
    )
    amount_vnd = CheckedIntegerField(
        label=_("Amount paid (VND)"),
        required=False,
        min_value=1,
        help_text=_("Leave it empty to take the amount the library's rule gives."),
    )
    replacement_record = CheckedIntegerField(
        label=_("Record number of an equivalent title"),
        required=False,
        min_value=1,
        help_text=_("Leave it empty when the reader brings a copy of the same title."),
    )
    replacement_barcode = forms.CharField(
        label=_("Barcode of the replacement copy"),
        max_length=64,
        required=False,
        help_text=_("Leave it empty to have one generated."),
    )
    replacement_price_vnd = CheckedIntegerField(
        label=_("Price of the replacement copy (VND)"),
        required=False,
        min_value=0,
        help_text=_("Leave it empty to keep the lost copy's price."),
    )
