"""What a self-check machine shows when libnet says no: a stable code and a Vietnamese sentence.

The machine's refusals are the desk's (circulation and patrons raise them, with the same
codes); where the desk's sentence tells a clerk what to do (scan in Return mode, put the copy
on the hold shelf, scan it on the batch's page), the reader at a machine reads instead what
to do: give the copy to the librarian. The other codes are the machine's own.
"""

from __future__ import annotations

from typing import ClassVar

from django.utils.translation import gettext_lazy as _

from libnet.core.errors import LibnetError, Messages

_GIVE_IT_TO_THE_LIBRARIAN = {
    "copy_not_here": _(
        "Copy %(barcode)s belongs to another library and cannot be borrowed at this machine. "
        "Please give it to the librarian."
    ),
    "item_on_loan": _("Copy %(barcode)s is already on loan. Please give it to the librarian."),
    "item_on_hold_for_other": _(
        "Copy %(barcode)s is kept for another reader who reserved it. Please give it to the "
        "librarian."
    ),
    "copy_not_on_loan": _(
        "Copy %(barcode)s belongs to %(home_library)s and is not on loan: it cannot be returned "
        "at this machine. Please give it to the librarian."
    ),
    "in_transit_elsewhere": _(
        "Copy %(barcode)s is on its way to %(library)s and cannot be returned here. Please give "
        "it to the librarian."
    ),
    "item_in_batch": _(
        "Copy %(barcode)s travels in a rotation batch. Please give it to the librarian."
    ),
    "item_on_rotation": _(
        "Copy %(barcode)s is on rotation and goes back with its batch. Please give it to the "
        "librarian."
    ),
    "item_not_circulating": _(
        "Copy %(barcode)s is %(status)s and cannot be returned at this machine. Please give it "
        "to the librarian."
    ),
    # The reason a card was blocked is for the librarian to tell, not for a public screen.
    "card_blocked": _("This card is blocked. Please see the librarian."),
    "consent_missing": _(
        "This card cannot be used yet: the consents the reader's age needs are not recorded. "
        "Please ask the library that issued the card."
    ),
}


class MachineRefused(LibnetError):
    """A refusal at a self-check machine; the machine shows `message` (SIP2 field AF)."""

    status = 409
    messages: ClassVar[Messages] = {
        **_GIVE_IT_TO_THE_LIBRARIAN,
        "not_logged_in": _(
            "This machine is not signed in to libnet. Please ask the librarian to check its "
            "SIP2 account."
        ),
        "other_institution": _(
            "This machine belongs to %(library)s (code %(code)s), not to %(institution)s. "
            "Please ask the librarian to check the institution (AO) set on the machine."
        ),
        "unknown_card": _(
            "No reader with card number %(card_number)s can borrow at this library. Please see "
            "the librarian."
        ),
        "card_required": _("Please scan your library card."),
        "wrong_pin": _("The PIN is not right. Try again, or ask the librarian."),
        "pin_locked": _(
            "Too many wrong PINs for this card. Try again in %(minutes)s minutes, or ask the "
            "librarian."
        ),
        "unknown_item": _(
            "No copy has the barcode %(barcode)s. Please give the copy to the librarian."
        ),
        "item_required": _("Please scan the copy's barcode."),
        "not_on_loan": _("Copy %(barcode)s is not on loan: there is nothing to renew."),
        "not_your_loan": _("Copy %(barcode)s is not on loan on this card."),
        "lent_elsewhere": _("Copy %(barcode)s was lent by another library: renew it there."),
        "not_supported": _("This cannot be done at the machine. Please see the librarian."),
        "cancel_not_supported": _(
            "A transaction cannot be cancelled at the machine. Please see the librarian."
        ),
        "system_error": _(
            "libnet could not finish this, and nothing was changed. Please see the librarian."
        ),
    }


def machine_message(error: LibnetError) -> str:
    """The sentence a reader at a machine reads for `error`: the machine's wording of a desk
    refusal where the desk's speaks to a clerk, the error's own otherwise."""
    if error.code in _GIVE_IT_TO_THE_LIBRARIAN:
        return MachineRefused(error.code, **error.params).message
    return error.message


class SipAccountRefused(LibnetError):
    """A self-check machine's account that cannot be added or changed as asked."""

    status = 400
    messages: ClassVar[Messages] = {
        "invalid_name": _(
            "A machine's name is 1 to 40 letters, digits, dots, hyphens or underscores, "
            "starting with a letter or digit, not %(name)s."
        ),
        "password_too_short": _("A machine's password has at least %(length)s characters."),
        "new_account_needs": _("A new machine needs its library and a password."),
        "other_library": _(
            "Machine %(name)s belongs to %(library)s. A machine that moves to another library "
            "gets a new account; disable this one."
        ),
        "username_taken": _("The user %(username)s exists already and is not a machine's."),
        "account_not_found": _("No self-check machine is called %(name)s."),
    }
