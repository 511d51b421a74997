"""Forms of the digital library's staff pages: plain Django forms, acted on by services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from libnet.core.forms import LibnetForm
from libnet.digital.models import Access, DerivativeState, DigitalCollection
from libnet.network.models import Library


class LibraryChoice(forms.ModelChoiceField):  # type: ignore[type-arg]  # the stubs want the model, the field takes any queryset
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.code})"


class _WithLibrary(LibnetForm):
    library = LibraryChoice(
        label=_("Library"), queryset=Library.objects.none(), to_field_name="code"
    )

    def __init__(self, *args: Any, libraries: QuerySet[Library], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["library"].queryset = libraries  # type: ignore[attr-defined]  # a ModelChoiceField


class NetworkForm(_WithLibrary):
    network = forms.CharField(
        label=_("Network (CIDR)"),
        max_length=50,
        help_text=_("The reading room's address range, e.g. 192.168.10.0/24, or one address."),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class CollectionForm(LibnetForm):
    code = forms.SlugField(
        label=_("Code"),
        max_length=40,
        help_text=_("Short, without accents, e.g. ca-dao: it appears in the collection's address."),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class NewCollectionForm(_WithLibrary, CollectionForm):
    pass


# Dublin Core elements offered on the form (the others come from a catalogue record or the API).
DC_FIELDS = (
    "title",
    "creator",
    "date",
    "subject",
    "description",
    "publisher",
    "language",
    "rights",
)
_DC_LABELS = {
    "title": _("Title"),
    "creator": _("Creator"),
    "date": _("Date"),
    "subject": _("Subjects"),
    "description": _("Description"),
    "publisher": _("Publisher"),
    "language": _("Language"),
    "rights": _("Rights"),
}


class ObjectForm(LibnetForm):
    """What describes an object: a catalogue record's number, or Dublin Core typed here
    (several values of one element one per line)."""

    record = forms.IntegerField(
        label=_("Catalogue record number"),
        required=False,
        min_value=1,
        help_text=_("Leave empty for a document not catalogued: describe it below."),
    )
    han_nom = forms.BooleanField(
        label=_("Hán-Nôm text"),
        required=False,
        help_text=_("Its pages are not read by OCR: staff type a transcription or translation."),
    )
    watermark = forms.BooleanField(
        label=_("Watermark on downloads"),
        required=False,
        help_text=_("Downloaded images carry the library's name and the date."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in DC_FIELDS:
            multi = name not in ("title", "date", "description")
            self.fields[f"dc_{name}"] = forms.CharField(
                label=_DC_LABELS[name],
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2})
                if multi or name == "description"
                else None,
                help_text=_("One per line.") if multi else "",
            )

    def dublin_core(self) -> dict[str, list[str]]:
        data = self.cleaned_data
        return {
            name: [line for line in str(data.get(f"dc_{name}") or "").splitlines() if line.strip()]
            for name in DC_FIELDS
        }

    @staticmethod
    def initial_from(dublin_core: dict[str, list[str]]) -> dict[str, str]:
        return {f"dc_{name}": "\n".join(dublin_core.get(name, [])) for name in DC_FIELDS}


class NewObjectForm(_WithLibrary, ObjectForm):
    access = forms.ChoiceField(
        label=_("Who may see it"), choices=Access.choices, initial=Access.STAFF
    )


class AccessForm(LibnetForm):
    access = forms.ChoiceField(
        label=_("Who may see it"), choices=Access.choices, widget=forms.RadioSelect
    )


class CollectionsForm(LibnetForm):
    collections = forms.ModelMultipleChoiceField(
        label=_("Collections"),
        queryset=DigitalCollection.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, choices: QuerySet[DigitalCollection], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["collections"].queryset = choices  # type: ignore[attr-defined]  # a ModelMultipleChoiceField


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name, handed over as received: each is judged by the service
    (digital.services.add_files), which refuses a bad one alone."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = list(data) if isinstance(data, list | tuple) else [data] if data else []
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return files


class UploadForm(LibnetForm):
    documents = MultipleFileField(
        label=_("Files"),
        widget=MultipleFileInput(attrs={"accept": ".tif,.tiff,.jpg,.jpeg,.png,.pdf"}),
        help_text=_(
            "Page images (TIFF, JPEG, PNG) or PDFs, several at once: their pages are added after the last page, in the order of the files."
        ),
    )


class ObjectFilter(LibnetForm):
    q = forms.CharField(label=_("Title contains"), required=False, max_length=200)
    library = LibraryChoice(
        label=_("Library"), queryset=Library.objects.none(), to_field_name="code", required=False
    )
    access = forms.ChoiceField(
        label=_("Who may see it"), choices=[("", "—"), *Access.choices], required=False
    )
    collection = forms.ModelChoiceField(
        label=_("Collection"), queryset=DigitalCollection.objects.none(), required=False
    )
    derivatives = forms.ChoiceField(
        label=_("Images"),
        choices=[("", "—"), *DerivativeState.choices],
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        libraries: QuerySet[Library],
        collections: QuerySet[DigitalCollection],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["library"].queryset = libraries  # type: ignore[attr-defined]  # a ModelChoiceField
        self.fields["collection"].queryset = collections  # type: ignore[attr-defined]  # a ModelChoiceField
