"""Reads of the staff pages about copies: a record's holdings, register rows, proposals.

Copies belong to libraries: a caller passes the ids of the libraries the user may see, and
copies elsewhere are only ever counted, never listed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Count, Q, QuerySet

from libnet.catalog import cataloguing
from libnet.catalog.models import AccessionRegister, BibRecord, Item, ItemStatus
from libnet.core import text
from libnet.network.models import Library


@dataclass(frozen=True)
class HoldingElsewhere:
    library: Library
    copies: int


def copies_of_record(bib: BibRecord, library_ids: Collection[int]) -> QuerySet[Item]:
    """Return the copies of `bib` owned by, or now at, one of `library_ids`."""
    return (
        Item.objects.filter(bib=bib)
        .filter(Q(home_library_id__in=library_ids) | Q(current_library_id__in=library_ids))
        .select_related("home_library", "current_library", "shelf_location", "register")
        .order_by("home_library__sort_key", "accession_number", "pk")
    )


def holdings_elsewhere(bib: BibRecord, library_ids: Collection[int]) -> list[HoldingElsewhere]:
    """Return, per other library, how many copies of `bib` it owns (never which ones)."""
    rows = (
        Item.objects.filter(bib=bib)
        .exclude(home_library_id__in=library_ids)
        .exclude(current_library_id__in=library_ids)
        .exclude(status=ItemStatus.WITHDRAWN)
        .values("home_library_id")
        .annotate(copies=Count("id"))
    )
    counts = {row["home_library_id"]: row["copies"] for row in rows}
    libraries = Library.objects.filter(pk__in=counts).order_by("sort_key", "code")
    return [HoldingElsewhere(library=library, copies=counts[library.pk]) for library in libraries]


def with_copy_counts(
    records: QuerySet[BibRecord], library_ids: Collection[int]
) -> QuerySet[BibRecord]:
    """Annotate `copies_here`: the copies each record has in `library_ids`; order by title."""
    return records.annotate(
        copies_here=Count("items", filter=Q(items__home_library_id__in=library_ids), distinct=True)
    ).order_by("title_sort_key", "pk")


def register_rows(
    register: AccessionRegister, *, first: int | None = None, last: int | None = None
) -> QuerySet[Item]:
    """Return the copies entered in `register`, in accession order, optionally a number range."""
    rows = Item.objects.filter(register=register)
    if first is not None:
        rows = rows.filter(accession_sequence__gte=first)
    if last is not None:
        rows = rows.filter(accession_sequence__lte=last)
    return rows.select_related("bib", "home_library").order_by(
        "accession_sequence", "accession_number", "pk"
    )


class RegisterCopy(NamedTuple):
    """What the register prints of a copy: its columns and its record's, nothing else."""

    accession_number: str
    status: str
    withdrawal_reference: str
    notes: str
    price_vnd: int | None
    source: str
    acquired_on: dt.date | None
    created_at: dt.datetime
    title: str
    authors: str
    publication_place: str
    publisher: str
    year: int | None

    @classmethod
    def of(cls, item: Item) -> RegisterCopy:
        bib = item.bib
        return cls(
            item.accession_number,
            item.status,
            item.withdrawal_reference,
            item.notes,
            item.price_vnd,
            item.source,
            item.acquired_on,
            item.created_at,
            bib.title,
            bib.authors,
            bib.publication_place,
            bib.publisher,
            bib.year,
        )


_REGISTER_COLUMNS = (
    "accession_number",
    "status",
    "withdrawal_reference",
    "notes",
    "price_vnd",
    "source",
    "acquired_on",
    "created_at",
    "bib__title",
    "bib__authors",
    "bib__publication_place",
    "bib__publisher",
    "bib__year",
)


def register_export_rows(
    register: AccessionRegister, *, first: int | None = None, last: int | None = None
) -> Iterator[RegisterCopy]:
    """Read the copies of `register` for an export, in accession order, a chunk at a time.

    Only the printed columns, as tuples from a cursor: building three model instances per
    line and decoding each record's MARC took most of an export, and a register of 100,000
    copies is never held in memory.
    """
    rows = register_rows(register, first=first, last=last).values_list(*_REGISTER_COLUMNS)
    return (RegisterCopy(*row) for row in rows.iterator(chunk_size=2000))


def registers_with_counts(library_ids: Collection[int]) -> QuerySet[AccessionRegister]:
    """Return the registers of `library_ids` with `copies` (how many lines each holds)."""
    return (
        AccessionRegister.objects.filter(library_id__in=library_ids)
        .select_related("library")
        .annotate(copies=Count("items"))
        .order_by("library__sort_key", "prefix")
    )


def proposed_call_number(bib: BibRecord, library: Library | None = None) -> str:
    """Propose a call number: the class number, then a mark from the main heading.

    The mark the cataloguer gave with the class number (082/084 $b, as the cataloguing form
    writes it by the library's rule) comes first. Otherwise it is made from the first author
    (or the title) by `library`'s rule for author marks, as the cataloguing form makes it
    (cataloguing.author_mark): `895.9223 PHU` for Vũ Trọng Phụng by the given name. This
    only saves typing: the cataloguer may overwrite it.
    """
    mark = _catalogued_mark(bib)
    if not mark:
        rule = cataloguing.library_settings(library).author_mark_rule
        heading = bib.author_list[0] if bib.author_list else ""
        mark = cataloguing.author_mark(rule, heading=heading, title=bib.title)
    return " ".join(part for part in (bib.class_number, mark) if part)


def _catalogued_mark(bib: BibRecord) -> str:
    """The author mark the cataloguer gave with the class number (082/084 $b), if any."""
    for entry in (bib.marc_json or {}).get("fields", []):
        ((tag, value),) = entry.items()
        if tag in {"082", "084"} and isinstance(value, dict):
            for subfield in value.get("subfields", []):
                if "b" in subfield:
                    return str(subfield["b"]).strip()
            return ""
    return ""


def split_call_number(call_number: str) -> list[str]:
    """Split a call number into spine-label lines: class number, then author mark, …"""
    return [part for part in text.clean(call_number).split(" ") if part]
