"""The OAI-PMH sets of a libnet catalogue.

- `library:<CODE>` (e.g. `library:SL-TVT`): the records of which the library holds a copy
  (a record is in the set of every library that owns one of its copies; withdrawn and lost
  copies no longer count). `library` alone: every record some library holds.
- `type:local_studies`: local-studies material (tài liệu địa chí): a record one of whose
  subject headings (6XX) names the province, or a place of `LIBNET_LOCAL_STUDIES_PLACES`.
  `type` alone: every record of a `type:…` set.
- `digital`: the digital collection's published objects, items of their own
  (`oai:<host>:digital-<id>`); `digital:<LIBRARY>:<code>`: those of one named collection.
- A deleted record stays in the sets it was in when its last copy went (the libraries of
  its withdrawn or lost copies); a record deleted from the catalogue is in none.

A record's header names only its leaf sets (`library:SL-TVT`, not `library`), as the
protocol asks; asking for a parent set gives the records of all its children.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

# The rule lives in catalog (weeding reads it too); the provider and its views call it here.
from libnet.catalog.local_studies import local_studies_q as local_studies_q
from libnet.interop.oai import digital
from libnet.interop.oai.protocol import SET_SPEC_PATTERN
from libnet.network.models import Library

LIBRARY = "library"
TYPE = "type"
LOCAL_STUDIES = "type:local_studies"


@dataclass(frozen=True)
class OaiSet:
    spec: str
    name: str


@dataclass(frozen=True)
class SetFilter:
    """What a `set` argument selects: records held by these libraries (None: by any),
    and/or local-studies records."""

    library_ids: tuple[int, ...] | None = None
    by_library: bool = False
    local_studies: bool = False
    # The digital collection (interop/oai/digital.py): its objects only, of these named
    # collections (None: every published object).
    digital: bool = False
    collection_ids: tuple[int, ...] | None = None


def enabled() -> bool:
    """Whether the repository offers sets (LIBNET_OAI_SETS; a single library may turn them
    off, and then answers noSetHierarchy)."""
    return bool(getattr(settings, "LIBNET_OAI_SETS", True))


def all_sets() -> list[OaiSet]:
    """Every set, parents before their children."""
    found = [OaiSet(LIBRARY, _("Libraries of the network"))]
    for code, name in Library.objects.order_by("code").values_list("code", "name"):
        if SET_SPEC_PATTERN.fullmatch(code):
            found.append(OaiSet(f"{LIBRARY}:{code}", name))
    found.append(OaiSet(TYPE, _("Kinds of material")))
    found.append(OaiSet(LOCAL_STUDIES, _("Local-studies material")))
    found.append(OaiSet(digital.DIGITAL, _("Digital collection")))
    found.extend(OaiSet(spec, name) for spec, name in digital.collection_sets())
    return found


def resolve(spec: str) -> SetFilter | None:
    """What the set `spec` selects, or None when the repository has no such set."""
    if spec == LIBRARY:
        return SetFilter(by_library=True)
    if spec.startswith(LIBRARY + ":"):
        code = spec.removeprefix(LIBRARY + ":")
        library_id = Library.objects.filter(code=code).values_list("pk", flat=True).first()
        if library_id is None:
            return None
        return SetFilter(library_ids=(library_id,), by_library=True)
    if spec in (TYPE, LOCAL_STUDIES):
        return SetFilter(local_studies=True)
    if spec == digital.DIGITAL:
        return SetFilter(digital=True)
    if spec.startswith(digital.DIGITAL + ":"):
        collection = digital.collection_id(spec)
        return None if collection is None else SetFilter(digital=True, collection_ids=(collection,))
    return None


def specs(library_codes: Iterable[str], *, local_studies: bool) -> list[str]:
    """A record's setSpecs, for its header: its leaf sets only."""
    found = [
        f"{LIBRARY}:{code}"
        for code in sorted(set(library_codes))
        if SET_SPEC_PATTERN.fullmatch(code)
    ]
    if local_studies:
        found.append(LOCAL_STUDIES)
    return found
