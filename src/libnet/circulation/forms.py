"""Forms of the circulation pages: the desk's scan field, overdue filters, daily visits."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from libnet.circulation.policies import MAX_USES_AT_ONCE, MAX_VISITS_PER_DAY
from libnet.core.forms import LibnetForm
from libnet.network.models import Library

__all__ = ["MAX_USES_AT_ONCE", "MAX_VISITS_PER_DAY"]

# The most days a loan can be overdue by that the filter takes: ten years.
MAX_OVERDUE_DAYS = 3650


def _lazy_percent(message: Any, **params: Any) -> Any:
    """`message % params`, translated when shown (a form's messages are built at import)."""
    return lazy(lambda: str(message) % params, str)()


class LibraryChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]  # not generic at run time
    """A library chosen by its code among the user's; another code is a sentence, not a 404."""

    default_error_messages = {  # Django merges it with the parent class's messages
        "invalid_choice": _("%(value)s is not one of the libraries you work the desk for."),
    }

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
        label=_("Overdue by at least (days)"),
        min_value=1,
        max_value=MAX_OVERDUE_DAYS,
        required=False,
        error_messages={
            key: _lazy_percent(
                _("Type a whole number of days from 1 to %(limit)s."), limit=MAX_OVERDUE_DAYS
            )
            for key in ("invalid", "min_value", "max_value")
        },
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
    count = forms.IntegerField(
        label=_("Visits"),
        min_value=0,
        max_value=MAX_VISITS_PER_DAY,
        error_messages={
            key: _lazy_percent(
                _("Type a whole number of visits from 0 to %(limit)s."), limit=MAX_VISITS_PER_DAY
            )
            for key in ("invalid", "min_value", "max_value")
        },
    )

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
