"""OAI-PMH responses as XML text, written piece by piece so a list can be streamed.

Valid against OAI-PMH.xsd, its records against oai_dc.xsd and MARC21slim.xsd
(tests/interop/oai validate every answer they get). The metadata itself comes from
interop.records, the mapping export_marc and SRU use too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

from libnet.interop import records
from libnet.interop.oai import digital
from libnet.interop.oai.errors import OaiError
from libnet.interop.oai.protocol import GRANULARITY, format_datestamp
from libnet.interop.oai.selectors import Described, Entry
from libnet.interop.oai.sets import OaiSet

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
OAI_IDENTIFIER_NS = "http://www.openarchives.org/OAI/2.0/oai-identifier"


@dataclass(frozen=True)
class MetadataFormat:
    prefix: str
    schema: str
    namespace: str


FORMATS = (
    MetadataFormat("oai_dc", "http://www.openarchives.org/OAI/2.0/oai_dc.xsd", OAI_DC_NS),
    MetadataFormat("marc21", records.MARC21_SCHEMA, records.MARC21_NS),
)
PREFIXES = tuple(fmt.prefix for fmt in FORMATS)


@dataclass(frozen=True)
class Repository:
    """Who answers: the base URL, the host part of identifiers, the name and the addresses
    of the people who run it (settings, or worked out from the request)."""

    base_url: str
    identifier_host: str
    name: str
    admin_emails: tuple[str, ...]
    record_url: str  # the OPAC page of record 0: "…/record/0"
    site_url: str = ""  # the site's root: "https://…/"

    def identifier(self, record_id: int) -> str:
        return f"oai:{self.identifier_host}:{record_id}"

    def item_identifier(self, entry: Entry) -> str:
        """The identifier of a record, or of a digital object (…:digital-<id>)."""
        if entry.kind == digital.OBJECT:
            return f"oai:{self.identifier_host}:{digital.local_id(entry.record_id)}"
        return self.identifier(entry.record_id)

    def manifest_url(self, object_id: int) -> str:
        return f"{self.site_url.rstrip('/')}/iiif/{object_id}/manifest"

    def opac_url(self, record_id: int) -> str:
        return self.record_url[:-1] + str(record_id)


def _text(value: str) -> str:
    return records.xml_text(value)


def start(*, response_date: dt.datetime, repository: Repository, echoed: dict[str, str]) -> str:
    """The document up to the verb's element: the envelope, responseDate and request."""
    attributes = "".join(
        f" {name}={quoteattr(records.xml_text(value))}" for name, value in echoed.items()
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<OAI-PMH xmlns="{OAI_NS}" xmlns:xsi="{XSI_NS}"'
        f' xsi:schemaLocation="{OAI_NS} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">'
        f"<responseDate>{format_datestamp(response_date)}</responseDate>"
        f"<request{attributes}>{_text(repository.base_url)}</request>"
    )


END = "</OAI-PMH>\n"


def error(refusal: OaiError) -> str:
    return f'<error code="{refusal.oai_code}">{_text(refusal.message)}</error>'


def identify(repository: Repository, *, earliest: dt.datetime) -> str:
    parts = [
        "<Identify>",
        f"<repositoryName>{_text(repository.name)}</repositoryName>",
        f"<baseURL>{_text(repository.base_url)}</baseURL>",
        "<protocolVersion>2.0</protocolVersion>",
        *(f"<adminEmail>{_text(email)}</adminEmail>" for email in repository.admin_emails),
        f"<earliestDatestamp>{format_datestamp(earliest)}</earliestDatestamp>",
        "<deletedRecord>persistent</deletedRecord>",
        f"<granularity>{GRANULARITY}</granularity>",
    ]
    if identifier_scheme_fits(repository.identifier_host):
        parts.append(
            "<description>"
            f'<oai-identifier xmlns="{OAI_IDENTIFIER_NS}" xsi:schemaLocation="{OAI_IDENTIFIER_NS}'
            ' http://www.openarchives.org/OAI/2.0/oai-identifier.xsd">'
            "<scheme>oai</scheme>"
            f"<repositoryIdentifier>{_text(repository.identifier_host)}</repositoryIdentifier>"
            "<delimiter>:</delimiter>"
            f"<sampleIdentifier>{_text(repository.identifier(1))}</sampleIdentifier>"
            "</oai-identifier></description>"
        )
    parts.append("</Identify>")
    return "".join(parts)


