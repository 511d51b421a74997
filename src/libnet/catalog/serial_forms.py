"""Forms of the serials pages: plain Django forms, acted on by catalog.services.serials."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from libnet.catalog.forms import DateInput
from libnet.catalog.models import (
    MAX_ACCESSION_SEQUENCE,
    MAX_GRACE_DAYS,
    MAX_PRICE_VND,
    MAX_SERIAL_COPIES,
    SerialFrequency,
    SerialTitle,
    ShelfLocation,
)
from libnet.core.forms import LibnetForm
from libnet.network.models import Library

WEEKDAYS = (
    ("", _("The weekday of the first day")),
    ("0", _("Monday")),
    ("1", _("Tuesday")),
    ("2", _("Wednesday")),
    ("3", _("Thursday")),
    ("4", _("Friday")),
    ("5", _("Saturday")),
    ("6", _("Sunday")),
)


class SerialTitleChoice(forms.ModelChoiceField):  # type: ignore[type-arg]  # the stubs want the model, the field takes any queryset
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.bib.title} ({obj.issn})" if obj.issn else obj.bib.title


class ShelfChoice(forms.ModelChoiceField):  # type: ignore[type-arg]  # the stubs want the model, the field takes any queryset
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.library.name} — {obj.name}"


class SerialTitleForm(LibnetForm):
    title = forms.CharField(label=_("Title"), max_length=500)
    issn = forms.CharField(
        label=_("ISSN"), max_length=20, required=False, help_text=_("e.g. 0866-7020")
    )
    frequency = forms.ChoiceField(label=_("Frequency"), choices=SerialFrequency.choices)
    publisher = forms.CharField(label=_("Publisher"), max_length=300, required=False)
    is_popular = forms.BooleanField(
        label=_("Popular newspaper or magazine"),
        required=False,
        initial=True,
        help_text=_("Popular serials may be weeded two years after publication (TT 02/2020)."),
    )


class _SubscriptionFields(LibnetForm):
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(label=_("To"), widget=DateInput())
    copies = forms.IntegerField(
        label=_("Copies of each issue"), min_value=1, max_value=MAX_SERIAL_COPIES, initial=1
    )
    shelf_location = ShelfChoice(
        label=_("Shelved at"), queryset=ShelfLocation.objects.none(), required=False
    )
    supplier = forms.CharField(label=_("Supplier"), max_length=300, required=False)
    price_vnd = forms.IntegerField(
        label=_("Price (VND)"), min_value=0, max_value=MAX_PRICE_VND, required=False
    )
    weekday = forms.TypedChoiceField(
        label=_("Weekday of a weekly"),
        choices=WEEKDAYS,
        coerce=int,
        empty_value=None,
        required=False,
    )
    first_number = forms.IntegerField(
        label=_("Number of the first issue"),
        min_value=1,
        max_value=MAX_ACCESSION_SEQUENCE,
        initial=1,
    )
    volume = forms.CharField(label=_("Volume"), max_length=40, required=False)
    grace_days = forms.IntegerField(
        label=_("Days of grace before a claim"), min_value=0, max_value=MAX_GRACE_DAYS, initial=7
    )
    barcode_issues = forms.BooleanField(
        label=_("Add each issue received as copies with barcodes"),
        required=False,
        help_text=_("For issues lent like books; otherwise issues are only counted."),
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, libraries: QuerySet[Library], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["shelf_location"].queryset = (  # type: ignore[attr-defined]  # a ModelChoiceField
            ShelfLocation.objects.filter(library__in=libraries)
            .select_related("library")
            .order_by("library__sort_key", "code")
        )


class SubscriptionForm(_SubscriptionFields):
    library = forms.ModelChoiceField(
        label=_("Library"), queryset=Library.objects.none(), to_field_name="code"
    )
    title = SerialTitleChoice(label=_("Serial"), queryset=SerialTitle.objects.none())

    field_order = ("library", "title")

    def __init__(self, *args: Any, libraries: QuerySet[Library], **kwargs: Any) -> None:
        super().__init__(*args, libraries=libraries, **kwargs)
        self.fields["library"].queryset = libraries  # type: ignore[attr-defined]  # a ModelChoiceField
        self.fields["title"].queryset = SerialTitle.objects.select_related("bib").order_by(  # type: ignore[attr-defined]  # a ModelChoiceField
            "bib__title_sort_key"
        )


class SubscriptionEditForm(_SubscriptionFields):
    pass


class ScanForm(LibnetForm):
    library = forms.ModelChoiceField(
        label=_("Library"), queryset=Library.objects.none(), to_field_name="code"
    )
    code = forms.CharField(
        label=_("ISSN or barcode"),
        max_length=40,
        help_text=_("Scan the barcode on the cover (977…) or type the ISSN."),
    )
    issue = forms.CharField(
        label=_("Issue"),
        max_length=20,
        required=False,
        help_text=_("Its number or date (dd/mm/yyyy); empty: the oldest one still expected."),
    )
    copies = forms.IntegerField(
        label=_("Number of copies"),
        min_value=1,
        max_value=MAX_SERIAL_COPIES,
        required=False,
        help_text=_("Empty: the copies of the subscription."),
    )

    def __init__(self, *args: Any, libraries: QuerySet[Library], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["library"].queryset = libraries  # type: ignore[attr-defined]  # a ModelChoiceField


class AddIssueForm(LibnetForm):
    expected_on = forms.DateField(label=_("Date of the issue"), widget=DateInput())
    number = forms.IntegerField(label=_("Number"), min_value=1, max_value=MAX_ACCESSION_SEQUENCE)
    volume = forms.CharField(label=_("Volume"), max_length=40, required=False)


class DisposeForm(LibnetForm):
    all_shown = forms.BooleanField(
        label=_("Every received issue listed, ticked or not"),
        required=False,
        help_text=_("A month of a daily, a year of a weekly: one volume."),
    )
    action = forms.ChoiceField(
        label=_("What to do with the ticked issues"),
        choices=(("bind", _("Bind into one volume")), ("discard", _("Discard"))),
        widget=forms.RadioSelect,
    )
    barcode = forms.CharField(
        label=_("Barcode of the bound volume"),
        max_length=64,
        required=False,
        help_text=_("Empty: one is made from the library's code."),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=300,
        required=False,
        help_text=_("To discard: the reason or the number of the weeding decision."),
    )
