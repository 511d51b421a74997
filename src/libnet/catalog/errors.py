"""Refusals of the catalogue."""

from __future__ import annotations

from typing import ClassVar

from django.utils.translation import gettext_lazy as _

from libnet.core.errors import LibnetError, Messages


class CatalogRefused(LibnetError):
    status = 400
    messages: ClassVar[Messages] = {
        "duplicate_barcode": _(
            "Barcode %(barcode)s is already used by another copy in the network."
        ),
        "duplicate_accession_number": _(
            "Accession number %(number)s is already used in the register of %(library)s."
        ),
        "register_other_library": _("The register %(prefix)s belongs to another library."),
        "no_register": _(
            "%(library)s has no accession register yet. Create one first (e.g. prefix VV)."
        ),
        "invalid_barcode": _(
            "A barcode is 1 to 64 letters, digits, dots or hyphens, without spaces: %(barcode)s"
        ),
        "invalid_status_change": _("A copy that is %(current)s cannot become %(target)s."),
        "same_status": _("The copy is already %(current)s."),
        "withdrawal_needs_decision": _(
            "Withdrawing a copy needs the number of the weeding decision (TT 02/2020 Art. 28)."
        ),
        "duplicate_prefix": _("%(library)s already has a register with prefix %(prefix)s."),
        "invalid_prefix": _("A register prefix is 1 to 12 capital letters or digits: %(prefix)s"),
        "invalid_price": _("The price must be a whole number of đồng, 0 or more."),
        "record_has_items": _(
            "This record still has %(count)s copies; withdraw or move them first."
        ),
        "no_title": _("A catalogue record needs a title (MARC 245 $a)."),
    }
