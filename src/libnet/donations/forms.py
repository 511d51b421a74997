"""Forms of the donation pages: plain Django forms, validated here, acted on by services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from libnet.catalog.models import MAX_PRICE_VND
from libnet.core.forms import LibnetForm
from libnet.donations.models import (
    MAX_COPIES_PER_LINE,
    MAX_GOAL_BOOKS,
    Condition,
    Donor,
    DonorKind,
    Drive,
)
from libnet.network.models import Library

# Title rows offered on the page for one donation; a drive's big delivery is entered in
# several donations, or through the API.
LINE_ROWS = 6


class DateInput(forms.DateInput):
    input_type = "date"


class LibraryChoice(forms.ModelChoiceField):  # type: ignore[type-arg]  # the stubs want the model, the field takes any queryset
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.code})"


class DonorForm(LibnetForm):
    library = LibraryChoice(
        label=_("Library"), queryset=Library.objects.none(), to_field_name="code"
    )
    kind = forms.ChoiceField(label=_("Kind of donor"), choices=DonorKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    contact = forms.CharField(
        label=_("Contact"),
        max_length=300,
        required=False,
        help_text=_("Phone, address or e-mail. Seen only by the staff of this library."),
    )
    school_class = forms.CharField(label=_("Class or school"), max_length=200, required=False)

    def __init__(self, *args: Any, libraries: QuerySet[Library], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["library"].queryset = libraries  # type: ignore[attr-defined]  # a ModelChoiceField


class DriveForm(LibnetForm):
    library = LibraryChoice(
        label=_("Library"), queryset=Library.objects.none(), to_field_name="code"
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput())
    goal_books = forms.IntegerField(label=_("Goal in books"), min_value=1, max_value=MAX_GOAL_BOOKS)
    goal_vnd = forms.IntegerField(
        label=_("Goal in money (đồng)"), min_value=0, max_value=MAX_PRICE_VND, required=False
    )
    covers_subtree = forms.BooleanField(
        label=_("The libraries below take part"),
        required=False,
        help_text=_(
            "Commune, bookcase and branch libraries below this one record donations for it."
        ),
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args: Any, libraries: QuerySet[Library], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["library"].queryset = libraries  # type: ignore[attr-defined]  # a ModelChoiceField


class DonorChoice(forms.ModelChoiceField):  # type: ignore[type-arg]  # the stubs want the model, the field takes any queryset
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} — {obj.get_kind_display()} ({obj.library.code})"


class DriveChoice(forms.ModelChoiceField):  # type: ignore[type-arg]  # the stubs want the model, the field takes any queryset
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} ({obj.starts_on:%d/%m/%Y} – {obj.ends_on:%d/%m/%Y})"


class DonationForm(LibnetForm):
    library = LibraryChoice(
        label=_("Library"), queryset=Library.objects.none(), to_field_name="code"
    )
    donor = DonorChoice(label=_("Donor"), queryset=Donor.objects.none())
    drive = DriveChoice(label=_("Drive"), queryset=Drive.objects.none(), required=False)
    received_on = forms.DateField(label=_("Received on"), widget=DateInput())
    money_vnd = forms.IntegerField(
        label=_("Money given (đồng)"), min_value=0, max_value=MAX_PRICE_VND, required=False
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(
        self,
        *args: Any,
        libraries: QuerySet[Library],
        donors: QuerySet[Donor],
        drives: QuerySet[Drive],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["library"].queryset = libraries  # type: ignore[attr-defined]  # a ModelChoiceField
        self.fields["donor"].queryset = donors.select_related("library")  # type: ignore[attr-defined]  # a ModelChoiceField
        self.fields["drive"].queryset = drives  # type: ignore[attr-defined]  # a ModelChoiceField


class LineForm(LibnetForm):
    title = forms.CharField(label=_("Title"), max_length=500, required=False)
    isbn = forms.CharField(label=_("ISBN"), max_length=20, required=False)
    copies = forms.IntegerField(
        label=_("Copies"), min_value=1, max_value=MAX_COPIES_PER_LINE, required=False
    )
    value_vnd = forms.IntegerField(
        label=_("Estimated value (đồng)"), min_value=0, max_value=MAX_PRICE_VND, required=False
    )
    condition = forms.ChoiceField(
        label=_("Condition"), choices=Condition.choices, initial=Condition.GOOD
    )

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not (data.get("title") or data.get("isbn") or data.get("copies"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("title") or data.get("isbn")) and not data.get("copies"):
            self.add_error("copies", _("Give the number of copies."))
        return data


LineFormSet = forms.formset_factory(LineForm, extra=LINE_ROWS, max_num=LINE_ROWS)


class CatalogueForm(LibnetForm):
    copies = forms.IntegerField(
        label=_("Copies to catalogue"), min_value=1, max_value=MAX_COPIES_PER_LINE
    )
    record = forms.IntegerField(
        label=_("Catalogue record number"),
        min_value=1,
        required=False,
        help_text=_(
            "Needed when the title has no record yet: the number shown on the record's page."
        ),
    )


class PassOnForm(LibnetForm):
    destination = LibraryChoice(
        label=_("Given to"), queryset=Library.objects.none(), to_field_name="code"
    )
    given_on = forms.DateField(label=_("Given on"), widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(
        self, *args: Any, destinations: QuerySet[Library], lines: list[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["destination"].queryset = destinations  # type: ignore[attr-defined]  # a ModelChoiceField
        self.line_fields = []
        for line in lines:
            name = f"line_{line.pk}"
            self.fields[name] = forms.IntegerField(
                label=line.title,
                min_value=0,
                max_value=MAX_COPIES_PER_LINE,
                required=False,
                help_text=_("%(count)s copies left") % {"count": line.remaining},
            )
            self.line_fields.append((line, name))

    def chosen_lines(self) -> list[tuple[Any, int]]:
        return [(line, self.cleaned_data.get(name) or 0) for line, name in self.line_fields]
