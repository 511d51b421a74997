"""Forms of the circulation pages: the desk's scan field, overdue filters, daily visits."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from libnet.core.forms import LibnetForm
from libnet.network.models import Library

MAX_USES_AT_ONCE = 500
# A commune library rarely sees more than a few hundred people a day; a school at most its
# pupils. Far more is a typing slip (an extra zero), so it is refused.
MAX_VISITS_PER_DAY = 10_000


class LibraryChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]  # not generic at run time
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class DeskLibraryForm(LibnetForm):
    library = LibraryChoiceField(
        label=_("Library of this desk"), queryset=Library.objects.none(), to_field_name="code"
    )

    def __init__(self, *args: Any, libraries: QuerySet[Library], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["library"].queryset = libraries  # type: ignore[attr-defined]  # ModelChoiceField


class ScanForm(LibnetForm):
    barcode = forms.CharField(label=_("Scan or type a barcode"), max_length=64, strip=True)


class InLibraryUseForm(LibnetForm):
    count = forms.IntegerField(
        label=_("Copies read in place"), min_value=1, max_value=MAX_USES_AT_ONCE, initial=1
    )


class HoldCancelForm(LibnetForm):
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False, strip=True)


class OverdueFilterForm(LibnetForm):
    library = LibraryChoiceField(
        label=_("Library"), queryset=Library.objects.none(), to_field_name="code", required=False
    )
    min_days = forms.IntegerField(
        label=_("Overdue by at least (days)"), min_value=1, max_value=3650, required=False
    )
    school_class = forms.CharField(label=_("Class"), max_length=20, required=False, strip=True)

    def __init__(self, *args: Any, libraries: QuerySet[Library], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["library"].queryset = libraries  # type: ignore[attr-defined]  # ModelChoiceField


class VisitsForm(LibnetForm):
    library = LibraryChoiceField(
        label=_("Library"), queryset=Library.objects.none(), to_field_name="code"
    )
    day = forms.DateField(
        label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    count = forms.IntegerField(label=_("Visits"), min_value=0, max_value=MAX_VISITS_PER_DAY)

    def __init__(
        self, *args: Any, libraries: QuerySet[Library], today: dt.date, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["library"].queryset = libraries  # type: ignore[attr-defined]  # ModelChoiceField
        self.today = today

    def clean_day(self) -> dt.date:
        day: dt.date = self.cleaned_data["day"]
        if day > self.today:
            raise forms.ValidationError(_("Visits can be entered for today or past days only."))
        return day
