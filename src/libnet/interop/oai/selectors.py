"""What the OAI-PMH provider reads: a page of entries in (datestamp, id) order, from the key
of the last page on (never OFFSET), and the records and copies of that page (one query each).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet

from libnet.catalog.models import BibRecord, Item
from libnet.interop import records
from libnet.interop.models import OaiEntry
from libnet.interop.oai import sets
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


@dataclass(frozen=True)
class Entry:
    record_id: int
    datestamp: dt.datetime
    deleted: bool

    @property
    def key(self) -> Key:
        return Key(self.datestamp, self.record_id)


@dataclass
class Described:
    """An entry with what its header and metadata need."""

    entry: Entry
    bib: BibRecord | None = None
    held: list[Item] = field(default_factory=list)
    set_specs: list[str] = field(default_factory=list)


def earliest_datestamp() -> dt.datetime | None:
    return OaiEntry.objects.order_by("datestamp").values_list("datestamp", flat=True).first()


def entry(record_id: int) -> Entry | None:
    row = OaiEntry.objects.filter(record_id=record_id).values_list(
        "record_id", "datestamp", "deleted"
    )
    found = row.first()
    return Entry(*found) if found else None


def entries(
    *,
    since: dt.datetime | None,
    before: dt.datetime | None,
    after: Key | None,
    set_filter: sets.SetFilter | None,
    limit: int,
) -> list[Entry]:
    """Up to `limit` entries with since <= datestamp < before, after the key `after`, in the
    set, in (datestamp, id) order: an index range scan from the key."""
    rows: QuerySet[OaiEntry] = OaiEntry.objects.all()
    if since is not None:
        rows = rows.filter(datestamp__gte=since)
    if before is not None:
        rows = rows.filter(datestamp__lt=before)
    if after is not None:
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
    ids = [entry.record_id for entry in page]
    columns: tuple[str, ...] = ("is_local_studies",)
    if metadata_prefix == "marc21":
        columns = ("is_local_studies", "marc_json")
    elif metadata_prefix == "oai_dc":
        columns = _DC_COLUMNS
    bibs = {bib.pk: bib for bib in BibRecord.objects.filter(pk__in=ids).only(*columns)}
    copies = records.copies_by_record(bibs.keys(), include_gone=True)
    described: list[Described] = []
    for entry in page:
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
