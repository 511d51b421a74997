"""Catalogue records over the API: read one (a summary, MARCXML or MARC-in-JSON), create one,
replace one.

A body is MARC-in-JSON (`Content-Type: application/json`, pymarc's `as_dict` form, the one
the catalogue stores) or one MARCXML `<record>` (`application/marcxml+xml`). It is checked
against the MARC 21 tag table (catalog.marc_rules): its errors come back as a 422 with one
entry per problem, `{tag, indicator, subfield, message}`. Holdings fields (852, 949, 952)
describe copies: they are dropped from the record and create no copy (copies are added with
POST /items). Writes are the cataloguers', under the one rule of who may change a shared
record (services.check_record_change); any staff member may read.
"""

from __future__ import annotations

import json
import unicodedata
import xml.etree.ElementTree as ET
from typing import Any, ClassVar, Literal

import pymarc
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema, Status

from libnet.catalog import access, marc, marc_rules, services
from libnet.catalog.api import RecordOut, _record_out
from libnet.catalog.errors import CatalogForbidden, CatalogRefused, DuplicateRecord
from libnet.core.api_auth import STAFF_AUTH
from libnet.core.api_errors import refusals
from libnet.core.errors import LibnetError, Messages, NotFound
from libnet.core.schemas import IdParam
from libnet.network import access as network_access

router = Router(tags=["catalog"], auth=STAFF_AUTH)

JSON = "application/json"
MARCXML = "application/marcxml+xml"
SHAPE_MESSAGE = _("it needs a leader (text) and fields (a list)")
# ISO 2709 gives a record at most 99,999 bytes and a field at most 9,999: no real record
# comes near these counts.
MAX_FIELDS = 2000
MAX_SUBFIELDS = 500
MAX_VALUE_LENGTH = 9999
TOO_LARGE_MESSAGE = _(
    "it is larger than a MARC 21 record can be: at most %(fields)s fields, %(subfields)s subfields in a field and %(length)s characters in a value"
)
ONE_RECORD_MESSAGE = _("send exactly one <record>")


class UnsupportedFormat(LibnetError):
    status = 415
    messages: ClassVar[Messages] = {
        "unsupported_media_type": _(
            "A record is sent as MARC-in-JSON (Content-Type: application/json) or MARCXML (application/marcxml+xml), not %(content_type)s."
        ),
    }


class MarcJsonOut(Schema):
    """The record as MARC-in-JSON (format=marcjson)."""

    leader: str
    fields: list[dict[str, Any]]


class CreatedOut(Schema):
    id: int


class DuplicateOut(Schema):
    code: str = Field(examples=["duplicate_record"])
    message: str
    existing_id: int = Field(description="The record already in the catalogue.")


class MarcProblemOut(Schema):
    """One problem of the record: where it is, and what is wrong."""

    tag: str = Field("", description="The field's tag; LDR for the leader.", examples=["245"])
    indicator: int | None = Field(None, description="1 or 2 when an indicator is wrong.")
    subfield: str | None = Field(None, description="The subfield's code when one is wrong.")
    message: str = Field("", description="What is wrong, in the request's language.")
    field: str = Field("", description="The part of the body: leader or fields.")


class MarcInvalidOut(Schema):
    """The record breaks the MARC 21 table (`invalid_marc`) or could not be read
    (`unreadable_marc`); nothing was written."""

    code: str = Field(examples=["invalid_marc"])
    message: str
    detail: list[MarcProblemOut]


_MARC_JSON_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "MARC-in-JSON: the leader and the fields in order; a control field's "
    "value is its data, a data field's is {ind1, ind2, subfields: [{code: value}]}.",
    "required": ["leader", "fields"],
    "properties": {
        "leader": {"type": "string", "minLength": 24, "maxLength": 24},
        "fields": {
            "type": "array",
            "maxItems": MAX_FIELDS,
            "items": {
                "type": "object",
                "minProperties": 1,
                "maxProperties": 1,
                "propertyNames": {"type": "string", "maxLength": 3},
                "additionalProperties": {
                    "oneOf": [
                        {"type": "string", "maxLength": MAX_VALUE_LENGTH},
                        {
                            "type": "object",
                            "required": ["subfields"],
                            "properties": {
                                "ind1": {"type": "string", "maxLength": 1},
                                "ind2": {"type": "string", "maxLength": 1},
                                "subfields": {
                                    "type": "array",
                                    "maxItems": MAX_SUBFIELDS,
                                    "items": {
                                        "type": "object",
                                        "minProperties": 1,
                                        "maxProperties": 1,
                                        "propertyNames": {"type": "string", "maxLength": 1},
                                        "additionalProperties": {
                                            "type": "string",
                                            "maxLength": MAX_VALUE_LENGTH,
                                        },
                                    },
                                },
                            },
                        },
                    ]
                },
            },
        },
    },
    "example": {
        "leader": "00000nam a2200000 i 4500",
        "fields": [
            {"008": "261207s2020    vm            000 1 vie d"},
            {
                "245": {
                    "ind1": "1",
                    "ind2": "0",
                    "subfields": [{"a": "Số đỏ /"}, {"c": "Vũ Trọng Phụng"}],
                }
            },
        ],
    },
}

