"""The search's daily figure: what counts, and how `libnet rebuild_stats` counts it again.

- lookups: a search answered in a library's catalogue (an OPAC page or a call to the search
  API), at that library, on the day; searches of the whole network's catalogue (no library)
  are not counted.

`count_lookup` is called by services.record_lookup in the transaction that adds to the day's
`LookupCount`; `SOURCES` count the same from those rows.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Sum

from libnet.search.models import LookupCount
from libnet.stats import services as stats
from libnet.stats.sources import per_day

LOOKUPS = "lookups"


def count_lookup(*, library_id: int, day: dt.date) -> None:
    stats.bump(library_id=library_id, indicator=LOOKUPS, day=day)


SOURCES = (
    per_day(
        "search.lookups",
        LOOKUPS,
        LookupCount.objects.all,
        library="library_id",
        day="day",
        value=Sum("count"),
    ),
)
