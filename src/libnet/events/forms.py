"""Forms of the event pages: plain Django forms, validated here, acted on by services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from libnet.core import clock
from libnet.core.forms import LibnetForm
from libnet.events.models import MAX_ATTENDANCE, Audience, EventKind
from libnet.network.models import Library


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self) -> None:
        super().__init__(format="%H:%M")


class EventForm(LibnetForm):
    library = forms.ModelChoiceField(
        label=_("Organiser"), queryset=Library.objects.none(), to_field_name="code"
    )
    kind = forms.ModelChoiceField(
        label=_("Kind"), queryset=EventKind.objects.none(), to_field_name="code"
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    day = forms.DateField(label=_("Day"), widget=DateInput())
    starts = forms.TimeField(label=_("From"), widget=TimeInput(), initial=dt.time(8, 0))
    last_day = forms.DateField(
        label=_("Last day"),
        widget=DateInput(),
        required=False,
        help_text=_("Empty: the same day."),
    )
    ends = forms.TimeField(label=_("To"), widget=TimeInput(), initial=dt.time(10, 0))
    venue = forms.CharField(
        label=_("Venue"),
        max_length=300,
        required=False,
        help_text=_("An address; empty: at the organising library."),
    )
    audiences = forms.MultipleChoiceField(
        label=_("Audiences"),
        choices=Audience.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    planned_adults = forms.IntegerField(
        label=_("Adults expected"), min_value=0, max_value=MAX_ATTENDANCE, initial=0
    )
    planned_children = forms.IntegerField(
        label=_("Children expected (under 16)"), min_value=0, max_value=MAX_ATTENDANCE, initial=0
    )
    co_organisers = forms.ModelMultipleChoiceField(
        label=_("Co-organising libraries"),
        queryset=Library.objects.none(),
        to_field_name="code",
        required=False,
    )
    partners = forms.CharField(
        label=_("Other partners"),
        max_length=500,
        required=False,
        help_text=_("Schools, unions, associations… as they are called."),
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    capacity = forms.IntegerField(
        label=_("Places for registration"),
        min_value=1,
        max_value=MAX_ATTENDANCE,
        required=False,
        help_text=_(
            "Empty: no registration. People register on the public page with a name and a phone."
        ),
    )
    is_published = forms.BooleanField(
        label=_("Show on the public catalogue"), required=False, initial=True
    )
    repeat = forms.ChoiceField(
        label=_("Repeat"),
        choices=[("", _("Once")), ("weekly", _("Every week")), ("monthly", _("Every month"))],
        required=False,
    )
    repeat_until = forms.DateField(label=_("Repeat until"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, libraries: QuerySet[Library], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["library"].queryset = libraries  # type: ignore[attr-defined]  # a ModelChoiceField
        self.fields["kind"].queryset = EventKind.objects.filter(is_active=True)  # type: ignore[attr-defined]  # a ModelChoiceField
        self.fields["co_organisers"].queryset = Library.objects.filter(  # type: ignore[attr-defined]  # a ModelChoiceField
            is_active=True
        ).order_by("sort_key", "code")

    def moments(self) -> tuple[dt.datetime, dt.datetime]:
        data = self.cleaned_data
        starts_at = dt.datetime.combine(data["day"], data["starts"], tzinfo=clock.VIETNAM)
        last_day = data.get("last_day") or data["day"]
        ends_at = dt.datetime.combine(last_day, data["ends"], tzinfo=clock.VIETNAM)
        return starts_at, ends_at

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("repeat") and not data.get("repeat_until"):
            raise ValidationError({"repeat_until": _("Say until which day the event repeats.")})
        return data


class ReportForm(LibnetForm):
    adults = forms.IntegerField(label=_("Adults"), min_value=0, max_value=MAX_ATTENDANCE)
    children = forms.IntegerField(
        label=_("Children (under 16)"), min_value=0, max_value=MAX_ATTENDANCE
    )
    pupils = forms.IntegerField(
        label=_("Of whom pupils"), min_value=0, max_value=MAX_ATTENDANCE, required=False
    )
    elderly = forms.IntegerField(
        label=_("Of whom elderly people"), min_value=0, max_value=MAX_ATTENDANCE, required=False
    )
    disabled = forms.IntegerField(
        label=_("Of whom people with disabilities"),
        min_value=0,
        max_value=MAX_ATTENDANCE,
        required=False,
    )
    results = forms.CharField(
        label=_("Results"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def groups(self) -> dict[str, int]:
        return {
            code: self.cleaned_data[code]
            for code in ("pupils", "elderly", "disabled")
            if self.cleaned_data.get(code)
        }


class CancelForm(LibnetForm):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class RegistrationForm(LibnetForm):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    phone = forms.CharField(label=_("Phone"), max_length=20)