_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            JSON: {"schema": _MARC_JSON_SCHEMA},
            MARCXML: {
                "schema": {
                    "type": "string",
                    "description": "One MARCXML <record> (MARC21slim), UTF-8.",
                    "maxLength": 10_000_000,
                }
            },
        },
    }
}

_WRITE_RESPONSES: dict[int, Any] = {
    **refusals(CatalogRefused, CatalogForbidden),
    415: refusals(UnsupportedFormat)[415],
    422: MarcInvalidOut,
}


def _read_body(request: HttpRequest) -> dict[str, Any]:
    """The record the body carries, as MARC-in-JSON with its text in NFC.

    Raises UnsupportedFormat for another content type, marc_rules.RecordInvalid
    ("unreadable_marc") for a body that is not the JSON or XML it says it is.
    """
    content_type = (request.content_type or "").lower()
    if content_type == MARCXML:
        return _from_marcxml(request.body)
    if content_type != JSON:
        raise UnsupportedFormat("unsupported_media_type", content_type=content_type or "—")
    try:
        data = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise marc_rules.RecordInvalid(
            "unreadable_marc", format="MARC-in-JSON", reason=str(error)[:200]
        ) from None
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("leader"), str)
        or not isinstance(data.get("fields"), list)
    ):
        raise marc_rules.RecordInvalid(
            "unreadable_marc",
            format="MARC-in-JSON",
            reason=str(SHAPE_MESSAGE),
        )
    _check_size(data, "MARC-in-JSON")
    normalised: dict[str, Any] = _nfc(data)
    return normalised


def _check_size(marc_json: dict[str, Any], format: str) -> None:
    fields = marc_json["fields"]
    too_large = len(fields) > MAX_FIELDS or any(
        _too_long(value)
        or (
            isinstance(value, dict)
            and (
                not isinstance(value.get("subfields", []), list)
                or len(value.get("subfields", [])) > MAX_SUBFIELDS
                or any(
                    isinstance(subfield, dict) and any(_too_long(v) for v in subfield.values())
                    for subfield in value.get("subfields", [])
                )
            )
        )
        for entry in fields
        if isinstance(entry, dict)
        for value in entry.values()
    )
    if too_large:
        reason = TOO_LARGE_MESSAGE % {
            "fields": MAX_FIELDS,
            "subfields": MAX_SUBFIELDS,
            "length": MAX_VALUE_LENGTH,
        }
        raise marc_rules.RecordInvalid("unreadable_marc", format=format, reason=reason)


def _too_long(value: Any) -> bool:
    return isinstance(value, str) and len(value) > MAX_VALUE_LENGTH


def _nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_nfc(item) for item in value]
    if isinstance(value, dict):
        return {_nfc(key): _nfc(item) for key, item in value.items()}
    return value


def _from_marcxml(body: bytes) -> dict[str, Any]:
    # A DTD could declare entities that expand without end: a MARCXML record needs none.
    if b"<!DOCTYPE" in body or b"<!ENTITY" in body:
        raise marc_rules.RecordInvalid("unreadable_marc", format="MARCXML", reason="DOCTYPE/ENTITY")
    try:
        root = ET.fromstring(body)
    except ET.ParseError as error:
        raise marc_rules.RecordInvalid(
            "unreadable_marc", format="MARCXML", reason=str(error)[:200]
        ) from None
    records = (
        [root]
        if _local(root.tag) == "record"
        else [child for child in root if _local(child.tag) == "record"]
    )
    if len(records) != 1:
        raise marc_rules.RecordInvalid(
            "unreadable_marc", format="MARCXML", reason=str(ONE_RECORD_MESSAGE)
        )
    leader = ""
    fields: list[dict[str, Any]] = []
    for child in records[0]:
        name = _local(child.tag)
        if name == "leader":
            leader = child.text or ""
        elif name == "controlfield":
            fields.append({child.get("tag", ""): child.text or ""})
        elif name == "datafield":
            fields.append(
                {
                    child.get("tag", ""): {
                        "ind1": child.get("ind1", " "),
                        "ind2": child.get("ind2", " "),
                        "subfields": [
                            {subfield.get("code", ""): subfield.text or ""}
                            for subfield in child
                            if _local(subfield.tag) == "subfield"
                        ],
                    }
                }
            )
    _check_size({"leader": leader, "fields": fields}, "MARCXML")
    normalised: dict[str, Any] = _nfc({"leader": leader, "fields": fields})
    return normalised


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _checked_record(marc_json: dict[str, Any]) -> pymarc.Record:
    """The record without its holdings fields, once the MARC 21 table finds no error in it."""
    marc_json = {
        "leader": marc_json["leader"],
        "fields": [
            entry
            for entry in marc_json["fields"]
            if not (isinstance(entry, dict) and set(entry) & set(marc.HOLDINGS_TAGS))
        ],
    }
    marc_rules.check(marc_json)
    return marc.record_from_json(marc_json)


