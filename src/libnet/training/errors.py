"""Refusals of training and inspections: a stable code and a Vietnamese message each."""

from __future__ import annotations

from typing import ClassVar

from django.utils.translation import gettext_lazy as _

from libnet.core.errors import LibnetError, Messages, NotFound


class TrainingNotFound(NotFound):
    messages: ClassVar[Messages] = {
        "course_not_found": _("No training course with this number among those you organise."),
        "participant_not_found": _("No participant with this number on this course."),
        "session_not_found": _("No session with this number in this course."),
        "organiser_not_found": _(
            "No library or managing body with this code among those you organise courses for."
        ),
        "library_not_found": _("No library with this code in the network."),
        "person_not_found": _(
            "No member of staff with this user name in the libraries where you organise training."
        ),
        "qualification_not_found": _("No qualification with this number for this person."),
    }


class TrainingInvalid(LibnetError):
    status = 400
    messages: ClassVar[Messages] = {
        "title_required": _("Give the course a title."),
        "one_organiser": _("A course is organised either by a library or by a managing body."),
        "ends_before_start": _("The course cannot end before it starts."),
        "session_outside_course": _(
            "A session is held between the first and the last day of the course."
        ),
        "topic_required": _("Give each session its topic."),
        "unknown_kind": _("Choose the kind of participant from the list (%(codes)s)."),
        "unknown_result": _("A result is passed, not passed or not yet decided."),
        "unknown_person": _(
            "No member of staff of the network with this user name. Give a person from outside by full name and unit."
        ),
        "name_required": _("Give the participant's full name."),
        "unit_required": _("Give the unit of a participant from outside the network."),
        "unknown_level": _("Choose the level from the list (%(codes)s)."),
        "text_too_long": _("A text of the course is longer than %(limit)s characters."),
    }


class TrainingRefused(LibnetError):
    status = 409
    messages: ClassVar[Messages] = {
        "not_allowed": _("A course that is %(state)s cannot be %(action)s."),
        "already_on_course": _("%(name)s is already on this course."),
        "results_pending": _(
            "Decide the result of every participant before finishing the course (%(count)s left)."
        ),
        "no_certificate": _("Only a participant who passed a finished course gets a certificate."),
    }


class InspectionNotFound(NotFound):
    messages: ClassVar[Messages] = {
        "inspection_not_found": _("No inspection with this number among those you may see."),
        "recommendation_not_found": _("No recommendation with this number in this inspection."),
        "library_not_found": _("No library with this code among those you may inspect."),
        "checklist_not_found": _("No active checklist with this number."),
    }


class InspectionInvalid(LibnetError):
    status = 400
    messages: ClassVar[Messages] = {
        "one_organiser": _("An inspection is made either by a library or by a managing body."),
        "unknown_kind": _("An inspection visit is a survey or an inspection."),
        "no_checklist": _("No checklist to inspect with: the province writes one first."),
        "unknown_rating": _("Rate each item met, partly met, not met or not applicable."),
        "text_required": _("Write the recommendation."),
        "text_too_long": _("A text of the inspection is longer than %(limit)s characters."),
        "follow_up_before_visit": _("The follow-up day comes after the visit."),
    }


class InspectionRefused(LibnetError):
    status = 409
    messages: ClassVar[Messages] = {
        "already_closed": _("This recommendation was closed on %(day)s."),
    }
