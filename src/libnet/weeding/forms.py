"""Forms of the weeding pages: plain Django forms, validated here, acted on by services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from libnet.core.forms import LibnetForm
from libnet.network.models import Library
from libnet.weeding.models import Criterion, Disposal


class RoundForm(LibnetForm):
    library = forms.ModelChoiceField(
        label=_("Library"), queryset=Library.objects.none(), to_field_name="code"
    )
    requested_on = forms.DateField(
        label=_("Date of the request"), required=False, help_text=_("Empty: today.")
    )
    plan = forms.CharField(
        label=_("Plan"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Purpose, scope, time, people and cost of the weeding (Form 02)."),
    )
    early_reason = forms.CharField(
        label=_("Reason for an early round"),
        max_length=500,
        required=False,
        help_text=_("Only when the cycle is not yet due: e.g. ordered by the managing body."),
    )

    def __init__(self, *args: Any, libraries: QuerySet[Library], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["library"].queryset = libraries  # type: ignore[attr-defined]  # a ModelChoiceField


class StepForm(LibnetForm):
    done_on = forms.DateField(label=_("Date"), required=False, help_text=_("Empty: today."))
    reference = forms.CharField(label=_("Document no."), max_length=100, required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class DecisionForm(LibnetForm):
    number = forms.CharField(label=_("Decision no."), max_length=100)
    decided_on = forms.DateField(label=_("Decided on"))
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class CouncilForm(LibnetForm):
    members = forms.CharField(
        label=_("Council members"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One member a line: full name, role in the council, position and organisation, separated by semicolons."
        ),
    )

    def clean_members(self) -> list[tuple[str, str, str]]:
        members = []
        for line in self.cleaned_data["members"].splitlines():
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split(";")]
            if not parts[0]:
                raise ValidationError(_("Each council member needs a full name."))
            parts += ["", ""]
            members.append((parts[0], parts[1], "; ".join(p for p in parts[2:] if p)))
        return members


class AddByBarcodeForm(LibnetForm):
    barcode = forms.CharField(label=_("Barcode"), max_length=64)
    criterion = forms.ChoiceField(label=_("Criterion"), choices=Criterion.choices)
    disposal = forms.ChoiceField(label=_("Proposed disposal"), choices=Disposal.choices)


class CopyForm(LibnetForm):
    disposal = forms.ChoiceField(label=_("Proposed disposal"), choices=Disposal.choices)
    criterion = forms.ChoiceField(label=_("Criterion"), choices=Criterion.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class FlagForm(LibnetForm):
    library = forms.ModelChoiceField(
        label=_("Library"), queryset=Library.objects.none(), to_field_name="code"
    )
    record = forms.IntegerField(label=_("Record no."), min_value=1)
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args: Any, libraries: QuerySet[Library], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["library"].queryset = libraries  # type: ignore[attr-defined]  # a ModelChoiceField
