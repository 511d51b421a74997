"""Scoped getters for events.

Staff who run events at the organising library (or whose role covers it from above in the
tree) edit them; anyone else gets NotFound, exactly as for an event that does not exist.
Published events are public: the OPAC reads them through `get_public_event`.
"""

from __future__ import annotations

from django.db.models import QuerySet

from libnet.core import text
from libnet.events.errors import EventNotFound
from libnet.events.models import Event, NationalDay, Registration
from libnet.network import access as network_access
from libnet.network.access import User
from libnet.network.errors import RoleRequired
from libnet.network.models import Library

PERMISSION = "events"


def event_library_ids(user: User) -> frozenset[int]:
    """The libraries whose events `user` organises."""
    return network_access.visible_library_ids(user, PERMISSION)


def require_events_role(user: User) -> frozenset[int]:
    """event_library_ids, or a 403 naming the roles it takes when there is none."""
    ids = event_library_ids(user)
    if not ids:
        raise RoleRequired(PERMISSION)
    return ids


def events_for_staff(user: User) -> QuerySet[Event]:
    return Event.objects.filter(library_id__in=event_library_ids(user))


def get_event_for_staff(user: User, event_id: int) -> Event:
    """The event if `user` organises events at its library; NotFound otherwise."""
    event = (
        events_for_staff(user)
        .filter(pk=event_id)
        .select_related("library", "kind", "venue_library", "national_day")
        .first()
    )
    if event is None:
        raise EventNotFound("event_not_found")
    return event


def get_library_for_events(user: User, code: str) -> Library:
    """A library whose events `user` organises, by its code; NotFound otherwise."""
    library = Library.objects.filter(
        code=text.identifier(code), pk__in=event_library_ids(user)
    ).first()
    if library is None:
        raise EventNotFound("library_not_found")
    return library


def get_national_day(code: str) -> NationalDay:
    national_day = (
        NationalDay.objects.filter(code=code, is_active=True).select_related("kind").first()
    )
    if national_day is None:
        raise EventNotFound("national_day_not_found")
    return national_day


def get_public_event(event_id: int) -> Event:
    """A published event, for anyone; NotFound for one not published or cancelled."""
    from libnet.events.selectors import public_events

    event = public_events().filter(pk=event_id).first()
    if event is None:
        raise EventNotFound("event_not_found")
    return event


def get_public_library(code: str) -> Library:
    """An active library by its code, for the public pages; NotFound otherwise."""
    library = Library.objects.filter(code=text.identifier(code), is_active=True).first()
    if library is None:
        raise EventNotFound("library_not_found")
    return library


def get_registration_for_staff(user: User, event_id: int, registration_id: int) -> Registration:
    """A registration of an event `user` organises; NotFound otherwise."""
    event = get_event_for_staff(user, event_id)
    registration = (
        Registration.objects.filter(event=event, pk=registration_id).select_related("event").first()
    )
    if registration is None:
        raise EventNotFound("registration_not_found")
    return registration
