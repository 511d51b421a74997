"""The figures of the digital library, defined here once:

- `pages_digitised`: the pages of the objects published through a digitisation project,
  counted on the day the item is published, for the project's library (hand entry of the
  figure closes from the month of the library's first project: `hand_entry`);
- `digital_downloads`: downloads of a page or a whole object, per day, for the object's
  library (uses of the digital library, counted apart from loans).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from django.db.models import Count

from libnet.digital.models import Download, ItemState, ProjectStep
from libnet.stats import services as stats
from libnet.stats.sources import local_day, per_day

PAGES_DIGITISED = "pages_digitised"
DIGITAL_DOWNLOADS = "digital_downloads"


def count_published_pages(*, library_id: int, day: dt.date, pages: int) -> None:
    if pages:
        stats.bump(library_id=library_id, indicator=PAGES_DIGITISED, day=day, by=pages)


def count_download(*, library_id: int, day: dt.date) -> None:
    """A download of a page or an object of `library_id` on `day` (the download page calls it
    in the transaction that writes the Download row)."""
    stats.bump(library_id=library_id, indicator=DIGITAL_DOWNLOADS, day=day)


def count_downloads(downloads: Iterable[tuple[int, dt.date]]) -> None:
    """Count many downloads at once, each (library id, day) (the demo's)."""
    counts = Counter(downloads)
    stats.bump_many(
        (library_id, DIGITAL_DOWNLOADS, day, value) for (library_id, day), value in counts.items()
    )


SOURCES = (
    per_day(
        "digital.pages_digitised",
        PAGES_DIGITISED,
        # The step "published" of an item with its object's pages, for the project's library.
        lambda: ProjectStep.objects.filter(state=ItemState.PUBLISHED, item__object__isnull=False),
        library="item__project__library_id",
        day=local_day("at"),
        value=Count("item__object__pages"),
    ),
    per_day(
        "digital.downloads",
        DIGITAL_DOWNLOADS,
        lambda: Download.objects.all(),
        library="object__library_id",
        day=local_day("at"),
    ),
)
