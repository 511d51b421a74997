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
        "entry_not_found": _("No such entry in this event's themed list."),
        "round_not_found": _("No such round in this contest."),
        "entrant_not_found": _("No such entrant in this contest."),
        "attachment_not_found": _("No such file attached to this event."),
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


class DisplayRefused(LibnetError):
    status = 400
    messages: ClassVar[Messages] = {
        "no_query": _("Say what the display is about: a subject, a class number or keywords."),
        "query_too_long": _("A subject, class number or keywords of at most 200 characters."),
        "no_list": _("This event has no themed list yet."),
        "cancelled": _("A cancelled event takes no themed list."),
        "batch_not_found": _("No draft rotation batch with this number from %(library)s."),
        "empty_list": _("The themed list has no copies to send."),
    }


class ContestRefused(LibnetError):
    status = 400
    messages: ClassVar[Messages] = {
        "not_a_contest": _("Rounds, entrants and prizes are for a contest."),
        "round_name_required": _("Give the round a name, in at most 200 characters."),
        "entrant_name_required": _("Give the entrant's name, in at most 200 characters."),
        "unit_too_long": _("The class, school or unit is at most 200 characters."),
        "bad_score": _("A score is a number from 0 to 9999.99, or empty."),
        "prize_too_long": _("A prize's name is at most 100 characters."),
        "bad_rank": _("A prize's rank is a whole number from 1 (first) to 99."),
        "no_prize": _("%(name)s has no prize: there is no certificate to print."),
        "cancelled": _("A cancelled contest cannot be changed."),
    }


class AttachmentRefused(LibnetError):
    status = 400
    messages: ClassVar[Messages] = {
        "no_file": _("Choose a file to attach."),
        "too_large": _("A file is at most %(limit)s MB."),
        "unknown_type": _("Attach a photo (JPEG, PNG) or a document (PDF, Word, Excel)."),
        "caption_too_long": _("A caption is at most 300 characters."),
    }
