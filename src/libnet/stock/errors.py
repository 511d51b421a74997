"""Refusals of the stocktake: a stable code and a Vietnamese message each."""

from __future__ import annotations

from typing import ClassVar

from django.utils.translation import gettext_lazy as _

from libnet.core.errors import LibnetError, Messages, NotFound


class StocktakeNotFound(NotFound):
    messages: ClassVar[Messages] = {
        "stocktake_not_found": _("No stocktake with this number in your libraries."),
        "library_not_found": _("No library with this code, or not one you work for."),
        "location_not_found": _("No shelf location with this number in the library counted."),
    }


class StocktakeRefused(LibnetError):
    status = 409
    messages: ClassVar[Messages] = {
        "already_open": _(
            "A stocktake of this library is already open (number %(number)s). Close it before opening another."
        ),
        "not_open": _("This stocktake is closed: nothing more can be scanned or closed."),
        "not_closed": _("Close the stocktake before marking its missing copies as lost."),
        "already_marked": _(
            "The missing copies of this stocktake have already been marked as lost."
        ),
        "nothing_missing": _("No copy is missing in this stocktake: nothing to mark as lost."),
        "lost_not_confirmed": _(
            "%(count)s copies will be marked as lost and put on the weeding list. Confirm to go on."
        ),
    }


class StocktakeInvalid(LibnetError):
    status = 400
    messages: ClassVar[Messages] = {
        "bad_scope": _(
            "The scope is either empty (the whole library), a list of shelf locations, or a call-number range."
        ),
        "bad_range": _(
            "The call-number range needs a start and an end, the start not after the end."
        ),
        "bad_reason": _("Choose the reason for the stocktake from the list."),
        "too_many_members": _("A committee has at most %(count)s members."),
        "member_name_required": _("Each committee member needs a full name."),
        "no_barcode": _("Scan or type a barcode."),
        "bad_uuid": _("Each queued scan needs the UUID the tablet gave it."),
        "empty_file": _("The file holds no barcode."),
        "file_too_big": _("The file is larger than %(size)s MB. Split it and send each part."),
        "not_text": _(
            "The file is not a text file (UTF-8): export it as plain text, one barcode a line."
        ),
    }


class CompensationRefused(LibnetError):
    status = 409
    messages: ClassVar[Messages] = {
        "loan_returned": _(
            "This loan was returned: there is nothing to compensate. A copy that turned up is taken back at the desk."
        ),
        "already_settled": _("This lost copy has already been compensated."),
        "replacement_not_allowed": _(
            "This library does not accept a replacement copy for a lost one: the reader pays instead."
        ),
    }


class CompensationInvalid(LibnetError):
    status = 400
    messages: ClassVar[Messages] = {
        "bad_kind": _("Say whether the reader brings a replacement copy or pays."),
        "amount_needed": _(
            "The lost copy has no price on record: type the amount the reader pays."
        ),
        "receipt_needed": _("Type the number of the receipt given to the reader."),
        "record_not_found": _("No catalogue record with this number."),
    }
