"""Refusals of acquisitions: a stable code and a Vietnamese message each."""

from __future__ import annotations

from typing import ClassVar

from django.utils.translation import gettext_lazy as _

from libnet.core.errors import LibnetError, Messages, NotFound


class AcquisitionsNotFound(NotFound):
    messages: ClassVar[Messages] = {
        "budget_not_found": _("No budget line with this number in your libraries."),
        "order_not_found": _("No order with this number in your libraries."),
        "line_not_found": _("No line with this number in this order."),
        "supplier_not_found": _("No supplier with this number."),
        "library_not_found": _("No library with this code, or not one you work for."),
        "record_not_found": _("No catalogue record with this number."),
    }


class AcquisitionsInvalid(LibnetError):
    status = 400
    messages: ClassVar[Messages] = {
        "bad_amount": _("An amount is a whole number of đồng from 0 to %(max)s."),
        "bad_copies": _("The copies for a library are a whole number from 1 to %(max)s."),
        "bad_year": _("The year must be between %(first)s and %(last)s."),
        "bad_source": _("Choose the source of the budget from the list."),
        "bad_isbn": _("%(isbn)s is not a valid ISBN: check its digits."),
        "line_needs_title": _(
            "Give a catalogue record, or the title of the book (with its ISBN if it has one)."
        ),
        "no_destination": _("Say how many copies go to which library."),
        "duplicate_destination": _("Each library appears once in a line."),
        "nothing_received": _("Say how many copies were received for which library."),
        "supplier_needs_name": _("A supplier needs a name."),
        "invoice_needs_number": _("An invoice needs its number."),
        "invoice_needs_lines": _("Tick the order lines the invoice covers."),
        "bad_tax_code": _("A tax code has 10 digits, or 10 digits, a dash and 3 more."),
    }


class AcquisitionsRefused(LibnetError):
    status = 409
    messages: ClassVar[Messages] = {
        "budget_other_library": _("The budget line is not one of the ordering library."),
        "destination_not_below": _(
            "%(library)s is not the ordering library nor a library below it in the network."
        ),
        "destination_not_running": _(
            "%(library)s does not keep its own catalogue: order its copies for the library that serves it."
        ),
        "duplicate_order_number": _(
            "The library already has an order numbered %(number)s. Choose another number."
        ),
        "duplicate_tax_code": _("A supplier with the tax code %(tax_code)s is already listed."),
        "duplicate_invoice": _("This supplier's invoice %(number)s is already recorded."),
        "invoice_line_other_order": _("An invoice covers lines of its own order only."),
        "order_not_editable": _("This order has been sent: its lines can no longer change."),
        "empty_order": _("An order without lines cannot be sent. Add the titles first."),
        "cannot_send": _("Only a draft order can be sent."),
        "cannot_cancel": _("A received or cancelled order cannot be cancelled."),
        "not_sent": _("Only an order sent to the supplier can be received. Send it first."),
        "over_receipt": _(
            "%(library)s ordered %(ordered)s copies of this line and %(received)s are received already: at most %(left)s more."
        ),
        "overspend_needs_reason": _(
            "This takes the budget line %(budget)s %(over)s đồng below zero (%(left)s đồng are left). Give the reason to go on."
        ),
    }
