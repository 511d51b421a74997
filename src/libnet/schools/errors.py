"""Refusals of the school library standard, each a stable code and a Vietnamese message."""

from __future__ import annotations

from typing import ClassVar

from django.utils.translation import gettext_lazy as _

from libnet.core.errors import LibnetError, Messages, NotFound, PermissionDenied


class SchoolNotFound(NotFound):
    messages: ClassVar[Messages] = {
        "school_not_found": _("No school library with this code, or not one you work for."),
        "assessment_not_found": _("This school has sent no self-assessment for this school year."),
        "plan_not_found": _("This school has sent no library plan for this school year."),
        "bookcase_not_found": _("No such classroom bookcase at this school."),
        "helper_not_found": _("No such pupil in this school's register of helpers."),
    }


class SchoolPeriodRefused(LibnetError):
    status = 400
    messages: ClassVar[Messages] = {
        "not_school_year": _(
            "The standard is assessed by school year: write 2026-SY for the school year 2025–2026."
        ),
    }


class EnrolmentRefused(LibnetError):
    status = 400
    messages: ClassVar[Messages] = {
        "class_required": _("Write the name of the class, in at most 40 characters."),
        "not_a_number": _("%(field)s must be a whole number from 0 to 2000."),
        "level_not_taught": _("This school does not teach the level %(level)s."),
        "date_out_of_range": _("The school year must be between %(first)s and %(last)s."),
    }


class EvidenceRefused(LibnetError):
    status = 400
    messages: ClassVar[Messages] = {
        "unknown_criterion": _("No criterion %(code)s for this school."),
        "counted": _(
            "This criterion is counted by libnet from the school's data: nothing to enter."
        ),
        "evidence_required": _("Say what the figure rests on (a record, a minute, a document)."),
        "value_required": _("Enter the figure, a number of 0 or more."),
        "answer_required": _("Say whether the criterion is met."),
        "locked": _(
            "The self-assessment of this school year was sent: its evidence can change only once it is returned."
        ),
    }


class AssessmentRefused(LibnetError):
    status = 409
    messages: ClassVar[Messages] = {
        "no_body": _("This school reports to no managing body: the province sets one first."),
        "no_criteria": _("No published criteria: the province publishes them first."),
        "no_enrolment": _(
            "Enter the school's enrolment (pupils and teachers per class) for this school year first."
        ),
        "not_allowed": _("A self-assessment that is %(state)s cannot be %(action)s."),
        "reason_required": _("Say why the self-assessment is returned."),
    }


class SchoolPermissionDenied(PermissionDenied):
    messages: ClassVar[Messages] = {
        "not_school_staff": _(
            "This page is for the staff of school libraries and the officers of the bodies that manage schools."
        ),
        "cannot_keep_registers": _(
            "Your role at %(library)s does not allow keeping its registers: it takes the administrator, circulation, reporting or principal role."
        ),
        "cannot_prepare": _(
            "Your role at %(library)s does not allow entering its figures or sending its self-assessment: it takes the administrator, reporting, principal or circulation role."
        ),
    }


class CriteriaRefused(LibnetError):
    status = 409
    messages: ClassVar[Messages] = {
        "published": _(
            "A published version of the criteria is not changed: copy it into a new draft, change the draft and publish it."
        ),
    }


class PlanRefused(LibnetError):
    status = 409
    messages: ClassVar[Messages] = {
        "required": _("%(field)s: this field is required."),
        "too_long": _("%(field)s: at most %(limit)s characters."),
        "introductions": _("Book introductions a month: a whole number from 0 to 31."),
        "locked": _("The plan was sent: it can change only once the managing body returns it."),
        "no_plan": _("Write the library's plan for this school year first."),
        "no_body": _("This school reports to no managing body: the province sets one first."),
        "not_allowed": _("The plan cannot take this step in its present state."),
        "reason_required": _("Say why the plan is returned."),
    }


class HelperRefused(LibnetError):
    status = 400
    messages: ClassVar[Messages] = {
        "name_required": _("Write the pupil's full name, in at most %(limit)s characters."),
        "class_required": _("Write the pupil's class, in at most %(limit)s characters."),
        "duties_required": _(
            "Say what the pupil does in the library, in at most %(limit)s characters."
        ),
        "joined_on_required": _("Enter the day the pupil started helping."),
        "left_on_required": _("Enter the day the pupil stopped helping."),
        "already_left": _("This pupil has already stopped helping."),
        "left_before_joining": _("The day the pupil stopped is before the day they started."),
    }


class BookcaseRefused(LibnetError):
    status = 409
    messages: ClassVar[Messages] = {
        "class_required": _("Write the name of the class, in at most %(limit)s characters."),
        "teacher_required": _(
            "Write the name of the teacher in charge, in at most 120 characters."
        ),
        "already_open": _("Class %(class_name)s already has an open bookcase."),
        "closed": _("This classroom bookcase is closed."),
        "copies_out": _("%(count)s copies are still in this bookcase: take them back first."),
        "not_the_schools": _("No copy %(barcode)s belongs to this school."),
        "not_on_shelf": _("Copy %(barcode)s is not on the school's shelf (%(status)s)."),
        "claimed": _(
            "Copy %(barcode)s is already in a rotation batch, a transfer, a mobile trip or another classroom bookcase."
        ),
        "not_in_bookcase": _("Copy %(barcode)s is not in this classroom bookcase."),
        "no_barcodes": _("Scan or type at least one barcode, one a line."),
        "not_back": _(
            "Copy %(barcode)s is %(status)s: return it at the desk first, then take it back from the bookcase."
        ),
    }
