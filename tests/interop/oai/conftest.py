"""Harvesting libnet over OAI-PMH: every answer a test gets is validated against OAI-PMH.xsd,
its records against oai_dc.xsd and MARC21slim.xsd (the shared schemas, offline)."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import pytest
import xmlschema
from lxml import etree

from tests.conftest import SHARED_DATA

NS = {
    "oai": "http://www.openarchives.org/OAI/2.0/",
    "marc": "http://www.loc.gov/MARC21/slim",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
    "dc": "http://purl.org/dc/elements/1.1/",
}


@pytest.fixture(scope="session")
def oai_schema() -> xmlschema.XMLSchema:
    """OAI-PMH.xsd with the schemas of what it carries: its `any` elements are strict, so
    each record is checked against oai_dc.xsd or MARC21slim.xsd too."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not available")
    schemas = SHARED_DATA / "schemas"
    return xmlschema.XMLSchema(
        str(schemas / "OAI-PMH.xsd"),
        locations=[
            (NS["oai_dc"], str(schemas / "oai_dc.xsd")),
            (NS["marc"], str(schemas / "MARC21slim.xsd")),
            (
                "http://www.openarchives.org/OAI/2.0/oai-identifier",
                str(schemas / "oai-identifier.xsd"),
            ),
        ],
    )


@dataclass
class Answer:
    """A validated OAI-PMH answer."""

    status: int
    body: bytes
    tree: etree._Element

    def all(self, path: str) -> list:
        return self.tree.xpath(path, namespaces=NS)

    def one(self, path: str):
        (found,) = self.all(path)
        return found

    @property
    def error_codes(self) -> list[str]:
        return [element.get("code") for element in self.all("/oai:OAI-PMH/oai:error")]

    @property
    def request_attributes(self) -> dict[str, str]:
        return dict(self.one("/oai:OAI-PMH/oai:request").attrib)

    @property
    def token(self) -> str | None:
        found = self.all("//oai:resumptionToken")
        return (found[0].text or "") if found else None

    @property
    def identifiers(self) -> list[str]:
        return [element.text for element in self.all("//oai:header/oai:identifier")]


@pytest.fixture
def validate(oai_schema) -> Callable[[bytes], etree._Element]:
    def check(body: bytes) -> etree._Element:
        oai_schema.validate(io.BytesIO(body))
        return etree.fromstring(body)

    return check


@pytest.fixture
def oai(client, validate) -> Callable[..., Answer]:
    """`oai(verb="ListRecords", metadataPrefix="marc21")`: GET /oai (POST with `_post=True`),
    the answer checked against the schemas."""

    def ask(_post: bool = False, **arguments: str) -> Answer:
        response = client.post("/oai", arguments) if _post else client.get("/oai", arguments)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response["Content-Type"] == "text/xml; charset=utf-8"
        return Answer(response.status_code, body, validate(body))

    return ask
