"""Forms of original cataloguing: the short form of a template, a set of copies by quantity,
and the label sheet chosen for printing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from libnet.catalog import cataloguing, label_sheets
from libnet.catalog.errors import CataloguingRefused
from libnet.catalog.languages import LANGUAGE_NAMES
from libnet.catalog.models import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    MAX_PRICE_VND,
    AccessionRegister,
    ItemType,
    LabelContent,
    ShelfLocation,
)
from libnet.core.errors import NotFound
from libnet.core.forms import CheckedIntegerField, LibnetForm, apply_input_rules
from libnet.network import access as network_access
from libnet.network.access import User
from libnet.network.models import Library

AUTHOR_ROWS = 4


def catalog_libraries(user: User) -> Any:
    """The libraries where `user` catalogues (and that run libnet), the user's own first."""
    return (
        network_access.visible_libraries(user, "catalog")
        .filter(runs_libnet=True)
        .order_by("sort_key", "code")
    )


class CataloguingForm(LibnetForm):
    """The short form of a template: the fields the template names, with its defaults."""

    library: forms.ModelChoiceField[Library] = forms.ModelChoiceField(
        label=_("Catalogued by"), queryset=Library.objects.none(), empty_label=None
    )
    title = forms.CharField(label=_("Title"), max_length=2000)
    parallel_title = forms.CharField(label=_("Parallel title"), required=False)
    responsibility = forms.CharField(
        label=_("Statement of responsibility"),
        required=False,
        help_text=_("As printed on the title page, e.g. Nguyễn Nhật Ánh ; Đỗ Hoàng Tường minh họa"),
    )
    edition = forms.CharField(label=_("Edition"), required=False, max_length=200)
    scale = forms.CharField(label=_("Scale"), required=False, max_length=200)
    place = forms.CharField(label=_("Place of publication"), required=False, max_length=200)
    publisher = forms.CharField(label=_("Publisher"), required=False, max_length=300)
    year = CheckedIntegerField(label=_("Year"), required=False)
    pages = forms.CharField(
        label=_("Pages"), required=False, max_length=200, help_text=_("e.g. 250 tr. : ảnh")
    )
    size = forms.CharField(
        label=_("Size"), required=False, max_length=50, help_text=_("e.g. 21 cm")
    )
    duration = CheckedIntegerField(label=_("Running time (minutes)"), required=False)
    isbn = forms.CharField(label=_("ISBN"), required=False, max_length=40)
    issn = forms.CharField(label=_("ISSN"), required=False, max_length=20)
    frequency = forms.ChoiceField(
        label=_("Frequency"),
        required=False,
        choices=[(name, name) for name in cataloguing.SERIAL_FREQUENCIES],
    )
    price = CheckedIntegerField(label=_("Price (đồng)"), required=False)
    language = forms.ChoiceField(
        label=_("Language"), choices=[(code, name) for code, name in LANGUAGE_NAMES.items()]
    )
    class_scheme = forms.ChoiceField(label=_("Classification scheme"), choices=())
    class_number = forms.CharField(label=_("Class number"), required=False, max_length=100)
    call_number = forms.CharField(
        label=_("Call number"),
        required=False,
        max_length=100,
        help_text=_("Leave empty: built from the class number and the author mark."),
    )
    subjects = forms.CharField(
        label=_("Subjects"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line."),
    )
    keywords = forms.CharField(
        label=_("Keywords"), required=False, help_text=_("Separated by commas.")
    )
    series = forms.CharField(label=_("Series"), required=False, max_length=500)
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    local_studies = forms.BooleanField(
        label=_("Local-studies material (about the province)"), required=False
    )
    quantity = CheckedIntegerField(
        label=_("Number of copies"),
        required=False,
        help_text=_("The copies of the set, registered in one step after saving."),
    )
    # Ticked on the duplicate warning: save a new record anyway (another edition).
    allow_duplicate = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, template: cataloguing.Template, user: User, **kwargs: Any
    ) -> None:
        initial = dict(kwargs.pop("initial", None) or {})
        for name, value in template.defaults.items():
            initial.setdefault(name, value)
        super().__init__(*args, initial=initial, **kwargs)
        self.template = template
        libraries = catalog_libraries(user)
        library_field = self.fields["library"]
        assert isinstance(library_field, forms.ModelChoiceField)
        library_field.queryset = libraries
        if not self.is_bound and "library" not in initial:
            self.initial["library"] = libraries.first()
        scheme_field = self.fields["class_scheme"]
        assert isinstance(scheme_field, forms.ChoiceField)
        scheme_field.choices = [(s.code, s.name) for s in cataloguing.schemes().values()]
        first = libraries.first()
        self.initial.setdefault("class_scheme", cataloguing.library_settings(first).class_scheme)
        shown = set(template.fields) | {"title", "library", "allow_duplicate"}
        for name in list(self.fields):
            if name not in shown and name != "authors":
                del self.fields[name]
        if "authors" in template.fields:
            for row in range(1, AUTHOR_ROWS + 1):
                self.fields[f"author_{row}"] = forms.CharField(
                    label=_("Author %(number)s") % {"number": row}, required=False, max_length=300
                )
                self.fields[f"role_{row}"] = forms.ChoiceField(
                    label=_("Role of author %(number)s") % {"number": row},
                    choices=[(code, term) for code, term in cataloguing.AUTHOR_ROLES.items()],
                    required=False,
                )
        # LibnetForm's input rules for the fields added here too.
        for name, field in self.fields.items():
            if name.startswith(("author_", "role_")):
                apply_input_rules(field, name=name)

    def author_rows(self) -> list[tuple[Any, Any]]:
        return [
            (self[f"author_{row}"], self[f"role_{row}"])
            for row in range(1, AUTHOR_ROWS + 1)
            if f"author_{row}" in self.fields
        ]

    def clean_year(self) -> int | None:
        year: int | None = self.cleaned_data.get("year")
        if year is not None and not EARLIEST_YEAR <= year <= LATEST_YEAR:
            raise forms.ValidationError(
                _("A year has four digits, from %(first)s to %(last)s.")
                % {"first": EARLIEST_YEAR, "last": LATEST_YEAR}
            )
        return year

    def clean_price(self) -> int | None:
        price: int | None = self.cleaned_data.get("price")
        if price is not None and not 0 <= price <= MAX_PRICE_VND:
            raise forms.ValidationError(
                _("A price lies from 0 to %(max)s đồng.")
                % {"max": f"{MAX_PRICE_VND:,}".replace(",", ".")}
            )
        return price

    def clean_duration(self) -> int | None:
        minutes: int | None = self.cleaned_data.get("duration")
        if minutes is not None and not 1 <= minutes <= 999:
            raise forms.ValidationError(_("A running time lies from 1 to 999 minutes."))
        return minutes

    def clean_quantity(self) -> int | None:
        quantity: int | None = self.cleaned_data.get("quantity")
        if quantity is not None and not 1 <= quantity <= cataloguing.MAX_QUANTITY:
            raise forms.ValidationError(
                CataloguingRefused("invalid_quantity", max=cataloguing.MAX_QUANTITY).message
            )
        return quantity

    def clean_isbn(self) -> str:
        try:
            return cataloguing.check_isbn(self.cleaned_data.get("isbn") or "")
        except CataloguingRefused as refusal:
            raise forms.ValidationError(refusal.message) from refusal

    def clean_issn(self) -> str:
        try:
            return cataloguing.check_issn(self.cleaned_data.get("issn") or "")
        except CataloguingRefused as refusal:
            raise forms.ValidationError(refusal.message) from refusal

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        scheme_code = data.get("class_scheme") or "ddc"
        try:
            data["class_number"] = cataloguing.check_class_number(
                scheme_code, data.get("class_number") or ""
            )
        except CataloguingRefused as refusal:
            self.add_error(
                "class_number" if "class_number" in self.fields else None, refusal.message
            )
            return data
        if data.get("class_number") and not data.get("call_number"):
            data["call_number"] = self.proposed_call_number(data)
        return data

    def authors(self, data: dict[str, Any]) -> tuple[cataloguing.Author, ...]:
        return tuple(
            cataloguing.Author(data[f"author_{row}"], data.get(f"role_{row}") or "aut")
            for row in range(1, AUTHOR_ROWS + 1)
            if data.get(f"author_{row}")
        )

    def proposed_call_number(self, data: dict[str, Any]) -> str:
        """The class number and the author mark of the library's rule."""
        authors = self.authors(data)
        heading = authors[0].name if authors and authors[0].role == "aut" else ""
        rule = cataloguing.library_settings(data.get("library")).author_mark_rule
        mark = cataloguing.author_mark(rule, heading=heading, title=data.get("title") or "")
        return cataloguing.build_call_number(data.get("class_number") or "", mark)

    def entry(self) -> cataloguing.Entry:
        """What the form says, for the MARC record (call after is_valid)."""
        data = self.cleaned_data
        local = bool(data.get("local_studies")) or bool(self.template.defaults.get("local_studies"))
        return cataloguing.Entry(
            title=data.get("title") or "",
            parallel_title=data.get("parallel_title") or "",
            responsibility=data.get("responsibility") or "",
            authors=self.authors(data),
            edition=data.get("edition") or "",
            scale=data.get("scale") or "",
            place=data.get("place") or "",
            publisher=data.get("publisher") or "",
            year=data.get("year"),
            pages=data.get("pages") or "",
            size=data.get("size") or "",
            duration=str(data["duration"]) if data.get("duration") else "",
            isbn=data.get("isbn") or "",
            issn=data.get("issn") or "",
            frequency=data.get("frequency") or "",
            price_vnd=data.get("price"),
            language=data.get("language") or "",
            class_scheme=data.get("class_scheme") or "ddc",
            class_number=data.get("class_number") or "",
            call_number=data.get("call_number") or "",
            subjects=tuple((data.get("subjects") or "").splitlines()),
            keywords=tuple((data.get("keywords") or "").split(",")),
            series=data.get("series") or "",
            summary=data.get("summary") or "",
            notes=data.get("notes") or "",
            local_studies=local,
        )


