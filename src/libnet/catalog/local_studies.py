"""Local-studies material (tài liệu địa chí): which records are about the province.

A record is local-studies material when one of its subject headings (6XX) names the province,
or a place of `LIBNET_LOCAL_STUDIES_PLACES`. The catalogue has no column or local MARC field
for it; the OAI-PMH set `type:local_studies` (interop) and the weeding criteria (TT 02/2020
Art. 19: never proposed under the content, form or time criteria) both read it from here.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db.models import Q

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


def local_studies_q(places: list[str], *, prefix: str = "") -> Q:
    """Records whose subject headings name one of `places` (`prefix`: the path to the
    record, e.g. "bib__"), as written: a regular expression, case-sensitive on every
    database (LIKE is not, on SQLite), so the filter agrees with `is_local_studies`."""
    if not places:
        return Q(pk__in=[])
    return Q(**{f"{prefix}subjects__regex": "|".join(re.escape(place) for place in places)})


def is_local_studies(subjects: str, places: list[str]) -> bool:
    return any(place in subjects for place in places)
