"""The figure bibliographies give, defined here once: `bibliographies_published`, counted on
the day a bibliography is published, for the library that compiled it."""

from __future__ import annotations

import datetime as dt

from libnet.bibliographies.models import Bibliography
from libnet.stats import services as stats
from libnet.stats.sources import local_day, per_day

PUBLISHED = "bibliographies_published"


def count_published(*, library_id: int, day: dt.date, by: int) -> None:
    stats.bump(library_id=library_id, indicator=PUBLISHED, day=day, by=by)


SOURCES = (
    per_day(
        "bibliographies.published",
        PUBLISHED,
        lambda: Bibliography.objects.filter(published_at__isnull=False),
        library="record_list__library_id",
        day=local_day("published_at"),
    ),
)
