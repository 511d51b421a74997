"""JSON endpoints of events, under /api/v1/events.

Thin: parse → access getter → one service → answer. A refusal is a 4xx `{"code", "message"}`;
an event of a library whose events the caller does not organise is a 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from libnet.core import clock, text
from libnet.core.api_auth import STAFF_AUTH
from libnet.core.api_errors import refusals
from libnet.core.errors import NotFound
from libnet.core.schemas import Code, Count, Date, DateTime, Identifier, IdParam, InputSchema, Text
from libnet.events import access, selectors, services
from libnet.events.errors import EventInvalid, EventRefused
from libnet.events.models import Event
from libnet.network import access as network_access
from libnet.network import selectors as network_selectors

router = Router(tags=["events"], auth=STAFF_AUTH)

# The longest range one listing reads: a year, the span of a calendar's year view.
MAX_RANGE_DAYS = 366


class EventIn(InputSchema):
    library: Identifier = Field(description="The organising library's code.")
    kind: Code = Field(
        description="book_day, world_book_day, lifelong_learning_week, talk, contest, "
        "exhibition, storytelling, book_introduction, reading_club or other."
    )
    title: Text
    starts_at: DateTime
    ends_at: DateTime
    venue: Text = Field("", description="An address; empty: at the organising library.")
    audiences: Annotated[list[Code], Field(max_length=5)] = []
    notes: Text = ""


class CreatedOut(Schema):
    id: int


class AttendanceIn(InputSchema):
    adults: Count
    children: Count = Field(description="Under 16.")


class ReportIn(InputSchema):
    attendance: AttendanceIn
    results: Text = ""


class EventOut(Schema):
    id: int
    library: str
    kind: str
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    state: str


class EventsQuery(Schema):
    library: Identifier
    start: Date | None = Field(None, alias="from", description="ISO date; default: today.")
    end: Date | None = Field(None, alias="to", description="ISO date; default: 31 days on.")


def _out(event: Event) -> EventOut:
    return EventOut(
        id=event.pk,
        library=event.library.code,
        kind=event.kind.code,
        title=event.title,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        state=event.state,
    )


@router.post(
    "/events", response={201: CreatedOut, **refusals(NotFound, EventInvalid, EventRefused)}
)
def create_event(request: HttpRequest, data: EventIn) -> Status[CreatedOut]:
    """Plan an event organised by a library whose events the caller organises."""
    library = access.get_library_for_events(request.user, data.library)
    event = services.plan_event(
        library=library,
        kind_code=data.kind,
        title=data.title,
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        venue_library=None if data.venue else library,
        venue_address=data.venue,
        audiences=data.audiences,
        notes=data.notes,
        by=request.user,
    )
    return Status(201, CreatedOut(id=event.pk))


@router.post(
    "/events/{event_id}/report",
    response={200: EventOut, **refusals(NotFound, EventInvalid, EventRefused)},
)
def report_event(request: HttpRequest, event_id: IdParam, data: ReportIn) -> EventOut:
    """Report who came (adults and children under 16): the event is held and reported, and
    counts in its library's figures on its start date. Reporting again corrects them."""
    event = access.get_event_for_staff(request.user, event_id)
    event = services.report_event(
        event=event,
        adults=data.attendance.adults,
        children=data.attendance.children,
        results=data.results,
        by=request.user,
    )
    return _out(event)


@router.get("/events", response={200: list[EventOut], **refusals(NotFound, EventInvalid)})
def list_events(request: HttpRequest, params: Query[EventsQuery]) -> list[EventOut]:
    """The events of a library and every library below it that start from `from` through
    `to` (ISO dates, Vietnam's days; at most a year)."""
    library = network_access.get_library_for_staff(request.user, text.identifier(params.library))
    start = params.start or clock.today()
    end = params.end or start + dt.timedelta(days=31)
    if end < start or (end - start).days >= MAX_RANGE_DAYS:
        raise EventInvalid("bad_range", days=MAX_RANGE_DAYS)
    library_ids = network_selectors.subtree_ids([library.pk])
    return [_out(event) for event in selectors.events_between(library_ids, start=start, end=end)]
