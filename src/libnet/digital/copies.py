"""The digital copy a reader gets instead of a restricted original (NĐ 93 Art. 5–8; Luật
Thư viện Art. 7): the catalogue record's published digital object, as its access allows."""

from __future__ import annotations

from django.http import HttpRequest

from libnet.catalog.models import BibRecord
from libnet.digital import access
from libnet.digital.models import DigitalObject


def published_object_of(request: HttpRequest, record: BibRecord) -> DigitalObject | None:
    """The first published digital object of `record` the asker of `request` may see, or
    None (a public one for anyone; an on-site one in the library's reading room)."""
    return (
        access.visible_objects(request)
        .filter(record=record, published_at__isnull=False)
        .order_by("pk")
        .first()
    )
