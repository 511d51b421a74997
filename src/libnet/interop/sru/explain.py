"""The server's explain record (ZeeRex 2.0): where it is, its indexes with their relations, the
record schemas it gives, and its limits. A client configures itself from it."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from libnet.interop.records import xml_text
from libnet.interop.sru import cql, protocol
from libnet.network.models import Library, LibraryKind

ZEEREX_NS = "http://explain.z3950.org/dtd/2.0/"


def explain_record(*, host: str, port: str, database: str) -> str:
    """The ZeeRex record of the server at `host`:`port`/`database`, titles in the language
    of the request and in English."""
    network = (
        Library.objects.filter(kind=LibraryKind.PROVINCIAL, parent__isnull=True)
        .order_by("pk")
        .values_list("name", flat=True)
        .first()
    )
    language = translation.get_language() or "vi"
    title = _("Union catalogue of the library network")
    if network:
        title = _("Union catalogue of %(library)s and its library network") % {"library": network}
    description = _(
        "Every record of the province's libraries, searched as in the public catalogue (with or without diacritics), with its copies library by library and whether each is on the shelf (852 $a owner, $b where it is now, $z status)."
    )
    parts = [
        f'<zr:explain xmlns:zr="{ZEEREX_NS}">',
        f'<zr:serverInfo protocol="SRU" version="{protocol.HIGHEST_VERSION}" transport="http"'
        ' method="GET POST">',
        f"<zr:host>{xml_text(host)}</zr:host><zr:port>{xml_text(port)}</zr:port>",
        f"<zr:database>{xml_text(database)}</zr:database></zr:serverInfo>",
        "<zr:databaseInfo>",
        f'<zr:title lang="{language}" primary="true">{xml_text(title)}</zr:title>',
        f'<zr:description lang="{language}" primary="true">{xml_text(description)}'
        "</zr:description>",
        "</zr:databaseInfo>",
        "<zr:indexInfo>",
        *(
            f'<zr:set name="{name}" identifier="{identifier}"/>'
            for name, identifier in cql.CONTEXT_SETS.items()
        ),
        *(_index(index) for index in cql.INDEXES),
        "</zr:indexInfo>",
        "<zr:schemaInfo>",
        *(
            f'<zr:schema identifier="{schema.identifier}" name="{schema.name}"'
            ' retrieve="true" sort="false">'
            f'<zr:title lang="en">{xml_text(schema.title)}</zr:title></zr:schema>'
            for schema in protocol.SCHEMAS
        ),
        "</zr:schemaInfo>",
        "<zr:configInfo>",
        f'<zr:default type="numberOfRecords">{protocol.DEFAULT_RECORDS}</zr:default>',
        '<zr:default type="contextSet">dc</zr:default>',
        '<zr:default type="index">cql.serverChoice</zr:default>',
        '<zr:default type="relation">=</zr:default>',
        f'<zr:setting type="maximumRecords">{protocol.MAX_RECORDS}</zr:setting>',
        '<zr:supports type="relationModifier">relevant</zr:supports>',
        '<zr:supports type="maskingCharacter">*</zr:supports>',
        "</zr:configInfo>",
        "</zr:explain>",
    ]
    return "".join(parts)


def _index(index: cql.Index) -> str:
    context_set, _dot, name = index.name.partition(".")
    relations = "".join(
        f'<zr:supports type="relation">{xml_text(relation)}</zr:supports>'
        for relation in cql.RELATIONS_BY_KIND[index.kind]
    )
    return (
        f'<zr:index id="{index.name}" search="true" scan="false" sort="false">'
        f'<zr:title lang="en">{xml_text(index.title)}</zr:title>'
        f'<zr:map><zr:name set="{context_set}">{name}</zr:name></zr:map>'
        f"<zr:configInfo>{relations}</zr:configInfo></zr:index>"
    )
