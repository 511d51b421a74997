"""Words for codes the catalogue stores: MARC language codes and libnet material types."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# MARC 21 language codes (ISO 639-2/B) met in Vietnamese public and school libraries.
LANGUAGE_NAMES: dict[str, str | Promise] = {
    "vie": _("Vietnamese"),
    "eng": _("English"),
    "fre": _("French"),
    "rus": _("Russian"),
    "chi": _("Chinese"),
    "jpn": _("Japanese"),
    "kor": _("Korean"),
    "ger": _("German"),
    "spa": _("Spanish"),
    "ita": _("Italian"),
    "por": _("Portuguese"),
    "dan": _("Danish"),
    "tha": _("Thai"),
    "lao": _("Lao"),
    "khm": _("Khmer"),
    "mul": _("Several languages"),
    "und": _("Undetermined"),
}

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


def language_name(code: str) -> str:
    """`vie` → "Vietnamese" in the reader's language; an unknown code is shown as it is."""
    return str(LANGUAGE_NAMES.get(code, code))


def material_type_name(code: str) -> str:
    return str(MATERIAL_TYPE_NAMES.get(code, code))
