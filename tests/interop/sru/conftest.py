"""The SRU server's tests search the search tests' Vietnamese catalogue (tests/search), so that
what SRU finds can be set beside what the public catalogue finds for the same words."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

import pytest

from tests.search.conftest import catalogue  # noqa: F401  # the module-scoped catalogue fixture

SRU2 = "http://docs.oasis-open.org/ns/search-ws/sruResponse"
SRU2_DIAG = "http://docs.oasis-open.org/ns/search-ws/diagnostic"
SRW = "http://www.loc.gov/zing/srw/"
SRW_DIAG = "http://www.loc.gov/zing/srw/diagnostic/"
MARC = "http://www.loc.gov/MARC21/slim"
DC = "http://purl.org/dc/elements/1.1/"
ZEEREX = "http://explain.z3950.org/dtd/2.0/"
URL = "/sru"


@dataclass
class Answer:
    """An SRU response: its status, content type and XML root, and helpers to read it."""

    status: int
    content_type: str
    root: ET.Element

    @property
    def namespace(self) -> str:
        return self.root.tag[1:].split("}")[0]

    def find(self, name: str) -> ET.Element | None:
        return self.root.find(f"{{{self.namespace}}}{name}")

    def text(self, name: str) -> str | None:
        found = self.find(name)
        return found.text if found is not None else None

    @property
    def diagnostics(self) -> list[tuple[str, str, str]]:
        """(uri, details, message) of each diagnostic."""
        found = []
        for diag_ns in (SRU2_DIAG, SRW_DIAG):
            for diagnostic in self.root.iter(f"{{{diag_ns}}}diagnostic"):
                found.append(
                    tuple(
                        (diagnostic.findtext(f"{{{diag_ns}}}{part}") or "")
                        for part in ("uri", "details", "message")
                    )
                )
        return found

    @property
    def records(self) -> list[ET.Element]:
        return list(self.root.iter(f"{{{self.namespace}}}record"))

    def record_data(self) -> list[ET.Element | str]:
        """Each record's data: its XML element, or its text when escaped."""
        found: list[ET.Element | str] = []
        for record in self.records:
            data = record.find(f"{{{self.namespace}}}recordData")
            assert data is not None
            children = list(data)
            found.append(children[0] if children else (data.text or ""))
        return found

    def titles(self) -> list[str]:
        """245 $a of each MARCXML record (without ISBD punctuation), or dc:title."""
        found = []
        for data in self.record_data():
            assert isinstance(data, ET.Element)
            if data.tag == f"{{{MARC}}}record":
                title = data.findtext(
                    f"{{{MARC}}}datafield[@tag='245']/{{{MARC}}}subfield[@code='a']"
                )
                found.append((title or "").rstrip(" /:;"))
            else:
                found.append(data.findtext(f"{{{DC}}}title") or "")
        return found


def ask(client, method: str = "get", **parameters) -> Answer:
    response = getattr(client, method)(URL, parameters)
    return Answer(response.status_code, response["Content-Type"], ET.fromstring(response.content))


@pytest.fixture
def sru(client):
    """Ask the SRU server; return its Answer."""

    def call(**parameters) -> Answer:
        return ask(client, **parameters)

    return call
