"""Refusals of donations: a stable code and a Vietnamese message each."""

from __future__ import annotations

from typing import ClassVar

from django.utils.translation import gettext_lazy as _

from libnet.core.errors import LibnetError, Messages, NotFound


class DonationNotFound(NotFound):
    messages: ClassVar[Messages] = {
        "donation_not_found": _("No donation with this number in your libraries."),
        "donor_not_found": _("No donor with this number in your libraries."),
        "drive_not_found": _("No donation drive with this number in your libraries."),
        "line_not_found": _("No such title in this donation."),
        "library_not_found": _("No library with this code, or not one you work for."),
        "record_not_found": _("No catalogue record with this number."),
    }


class DonationRefused(LibnetError):
    status = 409
    messages: ClassVar[Messages] = {
        "donor_of_other_library": _(
            "This donor was recorded by another library: choose one of this library's donors or add the donor here."
        ),
        "drive_not_open_here": _(
            "The drive “%(drive)s” does not take donations at this library. Choose a drive of this library or of a library above it that includes the libraries below."
        ),
        "outside_drive_period": _(
            "The drive “%(drive)s” runs from %(start)s to %(end)s; this donation was received on %(day)s."
        ),
        "too_many_copies": _(
            "Only %(remaining)s copies of “%(title)s” are left to catalogue or pass on."
        ),
        "no_record": _(
            "“%(title)s” has no catalogue record yet: choose the record (or create it) before cataloguing its copies."
        ),
        "same_library": _("Donated books are passed on to another library, not to this one."),
        "not_below": _(
            "Donated books are passed on to libraries below this one in the network: %(library)s is not."
        ),
        "before_received": _(
            "These books were received on %(received)s: they cannot be passed on before that day."
        ),
        "nothing_to_pass_on": _("Give the number of copies of at least one title to pass on."),
        "add_refused": _("A copy could not be added to the catalogue: %(reason)s"),
    }


class DonationInvalid(LibnetError):
    status = 400
    messages: ClassVar[Messages] = {
        "name_required": _("Give the donor's name."),
        "bad_kind": _("Choose what kind of donor this is from the list."),
        "title_required": _("Give the drive's title."),
        "bad_period": _("The drive cannot end before it starts."),
        "bad_goal": _("The goal in books is a whole number from 1 to %(max)s."),
        "no_lines": _("A donation has at least one title with its number of copies."),
        "line_title_required": _("Each title needs its name, or an ISBN found in the catalogue."),
        "bad_isbn": _("“%(isbn)s” is not a valid ISBN: check the digits, or leave the ISBN out."),
        "bad_copies": _("The number of copies is a whole number from 1 to %(max)s."),
        "bad_value": _("The value is a whole number of đồng from 0 to %(max)s."),
        "bad_condition": _("Choose the condition of the books from the list."),
    }
