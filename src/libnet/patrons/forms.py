"""Forms of the readers' staff pages. The services decide every rule; the issue form also
asks for the consents the reader's age requires, because the desk is where they are given."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from libnet.core import clock
from libnet.core.errors import LibnetError
from libnet.core.forms import LibnetForm
from libnet.network.access import User
from libnet.network.models import SCHOOL_KINDS, Library
from libnet.patrons import access, imports, policies, services
from libnet.patrons.models import ConsentRole, Gender, PatronCategory
from libnet.patrons.services import ConsentGiven

# Which form field a refusal of patrons.services is about; others go on top of the form.
REFUSAL_FIELDS = {
    "name_required": "full_name",
    "birth_date_required": "birth_date",
    "date_out_of_range": "birth_date",
    "invalid_phone": "phone",
    "invalid_email": "email",
    "invalid_gender": "gender",
    "unknown_school": "school",
    "invalid_class": "school_class",
    "invalid_card_number": "card_number",
    "card_number_taken": "card_number",
    "consent_giver_required": "guardian_name",
    "invalid_pin": "pin",
    "block_reason_required": "reason",
    "invalid_final_grade": "final_grade",
    "card_number_retired": "card_number",
    "consent_collector_required": "consents_collected_by",
}


def add_refusal(form: forms.Form, refusal: LibnetError, default: str | None = None) -> None:
    """Show a service's refusal next to the field it concerns, keeping what was typed.

    A form may name its own field for a code (`field_for_refusal`); a refusal no field is
    about goes to `default`, or on top of the form.
    """
    field = getattr(form, "field_for_refusal", {}).get(refusal.code) or REFUSAL_FIELDS.get(
        refusal.code
    )
    if field not in form.fields:
        field = default
    form.add_error(field, refusal.message)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class LibraryChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]  # not generic at run time
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def _school_queryset() -> Any:
    return Library.objects.filter(kind__in=SCHOOL_KINDS, is_active=True).order_by(
        "sort_key", "code"
    )


class IssueCardForm(LibnetForm):
    """One short form at the desk: who the reader is, and who consents."""

    library = LibraryChoiceField(label=_("Issued by"), queryset=None, empty_label=None)
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"}),
    )
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput())
    gender = forms.ChoiceField(
        label=_("Gender"), required=False, choices=[("", "—"), *Gender.choices]
    )
    category: forms.ModelChoiceField[PatronCategory] = forms.ModelChoiceField(
        label=_("Category"), queryset=PatronCategory.objects.all(), empty_label=None
    )
    school = LibraryChoiceField(
        label=_("School"), queryset=None, required=False, empty_label=_("(not in the network)")
    )
    school_class = forms.CharField(
        label=_("Class"), max_length=20, required=False, help_text=_("For example 6A or 10A1.")
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        # A text input: the stylesheet styles text inputs, and the service validates.
        widget=forms.TextInput(attrs={"inputmode": "email", "autocomplete": "off"}),
    )
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    card_number = forms.CharField(
        label=_("Card number"),
        max_length=32,
        required=False,
        help_text=_(
            "Leave empty to number the card automatically; type it for a pre-printed card."
        ),
    )
    reader_consents = forms.BooleanField(
        label=_("The reader agrees that the library keeps these data to issue the card and lend."),
        required=False,
    )
    guardian_consents = forms.BooleanField(
        label=_("A parent or legal guardian agrees, for a reader under 16."), required=False
    )
    guardian_name = forms.CharField(
        label=_("Name of the parent or guardian"), max_length=200, required=False
    )
    confirm_duplicate = forms.BooleanField(
        label=_("I checked: this is another person, issue a new card."), required=False
    )

    def __init__(self, *args: Any, user: User, fields_url: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        library_field = self.fields["library"]
        school_field = self.fields["school"]
        assert isinstance(library_field, forms.ModelChoiceField)
        assert isinstance(school_field, forms.ModelChoiceField)
        library_field.queryset = access.libraries_for_desk(user).filter(runs_libnet=True)
        school_field.queryset = _school_queryset()
        if not self.is_bound and "category" not in self.initial:
            self.initial["category"] = PatronCategory.objects.filter(code="adult").first()
        if not self.is_bound and "school" not in self.initial:
            # At a school library the pupils are the school's own.
            self.initial["school"] = library_field.queryset.filter(kind__in=SCHOOL_KINDS).first()
        if fields_url:
            # The school and consent fields depend on the category and the age: htmx asks again.
            htmx = {
                "hx-get": fields_url,
                "hx-target": "#reader-extra",
                "hx-swap": "outerHTML",
                "hx-include": "#issue-form",
            }
            self.fields["category"].widget.attrs.update(htmx)
            self.fields["birth_date"].widget.attrs.update({**htmx, "hx-trigger": "change"})

    # ------------------------------------------------------------ what the form shows

    def _value(self, name: str) -> Any:
        if self.is_bound:
            return self.data.get(name)
        return self.initial.get(name)

    def chosen_category(self) -> PatronCategory | None:
        raw = self._value("category")
        if isinstance(raw, PatronCategory):
            return raw
        try:
            return PatronCategory.objects.filter(pk=int(raw)).first() if raw else None
        except (TypeError, ValueError):
            return None

    def chosen_age(self) -> int | None:
        raw = self._value("birth_date")
        if isinstance(raw, dt.date):
            birth_date = raw
        else:
            try:
                birth_date = dt.date.fromisoformat(str(raw or ""))
            except ValueError:
                return None
        return policies.age_on(birth_date, clock.local_date())

    def shows_school(self) -> bool:
        category = self.chosen_category()
        return category is None or category.needs_school

    def consents_needed(self) -> frozenset[str]:
        return policies.consents_needed(self.chosen_age())

    def shows_guardian(self) -> bool:
        age = self.chosen_age()
        category = self.chosen_category()
        if age is None:
            # Age unknown yet: ask about a guardian for the categories of young readers.
            return category is None or category.code in {"child", policies.PUPIL_CATEGORY}
        return ConsentRole.GUARDIAN in self.consents_needed()

    def shows_reader_consent(self) -> bool:
        return self.chosen_age() is None or ConsentRole.READER in self.consents_needed()

    # ------------------------------------------------------------ checks

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        birth_date = data.get("birth_date")
        if birth_date is not None:
            try:
                services.check_birth_date(birth_date, clock.local_date())
            except LibnetError as refusal:
                # A date out of the window says nothing of the age: no consent is asked on it.
                self.add_error("birth_date", refusal.message)
                birth_date = None
        category = data.get("category")
        age = policies.age_on(birth_date, clock.local_date()) if birth_date else None
        needed = policies.consents_needed(age)
        # Luật BVDLCN 2025: silence is not consent, so the desk asks and ticks, every time.
        if ConsentRole.READER in needed and not data.get("reader_consents"):
            self.add_error(
                "reader_consents",
                _("Ask the reader and tick the box: without consent no card can be issued."),
            )
        if ConsentRole.GUARDIAN in needed:
            if not data.get("guardian_consents"):
                self.add_error(
                    "guardian_consents",
                    _("A reader under 16 needs the consent of a parent or legal guardian."),
                )
            if not (data.get("guardian_name") or "").strip():
                self.add_error("guardian_name", _("Type the name of the parent or guardian."))
        if category is not None and not category.needs_school:
            data["school"] = None
            data["school_class"] = ""
        return data

    def consents(self) -> list[ConsentGiven]:
        data = self.cleaned_data
        given = []
        if data.get("reader_consents"):
            given.append(ConsentGiven(ConsentRole.READER))
        if data.get("guardian_consents"):
            given.append(ConsentGiven(ConsentRole.GUARDIAN, data.get("guardian_name", "")))
        return given


class BlockForm(LibnetForm):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_("The reader is told this reason at the desk."),
    )


class PinForm(LibnetForm):
    pin = forms.CharField(
        label=_("New PIN"),
        min_length=4,
        max_length=12,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "inputmode": "numeric"}),
        help_text=_("4 to 12 characters. The reader logs in to the online catalogue with it."),
    )


class ConsentForm(LibnetForm):
    given_by = forms.ChoiceField(label=_("Given by"), choices=ConsentRole.choices)
    purpose = forms.ChoiceField(
        label=_("Consent to"),
        choices=[
            (policies.LIBRARY_SERVICE, _("keeping the reader's data for cards and loans")),
            (policies.DISABILITY_RECORD, _("recording a disability (counted in the statistics)")),
        ],
        required=False,
        initial=policies.LIBRARY_SERVICE,
    )
    giver_name = forms.CharField(
        label=_("Name of the person consenting"),
        max_length=200,
        required=False,
        help_text=_("Leave empty when the reader consents in person."),
    )


class ClassForm(LibnetForm):
    school = LibraryChoiceField(label=_("School"), queryset=None, required=False)
    school_class = forms.CharField(label=_("Class"), max_length=20)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["school"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = _school_queryset()


class EraseForm(LibnetForm):
    confirm = forms.BooleanField(
        label=_(
            "I understand: the name, date of birth, contacts and PIN are erased for good; "
            "loans stay, without the name, for statistics."
        )
    )
    reason = forms.CharField(
        label=_("Request"),
        max_length=300,
        required=False,
        help_text=_("For example: written request of the reader, 02/03/2026."),
    )


class ImportForm(LibnetForm):
    school = LibraryChoiceField(label=_("School"), queryset=None, empty_label=None)
    file = forms.FileField(
        label=_("Class list (Excel .xlsx or .csv)"),
        help_text=_(
            "One row per pupil with the columns Họ và tên, Ngày sinh and Lớp; Giới tính, "
            "SĐT phụ huynh, Địa chỉ and Họ tên phụ huynh are read when present."
        ),
    )
    default_class = forms.CharField(
        label=_("Class for rows without one"),
        max_length=20,
        required=False,
        help_text=_("When the file is the list of a single class, e.g. 6A."),
    )
    consents_collected = forms.BooleanField(
        label=_(
            "The school collected signed consent forms from these pupils and their parents "
            "(the parent's name is in the file)."
        ),
        required=False,
        help_text=_(
            "Without signed forms, the cards are issued but cannot be used until the consents "
            "are recorded on each reader's page."
        ),
    )
    consents_collected_on = forms.DateField(
        label=_("Date of the consent forms"), required=False, widget=DateInput()
    )
    consents_collected_by = forms.CharField(
        label=_("Forms collected by"),
        max_length=200,
        required=False,
        help_text=_("For example: the form teacher of 6A, Nguyễn Thị Hạnh."),
    )
    field_for_refusal = {"date_out_of_range": "consents_collected_on"}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["school"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = access.libraries_for_desk(user).filter(kind__in=SCHOOL_KINDS)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("consents_collected"):
            if not data.get("consents_collected_on") and "consents_collected_on" not in self.errors:
                self.add_error(
                    "consents_collected_on",
                    _(
                        "Give the date the consent forms were collected: it is recorded with each consent."
                    ),
                )
            if not (data.get("consents_collected_by") or "").strip():
                self.add_error(
                    "consents_collected_by",
                    _(
                        "Say who collected the signed consent forms (for example the form teacher of 6A)."
                    ),
                )
        return data

    def collected_consents(self) -> imports.CollectedConsents | None:
        """The school's collected consents, when the box is ticked (the form is valid)."""
        data = self.cleaned_data
        if not data.get("consents_collected"):
            return None
        return imports.CollectedConsents(
            given_on=data["consents_collected_on"], collected_by=data["consents_collected_by"]
        )


class RolloverForm(LibnetForm):
    final_grade = forms.IntegerField(
        label=_("Final grade"),
        min_value=1,
        max_value=12,
        required=False,
        help_text=_("Pupils of this grade leave the school. Empty: 5, 9 or 12 by school level."),
    )
