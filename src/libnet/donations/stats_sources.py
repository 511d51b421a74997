"""Donations' daily figures: what counts, and how `libnet rebuild_stats` counts it again.

- donated_items_received: donated books (copies) received by a library, on the day they were
  received, catalogued or not. A copy catalogued later is counted again, as a different
  figure, in catalog's items_added (by catalog.add_items, in the donation's intake batch);
  each figure counts it once.
- donated_items_passed_on: donated books a library gave on to another library (a commune or
  school library), at the giving library, on the day given: the provincial reports' "sách
  tặng cơ sở". It is not rotation (a loan, counted as rotation_items_sent): these never come
  back. The library receiving them counts them in items_added when it catalogues them.

services.record_donation and services.pass_on_donated_books call the `count_*` functions in
the transaction that writes the fact; `SOURCES` count the same from donations' tables.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Sum

from libnet.donations.models import DonationLine, OnwardGiftLine
from libnet.stats import services as stats
from libnet.stats.sources import per_day

DONATED_ITEMS_RECEIVED = "donated_items_received"
DONATED_ITEMS_PASSED_ON = "donated_items_passed_on"


def count_received(*, library_id: int, day: dt.date, copies: int) -> None:
    """Count `copies` donated books received at the library on `day`."""
    stats.bump(library_id=library_id, indicator=DONATED_ITEMS_RECEIVED, day=day, by=copies)


def count_passed_on(*, library_id: int, day: dt.date, copies: int) -> None:
    """Count `copies` donated books given on by the library on `day`."""
    stats.bump(library_id=library_id, indicator=DONATED_ITEMS_PASSED_ON, day=day, by=copies)


SOURCES = (
    per_day(
        "donations.received",
        DONATED_ITEMS_RECEIVED,
        DonationLine.objects.all,
        library="donation__library_id",
        day="donation__received_on",
        value=Sum("copies"),
    ),
    per_day(
        "donations.passed_on",
        DONATED_ITEMS_PASSED_ON,
        OnwardGiftLine.objects.all,
        library="gift__library_id",
        day="gift__given_on",
        value=Sum("copies"),
    ),
)
