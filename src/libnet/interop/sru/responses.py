"""The SRU answers as XML: searchRetrieve and explain responses, in SRU 2.0 or 1.2.

Written as text, element by element, every value escaped: the records arrive as finished
MARCXML or Dublin Core (interop/records.py) and go into `recordData` as they are (or escaped,
for recordXMLEscaping / recordPacking "string"), without being parsed again. Element order
follows the versions' schemas: sruResponse.xsd of OASIS searchRetrieve 1.0 for 2.0 (no
`version` element: 2.0 removed it), srw-types.xsd for 1.2.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from libnet.interop.records import xml_text
from libnet.interop.sru.errors import SruDiagnostic
from libnet.interop.sru.protocol import Operation, SruRequest, Version

XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
EXPLAIN_SCHEMA = "http://explain.z3950.org/dtd/2.0/"
PRECISION = "info:srw/vocabulary/resultCountPrecision/1/"


@dataclass(frozen=True)
class _Flavour:
    prefix: str
    namespace: str
    diagnostic_namespace: str


_FLAVOURS: dict[Version, _Flavour] = {
    "1.2": _Flavour(
        "srw", "http://www.loc.gov/zing/srw/", "http://www.loc.gov/zing/srw/diagnostic/"
    ),
    "2.0": _Flavour(
        "sru",
        "http://docs.oasis-open.org/ns/search-ws/sruResponse",
        "http://docs.oasis-open.org/ns/search-ws/diagnostic",
    ),
}

# What the echo repeats of a request, in each version's schema order.
_ECHOED: dict[tuple[Version, Operation], tuple[str, ...]] = {
    ("1.2", "searchRetrieve"): (
        "query",
        "startRecord",
        "maximumRecords",
        "recordPacking",
        "recordSchema",
        "resultSetTTL",
    ),
    ("2.0", "searchRetrieve"): (
        "queryType",
        "query",
        "startRecord",
        "maximumRecords",
        "recordXMLEscaping",
        "recordPacking",
        "recordSchema",
        "resultSetTTL",
    ),
    ("1.2", "explain"): ("recordPacking",),
    ("2.0", "explain"): ("recordXMLEscaping", "recordPacking"),
}


@dataclass(frozen=True)
class Page:
    """What a search found: how many records match, whether that count is exact (else it is
    a lower bound), and the page's records as XML, from `first` on."""

    total: int
    total_is_exact: bool
    first: int
    records: Sequence[str]


def search_retrieve(request: SruRequest, page: Page) -> str:
    """The searchRetrieve response with the page's records."""
    flavour = _FLAVOURS[request.version]
    schema = request.schema.identifier
    records = "".join(
        _element(
            flavour,
            "record",
            _element(flavour, "recordSchema", xml_text(schema))
            + _packing(flavour, request)
            + _element(flavour, "recordData", _record_data(record, request))
            + _element(flavour, "recordPosition", str(page.first + offset)),
        )
        for offset, record in enumerate(page.records)
    )
    body = _version(flavour, request.version)
    body += _element(flavour, "numberOfRecords", str(page.total))
    if page.records:
        body += _element(flavour, "records", records)
        following = page.first + len(page.records)
        if following <= page.total:
            body += _element(flavour, "nextRecordPosition", str(following))
    body += _echo(flavour, request.version, "searchRetrieve", request.given)
    if request.version == "2.0":
        body += _element(
            flavour,
            "resultCountPrecision",
            PRECISION + ("exact" if page.total_is_exact else "minimum"),
        )
    return _root(flavour, "searchRetrieveResponse", body)


def explain(request: SruRequest, explain_record: str) -> str:
    """The explain response: the server's ZeeRex record."""
    flavour = _FLAVOURS[request.version]
    body = _version(flavour, request.version) + _explain_record(
        flavour, request.version, request.escaping, explain_record
    )
    body += _echo(flavour, request.version, "explain", request.given)
    return _root(flavour, "explainResponse", body)


