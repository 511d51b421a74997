"""iCalendar feeds of the published events (RFC 5545), built with the `icalendar` library:
one for the network and one per library (with the libraries below it), for a phone's or a
school's calendar to subscribe to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from libnet.core import clock
from libnet.events.models import Event

PRODID = "-//libnet//Sự kiện thư viện//VI"


def calendar_bytes(
    events: Iterable[Event], *, name: str, url_of: dict[int, str], host: str
) -> bytes:
    """The feed of `events` named `name`; `url_of` gives each event's public page, `host` the
    domain of the UIDs (stable: a calendar updates an event instead of adding it again)."""
    import icalendar  # here: only the feeds need it

    feed = icalendar.Calendar()
    feed.add("prodid", PRODID)
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("x-wr-calname", name)
    feed.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    stamp = clock.now().astimezone(dt.UTC)
    for event in events:
        entry = icalendar.Event()
        entry.add("uid", f"event-{event.pk}@{host}")
        entry.add("dtstamp", stamp)
        entry.add("dtstart", event.starts_at.astimezone(dt.UTC))
        entry.add("dtend", event.ends_at.astimezone(dt.UTC))
        entry.add("summary", event.title)
        entry.add("location", event.venue or event.library.name)
        entry.add("description", f"{event.kind.name} — {event.library.name}")
        entry.add("organizer", event.library.name)
        entry.add("url", url_of[event.pk])
        entry.add("status", "CONFIRMED")
        feed.add_component(entry)
    return bytes(feed.to_ical())
