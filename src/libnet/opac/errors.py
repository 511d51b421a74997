"""Refusals of the public catalogue."""

from __future__ import annotations

from typing import ClassVar

from django.utils.translation import gettext_lazy as _

from libnet.core.errors import LibnetError, Messages, NotFound


class PublicNotFound(NotFound):
    """Nothing public by this identifier. The staff messages talk about "your libraries"."""

    messages: ClassVar[Messages] = {
        "record_not_found": _("There is no catalogue record with this number."),
        "library_not_found": _("There is no library with this code in the network."),
        "page_not_found": _("There is no page at this address."),
        "weeding_list_not_found": _(
            "This weeding list is not on public notice: a list is published for 15 days after the decision."
        ),
    }


class ExportRefused(LibnetError):
    status = 400
    messages: ClassVar[Messages] = {
        "no_search": _("Search first: the list to download is the list of results."),
    }


class AccountNotFound(PublicNotFound):
    """Nothing of the signed-in reader's by this number: another reader's loan looks the same."""

    messages: ClassVar[Messages] = {
        "loan_not_found": _("You have no loan with this number."),
        "hold_not_found": _("You have no hold with this number."),
        "library_not_found": _("There is no library with this code in the network."),
    }


class SignInRefused(LibnetError):
    status = 429
    messages: ClassVar[Messages] = {
        "too_many_attempts": _(
            "Too many wrong attempts. Wait %(minutes)s minutes, or ask the librarian to check your card number and PIN."
        ),
        "consent_missing": _(
            "Your card cannot be used yet: the library has not recorded your consent or your "
            "parent's. Come to the library with your parent, or ask your school librarian."
        ),
        "wrong_card_or_pin": _(
            "The card number or the PIN is wrong. The PIN is the one the library gave you with your card."
        ),
    }
