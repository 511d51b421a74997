"""What the OAI-PMH provider reads: a page of entries in (datestamp, id) order, from the key
of the last page on (never OFFSET), and the records and copies of that page (one query each).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet

from libnet.catalog.models import BibRecord, Item
from libnet.digital.models import DigitalObject
from libnet.interop import records
from libnet.interop.models import OaiEntry
from libnet.interop.oai import digital, sets
from libnet.interop.oai.protocol import Key

# The columns each format reads; marc_json only for MARC (it is most of a row).
_DC_COLUMNS = (
    "is_local_studies",
    "title",
    "authors",
    "subjects",
    "class_number",
    "notes",
    "publisher",
    "year",
    "material_type",
    "physical_description",
    "isbns",
    "issns",
    "language",
    "series",
)


RECORD = "record"


@dataclass(frozen=True)
class Entry:
    """An item of the repository: a catalogue record, or (kind `digital.OBJECT`) a digital
    object, `record_id` then being the object's id."""

    record_id: int
    datestamp: dt.datetime
    deleted: bool
    kind: str = RECORD

    @property
    def key(self) -> Key:
        return Key(self.datestamp, self.record_id, self.kind)

    @property
    def order(self) -> tuple[dt.datetime, int, int]:
        """The list order: by datestamp, the records before the objects, by id."""
        return (self.datestamp, 0 if self.kind == RECORD else 1, self.record_id)


@dataclass
class Described:
    """An entry with what its header and metadata need."""

    entry: Entry
    bib: BibRecord | None = None
    held: list[Item] = field(default_factory=list)
    set_specs: list[str] = field(default_factory=list)
    digital_object: DigitalObject | None = None


def earliest_datestamp() -> dt.datetime | None:
    stamps = [
        OaiEntry.objects.order_by("datestamp").values_list("datestamp", flat=True).first(),
        digital.published().order_by("published_at").values_list("published_at", flat=True).first(),
    ]
    return min((stamp for stamp in stamps if stamp is not None), default=None)


def entry(record_id: int) -> Entry | None:
    row = OaiEntry.objects.filter(record_id=record_id).values_list(
        "record_id", "datestamp", "deleted"
    )
    found = row.first()
    return Entry(*found) if found else None


def object_entry(object_id: int) -> Entry | None:
    found = digital.entry(object_id)
    return Entry(*found, kind=digital.OBJECT) if found else None


def entries(
    *,
    since: dt.datetime | None,
    before: dt.datetime | None,
    after: Key | None,
    set_filter: sets.SetFilter | None,
    limit: int,
    with_objects: bool = True,
) -> list[Entry]:
    """Up to `limit` entries with since <= datestamp < before, after the key `after`, in the
    set, in (datestamp, kind, id) order: an index range scan from the key. The digital
    objects are listed with the records unless `with_objects` is false (a format they
    are not given in) or the set is one of records."""
    found: list[Entry] = []
    if set_filter is None or not set_filter.digital:
        found += _record_entries(
            since=since, before=before, after=after, set_filter=set_filter, limit=limit
        )
    if with_objects and (set_filter is None or set_filter.digital):
        rows = digital.rows(
            since=since,
            before=before,
            after_datestamp=after.datestamp if after is not None else None,
            after_id=after.record_id
            if after is not None and after.kind == digital.OBJECT
            else None,
            collection_ids=set_filter.collection_ids if set_filter is not None else None,
            limit=limit,
        )
        found += [Entry(*row, kind=digital.OBJECT) for row in rows]
    return sorted(found, key=lambda entry: entry.order)[:limit]


def _record_entries(
    *,
    since: dt.datetime | None,
    before: dt.datetime | None,
    after: Key | None,
    set_filter: sets.SetFilter | None,
    limit: int,
) -> list[Entry]:
    rows: QuerySet[OaiEntry] = OaiEntry.objects.all()
    if since is not None:
        rows = rows.filter(datestamp__gte=since)
    if before is not None:
        rows = rows.filter(datestamp__lt=before)
    if after is not None and after.kind != RECORD:
        # After an object: the records of its datestamp came before it.
        rows = rows.filter(datestamp__gt=after.datestamp)
    elif after is not None:
        rows = rows.filter(datestamp__gte=after.datestamp).filter(
            Q(datestamp__gt=after.datestamp) | Q(record_id__gt=after.record_id)
        )
    if set_filter is not None:
        rows = rows.filter(_in_set(set_filter))
    found = rows.order_by("datestamp", "record_id").values_list(
        "record_id", "datestamp", "deleted"
    )[:limit]
    return [Entry(*row) for row in found]


def _in_set(set_filter: sets.SetFilter) -> Q:
    condition = Q()
    if set_filter.by_library:
        copies = Item.objects.filter(bib_id=OuterRef("record_id"))
        if set_filter.library_ids is not None:
            copies = copies.filter(home_library_id__in=set_filter.library_ids)
        held = copies.exclude(status__in=records.GONE_STATUSES)
        # A deleted record stays in the sets of the copies it had.
        condition &= Q(Exists(held), deleted=False) | Q(Exists(copies), deleted=True)
    if set_filter.local_studies:
        local = BibRecord.objects.filter(pk=OuterRef("record_id")).filter(sets.local_studies_q())
        condition &= Q(Exists(local))
    return condition


def describe(
    page: list[Entry], *, metadata_prefix: str | None, with_sets: bool = True
) -> list[Described]:
    """The records and copies of a page, with one query each: the record's columns the
    format needs (`metadata_prefix` None: a header only), its copies still held, its sets
    (unless the repository has none)."""
    ids = [entry.record_id for entry in page if entry.kind == RECORD]
    object_ids = [entry.record_id for entry in page if entry.kind != RECORD]
    digital_objects = digital.objects(object_ids) if object_ids else {}
    columns: tuple[str, ...] = ("is_local_studies",)
    if metadata_prefix == "marc21":
        columns = ("is_local_studies", "marc_json")
    elif metadata_prefix == "oai_dc":
        columns = _DC_COLUMNS
    bibs = {bib.pk: bib for bib in BibRecord.objects.filter(pk__in=ids).only(*columns)}
    copies = records.copies_by_record(bibs.keys(), include_gone=True)
    described: list[Described] = []
    for entry in page:
        if entry.kind != RECORD:
            found = digital_objects.get(entry.record_id)
            described.append(
                Described(
                    entry=entry,
                    digital_object=found,
                    set_specs=digital.set_specs(found) if found is not None and with_sets else [],
                )
            )
            continue
        bib = bibs.get(entry.record_id)
        item = Described(entry=entry, bib=bib)
        if bib is not None:
            everything = copies.get(bib.pk, [])
            item.held = [copy for copy in everything if records.is_held(copy.status)]
            # A deleted record's sets are those of the copies it had when they went.
            members = everything if entry.deleted else item.held
            if not with_sets:
                members = []
            item.set_specs = sets.specs(
                (copy.home_library.code for copy in members),
                local_studies=with_sets and bib.is_local_studies,
            )
        described.append(item)
    return described
