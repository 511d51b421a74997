"""Pure rules of events: the lifecycle as data, and which states count in the figures."""

from __future__ import annotations

import datetime as dt

# planned → held → reported, or planned → cancelled. Reporting a planned event says it was
# held and how many came, in one step; reporting again corrects the attendance. A held event
# is not cancelled: it took place and counts.
EVENT_TRANSITIONS: dict[tuple[str, str], str] = {
    ("planned", "hold"): "held",
    ("planned", "report"): "reported",
    ("held", "report"): "reported",
    ("reported", "report"): "reported",
    ("planned", "cancel"): "cancelled",
}

# States of an event that took place: counted in `events` (and `talks`) on its start date.
HELD_STATES = frozenset({"held", "reported"})

# The most events one "repeat" makes: a weekly hour for a year and a bit.
MAX_REPEATS = 60


def next_event_state(state: str, action: str) -> str | None:
    """The state after `action`, or None when the action is not allowed in `state`."""
    return EVENT_TRANSITIONS.get((state, action))


def event_refusal(
    *, title: str, starts_at: dt.datetime, ends_at: dt.datetime, has_venue_conflict: bool = False
) -> str | None:
    """The code of what is wrong with an event's plan, or None."""
    if not title:
        return "title_required"
    if ends_at < starts_at:
        return "ends_before_start"
    if has_venue_conflict:
        return "one_venue"
    return None


def repeat_starts(first: dt.datetime, *, every: str, until: dt.date) -> list[dt.datetime]:
    """The start of each occurrence of a repeated event: every week or every month (the same
    day of the month, skipped in months without it) from `first` through `until`."""
    starts: list[dt.datetime] = []
    if every == "weekly":
        moment = first
        while moment.date() <= until and len(starts) < MAX_REPEATS:
            starts.append(moment)
            moment += dt.timedelta(days=7)
        return starts
    month_index = first.year * 12 + first.month - 1
    while len(starts) < MAX_REPEATS:
        year, month = divmod(month_index, 12)
        try:
            moment = first.replace(year=year, month=month + 1)
        except ValueError:  # 31 January → no 31 February
            month_index += 1
            continue
        if moment.date() > until:
            break
        starts.append(moment)
        month_index += 1
    return starts


# Registrations are erased this many days after the event ends (or earlier on request): the
# organisers need them to call people about the day, not afterwards.
REGISTRATION_KEEP_DAYS = 30


def registration_refusal(
    *, state: str, starts_at: dt.datetime, now: dt.datetime, capacity: int | None, taken: int
) -> str | None:
    """Why nobody more can register for an event now, or None."""
    if capacity is None:
        return "no_registration"
    if state != "planned" or starts_at <= now:
        return "registration_closed"
    if taken >= capacity:
        return "full"
    return None
