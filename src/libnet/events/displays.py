"""The themed list of copies of a display or exhibition (trưng bày, triển lãm): proposed from
the catalogue among the copies on the shelves of the organising library and the libraries
below it, edited by hand, printed as a list and as a bibliography, and sent out in a rotation
batch to the bookcases below. The list itself is catalog's saved list (catalog.RecordList),
the one mechanism of saved lists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction

from libnet.catalog import selectors as catalog_selectors
from libnet.catalog import services as catalog_services
from libnet.catalog.models import Item, RecordList, RecordListKind
from libnet.core import clock, text
from libnet.core.audit import Actor
from libnet.events.errors import DisplayRefused
from libnet.events.models import Event, EventState
from libnet.network import selectors as network_selectors
from libnet.rotation import services as rotation_services
from libnet.rotation.models import BatchState, RotationBatch
from libnet.search import engine

QUERY_LIMIT = 200
PROPOSAL_SIZE = 60


@transaction.atomic
def themed_list(*, event: Event, by: Actor, at: dt.datetime | None = None) -> RecordList:
    """The event's themed list, made (empty, titled as the event) the first time."""
    at = at or clock.now()
    event = Event.objects.select_for_update(of=("self",)).select_related("library").get(pk=event.pk)
    if event.display_list_id is not None:
        return RecordList.objects.get(pk=event.display_list_id)
    if event.state == EventState.CANCELLED:
        raise DisplayRefused("cancelled")
    made = catalog_services.create_list(
        library=event.library, kind=RecordListKind.DISPLAY, title=event.title, by=by, at=at
    )
    event.display_list = made
    event.save(update_fields=["display_list"])
    return made


def _query(subject: str, class_number: str, keywords: str) -> str:
    parts = []
    for field, value in (("subject", subject), ("class", class_number)):
        value = text.clean(value)
        if value:
            parts.append(f'{field}:"{value.replace(chr(34), " ")}"')
    words = text.clean(keywords)
    if words:
        parts.append(words)
    return " ".join(parts)


def propose_copies(
    *, event: Event, subject: str = "", class_number: str = "", keywords: str = ""
) -> list[Item]:
    """Copies for the display: records found by subject, class number and keywords (folded
    as the catalogue's search folds them) with a copy on a shelf of the organising library or
    one below it, one copy a record, the best matches first; those already in the list left
    out."""
    for value in (subject, class_number, keywords):
        if len(value or "") > QUERY_LIMIT:
            raise DisplayRefused("query_too_long")
    query = _query(subject or "", class_number or "", keywords or "")
    if not query:
        raise DisplayRefused("no_query")
    library = event.library
    found = engine.search(
        engine.SearchRequest(
            q=query,
            library_codes=(library.code,),
            include_subtree=True,
            available=True,
            page_size=PROPOSAL_SIZE,
        )
    )
    subtree = network_selectors.subtree_ids([library.pk])
    copies = catalog_selectors.shelf_copies_of([hit.bib_id for hit in found.hits], subtree)
    if event.display_list_id is None:
        return copies
    listed = {
        entry.item_id
        for entry in catalog_selectors.record_list_entries(
            RecordList.objects.get(pk=event.display_list_id)
        )
    }
    return [copy for copy in copies if copy.pk not in listed]


def add_copies(
    *, event: Event, item_ids: Sequence[int], by: Actor, at: dt.datetime | None = None
) -> int:
    """Put copies (by id) in the event's themed list; returns how many were added. Copies
    held outside the organiser's subtree are refused by the list."""
    record_list = themed_list(event=event, by=by, at=at)
    copies = list(Item.objects.filter(pk__in=list(item_ids)).order_by("pk"))
    return catalog_services.add_to_list(record_list=record_list, copies=copies, by=by, at=at)


def draft_batches(event: Event) -> list[RotationBatch]:
    """The organising library's draft rotation batches, which the display's copies can join."""
    return list(
        RotationBatch.objects.filter(
            from_library_id=event.library_id, state=BatchState.DRAFT
        ).select_related("to_library")
    )


def send_in_batch(
    *, event: Event, batch_id: int, by: Actor, at: dt.datetime | None = None
) -> rotation_services.AddResult:
    """Add the list's copies to a draft rotation batch of the organising library, each by
    rotation's own rules (TT 05/2022 Art. 6.2.b): a copy refused is reported, not fatal."""
    if event.display_list_id is None:
        raise DisplayRefused("no_list")
    batch = next((b for b in draft_batches(event) if b.pk == batch_id), None)
    if batch is None:
        raise DisplayRefused("batch_not_found", library=event.library.name)
    entries = catalog_selectors.record_list_entries(
        RecordList.objects.get(pk=event.display_list_id)
    )
    items = [entry.item for entry in entries if entry.item is not None]
    if not items:
        raise DisplayRefused("empty_list")
    return rotation_services.add_items(batch=batch, items=items, by=by, at=at)
