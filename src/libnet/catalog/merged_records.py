"""Where the catalogue tells the apps above it that one record was merged into another.

Holds (circulation), inter-library loan requests (rotation), order lines (acquisitions),
donation lines (donations) and content flags (weeding) point at catalogue records; catalog
sits below those apps (DESIGN.md §2) and does not import them. Each registers one handler
here when Django starts (its AppConfig.ready) that moves its own rows from the merged record
to the survivor; catalog.services.merge_records calls every handler inside its transaction,
then refuses to delete a record anything still points at (`references`), so an app added
later without a handler makes a merge fail loudly rather than lose its rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db.models import ForeignObjectRel

from libnet.catalog.models import BibRecord
from libnet.core.audit import Actor

# handler(merged=, survivor=, by=, at=): move the app's rows; returns how many moved.
Handler = Callable[..., int]

_handlers: dict[str, Handler] = {}

# Rows derived from the record itself, which go with it: its ISBNs, its search entry, the
# links of its headings to authorities (the survivor's own are its own), and the tombstones
# that name it as a survivor (kept as a bare id: they stay).
_DERIVED = frozenset(
    {
        "catalog.bibisbn",
        "search.searchdocument",
        "catalog.recordtombstone",
        "catalog.headinglink",
    }
)


def register(name: str, handler: Handler) -> None:
    """Register `name`'s handler (once per app; registering again replaces it)."""
    _handlers[name] = handler


def records_merged(
    *, merged: BibRecord, survivor: BibRecord, by: Actor, at: dt.datetime
) -> dict[str, int]:
    """Tell every app that `merged` is merging into `survivor`; returns the rows each moved."""
    return {
        name: handler(merged=merged, survivor=survivor, by=by, at=at)
        for name, handler in sorted(_handlers.items())
    }


def references(bib: BibRecord) -> list[str]:
    """The models whose rows still point at `bib` (besides its own ISBNs and search entry)."""
    found = []
    for relation in BibRecord._meta.get_fields(include_hidden=True):
        if not isinstance(relation, ForeignObjectRel):
            continue
        model = relation.related_model
        if isinstance(model, str):  # only a lazy "self" reference is a string
            continue
        if model._meta.label_lower in _DERIVED:
            continue
        if model._default_manager.filter(**{relation.field.name: bib}).exists():
            found.append(str(model._meta.verbose_name_plural))
    return found
