"""Forms of the rotation pages: plain Django forms, validated here, acted on by services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from libnet.core.forms import LibnetForm
from libnet.network.models import Library
from libnet.rotation.models import PointArea, TransferReason


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class BatchForm(LibnetForm):
    from_library = forms.ModelChoiceField(
        label=_("From"), queryset=Library.objects.none(), to_field_name="code"
    )
    to_library = forms.ModelChoiceField(
        label=_("To (library or rotation point)"),
        queryset=Library.objects.none(),
        to_field_name="code",
    )
    planned_start = forms.DateField(label=_("Planned start"), widget=DateInput())
    planned_end = forms.DateField(
        label=_("Planned end"),
        widget=DateInput(),
        help_text=_("At most 6 months later, unless the point is remote, border or island."),
    )
    purpose = forms.CharField(label=_("Purpose"), max_length=300, required=False)
    keeper_name = forms.CharField(
        label=_("Person in charge at the point"), max_length=120, required=False
    )
    keeper_phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    boxes = forms.IntegerField(label=_("Boxes"), min_value=1, max_value=99, initial=1)

    def __init__(
        self,
        *args: Any,
        senders: QuerySet[Library],
        points: QuerySet[Library],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["from_library"].queryset = senders  # type: ignore[attr-defined]  # a ModelChoiceField
        self.fields["to_library"].queryset = points  # type: ignore[attr-defined]  # a ModelChoiceField


class BatchPlanForm(LibnetForm):
    """The plan of a batch not yet shipped: dates, purpose, boxes, the person at the point."""

    planned_start = forms.DateField(label=_("Planned start"), widget=DateInput())
    planned_end = forms.DateField(
        label=_("Planned end"),
        widget=DateInput(),
        help_text=_("At most 6 months later, unless the point is remote, border or island."),
    )
    purpose = forms.CharField(label=_("Purpose"), max_length=300, required=False)
    keeper_name = forms.CharField(
        label=_("Person in charge at the point"), max_length=120, required=False
    )
    keeper_phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    boxes = forms.IntegerField(label=_("Boxes"), min_value=1, max_value=99)


class ScanForm(LibnetForm):
    barcode = forms.CharField(label=_("Barcode"), max_length=64)
    box = forms.IntegerField(label=_("Box"), min_value=1, required=False)
    damaged = forms.BooleanField(label=_("Damaged"), required=False)


class ListForm(LibnetForm):
    call_number_from = forms.CharField(label=_("Call number from"), max_length=100, required=False)
    call_number_to = forms.CharField(label=_("Call number to"), max_length=100, required=False)
    subject = forms.CharField(label=_("Subject or title word"), max_length=100, required=False)
    acquired_since = forms.DateField(
        label=_("Acquired since"),
        required=False,
        widget=DateInput(),
        help_text=_("e.g. the first day of the quarter, for new books"),
    )
    limit = forms.IntegerField(label=_("At most"), min_value=1, max_value=500, initial=50)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any(
            cleaned.get(name)
            for name in ("call_number_from", "call_number_to", "subject", "acquired_since")
        ):
            raise forms.ValidationError(_("Give a call-number range, a subject or a date."))
        return cleaned


class ReceiptForm(LibnetForm):
    """The copies ticked as arrived (ids of the batch's copies)."""

    arrived = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=[])

    def __init__(self, *args: Any, item_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["arrived"].choices = [(item_id, item_id) for item_id in item_ids]  # type: ignore[attr-defined]  # a choice field


class SendBackForm(LibnetForm):
    point_requests = forms.CharField(
        label=_("What the point asks for next time"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("subjects, one per line"),
    )


class DepositUsageForm(LibnetForm):
    point = forms.ModelChoiceField(
        label=_("Point"), queryset=Library.objects.none(), to_field_name="code"
    )
    month = forms.DateField(
        label=_("Month"),
        widget=DateInput(),
        help_text=_("any day of the month"),
    )
    loans = forms.IntegerField(label=_("Loans"), min_value=0, max_value=1_000_000)
    readers = forms.IntegerField(label=_("Readers"), min_value=0, max_value=1_000_000)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, points: QuerySet[Library], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["point"].queryset = points  # type: ignore[attr-defined]  # a ModelChoiceField


class PointProfileForm(LibnetForm):
    area = forms.ChoiceField(label=_("Area"), choices=PointArea.choices)
    max_months = forms.IntegerField(
        label=_("Longest stay (months)"),
        min_value=1,
        max_value=36,
        required=False,
        help_text=_("set by the library for remote, border and island points"),
    )


class TransferForm(LibnetForm):
    barcode = forms.CharField(label=_("Barcode"), max_length=64)
    to_library = forms.ModelChoiceField(
        label=_("To"), queryset=Library.objects.none(), to_field_name="code"
    )
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[
            (TransferReason.MANUAL, TransferReason.MANUAL.label),
            (TransferReason.RETURN_HOME, TransferReason.RETURN_HOME.label),
            (TransferReason.ROTATION, TransferReason.ROTATION.label),
        ],
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, destinations: QuerySet[Library], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_library"].queryset = destinations  # type: ignore[attr-defined]  # a ModelChoiceField


class IllRequestForm(LibnetForm):
    card_number = forms.CharField(label=_("Card number"), max_length=40)
    record = forms.IntegerField(label=_("Record number"), min_value=1)
    lending_library = forms.ModelChoiceField(
        label=_("Lending library"), queryset=Library.objects.none(), to_field_name="code"
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, lenders: QuerySet[Library], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lending_library"].queryset = lenders  # type: ignore[attr-defined]  # a ModelChoiceField


class IllFulfilForm(LibnetForm):
    barcode = forms.CharField(label=_("Barcode of the copy lent"), max_length=64)
    due_on = forms.DateField(label=_("Due back on"), widget=DateInput())
