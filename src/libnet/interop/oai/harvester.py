"""`libnet harvest`: pull MARCXML over OAI-PMH from another catalogue (another libnet, Koha,
DSpace) into this one, through the same tolerant import as `import_marc`.

A page of records at a time: its MARC records are written to a MARCXML file and imported
(interop.services.import_marc_file: de-duplication by 001/003, ISBN, match key; copies from
852/949/952; a bad record reported and skipped), then the next page is asked for with the
resumption token. Records without copies join the union catalogue without copies.

Incremental: the harvest of a (URL, set, format) remembers where the next one starts
(HarvestSource.next_from): the source's own clock (its responseDate) when the last complete
harvest began, less `LIBNET_HARVEST_OVERLAP_SECONDS` (a record the source stamped just before
and committed just after is not missed; a record seen twice is imported as unchanged). An
interrupted harvest does not move it: the next run starts again from the same place.

A record deleted at the source is counted, not deleted here: the union catalogue may hold
copies of it, and deleting a shared record is a cataloguer's decision.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from libnet.core import clock
from libnet.core.audit import Actor
from libnet.interop import records, services
from libnet.interop.models import HarvestSource
from libnet.network.models import Library

OAI = "{http://www.openarchives.org/OAI/2.0/}"
USER_AGENT = "libnet-harvest/1.0 (OAI-PMH)"
TIMEOUT_SECONDS = 120
# A source that answers 503 with Retry-After is asked again this many times.
RETRIES = 3
MAX_RETRY_AFTER = 300
DEFAULT_OVERLAP_SECONDS = 60


class HarvestFailed(Exception):
    """The source could not be harvested (unreachable, an OAI-PMH error, not OAI-PMH at all);
    the message says why, in the site's language."""


@dataclass
class HarvestResult:
    counts: services.ImportCounts = field(default_factory=services.ImportCounts)
    deleted_at_source: int = 0
    # Records whose metadata is not MARCXML (a format other than MARC was asked for).
    not_marc: int = 0
    pages: int = 0
    metadata_prefix: str = ""
    since: str = ""
    next_from: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.counts.as_dict(),
            "deleted_at_source": self.deleted_at_source,
            "not_marc": self.not_marc,
            "pages": self.pages,
            "metadata_prefix": self.metadata_prefix,
            "from": self.since,
            "next_from": self.next_from,
        }


Fetch = Callable[[str, dict[str, str]], bytes]


def check_url(url: str) -> None:
    """Raise HarvestFailed unless `url` is an http(s) address the source list can keep."""
    limit = HarvestSource._meta.get_field("url").max_length or 0
    if len(url) > limit:
        raise HarvestFailed(
            _("A base URL has at most %(limit)s characters; this one has %(length)s.")
            % {"limit": limit, "length": len(url)}
        )
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise HarvestFailed(
            _("%(url)s is not an OAI-PMH base URL (http:// or https://).") % {"url": url}
        )


def harvest(
    *,
    url: str,
    library: Library,
    set_spec: str = "",
    metadata_prefix: str = "",
    by: Actor = None,
    options: services.ImportOptions | None = None,
    full: bool = False,
    since: str = "",
    on_failure: Callable[[str], None] | None = None,
    fetch: Fetch | None = None,
) -> HarvestResult:
    """Harvest `url` (a set of it, in a MARCXML format: `metadata_prefix`, or the first the
    source lists in the MARC21slim namespace) into the catalogue, copies to `library`.

    From where the last harvest of the same URL, set and format ended, unless `full` or
    `since` says otherwise. Raises HarvestFailed when the source cannot be harvested;
    records that cannot be imported go to `on_failure` and the harvest goes on.
    """
    check_url(url)
    fetch = fetch or _fetch
    options = options or services.ImportOptions(on_duplicate="replace")
    options.file_format = "marcxml"
    options.encoding = "utf8"
    services.check_options(options)
    services.resolve_library_map(options.library_map)  # before anything is asked of the source
    granularity = _granularity(_ask(fetch, url, {"verb": "Identify"}))
    prefix = metadata_prefix or _marc_prefix(fetch, url)
    source, _created = HarvestSource.objects.get_or_create(
        url=url, set_spec=set_spec, metadata_prefix=prefix, defaults={"library": library}
    )
    result = HarvestResult(metadata_prefix=prefix)
    result.since = since or ("" if full else source.next_from)
    arguments = {"verb": "ListRecords", "metadataPrefix": prefix}
    if set_spec:
        arguments["set"] = set_spec
    if result.since:
        arguments["from"] = result.since
    started: dt.datetime | None = None
    while True:
        answer = _ask(fetch, url, arguments, empty_ok=True)
        if started is None:
            started = _response_date(answer)
        result.pages += 1
        _import_page(answer, result, library=library, by=by, options=options, on_failure=on_failure)
        token = answer.find(f"{OAI}ListRecords/{OAI}resumptionToken")
        if token is None or not (token.text or "").strip():
            break
        arguments = {"verb": "ListRecords", "resumptionToken": (token.text or "").strip()}
    assert started is not None  # the loop asks at least once
    result.next_from = _format(started - _overlap(), granularity)
    source.library = library
    source.next_from = result.next_from
    source.last_harvested_at = clock.now()
    source.last_counts = result.as_dict()
    source.save()
    return result


