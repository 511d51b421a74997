"""The daily figures rotation bumps, recomputed from its own tables (`libnet rebuild_stats`).

- rotation_batches_sent, rotation_items_sent: at the sending library, on the day (Vietnam's
  calendar day) the batch was shipped;
- loans, visits: at a deposit point that does not run libnet, on the first day of each month
  whose usage was typed in (DepositUsage).

Rows whose value is 0 are not yielded: a figure corrected down to 0 leaves a 0 row behind
the bumps, which adds nothing to any sum.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Sum
from django.db.models.functions import TruncDate

from libnet.rotation.models import BatchItem, DepositUsage, RotationBatch


def daily_rows() -> Iterator[tuple[int, str, dt.date, int]]:
    """Yield (library_id, indicator, day, value) for every figure rotation bumps."""
    local = ZoneInfo(settings.TIME_ZONE)
    batches = (
        RotationBatch.objects.filter(shipped_at__isnull=False)
        .annotate(day=TruncDate("shipped_at", tzinfo=local))
        .values("from_library_id", "day")
        .annotate(count=Count("pk"))
    )
    for row in batches:
        yield row["from_library_id"], "rotation_batches_sent", row["day"], row["count"]
    copies = (
        BatchItem.objects.filter(batch__shipped_at__isnull=False)
        .annotate(day=TruncDate("batch__shipped_at", tzinfo=local))
        .values("batch__from_library_id", "day")
        .annotate(count=Count("pk"))
    )
    for row in copies:
        yield row["batch__from_library_id"], "rotation_items_sent", row["day"], row["count"]
    usage = DepositUsage.objects.values("point_id", "month").annotate(
        loans=Sum("loans"), readers=Sum("readers")
    )
    for row in usage:
        if row["loans"]:
            yield row["point_id"], "loans", row["month"], row["loans"]
        if row["readers"]:
            yield row["point_id"], "visits", row["month"], row["readers"]
