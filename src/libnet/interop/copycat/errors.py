"""Refusals of copy cataloguing: the other catalogue did not answer, or answered wrongly, or
the record found cannot go into the catalogue as it is."""

from __future__ import annotations

from typing import ClassVar

from django.utils.translation import gettext_lazy as _

from libnet.core.errors import LibnetError, Messages, NotFound


class CopyCatalogueRefused(LibnetError):
    status = 400
    messages: ClassVar[Messages] = {
        "empty_term": _("Type an ISBN, a title or an author's name to search for."),
        "term_too_long": _("A search term has at most %(max)s characters."),
        "invalid_isbn": _(
            "%(value)s is not a valid ISBN: check the digits (10 or 13, the last may be X)."
        ),
        "protocol_not_offered": _("%(target)s cannot be searched over %(protocol)s."),
        "client_missing": _(
            "The Z39.50 client (yaz-client, from the yaz package) is not installed on the server. Ask the administrator to install it, or search this catalogue over SRU."
        ),
        "target_unreachable": _(
            "Could not connect to %(target)s. Check its address and port with the administrator, or try again later."
        ),
        "target_timeout": _(
            "%(target)s did not answer within %(seconds)s seconds. Try again later, or search by ISBN, which is quicker."
        ),
        "bad_response": _(
            "%(target)s sent an answer that is not a catalogue search result (%(detail)s). Check the target's settings with the administrator."
        ),
        "target_diagnostic": _("%(target)s refused the search: %(detail)s"),
        "record_unreadable": _(
            "This record cannot be imported: %(detail)s. Choose another record, or catalogue the book by hand."
        ),
    }


class TargetNotFound(NotFound):
    messages: ClassVar[Messages] = {
        "target_not_found": _("No enabled copy cataloguing target with this identifier."),
    }
