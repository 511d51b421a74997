"""Local-studies material (tài liệu địa chí): which records are about the province.

One marker says it: the column `BibRecord.is_local_studies`, kept with the local MARC field
909 $a "địa chí" (marc.LOCAL_STUDIES_TAG), which travels with the record in exports. Search
facets, the OAI-PMH set `type:local_studies` (interop), the weeding criteria (TT 02/2020
Art. 19: never proposed under the content, form or time criteria) and the digital library
read the marker, never the headings.

The marker is set when a record is saved (the cataloguing form's tick, the MARC field of an
imported record) and, at import and save, by the heading rule: one of its subject headings
(6XX) names the province, or a place of `LIBNET_LOCAL_STUDIES_PLACES`.
"""

from __future__ import annotations

import pymarc
from django.conf import settings
from django.db.models import Q

from libnet.catalog.marc import LOCAL_STUDIES_TAG, LOCAL_STUDIES_TEXT
from libnet.core import clock
from libnet.network.models import AdminUnit, AdminUnitLevel

# How a province is named in its own title, and not in a subject heading: "Tỉnh Sông Lam"
# is "Sông Lam (Tỉnh)" in a 651.
_UNIT_WORDS = ("Tỉnh ", "Thành phố ")


def local_studies_places() -> list[str]:
    """The places whose name in a subject heading makes a record local-studies material:
    `LIBNET_LOCAL_STUDIES_PLACES`, or the province's name (today's province-level units)."""
    configured = getattr(settings, "LIBNET_LOCAL_STUDIES_PLACES", None)
    if configured:
        return [str(place) for place in configured if str(place).strip()]
    today = clock.today()
    names = AdminUnit.objects.filter(level=AdminUnitLevel.PROVINCE, valid_from__lte=today).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=today)
    )
    places: list[str] = []
    for name in names.values_list("name", flat=True):
        for word in _UNIT_WORDS:
            name = name.removeprefix(word)
        if name.strip() and name not in places:
            places.append(name.strip())
    return places


def local_studies_q(*, prefix: str = "") -> Q:
    """Records marked local-studies material (`prefix`: the path to the record, e.g. "bib__")."""
    return Q(**{f"{prefix}is_local_studies": True})


def named_in_headings(subjects: str, places: list[str]) -> bool:
    """The heading rule: whether the subject headings `subjects` name one of `places`."""
    return any(place in subjects for place in places)


def mark(record: pymarc.Record) -> None:
    """Add the local-studies field to `record` unless it has it already."""
    if record.get_fields(LOCAL_STUDIES_TAG):
        return
    record.add_ordered_field(
        pymarc.Field(
            tag=LOCAL_STUDIES_TAG,
            indicators=pymarc.Indicators(" ", " "),
            subfields=[pymarc.Subfield(code="a", value=LOCAL_STUDIES_TEXT)],
        )
    )
