"""Copy cataloguing: search another catalogue (Z39.50 or SRU) and import one of its records.

The import goes through catalog's services (find_duplicate, create_record): the same
duplicate check, "records created" count and audit entry as a record typed in by hand.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Literal

import pymarc
from django.db import transaction
from django.utils.translation import gettext as _

from libnet.catalog import marc as catalog_marc
from libnet.catalog.errors import CatalogForbidden, DuplicateRecord
from libnet.catalog.models import BibRecord
from libnet.catalog.services import records as catalog_records
from libnet.core import audit
from libnet.interop.copycat import query, sru, z3950
from libnet.interop.copycat.answers import Answer
from libnet.interop.copycat.errors import CopyCatalogueRefused, TargetNotFound
from libnet.interop.marc import reader
from libnet.interop.models import CopyTarget
from libnet.network import access as network_access
from libnet.network.access import User
from libnet.network.models import Library

Protocol = Literal["z3950", "sru"]
PROTOCOLS: tuple[Protocol, ...] = ("z3950", "sru")
PROTOCOL_NAMES: dict[str, str] = {"z3950": "Z39.50", "sru": "SRU"}
# Records shown for one search: enough to tell editions apart, few enough to read.
RESULT_LIMIT = 10
# The source catalogue's copies and local data: its 852 and item fields describe its own
# shelves (libnet's importer would read them as copies), 9XX are its local fields.
SOURCE_ONLY_TAGS = frozenset({"852", "876", "877", "878"})


def enabled_targets() -> list[CopyTarget]:
    """The targets cataloguers may search, by name."""
    return list(CopyTarget.objects.filter(is_enabled=True).order_by("name"))


def get_target(target_id: int | str | None) -> CopyTarget:
    """Return the enabled target with this id; raises TargetNotFound."""
    try:
        pk = int(target_id or 0)
    except (TypeError, ValueError):
        pk = 0
    target = CopyTarget.objects.filter(pk=pk, is_enabled=True).first()
    if target is None:
        raise TargetNotFound("target_not_found")
    return target


def search_target(
    *, target: CopyTarget, protocol: str, field: str, term: str, limit: int = RESULT_LIMIT
) -> Answer:
    """Search `target` over `protocol` for `term` in `field` (isbn, title, author).

    Raises CopyCatalogueRefused: the term (empty_term, invalid_isbn, term_too_long), the
    protocol (protocol_not_offered, client_missing) or the target's answer (target_unreachable,
    target_timeout, target_diagnostic, bad_response).
    """
    search = query.make_search(field, term)
    if protocol == "z3950" and target.offers_z3950:
        return z3950.search(target, search, limit=limit)
    if protocol == "sru" and target.offers_sru:
        return sru.search(target, search, limit=limit)
    raise CopyCatalogueRefused(
        "protocol_not_offered", target=target.name, protocol=PROTOCOL_NAMES.get(protocol, protocol)
    )


def prepare_record(record: pymarc.Record) -> pymarc.Record:
    """The record as it enters this catalogue: without the source's copies and local fields,
    text in NFC; raises CopyCatalogueRefused("record_unreadable") when it breaks MARC 21."""
    prepared = pymarc.Record(force_utf8=True)
    prepared.leader = record.leader
    for marc_field in record.get_fields():
        if marc_field.tag in SOURCE_ONLY_TAGS or marc_field.tag.startswith("9"):
            continue
        if marc_field.is_control_field():
            marc_field.data = unicodedata.normalize("NFC", marc_field.data or "")
        else:
            for position, subfield in enumerate(marc_field.subfields):
                marc_field.subfields[position] = pymarc.Subfield(
                    code=subfield.code, value=unicodedata.normalize("NFC", subfield.value)
                )
        prepared.add_field(marc_field)  # type: ignore[no-untyped-call]  # pymarc is untyped
    try:
        reader.validate(prepared)
    except reader.RecordInvalid as error:
        raise CopyCatalogueRefused("record_unreadable", detail=str(error)) from None
    if not catalog_marc.extract(prepared).title:
        raise CopyCatalogueRefused("record_unreadable", detail=_("it has no title (245)"))
    return prepared


@transaction.atomic
def import_record(
    *,
    marc_record: pymarc.Record,
    library: Library,
    by: User,
    source: str = "",
    allow_duplicate: bool = False,
    at: dt.datetime | None = None,
) -> BibRecord:
    """Add a record found in another catalogue to this one, catalogued by `library`.

    Raises CatalogForbidden unless `by` catalogues for `library`; DuplicateRecord (with
    `existing_id`) when the catalogue already has it, unless `allow_duplicate`;
    CopyCatalogueRefused("record_unreadable"). Nothing is written when it raises.
    """
    if not network_access.can(by, "catalog", library):
        raise CatalogForbidden("catalog_role_required")
    prepared = prepare_record(marc_record)
    if not allow_duplicate:
        existing = catalog_records.find_duplicate(catalog_marc.extract(prepared))
        if existing is not None:
            raise DuplicateRecord("duplicate_record", existing_id=existing.pk, title=existing.title)
    bib = catalog_records.create_record(marc_record=prepared, by=by, library=library, at=at)
    audit.record(
        "record.copy_catalogue",
        subject=bib,
        by=by,
        at=at,
        library_id=library.pk,
        after={"source": source[:200], "duplicate_allowed": allow_duplicate},
    )
    return bib
