"""The authority record form: a heading, its variants, related headings and notes, one per
line; catalog.services.authorities writes the MARC 21 authority record from it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from libnet.catalog import authority_marc, authority_selectors, marc
from libnet.catalog.models import Authority, AuthorityKind, AuthorityRelationKind
from libnet.core.forms import LibnetForm

LINES = forms.Textarea(attrs={"rows": 3})


def _lines(value: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in value.splitlines() if line.strip())


class AuthorityRecordForm(LibnetForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=AuthorityKind.choices)
    heading = forms.CharField(
        label=_("Heading"),
        max_length=500,
        help_text=_(
            "A Vietnamese name in direct order, as it is read: Nguyễn Du, Hồ Chí Minh. The inverted form (Nguyễn, Du) is added as a variant by itself."
        ),
    )
    variants = forms.CharField(
        label=_("Variant forms (see from)"),
        required=False,
        widget=LINES,
        help_text=_(
            "One per line: other spellings, other orders, names in other languages. A search for any of them finds the records of the heading."
        ),
    )
    identities = forms.CharField(
        label=_("Other names of the same person (pen name, real name)"),
        required=False,
        widget=LINES,
        help_text=_("One per line, e.g. Nguyễn Sen for Tô Hoài. Each is a heading of its own."),
    )
    related = forms.CharField(label=_("Related headings (see also)"), required=False, widget=LINES)
    notes = forms.CharField(label=_("Notes"), required=False, widget=LINES)

    def __init__(self, *args: Any, authority: Authority | None = None, **kwargs: Any) -> None:
        if authority is not None and "initial" not in kwargs:
            kwargs["initial"] = _initial(authority)
        super().__init__(*args, **kwargs)
        if authority is not None:
            # The kind of an authority is what its records' fields are: it does not change.
            self.fields["kind"].disabled = True

    def authority_form(self) -> authority_marc.AuthorityForm:
        data = self.cleaned_data
        return authority_marc.AuthorityForm(
            kind=data["kind"],
            heading=data["heading"],
            variants=_lines(data["variants"]),
            identities=_lines(data["identities"]) if data["kind"] == AuthorityKind.PERSONAL else (),
            related=_lines(data["related"]),
            notes=data["notes"],
        )


def _initial(authority: Authority) -> dict[str, Any]:
    relations = list(authority.relations.order_by("pk").values_list("kind", "heading"))
    return {
        "kind": authority.kind,
        "heading": authority_marc.editable_heading(
            authority.kind,
            authority_marc.read_authority(marc.record_from_json(authority.marc_json)).heading,
        ),
        "variants": "\n".join(name.form for name in authority_selectors.variants(authority)),
        "identities": "\n".join(
            heading for kind, heading in relations if kind == AuthorityRelationKind.OTHER_IDENTITY
        ),
        "related": "\n".join(
            heading for kind, heading in relations if kind != AuthorityRelationKind.OTHER_IDENTITY
        ),
        "notes": authority.notes,
    }


class AuthorityImportForm(LibnetForm):
    file = forms.FileField(
        label=_("Authority file"),
        help_text=_("MARC 21 authority records, ISO 2709 (.mrc) or MARCXML (.xml)."),
    )
