"""Refusals of the circulation desk: a stable code and a sentence saying what to do next.

Clients match on the code; the message is English here and Vietnamese in locale/vi.
"""

from __future__ import annotations

from typing import ClassVar

from django.utils.translation import gettext_lazy as _

from libnet.core.errors import LibnetError, Messages, NotFound

# The card refusals come from patrons.policies.card_refusal; the desk words them the same
# way whether the reader is borrowing, renewing or placing a hold.
_CARD_MESSAGES: Messages = {
    "card_expired": _("The card expired on %(expired_on)s. Renew the card first."),
    "card_blocked": _("The card is blocked: %(reason)s. See the librarian before lending."),
    "card_erased": _("This reader's data was erased on request; the card cannot be used."),
    "consent_missing": _(
        "This child's card cannot be used yet: the consents the age needs are not recorded. The library that issued the card records them on the reader's page."
    ),
    "card_not_valid_here": _(
        "This card was issued by %(home_library)s and is not valid at %(library)s: no joint-card agreement covers both."
    ),
}


class CirculationNotFound(NotFound):
    """A loan or hold that does not exist, or belongs to a library the user does not work for."""

    messages: ClassVar[Messages] = {
        **NotFound.messages,
        "loan_not_found": _("No loan with this number in your libraries."),
        "hold_not_found": _("No hold with this number in your libraries."),
    }


class CheckoutRefused(LibnetError):
    status = 409
    messages: ClassVar[Messages] = {
        **_CARD_MESSAGES,
        "item_on_loan": _(
            "Copy %(barcode)s is already on loan (due %(due_on)s). Check it in before lending it again."
        ),
        "item_not_available": _("Copy %(barcode)s cannot be lent: it is %(status)s."),
        "reference_only": _(
            "Copy %(barcode)s is for reading in the library only (reference or closed stacks)."
        ),
        "restricted_item": _(
            "Copy %(barcode)s is of restricted use (a rare or damaged original…): it is read in the library only, never lent. Offer the reader its digitised version."
        ),
        "loan_limit_reached": _(
            "This reader already has %(count)s items on loan, the most allowed (%(limit)s)."
        ),
        "item_on_hold_for_other": _(
            "Copy %(barcode)s is set aside for another reader's hold. Put it back on the hold shelf."
        ),
        "copy_not_here": _(
            "Copy %(barcode)s belongs to another library and is not at this desk: it cannot be "
            "lent here. If a reader is giving it back, take it back in Return mode (F2)."
        ),
    }


class CheckinRefused(LibnetError):
    status = 409
    messages: ClassVar[Messages] = {
        "item_not_circulating": _(
            "Copy %(barcode)s is %(status)s and does not circulate; change its status in the catalogue."
        ),
        "item_on_rotation": _(
            "Copy %(barcode)s is on rotation; it goes back with its rotation batch."
        ),
        "item_on_loan": _("Copy %(barcode)s is on loan: check it in first."),
        "loan_not_open": _("This loan is already closed."),
        "copy_not_on_loan": _(
            "Copy %(barcode)s belongs to %(home_library)s and is not on loan: there is nothing "
            "to return here, and nothing was changed. If the copy really is here, tell "
            "%(home_library)s."
        ),
        "in_transit_elsewhere": _(
            "Copy %(barcode)s is in transit to %(library)s, not to this library; nothing was "
            "changed. Send it on to %(library)s."
        ),
        "item_in_batch": _(
            "Copy %(barcode)s travels in rotation batch #%(batch)s: scan it on the batch's page "
            "(Rotation) so that the batch counts it; nothing was changed here."
        ),
    }


class RenewalRefused(LibnetError):
    status = 409
    messages: ClassVar[Messages] = {
        **_CARD_MESSAGES,
        "loan_closed": _("This loan is already closed; only an open loan can be renewed."),
        "loan_lost": _("This copy was declared lost; the loan cannot be renewed."),
        "renewal_limit_reached": _(
            "This loan has been renewed %(count)s times, the most allowed. Return the copy."
        ),
        "title_on_hold": _(
            "Another reader is waiting for this title; the copy must come back by %(due_on)s."
        ),
        "ill_loan": _(
            "This is an inter-library loan: the lending library, %(library)s, set its due date "
            "(%(due_on)s); only it can extend the loan (NĐ 93/2020, Art. 27)."
        ),
    }


class HoldRefused(LibnetError):
    status = 409
    messages: ClassVar[Messages] = {
        **_CARD_MESSAGES,
        "holds_not_allowed": _("Holds are not taken for this reader and this kind of item here."),
        "hold_limit_reached": _(
            "This reader already has %(count)s open holds, the most allowed (%(limit)s)."
        ),
        "already_on_loan": _("This reader already has a copy of this title on loan."),
        "already_on_hold": _("This reader is already waiting for this title."),
        "copy_on_shelf": _(
            "A copy of this title is on the shelf at %(library)s: take it from the shelf instead."
        ),
        "no_copy_here": _(
            "%(library)s has no copy of this title to set aside; choose the library that owns one."
        ),
        "hold_closed": _("This hold is already closed."),
    }


class VisitRefused(LibnetError):
    status = 400
    messages: ClassVar[Messages] = {
        "invalid_count": _(
            "The number of visits must be a whole number from 0 to %(limit)s (got %(value)s)."
        ),
        "invalid_day": _("Not a date (YYYY-MM-DD or DD/MM/YYYY): %(value)s"),
        "desk_count_positive": _("The desk button adds 1 or more visits."),
        "future_day": _("Visits cannot be entered for a day that has not come yet (%(day)s)."),
        "invalid_source": _("Unknown source of visit counts: %(source)s."),
        "invalid_use_count": _(
            "The number of copies read in place must be a whole number from 1 to %(limit)s."
        ),
        "use_copy_not_here": _(
            "Copy %(barcode)s is not on the shelves of %(library)s: only copies that are here "
            "are counted as read in place."
        ),
    }