@router.get("/records/{bib_id}", response={200: RecordOut | MarcJsonOut, **refusals(NotFound)})
def get_record(
    request: HttpRequest,
    bib_id: IdParam,
    format: Literal["summary", "marcxml", "marcjson"] = "summary",  # the parameter name
) -> Any:
    """A catalogue record: its summary by default; with `format=marcjson` its MARC-in-JSON,
    with `format=marcxml` its MARCXML (Content-Type application/marcxml+xml)."""
    bib = access.get_record_for_staff(request.user, bib_id)
    if format == "marcjson":
        return HttpResponse(
            json.dumps(bib.marc_json, ensure_ascii=False), content_type=f"{JSON}; charset=utf-8"
        )
    if format == "marcxml":
        xml = pymarc.record_to_xml(marc.record_from_json(bib.marc_json), namespace=True)  # type: ignore[no-untyped-call]  # pymarc is untyped
        return HttpResponse(
            b'<?xml version="1.0" encoding="UTF-8"?>\n' + xml,
            content_type=f"{MARCXML}; charset=utf-8",
        )
    return _record_out(bib)


@router.post(
    "/records",
    response={201: CreatedOut, **_WRITE_RESPONSES, 409: DuplicateOut},
    openapi_extra=_BODY,
)
def create_record(request: HttpRequest, allow_duplicate: bool = False) -> Any:
    """Catalogue a record, for the caller's library. 409 `duplicate_record` with `existing_id`
    when the catalogue has it already (same 001+003, ISBN, or title, author and year), unless
    `allow_duplicate=true`. Holdings fields create no copies: add them with POST /items."""
    record = _checked_record(_read_body(request))
    library = network_access.own_library(request.user, "catalog")
    if library is None:
        raise CatalogForbidden("catalog_role_required")
    if not allow_duplicate:
        existing = services.find_duplicate(marc.extract(record))
        if existing is not None:
            raise DuplicateRecord("duplicate_record", title=existing.title, existing_id=existing.pk)
    bib = services.create_record(marc_record=record, by=request.user, library=library)
    return Status(201, CreatedOut(id=bib.pk))


@router.put(
    "/records/{bib_id}",
    response={200: CreatedOut, **_WRITE_RESPONSES, **refusals(NotFound)},
    openapi_extra=_BODY,
)
def replace_record(request: HttpRequest, bib_id: IdParam) -> Any:
    """Replace a record's MARC, keeping its copies: by its creating library's cataloguers
    and the provincial library's (403 otherwise)."""
    # The body is checked first, as every endpoint checks its input before any refusal of
    # a service: a malformed request is a 422 whoever sends it.
    record = _checked_record(_read_body(request))
    bib = access.get_record_for_staff(request.user, bib_id)
    library = network_access.own_library(request.user, "catalog")
    if library is None:
        raise CatalogForbidden("catalog_role_required")
    services.replace_record(bib=bib, marc_record=record, by=request.user, library=library)
    return CreatedOut(id=bib.pk)


@router.delete(
    "/records/{bib_id}",
    response={204: None, **refusals(CatalogRefused, CatalogForbidden, NotFound)},
)
def delete_record(request: HttpRequest, bib_id: IdParam) -> Any:
    """Delete a record that has no copies left (400 `record_has_items` otherwise), under the
    shared-record rule; it leaves a tombstone for harvesters and links."""
    bib = access.get_record_for_staff(request.user, bib_id)
    library = network_access.own_library(request.user, "catalog")
    if library is None:
        raise CatalogForbidden("catalog_role_required")
    services.delete_record(bib=bib, by=request.user, library=library)
    return Status(204, None)
