"""Refusals of weeding: a stable code and a Vietnamese message each."""

from __future__ import annotations

from typing import ClassVar

from django.utils.translation import gettext_lazy as _

from libnet.core.errors import LibnetError, Messages, NotFound


class WeedingNotFound(NotFound):
    messages: ClassVar[Messages] = {
        "round_not_found": _("No weeding round with this number in your libraries."),
        "library_not_found": _("No library with this code, or not one you work for."),
        "item_not_found": _("No copy with this barcode among the library's copies."),
        "record_not_found": _("No catalogue record with this number."),
        "flag_not_found": _("No content flag with this number in your libraries."),
        "copy_not_in_round": _("This copy is not on the round's list."),
        "form_not_found": _("No such weeding form: the forms are 01 to 07b."),
    }


class WeedingRefused(LibnetError):
    status = 409
    messages: ClassVar[Messages] = {
        "round_open": _(
            "The library already has a weeding round not yet decided (number %(number)s). Finish it first."
        ),
        "wrong_step": _(
            "This round is at the step “%(state)s”: the next step is “%(next)s”, done in order."
        ),
        "empty_list": _("Put at least one copy on the list before proposing it."),
        "no_council": _("Name the members of the appraisal council first."),
        "still_published": _(
            "The list stays on public notice for 15 days, until %(until)s: the round can be closed after that."
        ),
        "list_fixed": _("The list can no longer change: the council's minutes have been recorded."),
        "council_fixed": _(
            "The council is named once the list is proposed, and can change until its minutes are recorded."
        ),
        "over_cap": _(
            "A round may weed at most 10 %% of the holdings at its opening: %(cap)s copies of %(stock)s. This list would hold %(count)s."
        ),
        "in_other_round": _(
            "The copy %(barcode)s is already on the list of another weeding round not yet decided."
        ),
        "withdrawn": _("The copy %(barcode)s has already been withdrawn."),
        "cannot_withdraw_now": _(
            "The copy %(barcode)s is on loan, in transit or on rotation: it cannot be weeded now."
        ),
        "already_flagged": _("This record is already flagged for its content at this library."),
    }


class WeedingInvalid(LibnetError):
    status = 400
    messages: ClassVar[Messages] = {
        "bad_criterion": _("Choose the weeding criterion from the list."),
        "bad_disposal": _("Choose the proposed disposal from the list."),
        "reason_required": _("Say why the record's content should be weeded."),
        "reference_required": _("Give the number of the document (approval or decision)."),
        "member_name_required": _("Each council member needs a full name."),
        "too_many_members": _("A council has at most %(count)s members."),
        "no_copies": _("Tick or scan at least one copy."),
    }
