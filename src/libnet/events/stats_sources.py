"""The figures events give, defined here once: `events` (every event held), `talks` (the
talks among them), `contests` and `exhibitions` (the contests, and the displays and
exhibitions, among them) and `event_attendance` (adults + children of the events reported;
finer groups are shown, never added again). An event counts on its start date (Vietnam's day) for
its organising library only: co-organisers and partners are listed, not counted.

`count_event` is called by the services in the transaction that moves an event, with what
it counted before; `SOURCES` count the same again from the events table for
`libnet rebuild_stats`.
"""

from __future__ import annotations

from django.db.models import F, Sum

from libnet.core import clock
from libnet.events.models import Event
from libnet.events.policies import HELD_STATES
from libnet.stats import services as stats
from libnet.stats.sources import local_day, per_day

EVENTS = "events"
TALKS = "talks"
EVENT_ATTENDANCE = "event_attendance"
CONTESTS = "contests"
EXHIBITIONS = "exhibitions"
# The indicators events compute: a library's hand entry for them closes from the month of
# its first event (planning asks `selectors.counting_since`).
INDICATORS = (EVENTS, TALKS, CONTESTS, EXHIBITIONS, EVENT_ATTENDANCE)
# The indicator `talks` is "Buổi giới thiệu sách, nói chuyện chuyên đề" (planning's seed):
# book introductions count as talks.
TALK_KINDS = ("talk", "book_introduction")
CONTEST_KINDS = ("contest",)
EXHIBITION_KINDS = ("exhibition",)


def figures_of(event: Event) -> dict[str, int]:
    """What `event` adds to each indicator now."""
    if event.state not in HELD_STATES:
        return dict.fromkeys(INDICATORS, 0)
    return {
        EVENTS: 1,
        TALKS: 1 if event.kind.code in TALK_KINDS else 0,
        CONTESTS: 1 if event.kind.code in CONTEST_KINDS else 0,
        EXHIBITIONS: 1 if event.kind.code in EXHIBITION_KINDS else 0,
        EVENT_ATTENDANCE: event.attendance,
    }


def count_event(event: Event, *, before: dict[str, int]) -> dict[str, int]:
    """Move the figures of the event's start day by what changed since `before`; return the
    changes (indicator → change, only those that moved)."""
    day = clock.local_date(event.starts_at)
    changes: dict[str, int] = {}
    for indicator, value in figures_of(event).items():
        change = value - before.get(indicator, 0)
        if change:
            stats.bump(library_id=event.library_id, indicator=indicator, day=day, by=change)
            changes[indicator] = change
    return changes


def count_events(events: list[Event]) -> None:
    """Count newly held or reported `events` at once (the demo's year of events)."""
    stats.bump_many(
        (event.library_id, indicator, clock.local_date(event.starts_at), value)
        for event in events
        for indicator, value in figures_of(event).items()
        if value
    )


SOURCES = (
    per_day(
        "events.events",
        EVENTS,
        lambda: Event.objects.filter(state__in=HELD_STATES),
        library="library_id",
        day=local_day("starts_at"),
    ),
    per_day(
        "events.talks",
        TALKS,
        lambda: Event.objects.filter(state__in=HELD_STATES, kind__code__in=TALK_KINDS),
        library="library_id",
        day=local_day("starts_at"),
    ),
    per_day(
        "events.contests",
        CONTESTS,
        lambda: Event.objects.filter(state__in=HELD_STATES, kind__code__in=CONTEST_KINDS),
        library="library_id",
        day=local_day("starts_at"),
    ),
    per_day(
        "events.exhibitions",
        EXHIBITIONS,
        lambda: Event.objects.filter(state__in=HELD_STATES, kind__code__in=EXHIBITION_KINDS),
        library="library_id",
        day=local_day("starts_at"),
    ),
    per_day(
        "events.attendance",
        EVENT_ATTENDANCE,
        lambda: Event.objects.filter(state__in=HELD_STATES),
        library="library_id",
        day=local_day("starts_at"),
        value=Sum(F("attended_adults") + F("attended_children")),
    ),
)
