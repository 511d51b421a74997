"""Restricted copies (Luật Thư viện Art. 7; TT 02/2020 Art. 31–32): originals of ancient or
rare documents, damaged originals, state secrets, content harmful to state interests. Each
library keeps the list of its restricted copies; they are read on site only and never lent
(circulation refuses them); readers get the digitised version when there is one."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from libnet.catalog.errors import CatalogRefused
from libnet.catalog.models import Item, Restriction
from libnet.core import audit, clock, text
from libnet.core.audit import Actor

MAX_RESTRICTION_NOTE = 300


@transaction.atomic
def restrict_item(
    *, item: Item, restriction: str, by: Actor, note: str = "", at: dt.datetime | None = None
) -> Item:
    """Mark the copy restricted for `restriction` (a Restriction value) with a note, or lift
    the restriction with "". Raises CatalogRefused for an unknown reason or a long note."""
    at = at or clock.now()
    if restriction not in Restriction.values:
        raise CatalogRefused("restriction_unknown")
    note = text.clean(note or "") if restriction else ""
    if len(note) > MAX_RESTRICTION_NOTE:
        raise CatalogRefused("restriction_note_too_long", limit=MAX_RESTRICTION_NOTE)
    item = Item.objects.select_for_update().get(pk=item.pk)
    fields = ("restriction", "restriction_note")
    before = audit.snapshot(item, fields)
    item.restriction = restriction
    item.restriction_note = note
    item.updated_at = at
    item.save(update_fields=[*fields, "updated_at"])
    audit.record(
        "item.restrict",
        subject=item,
        by=by,
        at=at,
        library_id=item.home_library_id,
        before=before,
        after=audit.snapshot(item, fields),
        note=note,
    )
    return item
