"""Rotation's daily figures: what counts, and how `libnet rebuild_stats` counts it again.

- rotation_batches_sent, rotation_items_sent: a batch shipped and its copies, at the sending
  library, on the day (Vietnam's calendar day) the batch was shipped;
- loans, visits: a month's loans and readers at a deposit point that does not run libnet,
  typed in by hand (DepositUsage), on the first day of that month.

services.ship_batch and services.record_deposit_usage call the `count_*` functions in the
transaction that writes the fact; `SOURCES` count the same from rotation's tables. Rows whose
value is 0 are not yielded: a figure corrected down to 0 leaves a 0 row behind the bumps,
which adds nothing to any sum.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Sum

from libnet.circulation.stats_sources import LOANS, VISITS
from libnet.rotation.models import BatchItem, DepositUsage, RotationBatch
from libnet.stats import services as stats
from libnet.stats.sources import local_day, per_day

BATCHES_SENT = "rotation_batches_sent"
ITEMS_SENT = "rotation_items_sent"


def count_batch_shipped(batch: RotationBatch, *, copies: int, day: dt.date) -> None:
    """Count `batch`, shipped on `day` with `copies` copies, at the sending library."""
    stats.bump(library_id=batch.from_library_id, indicator=BATCHES_SENT, day=day)
    stats.bump(library_id=batch.from_library_id, indicator=ITEMS_SENT, day=day, by=copies)


def count_deposit_usage(usage: DepositUsage, *, loans_before: int, readers_before: int) -> None:
    """Move the point's month by what `usage` changed (it held `loans_before` loans and
    `readers_before` readers), so a month typed in again is counted once."""
    for indicator, change in (
        (LOANS, usage.loans - loans_before),
        (VISITS, usage.readers - readers_before),
    ):
        if change:
            stats.bump(library_id=usage.point_id, indicator=indicator, day=usage.month, by=change)


SOURCES = (
    per_day(
        "rotation.batches_sent",
        BATCHES_SENT,
        lambda: RotationBatch.objects.filter(shipped_at__isnull=False),
        library="from_library_id",
        day=local_day("shipped_at"),
    ),
    per_day(
        "rotation.items_sent",
        ITEMS_SENT,
        lambda: BatchItem.objects.filter(batch__shipped_at__isnull=False),
        library="batch__from_library_id",
        day=local_day("batch__shipped_at"),
    ),
    per_day(
        "rotation.deposit_loans",
        LOANS,
        DepositUsage.objects.all,
        library="point_id",
        day="month",
        value=Sum("loans"),
    ),
    per_day(
        "rotation.deposit_readers",
        VISITS,
        DepositUsage.objects.all,
        library="point_id",
        day="month",
        value=Sum("readers"),
    ),
)
