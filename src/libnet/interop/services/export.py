"""The catalogue written out as ISO 2709 or MARCXML, with its copies as 852 fields if asked."""

from __future__ import annotations

from typing import IO

from django.db.models import Prefetch

from libnet.catalog.models import BibRecord, Item
from libnet.interop import records
from libnet.interop.marc import writer
from libnet.network.models import Library


def export_records(
    *, out: IO[bytes], file_format: str, library: Library | None = None, with_items: bool = False
) -> int:
    """Write the catalogue to `out` as ISO 2709 or MARCXML; return the number of records.

    With `library`, only records that have copies there, and only those copies. With
    `with_items`, one 852 per copy, withdrawn ones included ($a library code, $c shelf
    location, $h call number, $j accession number, $p barcode, $x notes) — what import_marc
    reads back. The mapping is interop.records', the one OAI-PMH and SRU use too.
    """
    bibs = BibRecord.objects.order_by("pk")
    items = Item.objects.select_related("home_library", "shelf_location").order_by("pk")
    if library is not None:
        bibs = bibs.filter(items__home_library=library).distinct()
        items = items.filter(home_library=library)
    if with_items:
        bibs = bibs.prefetch_related(Prefetch("items", queryset=items, to_attr="exported_items"))
    with writer.MarcWriter(out, file_format) as marc_writer:
        for bib in bibs.iterator(chunk_size=500):
            record = records.marc_record(
                bib,
                holdings="plain" if with_items else "none",
                copies=getattr(bib, "exported_items", []),
                nonpublic_notes=True,
            )
            marc_writer.write(record)
        return marc_writer.count
