"""Every write of events: plan, repeat, hold, report, cancel, and make a library's (or a
subtree's) events from the national days suggested for a year.

Each service is one transaction: check → write → count → audit. Figures move in the same
transaction (stats_sources.count_event).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from libnet.core import audit, clock, text, validation
from libnet.core.audit import Actor
from libnet.events import hand_entry, late_figures, policies, selectors, stats_sources
from libnet.events.errors import EventInvalid, EventRefused
from libnet.events.models import (
    MAX_ATTENDANCE,
    Audience,
    Event,
    EventKind,
    EventState,
    NationalDay,
    NationalDayDate,
    Registration,
)
from libnet.network import selectors as network_selectors
from libnet.network.models import Library, ManagingBody

MAX_TITLE = 300
MAX_TEXT = 500
MAX_NOTES = 5000
# A national day's event starts at 8:00 on its first day and ends at 11:00 on its last:
# a morning, which the library moves when it plans the details.
SUGGESTED_START = dt.time(8, 0)
SUGGESTED_END = dt.time(11, 0)

# Past what an action reads as in the refusal ("cannot be held").
_ACTION_WORDS = {"hold": "held", "report": "reported", "cancel": "cancelled"}


def _kind(code: str) -> EventKind:
    kind = EventKind.objects.filter(code=code, is_active=True).first()
    if kind is None:
        codes = ", ".join(EventKind.objects.filter(is_active=True).values_list("code", flat=True))
        raise EventInvalid("unknown_kind", codes=codes)
    return kind


def _audiences(values: Iterable[str]) -> list[str]:
    chosen = list(dict.fromkeys(values))
    if set(chosen) - set(Audience.values):
        raise EventInvalid("unknown_audience", codes=", ".join(Audience.values))
    return chosen


def _user(by: Actor) -> Any:
    return by if by is not None and getattr(by, "is_authenticated", False) else None


def _check_plan(
    *,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    venue_library: Library | None,
    venue_address: str,
    at: dt.datetime,
) -> None:
    refusal = policies.event_refusal(
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        has_venue_conflict=venue_library is not None and bool(venue_address),
    )
    if refusal:
        raise EventInvalid(refusal)
    validation.check_date(
        clock.local_date(starts_at),
        field=_("Start"),
        window="operational",
        today=clock.local_date(at),
    )
    validation.check_date(
        clock.local_date(ends_at), field=_("End"), window="operational", today=clock.local_date(at)
    )


def _build(
    *,
    library: Library,
    kind: EventKind,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    venue_library: Library | None,
    venue_address: str,
    audiences: list[str],
    planned_adults: int,
    planned_children: int,
    notes: str,
    partners: str,
    is_published: bool,
    by: Actor,
    at: dt.datetime,
) -> Event:
    return Event(
        library=library,
        kind=kind,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        venue_library=venue_library,
        venue_address=venue_address,
        audiences=audiences,
        planned_adults=planned_adults,
        planned_children=planned_children,
        notes=notes,
        partners=partners,
        is_published=is_published,
        created_by=_user(by),
        created_at=at,
    )


def _started_counting(library_ids: Iterable[int], events: Sequence[Event]) -> dict[int, dt.date]:
    """For each library, the month its earliest event moves to when `events` are added, when
    that is earlier than before (or it had none)."""
    earliest: dict[int, dt.date] = {}
    for event in events:
        month = clock.local_date(event.starts_at).replace(day=1)
        if event.library_id not in earliest or month < earliest[event.library_id]:
            earliest[event.library_id] = month
    moved: dict[int, dt.date] = {}
    for library_id in set(library_ids):
        if library_id not in earliest:
            continue
        since = selectors.counting_since(library_id)
        if since is None or earliest[library_id] < since:
            moved[library_id] = earliest[library_id]
    return moved


def _close_hand_entry(moved: Mapping[int, dt.date], *, by: Actor, at: dt.datetime) -> None:
    for library_id, since in moved.items():
        hand_entry.counting_starts(library_id, since, by=by, at=at)


@transaction.atomic
def plan_event(
    *,
    library: Library,
    kind_code: str,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    by: Actor,
    venue_library: Library | None = None,
    venue_address: str = "",
    audiences: Iterable[str] = (),
    planned_adults: int = 0,
    planned_children: int = 0,
    notes: str = "",
    co_organisers: Iterable[Library] = (),
    partner_bodies: Iterable[ManagingBody] = (),
    partners: str = "",
    is_published: bool = True,
    repeat: str = "",
    repeat_until: dt.date | None = None,
    capacity: int | None = None,
    at: dt.datetime | None = None,
) -> Event:
    """Plan an event organised by `library` (with `co_organisers` and partners) and return it;
    with `repeat` "weekly" or "monthly" through `repeat_until`, plan every occurrence (one
    series) and return the first.

    From the month of a library's earliest event its event figures are computed: its hand
    entries for them from that month are taken out (hand_entry).

    Raises EventInvalid (empty title, end before start, a day outside the operational window,
    an unknown kind or audience, a bad repeat). Nothing is written when it does.
    """
    at = at or clock.now()
    title = text.clean(title)[: MAX_TITLE + 1]
    venue_address = text.clean(venue_address)
    notes = text.nfc(notes).strip()
    partners = text.clean(partners)
    if len(title) > MAX_TITLE:
        raise EventInvalid("text_too_long", limit=MAX_TITLE)
    if len(venue_address) > MAX_TEXT or len(partners) > MAX_TEXT:
        raise EventInvalid("text_too_long", limit=MAX_TEXT)
    if len(notes) > MAX_NOTES:
        raise EventInvalid("text_too_long", limit=MAX_NOTES)
    kind = _kind(kind_code)
    chosen = _audiences(audiences)
    _check_plan(
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        venue_library=venue_library,
        venue_address=venue_address,
        at=at,
    )
    if not 0 <= planned_adults <= MAX_ATTENDANCE or not 0 <= planned_children <= MAX_ATTENDANCE:
        raise EventInvalid("bad_attendance", limit=MAX_ATTENDANCE)
    if capacity is not None and not 1 <= capacity <= MAX_ATTENDANCE:
        raise EventInvalid("bad_capacity", limit=MAX_ATTENDANCE)
    starts = [starts_at]
    series = None
    if repeat:
        if repeat not in ("weekly", "monthly") or repeat_until is None:
            raise EventInvalid("bad_repeat")
        if repeat_until <= clock.local_date(starts_at):
            raise EventInvalid("bad_repeat")
        validation.check_date(
            repeat_until, field=_("Repeat until"), window="operational", today=clock.local_date(at)
        )
        starts = policies.repeat_starts(starts_at, every=repeat, until=repeat_until)
        series = uuid.uuid4()
    length = ends_at - starts_at
    events = [
        _build(
            library=library,
            kind=kind,
            title=title,
            starts_at=start,
            ends_at=start + length,
            venue_library=venue_library,
            venue_address=venue_address,
            audiences=chosen,
            planned_adults=planned_adults,
            planned_children=planned_children,
            notes=notes,
            partners=partners,
            is_published=is_published,
            by=by,
            at=at,
        )
        for start in starts
    ]
    for event in events:
        event.series = series
        event.capacity = capacity
    moved = _started_counting([library.pk], events)
    Event.objects.bulk_create(events)
    others = [other for other in co_organisers if other.pk != library.pk]
    bodies = list(partner_bodies)
    for event in events:
        if others:
            event.co_organisers.set(others)
        if bodies:
            event.partner_bodies.set(bodies)
    audit.record_many(
        "events.plan",
        [
            audit.Entry(
                subject=event,
                library_id=library.pk,
                after={"title": title, "kind": kind.code, "starts_at": event.starts_at.isoformat()},
            )
            for event in events
        ],
        by=by,
        at=at,
    )
    _close_hand_entry(moved, by=by, at=at)
    return events[0]


def _lock(event: Event) -> Event:
    return (
        Event.objects.select_for_update(of=("self",))
        .select_related("kind", "library")
        .get(pk=event.pk)
    )


def _move(event: Event, action: str) -> str:
    state = policies.next_event_state(event.state, action)
    if state is None:
        raise EventRefused(
            "not_allowed",
            state=EventState(event.state).label,
            action=_(_ACTION_WORDS[action]),
        )
    return state


def _counted(event: Event, changes: dict[str, int], *, by: Actor, at: dt.datetime) -> None:
    """Tell the reports (late_figures port) that the event moved its library's figures: a
    report already accepted for its day gets the change as an adjustment with its reason."""
    day = clock.local_date(event.starts_at)
    what = f"{event.title} ({day.strftime('%d/%m/%Y')})"
    late_figures.figures_changed(event.library_id, day, changes, what=what, by=by, at=at)


@transaction.atomic
def hold_event(*, event: Event, by: Actor, at: dt.datetime | None = None) -> Event:
    """Record that a planned event took place: it counts in `events` (and `talks`) on its
    start date. Raises EventRefused when it is not planned."""
    at = at or clock.now()
    event = _lock(event)
    before = stats_sources.figures_of(event)
    event.state = _move(event, "hold")
    event.save(update_fields=["state"])
    _counted(event, stats_sources.count_event(event, before=before), by=by, at=at)
    audit.record("events.hold", subject=event, by=by, at=at, library_id=event.library_id)
    return event


@transaction.atomic
def report_event(
    *,
    event: Event,
    adults: int,
    children: int,
    by: Actor,
    groups: Mapping[str, int] | None = None,
    results: str = "",
    at: dt.datetime | None = None,
) -> Event:
    """Report who came to an event (adults, children under 16, and finer groups shown beside
    them) and its results; a planned event is held by being reported, and reporting again
    corrects the figures.

    Raises EventRefused for a cancelled event, EventInvalid for a count out of range or an
    unknown group.
    """
    at = at or clock.now()
    if not (0 <= adults <= MAX_ATTENDANCE and 0 <= children <= MAX_ATTENDANCE):
        raise EventInvalid("bad_attendance", limit=MAX_ATTENDANCE)
    groups = dict(groups or {})
    if set(groups) - set(Audience.values):
        raise EventInvalid("unknown_audience", codes=", ".join(Audience.values))
    if any(not 0 <= value <= MAX_ATTENDANCE for value in groups.values()):
        raise EventInvalid("bad_attendance", limit=MAX_ATTENDANCE)
    event = _lock(event)
    before = stats_sources.figures_of(event)
    previous = {"adults": event.attended_adults, "children": event.attended_children}
    event.state = _move(event, "report")
    event.attended_adults = adults
    event.attended_children = children
    event.attended_groups = groups
    event.results = results.strip()[:MAX_NOTES]
    event.reported_at = at
    event.save(
        update_fields=[
            "state",
            "attended_adults",
            "attended_children",
            "attended_groups",
            "results",
            "reported_at",
        ]
    )
    _counted(event, stats_sources.count_event(event, before=before), by=by, at=at)
    audit.record(
        "events.report",
        subject=event,
        by=by,
        at=at,
        library_id=event.library_id,
        before=previous,
        after={"adults": adults, "children": children},
    )
    return event


@transaction.atomic
def cancel_event(*, event: Event, reason: str, by: Actor, at: dt.datetime | None = None) -> Event:
    """Cancel a planned event, with its reason. Raises EventRefused once it was held."""
    at = at or clock.now()
    event = _lock(event)
    event.state = _move(event, "cancel")
    event.cancel_reason = text.clean(reason)[:MAX_TEXT]
    event.save(update_fields=["state", "cancel_reason"])
    audit.record(
        "events.cancel",
        subject=event,
        by=by,
        at=at,
        library_id=event.library_id,
        note=event.cancel_reason,
    )
    return event


def _suggested_event(
    *,
    library: Library,
    national_day: NationalDay,
    year: int,
    starts_on: dt.date,
    ends_on: dt.date,
    by: Actor,
    at: dt.datetime,
) -> Event:
    event = _build(
        library=library,
        kind=national_day.kind,
        title=f"{national_day.name_vi} {year}",
        starts_at=dt.datetime.combine(starts_on, SUGGESTED_START, tzinfo=clock.VIETNAM),
        ends_at=dt.datetime.combine(ends_on, SUGGESTED_END, tzinfo=clock.VIETNAM),
        venue_library=library,
        venue_address="",
        audiences=[],
        planned_adults=0,
        planned_children=0,
        notes="",
        partners="",
        is_published=True,
        by=by,
        at=at,
    )
    event.national_day = national_day
    event.occasion_year = year
    return event


def _occasion(national_day: NationalDay, year: int) -> tuple[dt.date, dt.date]:
    dates = selectors.occasion_dates(national_day, year)
    if dates is None:
        raise EventInvalid("no_date_this_year", name=national_day.name_vi, year=year)
    return dates


@transaction.atomic
def plan_from_suggestion(
    *,
    library: Library,
    national_day: NationalDay,
    year: int,
    by: Actor,
    at: dt.datetime | None = None,
) -> Event:
    """Make `library`'s event for `national_day` of `year` in one step: its kind, title and
    days, at the library, 8:00–11:00, to be completed on its page.

    Raises EventRefused when the library already made it (a national day is one event per
    library and year), EventInvalid when the day's dates for the year are not set.
    """
    at = at or clock.now()
    starts_on, ends_on = _occasion(national_day, year)
    validation.check_date(
        starts_on, field=_("Start"), window="operational", today=clock.local_date(at)
    )
    if Event.objects.filter(
        library=library, national_day=national_day, occasion_year=year
    ).exists():
        raise EventRefused(
            "already_planned", library=library.name, name=national_day.name_vi, year=year
        )
    event = _suggested_event(
        library=library,
        national_day=national_day,
        year=year,
        starts_on=starts_on,
        ends_on=ends_on,
        by=by,
        at=at,
    )
    moved = _started_counting([library.pk], [event])
    event.save()
    audit.record(
        "events.plan",
        subject=event,
        by=by,
        at=at,
        library_id=library.pk,
        after={"national_day": national_day.code, "year": year},
    )
    _close_hand_entry(moved, by=by, at=at)
    return event


@transaction.atomic
def plan_from_suggestion_for_subtree(
    *,
    root: Library,
    national_day: NationalDay,
    year: int,
    by: Actor,
    within: Iterable[int] | None = None,
    at: dt.datetime | None = None,
) -> list[Event]:
    """Make the event for `national_day` of `year` at `root` and every active library below
    it that runs libnet and has not made it yet (a province plans Book Day for its network),
    among the libraries `within` when given (those whose events the user organises); return
    the events made. Raises EventInvalid when the day's dates are not set."""
    at = at or clock.now()
    starts_on, ends_on = _occasion(national_day, year)
    validation.check_date(
        starts_on, field=_("Start"), window="operational", today=clock.local_date(at)
    )
    active = network_selectors.active_library_ids()
    runs = network_selectors.runs_libnet_map()
    library_ids = {
        library_id
        for library_id in network_selectors.subtree_ids([root.pk])
        if library_id in active and runs.get(library_id, True)
    }
    if within is not None:
        library_ids &= set(within)
    made = set(
        Event.objects.filter(
            library_id__in=library_ids, national_day=national_day, occasion_year=year
        ).values_list("library_id", flat=True)
    )
    libraries = network_selectors.libraries_by_id(sorted(library_ids - made))
    events = [
        _suggested_event(
            library=library,
            national_day=national_day,
            year=year,
            starts_on=starts_on,
            ends_on=ends_on,
            by=by,
            at=at,
        )
        for library in libraries.values()
    ]
    moved = _started_counting([event.library_id for event in events], events)
    Event.objects.bulk_create(events)
    audit.record_many(
        "events.plan",
        [
            audit.Entry(
                subject=event,
                library_id=event.library_id,
                after={"national_day": national_day.code, "year": year},
            )
            for event in events
        ],
        by=by,
        at=at,
    )
    _close_hand_entry(moved, by=by, at=at)
    return events


