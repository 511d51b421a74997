"""Words for codes the catalogue stores: MARC language codes and libnet material types."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from libnet.catalog.languages import LANGUAGE_NAMES, language_name

__all__ = ["LANGUAGE_NAMES", "MATERIAL_TYPE_NAMES", "language_name", "material_type_name"]

# catalog.marc derives these from leader/06-07.
MATERIAL_TYPE_NAMES: dict[str, str | Promise] = {
    "text": _("Book"),
    "serial": _("Periodical"),
    "score": _("Printed music"),
    "map": _("Map"),
    "video": _("Video"),
    "audio": _("Sound recording"),
    "music": _("Music recording"),
    "image": _("Picture"),
    "computer": _("Electronic resource"),
    "kit": _("Kit"),
    "mixed": _("Mixed materials"),
    "object": _("Object"),
    "other": _("Other"),
}


def material_type_name(code: str) -> str:
    return str(MATERIAL_TYPE_NAMES.get(code, code))
