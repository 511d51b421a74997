"""Refusals of events: a stable code and a Vietnamese message each."""

from __future__ import annotations

from typing import ClassVar

from django.utils.translation import gettext_lazy as _

from libnet.core.errors import LibnetError, Messages, NotFound


class EventNotFound(NotFound):
    messages: ClassVar[Messages] = {
        "event_not_found": _("No event with this number in your libraries."),
        "library_not_found": _("No library with this code, or not one whose events you organise."),
        "national_day_not_found": _("No national day with this code."),
        "registration_not_found": _("No registration with this number for this event."),
    }


class EventInvalid(LibnetError):
    status = 400
    messages: ClassVar[Messages] = {
        "title_required": _("Give the event a title."),
        "ends_before_start": _("The event cannot end before it starts."),
        "one_venue": _("The venue is either a library or an address, not both."),
        "unknown_kind": _("Choose the kind of event from the list (%(codes)s)."),
        "unknown_audience": _("Choose the audiences from the list (%(codes)s)."),
        "text_too_long": _("A text of the event is longer than %(limit)s characters."),
        "bad_attendance": _("A number of people is a whole number from 0 to %(limit)s."),
        "unknown_state": _("An event is planned, held, reported or cancelled."),
        "name_required": _("Give your full name."),
        "bad_phone": _("Give a phone number of 9 to 11 digits, such as 0912 345 678."),
        "bad_capacity": _("The places are a whole number from 1 to %(limit)s, or empty."),
        "bad_range": _(
            "Give a range of days from a start to an end no earlier, at most %(days)s days long."
        ),
        "bad_repeat": _("Repeat an event every week or every month, until a day after its start."),
        "no_date_this_year": _(
            "The dates of %(name)s in %(year)s are not set yet. The province sets them first."
        ),
    }


class EventRefused(LibnetError):
    status = 409
    messages: ClassVar[Messages] = {
        "not_allowed": _("An event that is %(state)s cannot be %(action)s."),
        "already_planned": _("%(library)s already has its event for %(name)s in %(year)s."),
        "attendance_required": _("Give the number of adults and children who came."),
        "no_registration": _("This event takes no registration: just come."),
        "registration_closed": _("Registration for this event is closed."),
        "full": _("Every place of this event is taken."),
    }
