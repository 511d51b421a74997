"""SRU search: an HTTP GET with a CQL query, the answer read with ElementTree.

SRU 1.1, 1.2 and 2.0 differ in their namespace and a few parameter names; the answer is
read by local element names, so one reader serves all three. Records are asked for as
MARCXML (always Unicode) and built by libnet's MARC reader (record_from_xml).
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

from django.utils.translation import gettext as _

from libnet.interop.copycat import query
from libnet.interop.copycat.answers import Answer, FoundRecord
from libnet.interop.copycat.errors import CopyCatalogueRefused
from libnet.interop.marc import reader
from libnet.interop.models import CopyTarget

USER_AGENT = "libnet copy cataloguing (SRU)"
# An answer larger than this is not the few records asked for.
MAX_RESPONSE_BYTES = 20 << 20


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def request_url(target: CopyTarget, search: query.Search, *, limit: int) -> str:
    """The searchRetrieve URL for `search`, in the target's SRU version."""
    params = {
        "version": target.sru_version,
        "query": query.cql(search),
        "startRecord": "1",
        "maximumRecords": str(limit),
        "recordSchema": "marcxml",
    }
    if target.sru_version == "2.0":
        params["recordXMLEscaping"] = "xml"
    else:
        params["operation"] = "searchRetrieve"
        params["recordPacking"] = "xml"
    separator = "&" if "?" in target.sru_url else "?"
    return target.sru_url + separator + urllib.parse.urlencode(params)


def search(target: CopyTarget, search: query.Search, *, limit: int) -> Answer:
    """Search `target` over SRU and return up to `limit` records, decoded.

    Raises CopyCatalogueRefused: target_unreachable, target_timeout, target_diagnostic,
    bad_response.
    """
    url = request_url(target, search, limit=limit)
    body = _get(target, url)
    try:
        root = ET.fromstring(body)
    except ET.ParseError as error:
        raise CopyCatalogueRefused(
            "bad_response", target=target.name, detail=_("not XML: %(error)s") % {"error": error}
        ) from None
    if _local(root.tag) != "searchRetrieveResponse":
        raise CopyCatalogueRefused(
            "bad_response",
            target=target.name,
            detail=_("an XML document of another kind (%(element)s)")
            % {"element": _local(root.tag)},
        )
    diagnostics = _diagnostics(root)
    count = _child_text(root, "numberOfRecords")
    if diagnostics and count in ("", "0"):
        raise CopyCatalogueRefused("target_diagnostic", target=target.name, detail=diagnostics)
    try:
        hits = int(count or "0")
    except ValueError:
        raise CopyCatalogueRefused(
            "bad_response", target=target.name, detail=_("the number of records is not a number")
        ) from None
    found = [
        _found(position, element)
        for position, element in enumerate(_records(root), start=1)
        if position <= limit
    ]
    return Answer(hits=hits, records=found)


def _get(target: CopyTarget, url: str) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=target.timeout_seconds) as response:
            body: bytes = response.read(MAX_RESPONSE_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise CopyCatalogueRefused(
            "bad_response", target=target.name, detail=f"HTTP {error.code}"
        ) from None
    except TimeoutError:
        raise CopyCatalogueRefused(
            "target_timeout", target=target.name, seconds=target.timeout_seconds
        ) from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise CopyCatalogueRefused(
                "target_timeout", target=target.name, seconds=target.timeout_seconds
            ) from None
        raise CopyCatalogueRefused("target_unreachable", target=target.name) from None
    except (OSError, ValueError):
        raise CopyCatalogueRefused("target_unreachable", target=target.name) from None
    if len(body) > MAX_RESPONSE_BYTES:
        raise CopyCatalogueRefused(
            "bad_response", target=target.name, detail=_("the answer is too large")
        )
    return body


def _child_text(element: ET.Element, name: str) -> str:
    for child in element:
        if _local(child.tag) == name:
            return (child.text or "").strip()
    return ""


def _diagnostics(root: ET.Element) -> str:
    parts = []
    for element in root.iter():
        if _local(element.tag) != "diagnostic":
            continue
        uri = _child_text(element, "uri")
        number = uri.rsplit("/", 1)[-1] if uri else ""
        message = _child_text(element, "message")
        details = _child_text(element, "details")
        text = " ".join(part for part in (message, f"({details})" if details else "") if part)
        parts.append(f"[{number}] {text}" if number else text)
    return "; ".join(parts)


def _records(root: ET.Element) -> list[ET.Element]:
    for child in root:
        if _local(child.tag) == "records":
            return [record for record in child if _local(record.tag) == "record"]
    return []


def _found(position: int, element: ET.Element) -> FoundRecord:
    data = next((child for child in element if _local(child.tag) == "recordData"), None)
    if data is None:
        return FoundRecord(position=position, error=_("the record has no data"))
    marc = next((child for child in data if _local(child.tag) == "record"), None)
    if marc is None and (data.text or "").strip().startswith("<"):
        # recordPacking "string": the MARCXML escaped as text inside recordData.
        try:
            marc = ET.fromstring(data.text or "")
        except ET.ParseError:
            marc = None
    if marc is None or _local(marc.tag) != "record":
        return FoundRecord(position=position, error=_("the record is not MARCXML"))
    try:
        return FoundRecord(position=position, record=reader.record_from_xml(marc))
    except reader.RecordInvalid as error:
        return FoundRecord(position=position, error=str(error))
