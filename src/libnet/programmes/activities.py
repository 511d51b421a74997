"""What a programme links: the kinds of activity other apps own, read through their
selectors. Each kind says how to read its objects (`facts`) and which of them concern a
programme (`candidates`: the objects of its parties and its schools).

Rotation batches, events, training courses and surveys or inspections are registered here,
each read through its app's selectors; their measures (batches and copies rotated, events and
participants, courses held and people trained, inspections) appear on the programme, its
targets and its reviews.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from libnet.core import clock
from libnet.events import selectors as events_selectors
from libnet.events.models import Event
from libnet.events.policies import HELD_STATES
from libnet.rotation import selectors as rotation_selectors
from libnet.rotation.models import BatchState, RotationBatch
from libnet.training import selectors as training_selectors
from libnet.training.models import Course, CourseState, Inspection

# The measures every programme has, whatever it links: worked out from the schools.
SCHOOLS_SERVED = "schools_served"
USES_AT_SCHOOLS = "uses_at_schools"
BATCHES_ROTATED = "batches_rotated"
COPIES_ROTATED = "copies_rotated"
EVENTS_HELD = "events_held"
EVENT_PARTICIPANTS = "event_participants"
COURSES_HELD = "courses_held"
PEOPLE_TRAINED = "people_trained"
INSPECTIONS = "inspections"
# Candidates are looked for over this span (a programme links what it chooses).
_EVER = (dt.date(2000, 1, 1), dt.date(2100, 12, 31))


@dataclass(frozen=True)
class Scope:
    """Who a programme concerns: the libraries of its parties, its schools, its bodies."""

    library_ids: frozenset[int]
    school_ids: frozenset[int]
    body_ids: frozenset[int]


@dataclass(frozen=True)
class Facts:
    """One linked object as a programme counts it."""

    kind: str
    object_id: int
    title: str
    # The day it counts on (a batch: shipped; an event: its start); None while it has not
    # happened (a batch not shipped, an event planned or cancelled): it counts nothing yet.
    counts_on: dt.date | None
    state: str
    # The libraries it served (a batch: where it went; an event: organiser and venue).
    library_ids: frozenset[int] = frozenset()
    figures: dict[str, int] = field(default_factory=dict)
    url: str = ""


@dataclass(frozen=True)
class ActivityKind:
    code: str
    label: Promise
    measures: tuple[tuple[str, Promise], ...]
    facts: Callable[[Iterable[int]], dict[int, Facts]]
    candidates: Callable[[Scope], list[Facts]]


KINDS: dict[str, ActivityKind] = {}


def register(kind: ActivityKind) -> None:
    """Offer `kind` to programmes (a second registration of a code replaces the first)."""
    KINDS[kind.code] = kind


def measure_labels() -> dict[str, Promise]:
    """Every measure a programme shows, in order: the schools', then each kind's."""
    labels: dict[str, Promise] = {
        SCHOOLS_SERVED: _("Schools served"),
        USES_AT_SCHOOLS: _("Uses of books at the schools (loans and reading in place)"),
    }
    for kind in KINDS.values():
        labels.update(kind.measures)
    return labels


# --- rotation batches ----------------------------------------------------------------------

_NOT_GONE = frozenset({BatchState.DRAFT, BatchState.PACKED, BatchState.CANCELLED})


def _batch_facts(batch: RotationBatch) -> Facts:
    shipped = batch.shipped_at is not None and batch.state not in _NOT_GONE
    copies = int(getattr(batch, "copies", 0))
    return Facts(
        kind="rotation_batch",
        object_id=batch.pk,
        title=_("Batch %(number)s: %(from)s → %(to)s")
        % {"number": batch.pk, "from": batch.from_library.name, "to": batch.to_library.name},
        counts_on=clock.local_date(batch.shipped_at) if shipped and batch.shipped_at else None,
        state=str(batch.get_state_display()),
        library_ids=frozenset({batch.to_library_id}),
        figures={BATCHES_ROTATED: 1, COPIES_ROTATED: copies} if shipped else {},
        url=reverse("rotation:batch_detail", args=[batch.pk]),
    )


def _batches(ids: Iterable[int]) -> dict[int, Facts]:
    return {
        batch.pk: _batch_facts(batch)
        for batch in rotation_selectors.batches_with_copies(batch_ids=ids)
    }


def _batch_candidates(scope: Scope) -> list[Facts]:
    return [
        _batch_facts(batch)
        for batch in rotation_selectors.batches_with_copies(to_library_ids=scope.school_ids)
    ]


# --- events --------------------------------------------------------------------------------


def _event_facts(event: Event) -> Facts:
    held = event.state in HELD_STATES
    served = {event.library_id}
    if event.venue_library_id:
        served.add(event.venue_library_id)
    return Facts(
        kind="event",
        object_id=event.pk,
        title=f"{event.title} — {event.library.name}",
        counts_on=clock.local_date(event.starts_at) if held else None,
        state=str(event.get_state_display()),
        library_ids=frozenset(served),
        figures={EVENTS_HELD: 1, EVENT_PARTICIPANTS: event.attendance} if held else {},
        url=reverse("events:detail", args=[event.pk]),
    )


def _events(ids: Iterable[int]) -> dict[int, Facts]:
    return {
        event.pk: _event_facts(event) for event in events_selectors.events_linked(event_ids=ids)
    }


def _event_candidates(scope: Scope) -> list[Facts]:
    return [
        _event_facts(event)
        for event in events_selectors.events_linked(
            library_ids=scope.library_ids | scope.school_ids, body_ids=scope.body_ids
        )
    ]


register(
    ActivityKind(
        code="rotation_batch",
        label=_("rotation batch"),
        measures=(
            (BATCHES_ROTATED, _("Rotation batches sent")),
            (COPIES_ROTATED, _("Copies rotated")),
        ),
        facts=_batches,
        candidates=_batch_candidates,
    )
)
register(
    ActivityKind(
        code="event",
        label=_("event"),
        measures=(
            (EVENTS_HELD, _("Events held")),
            (EVENT_PARTICIPANTS, _("Participants in the events")),
        ),
        facts=_events,
        candidates=_event_candidates,
    )
)


# --- training courses ----------------------------------------------------------------------


def _course_facts(course: Course) -> Facts:
    finished = course.state == CourseState.FINISHED
    organiser = course.library.name if course.library else (course.body.name if course.body else "")
    return Facts(
        kind="course",
        object_id=course.pk,
        title=f"{course.title} — {organiser}",
        counts_on=course.ends_on if finished else None,
        state=str(course.get_state_display()),
        library_ids=frozenset({course.library_id}) if course.library_id else frozenset(),
        figures={COURSES_HELD: 1, PEOPLE_TRAINED: int(getattr(course, "passed", 0))}
        if finished
        else {},
        url=reverse("training:detail", args=[course.pk]),
    )


def _courses(ids: Iterable[int]) -> dict[int, Facts]:
    return {course.pk: _course_facts(course) for course in training_selectors.courses_by_ids(ids)}


def _course_candidates(scope: Scope) -> list[Facts]:
    found = training_selectors.courses_in(
        library_ids=scope.library_ids | scope.school_ids,
        body_ids=scope.body_ids,
        start=_EVER[0],
        end=_EVER[1],
    )
    return list(_courses(course.pk for course in found).values())


# --- surveys and inspections ---------------------------------------------------------------


def _inspection_facts(inspection: Inspection) -> Facts:
    return Facts(
        kind="inspection",
        object_id=inspection.pk,
        title=f"{inspection.get_kind_display()}: {inspection.library.name}",
        counts_on=inspection.visited_on,
        state=str(inspection.get_kind_display()),
        library_ids=frozenset({inspection.library_id}),
        figures={INSPECTIONS: 1},
        url=reverse("training:inspection", args=[inspection.pk]),
    )


def _inspections(ids: Iterable[int]) -> dict[int, Facts]:
    return {
        inspection.pk: _inspection_facts(inspection)
        for inspection in training_selectors.inspections_by_ids(ids)
    }


def _inspection_candidates(scope: Scope) -> list[Facts]:
    return [
        _inspection_facts(inspection)
        for inspection in training_selectors.inspections_of(
            library_ids=scope.school_ids, start=_EVER[0], end=_EVER[1]
        )
    ]


register(
    ActivityKind(
        code="course",
        label=_("training course"),
        measures=(
            (COURSES_HELD, _("Training courses held")),
            (PEOPLE_TRAINED, _("People trained")),
        ),
        facts=_courses,
        candidates=_course_candidates,
    )
)
register(
    ActivityKind(
        code="inspection",
        label=_("survey or inspection"),
        measures=((INSPECTIONS, _("Surveys and inspections of the schools")),),
        facts=_inspections,
        candidates=_inspection_candidates,
    )
)
