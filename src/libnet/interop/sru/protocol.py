"""The parameters of an SRU request, read and checked: SRU 2.0 by default, 1.2 when asked.

What a request may ask (both versions, GET or a POSTed form):

    operation        explain | searchRetrieve (2.0: searchRetrieve when there is a query)
    version          2.0 (the default) | 1.2 | 1.1 (answered as 1.2)
    query            CQL (cql.py); queryType, when given, must be cql
    startRecord      1 to MAX_START_RECORD (default 1)
    maximumRecords   0 and up, cut to MAX_RECORDS (default DEFAULT_RECORDS)
    recordSchema     marcxml (the default) | dc, by name or identifier
    recordXMLEscaping (2.0) / recordPacking (1.2)   xml (the default) | string

`sortKeys` and `stylesheet` are refused with their diagnostics (80, 110); `resultSetTTL`,
the facet parameters, `httpAccept`, `responseType` and `renderedBy` are accepted and have no
effect; an extension parameter (`x-…`) is ignored; any other parameter is diagnostic 8.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from django.utils.translation import gettext_lazy as _

from libnet.core.inputs import text_problem
from libnet.interop.sru.errors import SruDiagnostic

Version = Literal["1.2", "2.0"]
Operation = Literal["explain", "searchRetrieve"]
Escaping = Literal["xml", "string"]

HIGHEST_VERSION = "2.0"
DEFAULT_RECORDS = 10
MAX_RECORDS = 100
# Relevance ranks the newest 10,000 matches of a common word (search/backends/base.py); a
# client reads no further than that.
MAX_START_RECORD = 10_000
# A parameter's value: a query is at most query.MAX_QUERY_LENGTH characters (cql.py says so
# with its own diagnostic); this bounds the rest before anything reads them.
MAX_VALUE_LENGTH = 2_000


@dataclass(frozen=True)
class Schema:
    """A record schema the server gives records in."""

    name: str
    identifier: str
    title: str
    aliases: tuple[str, ...] = ()


MARCXML = Schema(
    "marcxml",
    "info:srw/schema/1/marcxml-v1.1",
    "MARCXML (MARC 21 slim), with copies in 852",
    ("marc21", "marcxml-v1.1", "info:srw/schema/1/marcxml-1.1", "http://www.loc.gov/marc21/slim"),
)
DUBLIN_CORE = Schema(
    "dc",
    "info:srw/schema/1/dc-v1.1",
    "Simple Dublin Core",
    ("dc-v1.1", "info:srw/schema/1/dc-schema", "http://purl.org/dc/elements/1.1/"),
)
SCHEMAS = (MARCXML, DUBLIN_CORE)
_SCHEMA_BY_NAME = {
    key.lower(): schema
    for schema in SCHEMAS
    for key in (schema.name, schema.identifier, *schema.aliases)
}

_COMMON = {"operation", "version", "recordPacking", "recordXMLEscaping", "stylesheet"}
_KNOWN = {
    "explain": _COMMON | {"extraRequestData"},
    "searchRetrieve": _COMMON
    | {
        "query",
        "queryType",
        "startRecord",
        "maximumRecords",
        "recordSchema",
        "resultSetTTL",
        "sortKeys",
        "extraRequestData",
        "facetLimit",
        "facetStart",
        "facetSort",
        "facetRangeField",
        "facetLowValue",
        "facetHighValue",
        "facetCount",
        "renderedBy",
        "httpAccept",
        "responseType",
    },
}


@dataclass(frozen=True)
class SruRequest:
    """A request whose parameters could be read. `given` holds them as sent, for the echo."""

    version: Version
    operation: Operation
    given: Mapping[str, str]
    escaping: Escaping = "xml"
    query: str = ""
    start_record: int = 1
    maximum_records: int = DEFAULT_RECORDS
    schema: Schema = MARCXML


def answer_version(parameters: Mapping[str, Sequence[str]]) -> Version:
    """The version an answer is written in, even one refusing the request: 1.2 for a client
    that speaks 1.x, 2.0 otherwise."""
    asked = (parameters.get("version") or [""])[-1].strip()
    return "1.2" if asked.startswith("1.") else "2.0"


def answer_operation(parameters: Mapping[str, Sequence[str]]) -> Operation:
    """The kind of answer a refusal is written in: a search's, or explain's."""
    asked = (parameters.get("operation") or [""])[-1].strip()
    if asked == "searchRetrieve" or (not asked and parameters.get("query")):
        return "searchRetrieve"
    return "explain"


def read_request(parameters: Mapping[str, Sequence[str]]) -> SruRequest:
    """Read the request's parameters (each name with the values sent). Raises SruDiagnostic
    for the first thing the request asks that cannot be given."""
    given = _single_values(parameters)
    version = _version(given)
    operation_asked = given.get("operation", "")
    if operation_asked and operation_asked not in _KNOWN:
        raise SruDiagnostic("unsupported_operation", details=operation_asked)
    operation: Operation = "explain"
    if operation_asked == "searchRetrieve" or (not operation_asked and "query" in given):
        operation = "searchRetrieve"
    for name in given:
        if name not in _KNOWN[operation] and not name.startswith("x-"):
            raise SruDiagnostic("unsupported_parameter", details=name)
    if "stylesheet" in given:
        raise SruDiagnostic("stylesheets_not_supported", details="stylesheet")
    escaping = _escaping(given, version)
    if operation == "explain":
        return SruRequest(version=version, operation=operation, given=given, escaping=escaping)
    query = given.get("query", "")
    if "query" not in given:
        raise SruDiagnostic("missing_parameter", details="query")
    if given.get("queryType", "cql") != "cql":
        raise SruDiagnostic(
            "unsupported_parameter_value",
            details="queryType",
            reason=_("only CQL queries are read here (queryType=cql)."),
        )
    if "sortKeys" in given:
        raise SruDiagnostic("sort_not_supported", details="sortKeys")
    schema = _SCHEMA_BY_NAME.get(given.get("recordSchema", MARCXML.name).strip().lower())
    if schema is None:
        raise SruDiagnostic("unknown_schema", details=given["recordSchema"])
    return SruRequest(
        version=version,
        operation=operation,
        given=given,
        escaping=escaping,
        query=query,
        start_record=_number(given, "startRecord", default=1, low=1, high=MAX_START_RECORD),
        maximum_records=min(
            _number(given, "maximumRecords", default=DEFAULT_RECORDS, low=0), MAX_RECORDS
        ),
        schema=schema,
    )


def _single_values(parameters: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """One text value per parameter: a parameter sent twice, or a value that is not text a
    client could mean (a control character, broken UTF-8), is refused."""
    found: dict[str, str] = {}
    for name, values in parameters.items():
        if text_problem(name, multiline=False) is not None or len(name) > 100:
            raise SruDiagnostic(
                "unsupported_parameter", details=name[:100].encode("ascii", "replace").decode()
            )
        if len(values) != 1:
            raise SruDiagnostic(
                "unsupported_parameter_value",
                details=name,
                reason=_("it is given more than once."),
            )
        value = values[0]
        if len(value) > MAX_VALUE_LENGTH and name != "query":
            raise SruDiagnostic(
                "unsupported_parameter_value", details=name, reason=_("it is too long.")
            )
        if text_problem(value, multiline=True) is not None:
            raise SruDiagnostic(
                "unsupported_parameter_value",
                details=name,
                reason=_(
                    "it holds characters that are not text (control characters or broken UTF-8)."
                ),
            )
        found[name] = value
    return found


def _version(given: Mapping[str, str]) -> Version:
    asked = given.get("version", "").strip()
    if not asked or asked == "2.0":
        return "2.0"
    if asked in {"1.1", "1.2"}:
        return "1.2"
    raise SruDiagnostic("unsupported_version", details=HIGHEST_VERSION, version=asked)


def _escaping(given: Mapping[str, str], version: Version) -> Escaping:
    """How records are put in the answer: as XML, or as escaped text.

    SRU 2.0 calls it recordXMLEscaping (its recordPacking is packed/unpacked: libnet's
    records are always packed); 1.2 calls it recordPacking. A 2.0 client that sends 1.2's
    recordPacking=xml|string is understood."""
    if version == "2.0":
        packing = given.get("recordPacking", "")
        if packing and packing not in {"packed", "xml", "string"}:
            raise SruDiagnostic("unsupported_record_packing", details=packing)
        asked = given.get("recordXMLEscaping") or (packing if packing != "packed" else "")
    else:
        asked = given.get("recordPacking", "")
    if asked in {"", "xml"}:
        return "xml"
    if asked == "string":
        return "string"
    raise SruDiagnostic("unsupported_record_packing", details=asked)


def _number(
    given: Mapping[str, str], name: str, *, default: int, low: int, high: int | None = None
) -> int:
    raw = given.get(name, "").strip()
    if not raw:
        return default
    is_number = raw.isascii() and raw.isdigit() and len(raw) <= 9
    if not is_number or int(raw) < low or (high is not None and int(raw) > high):
        reason = (
            _("write a whole number from %(low)s to %(high)s.") % {"low": low, "high": high}
            if high is not None
            else _("write a whole number, %(low)s or more.") % {"low": low}
        )
        raise SruDiagnostic("unsupported_parameter_value", details=name, reason=reason)
    return int(raw)