class CopySetForm(LibnetForm):
    """Copies of a record registered by quantity: a class set of textbooks in one step."""

    library: forms.ModelChoiceField[Library] = forms.ModelChoiceField(
        label=_("Library"), queryset=Library.objects.none(), empty_label=None
    )
    quantity = CheckedIntegerField(label=_("Number of copies"), initial=40)
    register: forms.ModelChoiceField[AccessionRegister] = forms.ModelChoiceField(
        label=_("Accession register"),
        queryset=AccessionRegister.objects.none(),
        required=False,
        empty_label=_("(default register)"),
    )
    shelf_location: forms.ModelChoiceField[ShelfLocation] = forms.ModelChoiceField(
        label=_("Shelf location"),
        queryset=ShelfLocation.objects.none(),
        required=False,
        empty_label=_("(none)"),
    )
    call_number = forms.CharField(label=_("Call number"), required=False, max_length=100)
    item_type = forms.ChoiceField(
        label=_("Copy type"), choices=ItemType.choices, initial=ItemType.TEXTBOOK
    )
    price = CheckedIntegerField(label=_("Price (đồng)"), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        libraries = catalog_libraries(user)
        for name, queryset in (
            ("library", libraries),
            ("register", AccessionRegister.objects.filter(library__in=libraries)),
            ("shelf_location", ShelfLocation.objects.filter(library__in=libraries)),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset
        if not self.is_bound:
            self.initial.setdefault("library", libraries.first())

    def clean_quantity(self) -> int:
        quantity: int = self.cleaned_data["quantity"]
        if not 1 <= quantity <= cataloguing.MAX_QUANTITY:
            raise forms.ValidationError(
                CataloguingRefused("invalid_quantity", max=cataloguing.MAX_QUANTITY).message
            )
        return quantity

    def clean_price(self) -> int | None:
        price: int | None = self.cleaned_data.get("price")
        if price is not None and not 0 <= price <= MAX_PRICE_VND:
            raise forms.ValidationError(
                _("A price lies from 0 to %(max)s đồng.")
                % {"max": f"{MAX_PRICE_VND:,}".replace(",", ".")}
            )
        return price

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        library = data.get("library")
        for name in ("register", "shelf_location"):
            chosen = data.get(name)
            if chosen is not None and library is not None and chosen.library_id != library.pk:
                self.add_error(name, _("Choose one of the chosen library's own."))
        return data


class LabelSheetForm(LibnetForm):
    """Which sheet the labels are printed on, what each label shows, and a custom layout."""

    sheet = forms.ChoiceField(label=_("Label sheet"), choices=())
    content = forms.ChoiceField(
        label=_("On each label"), choices=LabelContent.choices, initial=LabelContent.BOTH
    )
    columns = CheckedIntegerField(label=_("Columns"), required=False)
    rows = CheckedIntegerField(label=_("Rows"), required=False)
    margin_top = forms.DecimalField(
        label=_("Top margin (mm)"), required=False, min_value=0, max_value=100
    )
    margin_left = forms.DecimalField(
        label=_("Left margin (mm)"), required=False, min_value=0, max_value=100
    )
    pitch_x = forms.DecimalField(
        label=_("Horizontal pitch (mm)"), required=False, min_value=10, max_value=210
    )
    pitch_y = forms.DecimalField(
        label=_("Vertical pitch (mm)"), required=False, min_value=10, max_value=297
    )
    label_width = forms.DecimalField(
        label=_("Label width (mm)"), required=False, min_value=10, max_value=210
    )
    label_height = forms.DecimalField(
        label=_("Label height (mm)"), required=False, min_value=10, max_value=297
    )

    CUSTOM_FIELDS = (
        "columns",
        "rows",
        "margin_top",
        "margin_left",
        "pitch_x",
        "pitch_y",
        "label_width",
        "label_height",
    )

    def __init__(self, *args: Any, library: Library | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sheet_field = self.fields["sheet"]
        assert isinstance(sheet_field, forms.ChoiceField)
        sheet_field.choices = [(s.code, s.name) for s in label_sheets.sheets(library)] + [
            (label_sheets.CUSTOM, _("Custom: margins and pitch below"))
        ]
        settings = cataloguing.library_settings(library)
        self.initial.setdefault("sheet", settings.label_sheet)
        self.initial.setdefault("content", settings.label_content)
        self.library = library

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("sheet") != label_sheets.CUSTOM:
            return data
        missing = [name for name in self.CUSTOM_FIELDS if data.get(name) in (None, "")]
        for name in missing:
            self.add_error(name, _("Needed for a custom sheet."))
        if missing:
            return data
        for name, low, high in (("columns", 1, 10), ("rows", 1, 30)):
            if not low <= data[name] <= high:
                self.add_error(name, _("From %(low)s to %(high)s.") % {"low": low, "high": high})
                return data
        try:
            label_sheets.check(self.custom_sheet(data))
        except CataloguingRefused as refusal:
            self.add_error(None, refusal.message)
        return data

    def custom_sheet(self, data: dict[str, Any]) -> label_sheets.Sheet:
        return label_sheets.Sheet(
            code=label_sheets.CUSTOM,
            name=str(_("Custom")),
            columns=int(data["columns"]),
            rows=int(data["rows"]),
            margin_top=Decimal(data["margin_top"]),
            margin_left=Decimal(data["margin_left"]),
            pitch_x=Decimal(data["pitch_x"]),
            pitch_y=Decimal(data["pitch_y"]),
            label_width=Decimal(data["label_width"]),
            label_height=Decimal(data["label_height"]),
        )

    def chosen(self) -> label_sheets.Sheet:
        """The sheet chosen (call after is_valid)."""
        data = self.cleaned_data
        if data["sheet"] == label_sheets.CUSTOM:
            return self.custom_sheet(data)
        return label_sheets.get_sheet(data["sheet"], self.library)


def label_layout(query: Any, library: Library | None) -> tuple[label_sheets.Sheet, str]:
    """The sheet and content the labels are printed with: those asked in `query` (`sheet`,
    `content`, and for a custom sheet its sizes), else the library's choice.

    Raises CataloguingRefused("invalid_label_sheet") for sizes that do not fit the page, and
    NotFound for a sheet of another library.
    """
    settings = cataloguing.library_settings(library)
    if not query.get("sheet"):
        return label_sheets.get_sheet(settings.label_sheet, library), settings.label_content
    form = LabelSheetForm(query, library=library)
    if not form.is_valid():
        if form.cleaned_data.get("sheet") is None and "sheet" in form.errors:
            raise NotFound("not_found")
        raise CataloguingRefused(
            "invalid_label_sheet",
            columns=query.get("columns", "?"),
            rows=query.get("rows", "?"),
            width=query.get("label_width", "?"),
            height=query.get("label_height", "?"),
        )
    return form.chosen(), form.cleaned_data["content"]