def identifier_scheme_fits(host: str) -> bool:
    """Whether `host` is a domain name the oai-identifier scheme accepts (a dotted name
    beginning with a letter): only then does Identify describe the scheme."""
    labels = host.split(".")
    return len(labels) > 1 and all(
        label[:1].isascii()
        and label[:1].isalpha()
        and all(c.isascii() and (c.isalnum() or c == "-") for c in label)
        for label in labels
    )


def metadata_formats(formats: Sequence[MetadataFormat]) -> str:
    return (
        "<ListMetadataFormats>"
        + "".join(
            "<metadataFormat>"
            f"<metadataPrefix>{fmt.prefix}</metadataPrefix>"
            f"<schema>{fmt.schema}</schema>"
            f"<metadataNamespace>{fmt.namespace}</metadataNamespace>"
            "</metadataFormat>"
            for fmt in formats
        )
        + "</ListMetadataFormats>"
    )


def list_sets(found: Sequence[OaiSet]) -> str:
    return (
        "<ListSets>"
        + "".join(
            f"<set><setSpec>{oai_set.spec}</setSpec><setName>{_text(oai_set.name)}</setName></set>"
            for oai_set in found
        )
        + "</ListSets>"
    )


def header(item: Described, repository: Repository) -> str:
    status = ' status="deleted"' if item.entry.deleted else ""
    specs = "".join(f"<setSpec>{spec}</setSpec>" for spec in item.set_specs)
    return (
        f"<header{status}><identifier>{repository.item_identifier(item.entry)}</identifier>"
        f"<datestamp>{format_datestamp(item.entry.datestamp)}</datestamp>{specs}</header>"
    )


def record(item: Described, repository: Repository, metadata_prefix: str) -> str:
    """A <record>: its header, and its metadata unless it is deleted."""
    if item.entry.deleted or (item.bib is None and item.digital_object is None):
        return f"<record>{header(item, repository)}</record>"
    return (
        f"<record>{header(item, repository)}<metadata>"
        f"{metadata(item, repository, metadata_prefix)}</metadata></record>"
    )


def metadata(item: Described, repository: Repository, metadata_prefix: str) -> str:
    if item.digital_object is not None:
        found = item.digital_object
        pairs = digital.dublin_core(
            found,
            manifest_url=repository.manifest_url(found.pk),
            record_url=repository.opac_url(found.record_id) if found.record_id else "",
        )
        return _oai_dc(pairs)
    assert item.bib is not None
    if metadata_prefix == "marc21":
        # The record as export_marc --with-items writes it: 852s without availability,
        # so a loan does not change what a harvester holds (nor the datestamp).
        marc = records.marc_record(item.bib, holdings="plain", copies=item.held)
        return records.marcxml(marc).decode("utf-8")
    pairs = records.dublin_core(item.bib, record_url=repository.opac_url(item.bib.pk))
    return _oai_dc(pairs)


def _oai_dc(pairs: Sequence[tuple[str, str]]) -> str:
    return (
        f'<oai_dc:dc xmlns:oai_dc="{OAI_DC_NS}" xmlns:dc="{records.DC_NS}"'
        f' xsi:schemaLocation="{OAI_DC_NS} http://www.openarchives.org/OAI/2.0/oai_dc.xsd">'
        f"{records.dublin_core_xml(pairs)}</oai_dc:dc>"
    )


def resumption_token(token: str, *, cursor: int) -> str:
    """The token of the next page; an empty token ends a list that was split."""
    return f'<resumptionToken cursor="{cursor}">{_text(token)}</resumptionToken>'
