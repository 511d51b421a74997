"""Reads of events: a library's (or a subtree's) events over days, the public's upcoming
events, the national days suggested for a year, and the month a library's event figures
are computed from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Min, Q, QuerySet

from libnet.core import clock
from libnet.events.models import Event, EventKind, EventState, NationalDay, NationalDayDate
from libnet.events.stats_sources import INDICATORS
from libnet.network.models import Library

# The indicators computed from a library's events once it records them (for planning).
EVENT_INDICATORS = INDICATORS


def kinds() -> list[EventKind]:
    return list(EventKind.objects.filter(is_active=True))


def counting_since(library_id: int) -> dt.date | None:
    """The first day of the month from which `library_id`'s event figures are computed (the
    month of its earliest event, whatever its state), or None: it still enters them by hand."""
    earliest = Event.objects.filter(library_id=library_id).aggregate(first=Min("starts_at"))[
        "first"
    ]
    return clock.local_date(earliest).replace(day=1) if earliest is not None else None


def start_of_day(day: dt.date) -> dt.datetime:
    """The first moment of `day` in Vietnam."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=clock.VIETNAM)


def _day_range(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return start_of_day(start), start_of_day(end + dt.timedelta(days=1))


def events_between(library_ids: Iterable[int], *, start: dt.date, end: dt.date) -> QuerySet[Event]:
    """The events of `library_ids` that start on a day from `start` through `end`."""
    since, until = _day_range(start, end)
    return (
        Event.objects.filter(
            library_id__in=list(library_ids), starts_at__gte=since, starts_at__lt=until
        )
        .select_related("library", "kind", "venue_library")
        .order_by("starts_at", "pk")
    )


def public_events() -> QuerySet[Event]:
    """The events anyone may see: published and not cancelled."""
    return (
        Event.objects.filter(is_published=True)
        .exclude(state=EventState.CANCELLED)
        .select_related("library", "kind", "venue_library")
    )


def upcoming_public_events(*, at: dt.datetime | None = None, limit: int = 5) -> list[Event]:
    """The next published events that have not ended yet, soonest first."""
    at = at or clock.now()
    return list(public_events().filter(ends_at__gte=at).order_by("starts_at", "pk")[:limit])


@dataclass(frozen=True)
class Suggestion:
    national_day: NationalDay
    starts_on: dt.date
    ends_on: dt.date
    event: Event | None  # the library's event made from it, if any


def occasion_dates(national_day: NationalDay, year: int) -> tuple[dt.date, dt.date] | None:
    """The days of `national_day` in `year`: its dates set for the year, else its fixed solar
    day; None for a lunar or province-set day whose dates are not set yet."""
    moved = NationalDayDate.objects.filter(national_day=national_day, year=year).first()
    if moved is not None:
        return moved.starts_on, moved.ends_on
    return _solar_dates(national_day, year)


def _solar_dates(national_day: NationalDay, year: int) -> tuple[dt.date, dt.date] | None:
    if national_day.month is None or national_day.day is None:
        return None
    try:
        start = dt.date(year, national_day.month, national_day.day)
    except ValueError:
        return None
    return start, start + dt.timedelta(days=national_day.length_days - 1)


def suggestions(library: Library, year: int) -> list[Suggestion]:
    """The national days suggested to `library` for `year`, in date order, each with the
    library's event made from it. Three queries."""
    days = list(NationalDay.objects.filter(is_active=True).select_related("kind"))
    moved = {
        row.national_day_id: (row.starts_on, row.ends_on)
        for row in NationalDayDate.objects.filter(year=year)
    }
    made = {
        event.national_day_id: event
        for event in Event.objects.filter(
            library=library, occasion_year=year, national_day__isnull=False
        )
    }
    found: list[Suggestion] = []
    for national_day in days:
        dates = moved.get(national_day.pk) or _solar_dates(national_day, year)
        if dates is None:
            continue
        found.append(Suggestion(national_day, dates[0], dates[1], made.get(national_day.pk)))
    found.sort(key=lambda suggestion: (suggestion.starts_on, suggestion.national_day.code))
    return found


def events_linked(
    *,
    event_ids: Iterable[int] = (),
    library_ids: Iterable[int] = (),
    body_ids: Iterable[int] = (),
) -> QuerySet[Event]:
    """The events `event_ids`, or those organised by or held at `library_ids`, or with a
    partner body among `body_ids`; newest first (the cooperation programme's activities)."""
    libraries = list(library_ids)
    found = Event.objects.filter(
        Q(pk__in=list(event_ids))
        | Q(library_id__in=libraries)
        | Q(venue_library_id__in=libraries)
        | Q(partner_bodies__in=list(body_ids))
    )
    return (
        Event.objects.filter(pk__in=found.values("pk"))
        .select_related("library", "kind", "venue_library")
        .order_by("-starts_at", "-pk")
    )
