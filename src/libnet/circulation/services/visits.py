"""Visits and reading in place: the desk's button, the daily entry and the gate counter's
figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import translation

from libnet.catalog.models import Item, ItemStatus
from libnet.circulation import policies, stats_sources
from libnet.circulation.errors import VisitRefused
from libnet.circulation.models import InLibraryUse, VisitCount, VisitSource
from libnet.circulation.services._common import day_text, user_or_none
from libnet.core import audit, clock, validation
from libnet.core.audit import Actor
from libnet.core.validation import DateOutOfRange
from libnet.network.models import Library


def record_in_library_use(
    *,
    library: Library,
    by: Actor,
    item: Item | None = None,
    count: int = 1,
    at: dt.datetime | None = None,
) -> InLibraryUse:
    """Count `count` readings in place at `library` (of `item`, when the copy was scanned).

    Raises VisitRefused: "invalid_use_count" for a count that is not a whole number from 1
    to policies.MAX_USES_AT_ONCE; "use_copy_not_here" for a copy that is not on the
    library's shelves now (another library's copy, or one on loan or travelling).
    """
    if not policies.is_whole_number(count) or not 1 <= count <= policies.MAX_USES_AT_ONCE:
        raise VisitRefused("invalid_use_count", limit=policies.MAX_USES_AT_ONCE)
    if item is not None and (
        item.current_library_id != library.pk
        or item.status not in (ItemStatus.AVAILABLE, ItemStatus.ON_ROTATION)
    ):
        raise VisitRefused("use_copy_not_here", barcode=item.barcode, library=library.name)
    at = at or clock.now()
    with transaction.atomic():
        use = InLibraryUse.objects.create(
            library=library, item=item, used_at=at, count=count, recorded_by=user_or_none(by)
        )
        audit.record(
            "circulation.in_library_use",
            subject=use,
            by=by,
            at=at,
            library_id=library.pk,
            after={"item": item.pk if item else None, "count": count},
        )
        stats_sources.count_in_library_use(use)
        return use


def record_visits(
    *,
    library: Library,
    day: dt.date,
    count: int,
    source: str,
    by: Actor,
    at: dt.datetime | None = None,
) -> VisitCount:
    """Record visits to `library` on `day`; returns the row of that source and day.

    The desk button ADDS `count` to the desk row; the daily entry and the gate-counter
    import SET their row (entering a day again corrects it). The daily "visits" figure
    moves by the difference. Raises VisitRefused for a count that is not a whole number from
    0 to policies.MAX_VISITS_PER_DAY, a day still to come or an unknown source, and
    core.validation.DateOutOfRange for a day before the operational window (visits are
    counted for the last two years, not for 1990).
    """
    at = at or clock.now()
    today = clock.local_date(at)
    if source not in VisitSource.values:
        raise VisitRefused("invalid_source", source=source)
    if not policies.is_whole_number(count) or not 0 <= count <= policies.MAX_VISITS_PER_DAY:
        raise VisitRefused("invalid_count", limit=policies.MAX_VISITS_PER_DAY, value=count)
    if source == VisitSource.DESK and count < 1:
        raise VisitRefused("desk_count_positive")
    _check_visit_day(day, today=today)
    with transaction.atomic():
        row, _created = VisitCount.objects.select_for_update().get_or_create(
            library=library, day=day, source=source, defaults={"count": 0, "updated_at": at}
        )
        before = row.count
        if source == VisitSource.DESK:
            VisitCount.objects.filter(pk=row.pk).update(count=F("count") + count, updated_at=at)
            row.refresh_from_db(fields=["count", "updated_at"])
        else:
            row.count = count
            row.updated_at = at
            row.save(update_fields=["count", "updated_at"])
        difference = row.count - before
        audit.record(
            "circulation.visits",
            subject=row,
            by=by,
            at=at,
            library_id=library.pk,
            before={"count": before},
            after={"count": row.count, "source": source, "day": day.isoformat()},
        )
        stats_sources.count_visits(row, difference=difference)
        return row


def _check_visit_day(day: dt.date, *, today: dt.date) -> None:
    """Raise unless visits may be entered for `day`: VisitRefused("future_day") for a day
    still to come; DateOutOfRange (core.validation) for a day before the operational window,
    its message naming the field and the days allowed, which end today for visits."""
    if day > today:
        raise VisitRefused("future_day", day=day_text(day))
    earliest, _latest = validation.date_window("operational", today=today)
    if day < earliest:
        raise DateOutOfRange(
            "date_out_of_range",
            field=translation.gettext("Day of the visits"),
            earliest=day_text(earliest),
            latest=day_text(today),
            value=day_text(day),
        )


@dataclass
class VisitImport:
    """What an import of gate-counter figures did."""

    imported: int = 0
    failed: int = 0


_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


def _parse_day(value: str) -> dt.date | None:
    for date_format in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(value.strip(), date_format).date()  # noqa: DTZ007  # a calendar day, no time
        except ValueError:
            continue
    return None


def import_visit_counts(
    *,
    library: Library,
    rows: Iterable[Sequence[str]],
    by: Actor,
    on_failure: Callable[[str], None],
    at: dt.datetime | None = None,
) -> VisitImport:
    """Set the gate-counter visits of `library` from CSV rows `date,count`, one day a row.

    A date is YYYY-MM-DD or DD/MM/YYYY. A first row that is not a date is taken for a header.
    Each row is its own transaction: a bad row is reported through `on_failure` ("line 7:
    …") and skipped; the others are kept. Importing a day again replaces its figure.
    """
    result = VisitImport()
    for line_number, row in enumerate(rows, start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        day = _parse_day(cells[0]) if cells else None
        if day is None and line_number == 1:
            continue  # a header: "date,count", "ngày,lượt"
        try:
            if day is None:
                raise VisitRefused("invalid_day", value=cells[0])
            # "²".isdigit() is true and int("²") raises: ASCII digits only.
            if len(cells) < 2 or not (cells[1].isascii() and cells[1].isdigit()):
                raise VisitRefused(
                    "invalid_count",
                    limit=policies.MAX_VISITS_PER_DAY,
                    value=cells[1] if len(cells) > 1 else "—",
                )
            record_visits(
                library=library, day=day, count=int(cells[1]), source=VisitSource.GATE, by=by, at=at
            )
        except (VisitRefused, DateOutOfRange) as error:
            result.failed += 1
            on_failure(
                translation.gettext("line %(line)s: %(reason)s")
                % {"line": line_number, "reason": error.message}
            )
            continue
        result.imported += 1
    return result