def _import_page(
    answer: ET.Element,
    result: HarvestResult,
    *,
    library: Library,
    by: Actor,
    options: services.ImportOptions,
    on_failure: Callable[[str], None] | None,
) -> None:
    """Import the MARC records of one ListRecords answer (none: noRecordsMatch)."""
    marc_records: list[ET.Element] = []
    for oai_record in answer.iterfind(f"{OAI}ListRecords/{OAI}record"):
        header = oai_record.find(f"{OAI}header")
        if header is not None and header.get("status") == "deleted":
            result.deleted_at_source += 1
            continue
        metadata = oai_record.find(f"{OAI}metadata")
        found = list(metadata) if metadata is not None else []
        if found and found[0].tag in (f"{{{records.MARC21_NS}}}record", "record"):
            marc_records.append(found[0])
        else:
            result.not_marc += 1
    if not marc_records:
        return
    with tempfile.TemporaryDirectory(prefix="libnet-harvest-") as folder:
        path = Path(folder) / f"page-{result.pages}.xml"
        with path.open("wb") as out:
            out.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
            out.write(f'<collection xmlns="{records.MARC21_NS}">'.encode())
            for element in marc_records:
                out.write(ET.tostring(element, encoding="utf-8", xml_declaration=False))
            out.write(b"</collection>\n")

        def report(line: str) -> None:
            if on_failure is not None:
                on_failure(_("page %(page)s: %(line)s") % {"page": result.pages, "line": line})

        counts = services.import_marc_file(
            path=path, library=library, by=by, options=options, on_failure=report
        )
    result.counts.add(counts)


def _ask(
    fetch: Fetch, url: str, arguments: dict[str, str], *, empty_ok: bool = False
) -> ET.Element:
    """One OAI-PMH request; its answer, or HarvestFailed (noRecordsMatch is an empty list
    when `empty_ok`)."""
    body = fetch(url, arguments)
    try:
        answer = ET.fromstring(body)
    except ET.ParseError as error:
        raise HarvestFailed(
            _("%(url)s did not answer in XML (%(error)s): is it an OAI-PMH base URL?")
            % {"url": url, "error": error}
        ) from error
    if answer.tag != f"{OAI}OAI-PMH":
        raise HarvestFailed(_("%(url)s did not answer in OAI-PMH.") % {"url": url})
    for oai_error in answer.iterfind(f"{OAI}error"):
        code = oai_error.get("code", "")
        if code == "noRecordsMatch" and empty_ok:
            continue
        raise HarvestFailed(
            _("%(url)s answered %(code)s: %(message)s")
            % {"url": url, "code": code, "message": (oai_error.text or "").strip()}
        )
    return answer


def _fetch(url: str, arguments: dict[str, str]) -> bytes:
    """GET `url` with `arguments`; a 503 with Retry-After (the protocol's flow control) is
    asked again after the wait, up to RETRIES times."""
    address = f"{url}{'&' if '?' in url else '?'}{urllib.parse.urlencode(arguments)}"
    request = urllib.request.Request(address, headers={"User-Agent": USER_AGENT})
    for attempt in range(RETRIES + 1):
        try:
            # http(s) only: check_url refused any other scheme.
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                body: bytes = response.read()
                return body
        except urllib.error.HTTPError as error:
            wait = error.headers.get("Retry-After", "") if error.headers else ""
            if error.code == 503 and attempt < RETRIES and wait.isdigit():
                time.sleep(min(int(wait), MAX_RETRY_AFTER))
                continue
            raise HarvestFailed(
                _("%(url)s answered HTTP %(status)s.") % {"url": url, "status": error.code}
            ) from error
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise HarvestFailed(
                _("Cannot reach %(url)s: %(reason)s") % {"url": url, "reason": reason}
            ) from error
    raise AssertionError("unreachable")  # the loop returns or raises


def _granularity(identify: ET.Element) -> str:
    found = identify.find(f"{OAI}Identify/{OAI}granularity")
    return (found.text or "").strip() if found is not None else "YYYY-MM-DD"


def _marc_prefix(fetch: Fetch, url: str) -> str:
    """The source's first metadata format in the MARC21slim namespace (libnet and Koha call
    it marc21, DSpace marc)."""
    formats = _ask(fetch, url, {"verb": "ListMetadataFormats"})
    for fmt in formats.iterfind(f"{OAI}ListMetadataFormats/{OAI}metadataFormat"):
        namespace = (fmt.findtext(f"{OAI}metadataNamespace") or "").strip()
        if namespace == records.MARC21_NS:
            return (fmt.findtext(f"{OAI}metadataPrefix") or "").strip()
    raise HarvestFailed(
        _("%(url)s offers no MARCXML format: name one with --prefix.") % {"url": url}
    )


def _response_date(answer: ET.Element) -> dt.datetime:
    text = (answer.findtext(f"{OAI}responseDate") or "").strip()
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return clock.now()
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _overlap() -> dt.timedelta:
    seconds = getattr(settings, "LIBNET_HARVEST_OVERLAP_SECONDS", DEFAULT_OVERLAP_SECONDS)
    return dt.timedelta(seconds=int(seconds))


def _format(moment: dt.datetime, granularity: str) -> str:
    utc = moment.astimezone(dt.UTC)
    if granularity == "YYYY-MM-DDThh:mm:ssZ":
        return utc.strftime("%Y-%m-%dT%H:%M:%SZ")
    return utc.strftime("%Y-%m-%d")
