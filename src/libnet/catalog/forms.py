"""Forms of the catalogue staff pages: adding, editing and moving copies; labels.

Choices are limited to what the user may act on; the services still decide every rule, and
their refusals come back onto the form (see `add_refusal`).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from libnet.catalog import access, policies, selectors, services
from libnet.catalog.errors import CatalogRefused
from libnet.catalog.models import (
    MAX_ACCESSION_SEQUENCE,
    MAX_PRICE_VND,
    AccessionRegister,
    IntakeBatch,
    Item,
    ItemSource,
    ItemStatus,
    ItemType,
    ShelfLocation,
)
from libnet.core import text
from libnet.core.errors import LibnetError
from libnet.core.forms import CheckedIntegerField, LibnetForm
from libnet.core.validation import DateOutOfRange, check_date
from libnet.network import access as network_access
from libnet.network.access import User
from libnet.network.models import Library

# Which form field a refusal of catalog.services is about; others go on top of the form.
REFUSAL_FIELDS = {
    "duplicate_barcode": "barcode",
    "invalid_barcode": "barcode",
    "duplicate_accession_number": "accession_number",
    "register_other_library": "register",
    "shelf_location_other_library": "shelf_location",
    "no_register": "register",
    "batch_of_other_library": "intake_batch",
    "invalid_price": "price_vnd",
    "accession_number_jump": "accession_number",
    "accession_number_other_register": "accession_number",
    "accession_number_too_large": "accession_number",
    "date_out_of_range": "acquired_on",
    "withdrawal_needs_decision": "withdrawal_reference",
    "invalid_status_change": "to",
    "same_status": "to",
}


def add_refusal(form: forms.Form, refusal: LibnetError) -> None:
    """Show a service's refusal next to the field it concerns, keeping what was typed."""
    field = REFUSAL_FIELDS.get(refusal.code)
    form.add_error(field if field in form.fields else None, refusal.message)


class RegisterChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]  # not generic at run time
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.prefix} — {obj.name}"


class IntakeBatchChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]  # not generic at run time
    def label_from_instance(self, obj: Any) -> str:
        parts = [obj.received_on.strftime("%d/%m/%Y"), str(ItemSource(obj.source).label)]
        parts += [value for value in (obj.document_number, obj.supplier) if value]
        return " — ".join(parts)


