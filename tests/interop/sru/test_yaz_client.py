"""A real SRU client nobody on this project wrote: YAZ's yaz-client (Index Data), over HTTP to a
live libnet, with CQL in Vietnamese with and without diacritics. What it shows is the public
catalogue's top results, as MARCXML valid against MARC21slim.xsd; what it cannot be answered
comes back as the standard diagnostic."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
import xmlschema

from libnet.catalog.models import BibRecord
from tests.conftest import SHARED_DATA
from tests.interop.sru.conftest import MARC
from tests.interop.sru.test_search_retrieve import opac_ids
from tests.search.conftest import _build_catalogue

YAZ_CLIENT = shutil.which("yaz-client")

pytestmark = [
    pytest.mark.skipif(
        YAZ_CLIENT is None,
        reason="yaz-client is not installed (Debian's yaz; make test installs it)",
    ),
    # Flushed after each test: serialized_rollback gives the next tests the data migrations wrote.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def yaz(url: str, *commands: str) -> str:
    """Run yaz-client against `url` with `commands` on its standard input; return its output."""
    assert YAZ_CLIENT is not None
    finished = subprocess.run(
        [YAZ_CLIENT, url],
        input="\n".join([*commands, "quit", ""]),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return finished.stdout


def shown_records(output: str) -> list[str]:
    """The records yaz-client printed after `pos=N schema=…`, each up to the next marker."""
    return re.findall(r"^pos=\d+ schema=\S+\n(.*?)\n(?=pos=\d+|Elapsed:)", output, re.S | re.M)


def hits(output: str) -> list[int]:
    return [int(n) for n in re.findall(r"^Number of hits: (\d+)", output, re.M)]


def title(record_xml: str) -> str:
    record = ET.fromstring(record_xml)
    found = record.findtext(f"{{{MARC}}}datafield[@tag='245']/{{{MARC}}}subfield[@code='a']")
    return (found or "").rstrip(" /:;")


@pytest.fixture
def province_catalogue():
    return _build_catalogue()


def test_yaz_client_finds_the_public_catalogues_top_results_in_vietnamese(
    live_server, client, province_catalogue
):
    url = f"{live_server.url}/sru"
    if SHARED_DATA.is_dir():
        marc21slim = xmlschema.XMLSchema(str(SHARED_DATA / "schemas" / "MARC21slim.xsd"))
    else:
        marc21slim = None
    shown: list[str] = []
    for words in ("truyện kiều", "truyen kieu", "số đỏ", "so do", "đất rừng", "dat rung", "nguyễn"):
        expected = opac_ids(client, words)[:5]
        assert expected, words
        titles = list(BibRecord.objects.filter(pk__in=expected).values_list("pk", "title"))
        expected_titles = [dict(titles)[pk] for pk in expected]
        output = yaz(url, "sru get 2.0", f'find "{words}"', "show 1+5")
        assert hits(output)[0] >= len(expected), output
        records = shown_records(output)
        assert [title(record) for record in records] == expected_titles, output
        shown.extend(records)
    for record in shown:
        if marc21slim is not None:
            marc21slim.validate(record)
    # The copies go with the records, with where each is and whether it is on the shelf.
    assert any('<subfield code="z">available</subfield>' in record for record in shown)


def test_yaz_client_speaks_sru_1_2_by_post_and_reads_dublin_core(live_server, province_catalogue):
    output = yaz(
        f"{live_server.url}/sru",
        "sru post 1.2",
        "schema dc",
        'find dc.creator = "Nguyễn Du" and dc.date < 2000',
        "show 1",
    )
    assert hits(output) == [1, 1], output
    (record,) = shown_records(output)
    assert "<dc:title>The Tale of Kieu</dc:title>" in record


def test_yaz_client_reads_libnets_diagnostics(live_server, province_catalogue):
    output = yaz(
        f"{live_server.url}/sru",
        "sru get 2.0",
        "find dc.rights = x",
        "find (truyen",
        "sru get 1.2",
        "find dc.title <> x",
    )
    assert "SRW diagnostic info:srw/diagnostic/1/16" in output, output
    assert "SRW diagnostic info:srw/diagnostic/1/13" in output
    assert "SRW diagnostic info:srw/diagnostic/1/19" in output
    assert "Details: dc.rights" in output


def test_yaz_client_reads_the_explain_record(live_server, province_catalogue):
    output = yaz(f"{live_server.url}/sru", "sru get 2.0", "explain")
    assert "schema=http://explain.z3950.org/dtd/2.0/" in output, output
    assert '<zr:name set="bath">isbn</zr:name>' in output
