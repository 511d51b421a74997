"""The digital collection in the OAI-PMH repository (Luật Thư viện Art. 11.2.b: the local
digital library shared with the network).

Each published digital object is an item of its own, `oai:<host>:digital-<object id>`, with
the datestamp of its last change a harvester sees (its publication, then each change of its
description, access or collections: DigitalObject.oai_datestamp), in the set `digital` and in `digital:<LIBRARY>:<code>` for
each named collection it belongs to (DigitalCollection). Its oai_dc is its catalogue record's
Dublin Core when it has one, else the Dublin Core it was described in, with the address of
its IIIF manifest as an identifier. An object published and later closed again (in the
library only, or staff only) is a deleted item. Only oai_dc: an object has no MARC of its own.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from libnet.catalog.models import BibRecord
from libnet.core import text
from libnet.digital.models import DUBLIN_CORE_ELEMENTS, Access, DigitalCollection, DigitalObject
from libnet.interop import records
from libnet.interop.oai.protocol import SET_SPEC_PATTERN

OBJECT = "object"
DIGITAL = "digital"
# The local part of an object's identifier: "digital-12".
LOCAL_ID = re.compile(r"digital-([1-9][0-9]{0,18})")


def local_id(object_id: int) -> str:
    return f"digital-{object_id}"


def object_id_of(local: str) -> int | None:
    found = LOCAL_ID.fullmatch(local)
    return int(found.group(1)) if found else None


def published() -> QuerySet[DigitalObject]:
    """The objects a harvester sees: every object ever published (those closed again since
    are deleted items)."""
    return DigitalObject.objects.filter(published_at__isnull=False, oai_datestamp__isnull=False)


def is_deleted(access: str) -> bool:
    return access != Access.PUBLIC


def collection_spec(library_code: str, code: str) -> str:
    return f"{DIGITAL}:{library_code}:{code}"


def collection_sets() -> list[tuple[str, str]]:
    """(setSpec, name) of every named collection."""
    found = []
    for library_code, code, name in DigitalCollection.objects.order_by(
        "library__code", "code"
    ).values_list("library__code", "code", "name"):
        spec = collection_spec(library_code, code)
        if SET_SPEC_PATTERN.fullmatch(spec):
            found.append((spec, name))
    return found


def collection_id(spec: str) -> int | None:
    """The collection the set `spec` (digital:<LIBRARY>:<code>) names, or None."""
    parts = spec.split(":")
    if len(parts) != 3 or parts[0] != DIGITAL:
        return None
    return (
        DigitalCollection.objects.filter(library__code=parts[1], code=parts[2])
        .values_list("pk", flat=True)
        .first()
    )


def rows(
    *,
    since: dt.datetime | None,
    before: dt.datetime | None,
    after_datestamp: dt.datetime | None,
    after_id: int | None,
    collection_ids: tuple[int, ...] | None,
    limit: int,
) -> list[tuple[int, dt.datetime, bool]]:
    """Up to `limit` (object id, datestamp, deleted) in (datestamp, id) order, after the key
    (`after_id` None: every object of `after_datestamp` is still to come)."""
    found = published()
    if since is not None:
        found = found.filter(oai_datestamp__gte=since)
    if before is not None:
        found = found.filter(oai_datestamp__lt=before)
    if after_datestamp is not None:
        found = found.filter(oai_datestamp__gte=after_datestamp)
        if after_id is not None:
            found = found.filter(Q(oai_datestamp__gt=after_datestamp) | Q(pk__gt=after_id))
    if collection_ids is not None:
        found = found.filter(collections__in=collection_ids).distinct()
    ordered = found.order_by("oai_datestamp", "pk").values_list("pk", "oai_datestamp", "access")
    # published() holds only objects with a publication moment, hence a datestamp.
    return [(pk, at, is_deleted(access)) for pk, at, access in ordered[:limit] if at is not None]


def entry(object_id: int) -> tuple[int, dt.datetime, bool] | None:
    row = published().filter(pk=object_id).values_list("pk", "oai_datestamp", "access").first()
    return (row[0], row[1], is_deleted(row[2])) if row and row[1] is not None else None


def objects(ids: Iterable[int]) -> dict[int, DigitalObject]:
    """The objects `ids` with their record and collections (three queries)."""
    return {
        found.pk: found
        for found in DigitalObject.objects.filter(pk__in=list(ids))
        .select_related("library", "record")
        .prefetch_related("collections")
    }


def set_specs(found: DigitalObject) -> list[str]:
    specs = [DIGITAL]
    for collection in found.collections.all():
        spec = collection_spec(found.library.code, collection.code)
        if SET_SPEC_PATTERN.fullmatch(spec):
            specs.append(spec)
    return specs


def dublin_core(
    found: DigitalObject, *, manifest_url: str, record_url: str
) -> list[tuple[str, str]]:
    """The object as simple Dublin Core: its record's (with the record's OPAC page) or its
    own description; the manifest's address as an identifier."""
    record: BibRecord | None = found.record
    if record is not None:
        pairs = records.dublin_core(record, record_url=record_url)
    else:
        described = found.dublin_core or {}
        pairs = []
        for element in DUBLIN_CORE_ELEMENTS:
            values = described.get(element) or []
            if isinstance(values, str):
                values = [values]
            for value in values:
                cleaned = text.clean(str(value))
                if cleaned:
                    pairs.append((element, cleaned))
        if not any(element == "title" for element, _value in pairs):
            pairs.insert(0, ("title", text.clean(found.title)))
    pairs.append(("identifier", manifest_url))
    return pairs