@transaction.atomic
def set_national_day_dates(
    *,
    national_day: NationalDay,
    year: int,
    starts_on: dt.date,
    ends_on: dt.date,
    by: Actor,
    at: dt.datetime | None = None,
) -> NationalDayDate:
    """Set the days of `national_day` in `year` (the lifelong-learning week the province
    announces, a lunar day); setting them again moves them. Raises EventInvalid when they
    end before they start or fall outside `year`."""
    at = at or clock.now()
    if ends_on < starts_on or starts_on.year != year:
        raise EventInvalid("ends_before_start")
    dates, _created = NationalDayDate.objects.update_or_create(
        national_day=national_day,
        year=year,
        defaults={"starts_on": starts_on, "ends_on": ends_on},
    )
    audit.record(
        "events.national_day_dates",
        subject=dates,
        by=by,
        at=at,
        after={"starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat()},
    )
    return dates


@dataclass(frozen=True)
class EventRecord:
    """One event of a register carried into libnet at once (`record_events`), in its state."""

    library: Library
    kind_code: str
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    state: str = EventState.PLANNED
    adults: int = 0
    children: int = 0
    groups: Mapping[str, int] = field(default_factory=dict)
    audiences: Sequence[str] = ()
    results: str = ""
    national_day: NationalDay | None = None
    occasion_year: int | None = None


@transaction.atomic
def record_events(
    *, records: Sequence[EventRecord], by: Actor, at: dt.datetime | None = None
) -> list[Event]:
    """Write many events at once, each in its own state with its attendance (a year's
    register of events typed in, the demo province): one INSERT, their figures in one
    `bump_many`, one audit INSERT. Each is checked as a planned one is (title, days, kind,
    audiences); a cancelled one needs no reason.

    Raises EventInvalid naming the first bad record's problem; nothing is written then.
    """
    at = at or clock.now()
    kinds = {kind.code: kind for kind in EventKind.objects.filter(is_active=True)}
    events: list[Event] = []
    for record in records:
        if record.kind_code not in kinds:
            raise EventInvalid("unknown_kind", codes=", ".join(sorted(kinds)))
        title = text.clean(record.title)
        _check_plan(
            title=title,
            starts_at=record.starts_at,
            ends_at=record.ends_at,
            venue_library=None,
            venue_address="",
            at=at,
        )
        if record.state not in EventState.values:
            raise EventInvalid("unknown_state")
        event = _build(
            library=record.library,
            kind=kinds[record.kind_code],
            title=title,
            starts_at=record.starts_at,
            ends_at=record.ends_at,
            venue_library=record.library,
            venue_address="",
            audiences=_audiences(record.audiences),
            planned_adults=0,
            planned_children=0,
            notes="",
            partners="",
            is_published=True,
            by=by,
            at=at,
        )
        event.state = record.state
        if record.state == EventState.REPORTED:
            event.attended_adults = record.adults
            event.attended_children = record.children
            event.attended_groups = dict(record.groups)
            event.results = record.results
            event.reported_at = at
        event.national_day = record.national_day
        event.occasion_year = record.occasion_year
        events.append(event)
    moved = _started_counting({event.library_id for event in events}, events)
    Event.objects.bulk_create(events, batch_size=500)
    stats_sources.count_events(events)
    audit.record_many(
        "events.record",
        [
            audit.Entry(
                subject=event,
                library_id=event.library_id,
                after={"title": event.title, "state": event.state},
            )
            for event in events
        ],
        by=by,
        at=at,
    )
    _close_hand_entry(moved, by=by, at=at)
    return events


def _phone(value: str) -> str:
    digits = "".join(character for character in value if character.isdigit())
    if value.strip().startswith("+84"):
        digits = "0" + digits[2:]
    return digits


@transaction.atomic
def register_for_event(
    *, event: Event, full_name: str, phone: str, at: dt.datetime | None = None
) -> Registration:
    """Register a person (a name and a phone) for a planned event that takes registration
    and has a place left. The event row is locked: two people cannot take the last place.

    Raises EventRefused (no registration, closed, full) or EventInvalid (no name, a phone
    that is not one). Nothing is written when it does.
    """
    at = at or clock.now()
    full_name = text.clean(full_name)
    digits = _phone(phone)
    if not full_name or len(full_name) > 200:
        raise EventInvalid("name_required")
    if not 9 <= len(digits) <= 11:
        raise EventInvalid("bad_phone")
    event = Event.objects.select_for_update().get(pk=event.pk)
    refusal = policies.registration_refusal(
        state=event.state,
        starts_at=event.starts_at,
        now=at,
        capacity=event.capacity,
        taken=Registration.objects.filter(event=event).count(),
    )
    if refusal:
        raise EventRefused(refusal)
    registration = Registration.objects.create(
        event=event, full_name=full_name, phone=digits, registered_at=at
    )
    # The audit names the event only: a name and a phone are personal data it must not keep.
    audit.record(
        "events.register", subject=registration, by=None, at=at, library_id=event.library_id
    )
    return registration


@transaction.atomic
def erase_registration(
    *, registration: Registration, by: Actor, at: dt.datetime | None = None
) -> None:
    """Erase one registration, on the person's request."""
    at = at or clock.now()
    audit.record(
        "events.registration_erased",
        subject=registration,
        by=by,
        at=at,
        library_id=registration.event.library_id,
    )
    registration.delete()


@transaction.atomic
def erase_expired_registrations(*, at: dt.datetime | None = None) -> int:
    """Erase the registrations of events that ended more than REGISTRATION_KEEP_DAYS ago;
    return how many. Run daily (`libnet erase_event_registrations`)."""
    at = at or clock.now()
    cutoff = at - dt.timedelta(days=policies.REGISTRATION_KEEP_DAYS)
    erased, _by_model = Registration.objects.filter(event__ends_at__lt=cutoff).delete()
    return erased
