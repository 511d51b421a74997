"""Forms of the mobile-library pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from libnet.core.forms import LibnetForm
from libnet.mobile.models import CrewRole, Route, StopKind, Vehicle
from libnet.mobile.policies import MAX_FIGURE, PERIOD_KINDS
from libnet.network.models import Library


class NamedChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]  # not generic at run time
    def label_from_instance(self, obj: Any) -> str:
        return str(getattr(obj, "name", "") or obj)


class TripForm(LibnetForm):
    route = NamedChoiceField(label=_("Route"), queryset=Route.objects.none())
    vehicle = forms.ModelChoiceField(label=_("Vehicle"), queryset=Vehicle.objects.none())
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(
        self, *args: Any, routes: QuerySet[Route], vehicles: QuerySet[Vehicle], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["route"].queryset = routes  # type: ignore[attr-defined]  # ModelChoiceField
        self.fields["vehicle"].queryset = vehicles  # type: ignore[attr-defined]  # ModelChoiceField


class RouteForm(LibnetForm):
    library = NamedChoiceField(
        label=_("Mobile library"), queryset=Library.objects.none(), to_field_name="code"
    )
    name = forms.CharField(label=_("Route name"), max_length=200)

    def __init__(self, *args: Any, libraries: QuerySet[Library], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["library"].queryset = libraries  # type: ignore[attr-defined]  # ModelChoiceField


class VehicleForm(LibnetForm):
    library = NamedChoiceField(
        label=_("Mobile library"), queryset=Library.objects.none(), to_field_name="code"
    )
    plate = forms.CharField(label=_("Number plate"), max_length=20)
    name = forms.CharField(label=_("Name"), max_length=200, required=False)

    def __init__(self, *args: Any, libraries: QuerySet[Library], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["library"].queryset = libraries  # type: ignore[attr-defined]  # ModelChoiceField


class RouteStopForm(LibnetForm):
    name = forms.CharField(label=_("Place"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=StopKind.choices)
    planned_time = forms.TimeField(
        label=_("Planned time"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )


class CrewForm(LibnetForm):
    person_name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.ChoiceField(label=_("Role"), choices=CrewRole.choices)


class BarcodesForm(LibnetForm):
    barcodes = forms.CharField(
        label=_("Scan or type barcodes (one per line)"),
        widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "off"}),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # The copies ticked in the list of copies ready to load ("picked"): any barcode may
        # come (the list is only a help), load_copies checks each one.
        getlist = getattr(self.data, "getlist", None)
        cleaned["picked"] = [str(code) for code in getlist("picked")] if getlist else []
        if not self.barcode_list(cleaned):
            raise forms.ValidationError(_("Scan or type at least one barcode, or tick a copy."))
        return cleaned

    def barcode_list(self, cleaned: dict[str, Any] | None = None) -> list[str]:
        data = cleaned if cleaned is not None else self.cleaned_data
        typed = [line.strip() for line in (data.get("barcodes") or "").split() if line.strip()]
        return typed + [code.strip() for code in data.get("picked") or [] if code.strip()]


class RescheduleForm(LibnetForm):
    date = forms.DateField(
        label=_("New date of the trip"), widget=forms.DateInput(attrs={"type": "date"})
    )


class CheckBackForm(LibnetForm):
    barcode = forms.CharField(label=_("Scan a copy coming back"), max_length=64)
    damaged = forms.BooleanField(label=_("Damaged"), required=False)


class FiguresForm(LibnetForm):
    readers_served = forms.IntegerField(
        label=_("Readers served"), min_value=0, max_value=MAX_FIGURE
    )
    in_place_uses = forms.IntegerField(
        label=_("Read on the spot"), min_value=0, max_value=MAX_FIGURE, initial=0
    )
    loans_on_paper = forms.IntegerField(
        label=_("Loans on paper"), min_value=0, max_value=MAX_FIGURE, initial=0
    )
    new_cards = forms.IntegerField(
        label=_("New cards"), min_value=0, max_value=MAX_FIGURE, initial=0
    )
    activities = forms.CharField(
        label=_("Activities"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReportForm(LibnetForm):
    library = NamedChoiceField(
        label=_("Mobile library"), queryset=Library.objects.none(), to_field_name="code"
    )
    period = forms.ChoiceField(
        label=_("Period"),
        choices=[("month", _("Month")), ("quarter", _("Quarter")), ("year", _("Year"))],
    )
    year = forms.IntegerField(label=_("Year of the report"), min_value=2000, max_value=2100)
    number = forms.IntegerField(
        label=_("Month or quarter"), min_value=1, max_value=12, required=False
    )

    def __init__(self, *args: Any, libraries: QuerySet[Library], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["library"].queryset = libraries  # type: ignore[attr-defined]  # ModelChoiceField

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("period") in PERIOD_KINDS and data.get("period") != "year":
            limit = 12 if data["period"] == "month" else 4
            if not data.get("number") or data["number"] > limit:
                self.add_error("number", _("Choose a month (1–12) or a quarter (1–4)."))
        return data
