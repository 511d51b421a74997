"""Refusals of the network app."""

from __future__ import annotations

from typing import ClassVar

from django.utils.translation import gettext_lazy as _

from libnet.core.errors import LibnetError, Messages


class NetworkRefused(LibnetError):
    status = 400
    messages: ClassVar[Messages] = {
        "duplicate_code": _("A library with code %(code)s already exists."),
        "invalid_code": _(
            "A library code is 2 to 32 capital letters, digits, dots or hyphens (e.g. SL-TVT): %(code)s"
        ),
        "unknown_kind": _("Unknown kind of library: %(kind)s. Use one of: %(choices)s."),
        "unknown_sector": _("Unknown sector: %(sector)s. Use one of: %(choices)s."),
        "unknown_role": _("Unknown role: %(role)s. Use one of: %(choices)s."),
        "parent_cycle": _("%(parent)s is below %(library)s; a library cannot sit under itself."),
        "parent_date_order": _(
            "The new parent must start after %(since)s, when the current one started."
        ),
        "empty_name": _("A library needs a name."),
    }