# The batches offered when adding a copy: the library's latest.
RECENT_BATCHES = 20


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class _DescriptiveFields(LibnetForm):
    """The fields of a copy a cataloguer may edit after it exists."""

    call_number = forms.CharField(
        label=_("Call number"),
        max_length=100,
        required=False,
        help_text=_("Class number, then author mark, e.g. 895.9223 V500T."),
    )
    shelf_location: forms.ModelChoiceField[ShelfLocation] = forms.ModelChoiceField(
        label=_("Shelf location"), queryset=None, required=False, empty_label=_("(none)")
    )
    item_type = forms.ChoiceField(label=_("Type"), choices=ItemType.choices, initial=ItemType.BOOK)
    source = forms.ChoiceField(
        label=_("Source"), choices=ItemSource.choices, initial=ItemSource.PURCHASE
    )
    price_vnd = CheckedIntegerField(
        label=_("Price (VND)"),
        required=False,
        widget=forms.NumberInput(
            attrs={"inputmode": "numeric", "step": "1", "min": 0, "max": MAX_PRICE_VND}
        ),
    )
    acquired_on = forms.DateField(label=_("Acquired on"), required=False, widget=DateInput())
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        locations = access.shelf_locations_for_staff(user, "catalog").select_related("library")
        field = self.fields["shelf_location"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = locations.order_by("library__sort_key", "code")

    def clean_price_vnd(self) -> int | None:
        price: int | None = self.cleaned_data.get("price_vnd")
        try:
            services.check_price(price)
        except CatalogRefused as refusal:
            raise forms.ValidationError(refusal.message, code=refusal.code) from None
        return price

    def clean_acquired_on(self) -> Any:
        acquired_on = self.cleaned_data.get("acquired_on")
        try:
            services.check_acquired_on(acquired_on)
        except DateOutOfRange as refusal:
            raise forms.ValidationError(refusal.message, code=refusal.code) from None
        return acquired_on


class ItemAddForm(_DescriptiveFields):
    """A new copy of a record, at one of the libraries where the user catalogues."""

    field_order = [
        "library",
        "register",
        "accession_number",
        "barcode",
        "call_number",
        "shelf_location",
        "item_type",
        "source",
        "price_vnd",
        "acquired_on",
        "notes",
        "intake_batch",
        "new_batch",
        "batch_received_on",
        "batch_source",
        "batch_document_number",
        "batch_supplier",
    ]

    library: forms.ModelChoiceField[Library] = forms.ModelChoiceField(
        label=_("Library"), queryset=None, empty_label=None
    )
    register = RegisterChoiceField(
        label=_("Accession register"),
        queryset=None,
        required=False,
        empty_label=_("(default register)"),
    )
    accession_number = forms.CharField(
        label=_("Accession number"),
        max_length=40,
        required=False,
        help_text=_("Proposed from the register; leave it or type another one."),
    )
    # The number the cataloguer confirmed, from a checkbox shown only after a typed number
    # was refused as far past the register's next free one (see `jump_number`). Tied to
    # the number, so that a different number typed afterwards is checked again.
    confirm_jump = forms.CharField(required=False, widget=forms.HiddenInput)
    barcode = forms.CharField(
        label=_("Barcode"),
        max_length=64,
        required=False,
        help_text=_("Leave empty to have one generated from the library code."),
    )

    # The general register's Part I: the copy joins one of the library's recent intake batches,
    # or a batch opened with it, or none (listed as "other").
    intake_batch = IntakeBatchChoiceField(
        label=_("Intake batch"),
        queryset=None,
        required=False,
        empty_label=_("(none)"),
        help_text=_("The copy takes the batch's source and date."),
    )
    new_batch = forms.BooleanField(label=_("Open a new intake batch"), required=False)
    batch_received_on = forms.DateField(label=_("Received on"), required=False, widget=DateInput())
    batch_source = forms.ChoiceField(
        label=_("Source of the batch"),
        choices=[
            (value, label)
            for value, label in ItemSource.choices
            if value in services.INTAKE_SOURCES
        ],
        initial=ItemSource.PURCHASE,
        required=False,
    )
    batch_document_number = forms.CharField(
        label=_("Document number"),
        max_length=100,
        required=False,
        help_text=_("Invoice, delivery note, receipt or deposit slip."),
    )
    batch_supplier = forms.CharField(label=_("Supplier or donor"), max_length=300, required=False)

    def __init__(self, *args: Any, user: User, fields_url: str = "", **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        # Set by the page when the typed number needs a confirmation: the checkbox to show.
        self.jump_number = ""
        self.jump_checked = False
        libraries = network_access.visible_libraries(user, "catalog").filter(runs_libnet=True)
        library_field = self.fields["library"]
        register_field = self.fields["register"]
        location_field = self.fields["shelf_location"]
        assert isinstance(library_field, forms.ModelChoiceField)
        assert isinstance(register_field, forms.ModelChoiceField)
        assert isinstance(location_field, forms.ModelChoiceField)
        library_field.queryset = libraries.order_by("sort_key", "code")
        # The register and shelf choices are those of the chosen library; with htmx, changing
        # the library or the register fetches them again (see fields_url).
        # The user's own library first (their membership's), not the first of the libraries
        # their role covers in alphabetical order.
        own = network_access.own_library(user, "catalog")
        self.chosen_library: Library | None = (
            self._chosen(library_field, "library")
            or (own if own is not None and libraries.filter(pk=own.pk).exists() else None)
            or libraries.order_by("sort_key", "code").first()
        )
        library_id = self.chosen_library.pk if self.chosen_library is not None else 0
        register_field.queryset = access.registers_for_staff(user, "catalog").filter(
            library_id=library_id
        )
        location_field.queryset = access.shelf_locations_for_staff(user, "catalog").filter(
            library_id=library_id
        )
        batch_field = self.fields["intake_batch"]
        assert isinstance(batch_field, forms.ModelChoiceField)
        recent = selectors.intake_batches([library_id]).order_by("-received_on", "-pk")
        batch_field.queryset = IntakeBatch.objects.filter(
            pk__in=list(recent.values_list("pk", flat=True)[:RECENT_BATCHES])
        ).order_by("-received_on", "-pk")
        if fields_url:
            htmx = {"hx-get": fields_url, "hx-target": "#register-fields", "hx-swap": "outerHTML"}
            library_field.widget.attrs.update(htmx, **{"hx-include": "#id_library"})
            register_field.widget.attrs.update(htmx, **{"hx-include": "#id_library, #id_register"})

    def _chosen(self, field: forms.ModelChoiceField[Any], name: str) -> Any:
        raw: Any = self.data.get(name) if self.is_bound else self.initial.get(name)
        if hasattr(raw, "pk"):
            raw = raw.pk
        if raw in (None, "") or field.queryset is None:
            return None
        try:
            return field.queryset.filter(pk=int(raw)).first()
        except (TypeError, ValueError):
            return None

    def clean_batch_received_on(self) -> Any:
        received_on = self.cleaned_data.get("batch_received_on")
        if received_on is not None:
            try:
                check_date(received_on, field=str(_("Received on")), window="historical")
            except DateOutOfRange as refusal:
                raise forms.ValidationError(refusal.message, code=refusal.code) from None
        return received_on

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("new_batch"):
            if data.get("intake_batch") is not None:
                self.add_error("intake_batch", _("Choose a batch or open a new one, not both."))
            if data.get("batch_received_on") is None and "batch_received_on" not in self.errors:
                self.add_error("batch_received_on", _("Say the day the batch was received."))
        return data

    def jump_confirmed(self) -> bool:
        """Whether the cataloguer confirmed the very number they typed (cleaned form only)."""
        confirmed = text.identifier(self.cleaned_data.get("confirm_jump") or "")
        return bool(confirmed) and confirmed == text.identifier(
            self.cleaned_data.get("accession_number") or ""
        )

    def chosen_register(self) -> AccessionRegister | None:
        """The register the form points at (bound data, else initial), else the library's default."""
        register_field = self.fields["register"]
        assert isinstance(register_field, forms.ModelChoiceField)
        register: AccessionRegister | None = self._chosen(register_field, "register")
        if register is None and self.chosen_library is not None:
            register = services.default_register(self.chosen_library)
        return register


class ItemEditForm(_DescriptiveFields):
    """The descriptive fields of an existing copy."""

    FIELDS = (
        "call_number",
        "shelf_location",
        "item_type",
        "source",
        "price_vnd",
        "acquired_on",
        "notes",
    )

    def __init__(self, *args: Any, item: Item, user: User, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {name: getattr(item, name) for name in self.FIELDS})
        super().__init__(*args, user=user, **kwargs)
        self.item = item
        field = self.fields["shelf_location"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = access.shelf_locations_for_staff(user, "catalog").filter(
            library_id=item.home_library_id
        )

    def changes(self) -> dict[str, Any]:
        """The cleaned values that differ from the copy as it is."""
        return {
            name: self.cleaned_data[name]
            for name in self.FIELDS
            if self.cleaned_data.get(name) != getattr(self.item, name)
            and not (
                self.cleaned_data.get(name) in (None, "") and getattr(self.item, name) in (None, "")
            )
        }


class StatusForm(LibnetForm):
    """Move a copy to another status; withdrawal needs the weeding decision number."""

    to = forms.ChoiceField(label=_("New status"))
    withdrawal_reference = forms.CharField(
        label=_("Weeding decision no."),
        max_length=100,
        required=False,
        help_text=_("Required when withdrawing (TT 02/2020 Art. 28), e.g. 12/QĐ-TV."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)

    def __init__(self, *args: Any, item: Item, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = policies.ALLOWED_STATUS_CHANGES.get(item.status, frozenset())
        field = self.fields["to"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(value, label) for value, label in ItemStatus.choices if value in allowed]


class RegisterRangeForm(LibnetForm):
    """A range of accession numbers of one register, for printing its labels."""

    first = forms.IntegerField(
        label=_("From number"), min_value=1, max_value=MAX_ACCESSION_SEQUENCE, required=False
    )
    last = forms.IntegerField(
        label=_("To number"), min_value=1, max_value=MAX_ACCESSION_SEQUENCE, required=False
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, last = cleaned.get("first"), cleaned.get("last")
        if first is not None and last is not None and last < first:
            self.add_error("last", _("The last number must not be smaller than the first."))
        return cleaned
