"""The one mapping from a catalogue record to what libnet's doors send out.

`export_marc`, the OAI-PMH provider and the SRU server all describe a record through this
module, so a record reads the same whichever door a client comes in by:

- `marc_record(bib, holdings=…)`: the MARC 21 record as `export_marc` writes it (the MARC kept
  whole, leader/09 "a": libnet writes UTF-8 only), with or without its copies as 852 fields;
- `marcxml(record)`: one `<record>` in the MARC21slim namespace, UTF-8, valid against
  MARC21slim.xsd, ready to sit inside an OAI-PMH `<metadata>` or an SRU `<recordData>`;
- `dublin_core(bib)`: the record as simple Dublin Core (the Library of Congress MARC to DC
  crosswalk, simplified), as (element, value) pairs; `dublin_core_xml` writes them;
- `copies_by_record(bib_ids)`: the copies of a page of records, with one query.

Holdings (852, one per copy; what `import_marc` reads back):

    $a owner's library code   $c shelf location code   $h call number
    $j accession number (số ĐKCB)   $p barcode
    $x the copy's notes — export_marc only: MARC 21 calls 852 $x a nonpublic note
    $b the library where the copy is now (a rotation box, a transfer) — "availability" only
    $z the copy's status — "availability" only (SRU): one of AVAILABILITY_CODES

Which copies: those still in the network's holdings (`HELD`): a withdrawn or lost copy is no
longer the network's, so it leaves the 852s (and a record whose every copy is withdrawn or
lost is harvested as deleted, interop/oai). `export_marc` passes its own copies (all of one
library, withdrawn ones included: an export is lossless).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from typing import Literal
from xml.sax.saxutils import escape, quoteattr

import pymarc

from libnet.catalog import marc
from libnet.catalog.models import BibRecord, Item, ItemStatus
from libnet.core import text
from libnet.interop.marc import holdings as marc_holdings

HoldingsMode = Literal["none", "plain", "availability"]

MARC21_NS = "http://www.loc.gov/MARC21/slim"
MARC21_SCHEMA = "http://www.loc.gov/standards/marcxml/schema/MARC21slim.xsd"
DC_NS = "http://purl.org/dc/elements/1.1/"

# A copy withdrawn (TT 02/2020 weeding decision) or lost is no longer held by the network.
GONE_STATUSES = frozenset({ItemStatus.WITHDRAWN, ItemStatus.LOST})
HELD_STATUSES = frozenset(ItemStatus.values) - GONE_STATUSES

# 852 $z with holdings="availability": the copy's status, as a stable English code (the
# values of catalog.models.ItemStatus). Only "available" means a reader can have it now.
AVAILABILITY_CODES = tuple(sorted(HELD_STATUSES))

# Characters XML 1.0 cannot carry at all, even as references; a MARC record from an old
# system may hold one (a stray ESC of MARC-8, a form feed). They are left out of the XML.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Copies read per query: below every database's limit of parameters.
_IDS_PER_QUERY = 500
# What copies_by_record reads of a copy: what holdings_field and is_held use.
_COPY_COLUMNS = (
    "bib_id",
    "barcode",
    "call_number",
    "accession_number",
    "notes",
    "status",
    "home_library__code",
    "current_library__code",
    "shelf_location__code",
)


def xml_text(value: str) -> str:
    """`value` as XML character data: escaped, and without characters XML cannot carry."""
    return escape(_NOT_XML.sub("", value))


# Attributes are tags, indicators and subfield codes: a few hundred values, met millions of
# times in a harvest.
@functools.lru_cache(maxsize=4096)
def _xml_attribute(value: str) -> str:
    return quoteattr(_NOT_XML.sub("", value))


# ---------------------------------------------------------------------------- copies


def is_held(status: str) -> bool:
    """Whether a copy in `status` is still part of the network's holdings."""
    return status not in GONE_STATUSES


def copies_by_record(
    bib_ids: Iterable[int], *, include_gone: bool = False
) -> dict[int, list[Item]]:
    """The copies of the records `bib_ids`, by record id, oldest copy first: one query for a
    page of records (one per 500 records beyond that). Withdrawn and lost copies are left out
    unless `include_gone`. A record without copies is absent from the answer.

    Only the columns an 852 is made of are read (`_COPY_COLUMNS`): a page of twenty records
    has fifty copies, and the whole rows of a copy and its three libraries took longer to
    build than the search itself. Another column is read on access, one query per copy."""
    ids = sorted(set(bib_ids))
    found: dict[int, list[Item]] = {}
    for start in range(0, len(ids), _IDS_PER_QUERY):
        copies = (
            Item.objects.filter(bib_id__in=ids[start : start + _IDS_PER_QUERY])
            .select_related("home_library", "current_library", "shelf_location")
            .only(*_COPY_COLUMNS)
            .order_by("bib_id", "pk")
        )
        if not include_gone:
            copies = copies.exclude(status__in=GONE_STATUSES)
        for item in copies:
            found.setdefault(item.bib_id, []).append(item)
    return found


def holdings_field(
    item: Item, *, availability: bool = False, nonpublic_notes: bool = False
) -> pymarc.Field:
    """The 852 of one copy (see the module's docstring for its subfields)."""
    marc_field = marc_holdings.holdings_field(
        library_code=item.home_library.code,
        barcode=item.barcode,
        call_number=item.call_number,
        accession_number=item.accession_number,
        location_code=item.shelf_location.code if item.shelf_location else "",
        notes=item.notes if nonpublic_notes else "",
    )
    if availability:
        # MARC 21's 852 $b, the sublocation the copy is available from: in the network,
        # the library where it is now, which a reader goes to.
        marc_field.add_subfield("b", item.current_library.code, pos=1)
        marc_field.add_subfield("z", str(item.status))
    return marc_field


