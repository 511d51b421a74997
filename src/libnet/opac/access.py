"""What anyone, logged in or not, may look up: catalogue records and the library directory.

Nothing here reaches patrons, loans or staff: public pages show catalogue and directory data
only. A copy's barcode, accession number, price and notes stay on the staff pages too.
"""

from __future__ import annotations

from libnet.catalog.models import BibRecord
from libnet.network.models import Library
from libnet.opac.errors import PublicNotFound


def get_public_record(record_id: int) -> BibRecord:
    """Return a catalogue record of the union catalogue; PublicNotFound if there is none."""
    bib = BibRecord.objects.filter(pk=record_id).first()
    if bib is None:
        raise PublicNotFound("record_not_found")
    return bib


def get_public_library(code: str) -> Library:
    """Return an active library of the directory by its code; PublicNotFound otherwise.

    Libraries that do not run libnet (bookcases, post-office points) are in the directory too.
    """
    library = Library.objects.filter(code=code, is_active=True).select_related("parent").first()
    if library is None:
        raise PublicNotFound("library_not_found")
    return library
