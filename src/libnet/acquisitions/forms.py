"""Forms of the acquisitions pages: plain Django forms, validated here, acted on by services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from libnet.acquisitions.models import (
    MAX_BUDGET_VND,
    MAX_COPIES,
    Budget,
    BudgetSource,
    OrderLine,
    Supplier,
)
from libnet.catalog.forms import DateInput
from libnet.catalog.models import MAX_PRICE_VND
from libnet.core.forms import CheckedIntegerField, LibnetForm
from libnet.core.inputs import ID_MAX
from libnet.network.models import Library

# How many libraries one line of the order form can send copies to; a line for more is
# entered as several lines.
DESTINATION_ROWS = 4


class LibraryChoice(forms.ModelChoiceField):  # type: ignore[type-arg]  # the stubs want the model, the field takes any queryset
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.code})"


class BudgetChoice(forms.ModelChoiceField):  # type: ignore[type-arg]  # the stubs want the model, the field takes any queryset
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.library.name} — {obj.year} — {obj.get_source_display()}"


def _money(label: Any, most: int, **kwargs: Any) -> CheckedIntegerField:
    return CheckedIntegerField(label=label, min_value=0, max_value=most, **kwargs)


class BudgetForm(LibnetForm):
    library = LibraryChoice(
        label=_("Library"), queryset=Library.objects.none(), to_field_name="code"
    )
    year = forms.IntegerField(label=_("Budget year"), min_value=2000, max_value=2100)
    source = forms.ChoiceField(label=_("Source"), choices=BudgetSource.choices)
    amount_vnd = _money(_("Amount (VND)"), MAX_BUDGET_VND)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, libraries: QuerySet[Library], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["library"].queryset = libraries  # type: ignore[attr-defined]  # a ModelChoiceField


class SupplierForm(LibnetForm):
    name = forms.CharField(label=_("Name"), max_length=300)
    address = forms.CharField(label=_("Address"), max_length=500, required=False)
    tax_code = forms.CharField(label=_("Tax code"), max_length=20, required=False)
    contact = forms.CharField(
        label=_("Contact"),
        max_length=300,
        required=False,
        help_text=_("A person, a telephone number, an e-mail address."),
    )


class OrderForm(LibnetForm):
    supplier = forms.ModelChoiceField(label=_("Supplier"), queryset=Supplier.objects.all())
    budget = BudgetChoice(
        label=_("Budget line"),
        queryset=Budget.objects.none(),
        help_text=_("The order is paid from this line; the ordering library is its library."),
    )
    ordered_on = forms.DateField(label=_("Date"), widget=DateInput(), required=False)
    number = forms.CharField(
        label=_("Number"),
        max_length=40,
        required=False,
        help_text=_("Left empty: the next number of the year (2026-001, 2026-002…)."),
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args: Any, budgets: QuerySet[Budget], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["budget"].queryset = budgets.select_related("library").order_by(  # type: ignore[attr-defined]  # a ModelChoiceField
            "library__sort_key", "-year", "pk"
        )


class LineForm(LibnetForm):
    record = forms.IntegerField(
        label=_("Catalogue record no."),
        min_value=1,
        max_value=ID_MAX,
        required=False,
        help_text=_("The number shown on the record's page, when the catalogue has the title."),
    )
    isbn = forms.CharField(label=_("ISBN"), max_length=20, required=False)
    title = forms.CharField(
        label=_("Title"),
        max_length=500,
        required=False,
        help_text=_(
            "For a title the catalogue lacks: a minimal record is made when the copies arrive."
        ),
    )
    unit_price_vnd = _money(_("Unit price (VND)"), MAX_PRICE_VND)

    def __init__(self, *args: Any, destinations: QuerySet[Library], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for row in range(1, DESTINATION_ROWS + 1):
            self.fields[f"library_{row}"] = LibraryChoice(
                label=_("Library %(row)s") % {"row": row},
                queryset=destinations,
                to_field_name="code",
                required=row == 1,
            )
            self.fields[f"copies_{row}"] = forms.IntegerField(
                label=_("Copies for library %(row)s") % {"row": row},
                min_value=1,
                max_value=MAX_COPIES,
                required=row == 1,
            )

    def destinations(self) -> list[tuple[Library, int]]:
        rows = []
        for row in range(1, DESTINATION_ROWS + 1):
            library = self.cleaned_data.get(f"library_{row}")
            copies = self.cleaned_data.get(f"copies_{row}")
            if library is not None and copies:
                rows.append((library, copies))
        return rows


class SendForm(LibnetForm):
    overspend_reason = forms.CharField(
        label=_("Reason for going beyond the budget"),
        max_length=500,
        required=False,
        help_text=_("Only when the order costs more than its budget line has left."),
    )


class ReceiveForm(LibnetForm):
    received_on = forms.DateField(label=_("Received on"), widget=DateInput())
    document_number = forms.CharField(
        label=_("Invoice or delivery note no."), max_length=100, required=False
    )

    def __init__(self, *args: Any, destinations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.destinations = destinations
        for destination in destinations:
            self.fields[f"copies_{destination.library_id}"] = forms.IntegerField(
                label=_("Copies for %(library)s (at most %(left)s)")
                % {"library": destination.library_name, "left": destination.left},
                min_value=0,
                max_value=MAX_COPIES,
                required=False,
                initial=destination.left,
            )

    def copies(self) -> list[tuple[int, int]]:
        """(library id, copies) for each destination given a number above zero."""
        return [
            (destination.library_id, count)
            for destination in self.destinations
            if (count := self.cleaned_data.get(f"copies_{destination.library_id}") or 0)
        ]


class LineChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]  # the stubs want the model, the field takes any queryset
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.title or obj.isbn)


class InvoiceForm(LibnetForm):
    number = forms.CharField(label=_("Invoice no."), max_length=40)
    issued_on = forms.DateField(label=_("Date"), widget=DateInput())
    amount_vnd = _money(_("Amount (VND)"), MAX_BUDGET_VND)
    lines = LineChoice(
        label=_("Lines it covers"),
        queryset=OrderLine.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, lines: QuerySet[OrderLine], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lines"].queryset = lines  # type: ignore[attr-defined]  # a ModelChoiceField
