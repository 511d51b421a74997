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
    }


class ExportRefused(LibnetError):
    status = 400
    messages: ClassVar[Messages] = {
        "no_search": _("Search first: the list to download is the list of results."),
    }