def refusal(
    *,
    version: Version,
    operation: Operation,
    given: Mapping[str, str],
    diagnostic: SruDiagnostic,
    explain_record: str,
) -> str:
    """The answer to a request refused with `diagnostic`: a searchRetrieve response without
    records, or (for explain, or an operation that is not offered) an explain response."""
    flavour = _FLAVOURS[version]
    diagnostics = _element(flavour, "diagnostics", _diagnostic(flavour, diagnostic))
    body = _version(flavour, version)
    if operation == "searchRetrieve":
        if version == "1.2":  # 1.2's schema asks for the count even then
            body += _element(flavour, "numberOfRecords", "0")
        body += _echo(flavour, version, operation, given, names=("query",)) + diagnostics
        return _root(flavour, "searchRetrieveResponse", body)
    body += _explain_record(flavour, version, "xml", explain_record)
    body += _echo(flavour, version, operation, given, names=()) + diagnostics
    return _root(flavour, "explainResponse", body)


def diagnostic_after_records(request: SruRequest, page: Page, diagnostic: SruDiagnostic) -> str:
    """A searchRetrieve response with its count and a diagnostic (startRecord past the last
    record, 61): the search was run, no record can be given."""
    flavour = _FLAVOURS[request.version]
    body = _version(flavour, request.version)
    body += _element(flavour, "numberOfRecords", str(page.total))
    body += _echo(flavour, request.version, "searchRetrieve", request.given)
    body += _element(flavour, "diagnostics", _diagnostic(flavour, diagnostic))
    if request.version == "2.0":
        body += _element(
            flavour,
            "resultCountPrecision",
            PRECISION + ("exact" if page.total_is_exact else "minimum"),
        )
    return _root(flavour, "searchRetrieveResponse", body)


# --- pieces ---------------------------------------------------------------------------------


def _element(flavour: _Flavour, name: str, content: str) -> str:
    """An element of the response's namespace around `content` (already XML)."""
    return f"<{flavour.prefix}:{name}>{content}</{flavour.prefix}:{name}>"


def _root(flavour: _Flavour, name: str, body: str) -> str:
    return (
        f"{XML_DECLARATION}<{flavour.prefix}:{name} xmlns:{flavour.prefix}="
        f'"{flavour.namespace}">{body}</{flavour.prefix}:{name}>'
    )


def _version(flavour: _Flavour, version: Version) -> str:
    # SRU 2.0 removed the version element; 1.2 requires it.
    return _element(flavour, "version", version) if version == "1.2" else ""


def _packing(flavour: _Flavour, request: SruRequest) -> str:
    if request.version == "1.2":
        return _element(flavour, "recordPacking", request.escaping)
    return _element(flavour, "recordXMLEscaping", request.escaping)


def _record_data(record: str, request: SruRequest) -> str:
    return record if request.escaping == "xml" else xml_text(record)


def _explain_record(flavour: _Flavour, version: Version, escaping: str, record: str) -> str:
    packing = "recordPacking" if version == "1.2" else "recordXMLEscaping"
    return _element(
        flavour,
        "record",
        _element(flavour, "recordSchema", EXPLAIN_SCHEMA)
        + _element(flavour, packing, escaping)
        + _element(flavour, "recordData", record if escaping == "xml" else xml_text(record))
        + _element(flavour, "recordPosition", "1"),
    )


def _echo(
    flavour: _Flavour,
    version: Version,
    operation: Operation,
    given: Mapping[str, str],
    *,
    names: Sequence[str] | None = None,
) -> str:
    """The request's parameters repeated (`names` of them only, for a refused request whose
    other values may not be what the schema allows); 1.2's echo begins with its version."""
    name = (
        "echoedSearchRetrieveRequest" if operation == "searchRetrieve" else "echoedExplainRequest"
    )
    echoed = "".join(
        _element(flavour, parameter, xml_text(given[parameter]))
        for parameter in _ECHOED[version, operation]
        if given.get(parameter) and (names is None or parameter in names)
    )
    if version == "1.2":
        echoed = _element(flavour, "version", version) + echoed
    return _element(flavour, name, echoed) if echoed else ""


def _diagnostic(flavour: _Flavour, diagnostic: SruDiagnostic) -> str:
    details = (
        f"<diag:details>{xml_text(diagnostic.details)}</diag:details>" if diagnostic.details else ""
    )
    return (
        f'<diag:diagnostic xmlns:diag="{flavour.diagnostic_namespace}">'
        f"<diag:uri>{diagnostic.uri}</diag:uri>{details}"
        f"<diag:message>{xml_text(diagnostic.message)}</diag:message></diag:diagnostic>"
    )
