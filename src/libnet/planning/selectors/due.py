"""Reports waiting: those sent to a library for acceptance, and those its libraries have not
sent yet for the last closed periods, with their due dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings

from libnet.network import selectors as network_selectors
from libnet.network.models import Library
from libnet.planning import policies
from libnet.planning.models import Report, ReportState
from libnet.planning.periods import Period, month_of, parse


def due_days() -> dict[str, int]:
    return dict(getattr(settings, "LIBNET_REPORT_DUE_DAYS", None) or policies.DEFAULT_DUE_DAYS)


def reports_awaiting(library_ids: Iterable[int]) -> list[Report]:
    """Return the submitted reports sent to `library_ids`, oldest first."""
    return list(
        Report.objects.filter(parent_id__in=list(library_ids), state=ReportState.SUBMITTED)
        .select_related("library")
        .order_by("submitted_at")
    )


@dataclass
class ReportDue:
    library: Library
    period: Period
    state: str
    due_on: dt.date


def reports_due(
    library_ids: Iterable[int], today: dt.date, *, limit: int = 50
) -> tuple[list[ReportDue], int]:
    """Return the reports of the last closed periods (see `last_closed_periods`) that
    `library_ids` have not sent yet (not started, draft or returned), the first `limit` of
    them, and how many more there are.

    Only libraries that run libnet and have a library above them (or a school, a managing
    body) on the period's last day send a report (the same tree as the report pages); the provincial library sends its own
    on paper. Two queries per period (the tree is in memory).
    """
    ids = set(library_ids)
    due: list[ReportDue] = []
    total = 0
    runs_libnet = network_selectors.runs_libnet_map()
    for period in last_closed_periods(today):
        parents = network_selectors.parents_on(period.end)
        to_bodies = network_selectors.bodies_on(period.end)
        sending = [
            library_id
            for library_id in ids
            if parents.get(library_id) is not None or library_id in to_bodies
        ]
        states = dict(
            Report.objects.filter(library_id__in=sending, period=period.code).values_list(
                "library_id", "state"
            )
        )
        waiting = [
            library_id
            for library_id in sending
            if states.get(library_id, ReportState.DRAFT)
            in (ReportState.DRAFT, ReportState.RETURNED)
        ]
        libraries = network_selectors.libraries_by_id(
            library_id for library_id in waiting if runs_libnet.get(library_id)
        ).values()
        deadline = policies.due_on(period, due_days())
        for library in libraries:
            total += 1
            if len(due) < limit:
                due.append(
                    ReportDue(
                        library=library,
                        period=period,
                        state=states.get(library.pk, ReportState.DRAFT),
                        due_on=deadline,
                    )
                )
    return due, total - len(due)


def last_closed_periods(today: dt.date) -> list[Period]:
    """Return the last month, and the last quarter when it ended last month: the reports
    due soonest."""
    first = today.replace(day=1)
    last_month = month_of(first - dt.timedelta(days=1))
    result = [last_month]
    if last_month.start.month % 3 == 0:
        result.append(parse(f"{last_month.year}-Q{last_month.start.month // 3}"))
    return result