# ---------------------------------------------------------------------------- MARC


def marc_record(
    bib: BibRecord,
    *,
    holdings: HoldingsMode = "none",
    copies: Sequence[Item] | None = None,
    nonpublic_notes: bool = False,
) -> pymarc.Record:
    """The MARC 21 record of `bib` as libnet sends it out.

    `holdings`: "none", the record alone; "plain", one 852 per copy, as `export_marc
    --with-items` writes them; "availability", the same with each copy's status in $z.
    `copies` are the copies to describe (from `copies_by_record`, for a page of records);
    without them the record's held copies are read. `nonpublic_notes` adds the copies' notes
    in $x, for `export_marc` only (a staff export read back by `import_marc`).
    """
    record = marc.record_from_json(bib.marc_json)
    # libnet stores UTF-8 only; leader/09 says so in every record it sends.
    leader = str(record.leader)
    record.leader = pymarc.Leader(leader[:9] + "a" + leader[10:])
    if holdings != "none":
        if copies is None:
            copies = copies_by_record([bib.pk]).get(bib.pk, [])
        for item in copies:
            record.add_ordered_field(
                holdings_field(
                    item,
                    availability=holdings == "availability",
                    nonpublic_notes=nonpublic_notes,
                )
            )
    return record


def marcxml(record: pymarc.Record, *, schema_location: bool = False) -> bytes:
    """`record` as one MARCXML `<record>` (UTF-8, no XML declaration) that declares the
    MARC21slim namespace itself, valid against MARC21slim.xsd.

    Control fields come first, as the schema wants (some source files, Sirsi via Evergreen,
    put an 008 after the 020); otherwise the record's own field order is kept. With
    `schema_location` the element also says where MARC21slim.xsd is.
    """
    head = f'<record xmlns="{MARC21_NS}"'
    if schema_location:
        head += (
            ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
            f' xsi:schemaLocation="{MARC21_NS} {MARC21_SCHEMA}"'
        )
    parts = [head, "><leader>", xml_text(str(record.leader)), "</leader>"]
    data_fields: list[str] = []
    for marc_field in record.fields:
        if marc_field.is_control_field():
            parts.append(
                f"<controlfield tag={_xml_attribute(marc_field.tag)}>"
                f"{xml_text(marc_field.data or '')}</controlfield>"
            )
            continue
        subfields = "".join(
            f"<subfield code={_xml_attribute(subfield.code)}>{xml_text(subfield.value)}</subfield>"
            for subfield in marc_field.subfields
        )
        data_fields.append(
            f"<datafield tag={_xml_attribute(marc_field.tag)}"
            f" ind1={_xml_attribute(marc_field.indicator1)}"
            f" ind2={_xml_attribute(marc_field.indicator2)}>{subfields}</datafield>"
        )
    parts.extend(data_fields)
    parts.append("</record>")
    return "".join(parts).encode("utf-8")


# ---------------------------------------------------------------------------- Dublin Core

# The material type the catalogue took from leader/06 (catalog.marc) → DCMI Type Vocabulary,
# as the LoC MARC to Dublin Core crosswalk maps leader/06.
_DC_TYPES = {
    "text": "Text",
    "serial": "Text",
    "score": "Text",
    "map": "Image",
    "video": "Image",
    "image": "Image",
    "audio": "Sound",
    "music": "Sound",
    "computer": "Software",
    "kit": "Collection",
    "mixed": "Collection",
    "object": "PhysicalObject",
}


def dublin_core(bib: BibRecord, *, record_url: str = "") -> list[tuple[str, str]]:
    """The record as simple Dublin Core: (element, value) pairs in the order of the
    fifteen elements, each value NFC and non-empty.

    After the LoC MARC to Dublin Core crosswalk, from the columns the catalogue extracted:
    title (245 $a$b$n$p), creator (1XX, 7XX), subject (6XX headings, then the class number),
    description (5XX notes), publisher (260/264 $b), date (the year), type (leader/06, DCMI
    Type Vocabulary), format (300), identifier (ISBNs as URN:ISBN, ISSNs as URN:ISSN, and
    `record_url`, the record's OPAC page, when given), language (ISO 639-2 code), relation
    (series, 490/830).
    """
    pairs: list[tuple[str, str]] = []

    def add(element: str, *values: str) -> None:
        for value in values:
            cleaned = text.clean(value)
            if cleaned:
                pairs.append((element, cleaned))

    add("title", bib.title)
    add("creator", *bib.author_list)
    add("subject", *bib.subject_list, bib.class_number)
    add("description", *bib.notes.splitlines())
    add("publisher", bib.publisher)
    add("date", str(bib.year) if bib.year else "")
    add("type", _DC_TYPES.get(bib.material_type, ""))
    add("format", bib.physical_description)
    add("identifier", *(f"URN:ISBN:{isbn}" for isbn in bib.isbn_list))
    add("identifier", *(f"URN:ISSN:{issn}" for issn in bib.issns.splitlines() if issn))
    add("identifier", record_url)
    add("language", bib.language)
    add("relation", *bib.series.splitlines())
    return pairs


def dublin_core_xml(pairs: Sequence[tuple[str, str]], *, prefix: str = "dc") -> str:
    """The `<dc:element>` children for `pairs` (the caller writes the wrapping element and
    declares the Dublin Core namespace for `prefix`)."""
    return "".join(f"<{prefix}:{name}>{xml_text(value)}</{prefix}:{name}>" for name, value in pairs)
