"""Rotation points: a point's profile (remote, border, island) and a deposit point's monthly
figures typed in."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext

from libnet.core import audit, clock, inputs, text
from libnet.core.audit import Actor
from libnet.core.validation import check_date
from libnet.network.models import Library
from libnet.rotation import policies, stats_sources
from libnet.rotation.errors import UsageRefused
from libnet.rotation.models import DepositUsage, PointProfile
from libnet.rotation.services._common import user_or_none


@transaction.atomic
def set_point_profile(
    *, library: Library, area: str, max_months: int | None, by: Actor, at: dt.datetime | None = None
) -> PointProfile:
    """Mark a point as remote, border or island (the library then sets the longest stay)."""
    at = at or clock.now()
    profile, _created = PointProfile.objects.get_or_create(library=library)
    before = audit.snapshot(profile, ["area", "max_months"])
    profile.area = area
    profile.max_months = max_months if area != "normal" else None
    profile.save()
    audit.record(
        "point.profile",
        subject=profile,
        by=by,
        at=at,
        library_id=library.pk,
        before=before,
        after=audit.snapshot(profile, ["area", "max_months"]),
    )
    return profile


@transaction.atomic
def record_deposit_usage(
    *,
    point: Library,
    month: dt.date,
    loans: int,
    readers: int,
    by: Actor,
    note: str = "",
    at: dt.datetime | None = None,
) -> DepositUsage:
    """Set a month's loans and readers at a deposit point that does not run libnet.

    The point's daily figures (`loans`, `visits`) on the first day of the month change by the
    difference, so a corrected month is counted once. Raises UsageRefused for a month to
    come and DateOutOfRange for one outside the operational window.
    """
    at = at or clock.now()
    if point.runs_libnet:
        raise UsageRefused("point_runs_libnet", library=point.name)
    check_date(month, field=gettext("Month"), window="operational", today=clock.local_date(at))
    month = policies.month_start(month)
    if month > policies.month_start(clock.local_date(at)):
        raise UsageRefused("month_in_future")
    row = DepositUsage.objects.select_for_update().filter(point=point, month=month).first()
    before = {"loans": row.loans, "readers": row.readers} if row else {"loans": 0, "readers": 0}
    if row is None:
        row = DepositUsage(point=point, month=month)
    row.loans = loans
    row.readers = readers
    row.note = inputs.check_column(DepositUsage, "note", text.clean(note))
    row.entered_by = user_or_none(by)
    row.entered_at = at
    row.save()
    stats_sources.count_deposit_usage(
        row, loans_before=before["loans"], readers_before=before["readers"]
    )
    audit.record(
        "deposit_usage.record",
        subject=row,
        by=by,
        at=at,
        library_id=point.pk,
        before=before,
        after={"loans": loans, "readers": readers},
    )
    return row
