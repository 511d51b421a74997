"""Names of the MARC language codes a record stores (its `language`), for every page and
paper that shows them (the OPAC's facets, the general register's columns)."""

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


def language_name(code: str) -> str:
    """`vie` → "Vietnamese" in the reader's language; an unknown code is shown as it is."""
    return str(LANGUAGE_NAMES.get(code, code))
