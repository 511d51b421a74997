"""The catalogue written out as ISO 2709 or MARCXML, with its copies as 852 fields if asked."""

from __future__ import annotations

from typing import IO

from django.db.models import Prefetch

from libnet.catalog import marc
from libnet.catalog.models import BibRecord, Item
from libnet.interop.marc import holdings, writer
from libnet.network.models import Library


def export_records(
    *, out: IO[bytes], file_format: str, library: Library | None = None, with_items: bool = False
) -> int:
    """Write the catalogue to `out` as ISO 2709 or MARCXML; return the number of records.

    With `library`, only records that have copies there, and only those copies. With
    `with_items`, one 852 per copy ($a library code, $c shelf location, $h call number,
    $j accession number, $p barcode, $x notes) — what import_marc reads back.
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
            record = marc.record_from_json(bib.marc_json)
            for item in getattr(bib, "exported_items", []):
                record.add_ordered_field(
                    holdings.holdings_field(
                        library_code=item.home_library.code,
                        barcode=item.barcode,
                        call_number=item.call_number,
                        accession_number=item.accession_number,
                        location_code=item.shelf_location.code if item.shelf_location else "",
                        notes=item.notes,
                    )
                )
            marc_writer.write(record)
        return marc_writer.count
