"""The readers' daily figure: what counts, and how `libnet rebuild_stats` counts it again.

- new_patrons: a reader card issued for the first time, at the reader's home library (the
  one that issued it), on the day it was issued.

`count_new_readers` is called by whoever registers readers (the card service one at a time,
the demo loader by the batch), inside the transaction that writes them; `SOURCES` count the
same from the readers table.
"""

from __future__ import annotations

from collections.abc import Iterable

from libnet.patrons.models import Patron
from libnet.stats import services as stats
from libnet.stats.sources import per_day

NEW_PATRONS = "new_patrons"


def count_new_readers(readers: Iterable[Patron]) -> None:
    """Bump the daily figures of newly registered `readers`."""
    stats.bump_many(
        (reader.home_library_id, NEW_PATRONS, reader.card_issued_on, 1) for reader in readers
    )


SOURCES = (
    per_day(
        "patrons.new_readers",
        NEW_PATRONS,
        Patron.objects.all,
        library="home_library_id",
        day="card_issued_on",
    ),
)
