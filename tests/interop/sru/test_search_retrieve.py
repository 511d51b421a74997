"""Another catalogue searches libnet at /sru: the public catalogue's results, in MARCXML with
the copies library by library, or in Dublin Core; SRU 2.0 by default and 1.2 when asked."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
import xmlschema

from libnet.search.models import LookupCount
from tests.conftest import SHARED_DATA
from tests.interop.sru.conftest import DC, MARC, SRU2, SRW, ZEEREX, Answer

pytestmark = pytest.mark.django_db


def opac_ids(client, words: str) -> list[int]:
    """The records the public catalogue's results page lists for `words`, in its order."""
    page = client.get("/search", {"q": words}).content.decode()
    return [int(found) for found in re.findall(r'class="hit">.*?href="/record/(\d+)"', page, re.S)]


def sru_ids(sru, cql_query: str, **parameters) -> list[int]:
    """The records SRU gives for `cql_query`, in its order (from Dublin Core's identifier: the
    record's public page)."""
    answer = sru(query=cql_query, recordSchema="dc", maximumRecords="20", **parameters)
    assert answer.diagnostics == []
    found = []
    for data in answer.record_data():
        assert isinstance(data, ET.Element)
        urls = [e.text or "" for e in data.findall(f"{{{DC}}}identifier")]
        found.append(next(int(url.rsplit("/", 1)[1]) for url in urls if "/record/" in url))
    return found


@pytest.mark.parametrize(
    ("words", "cql_query"),
    [
        ("số đỏ", '"số đỏ"'),
        ("so do", '"so do"'),
        ("sổ đỏ", 'cql.anywhere = "sổ đỏ"'),
        ("truyện kiều", 'cql.serverChoice all "truyện kiều"'),
        ("truyen kieu", '"truyen kieu"'),
        ("TRUYỆN KIỀU", '"TRUYỆN KIỀU"'),
        ("đất rừng", "đất and rừng"),
        ("dat rung", "dat and rung"),
        ("nguyễn", "nguyễn"),
        ("nguyen", "nguyen"),
        ("văn học", '"văn học"'),
        ("van hoc", '"van hoc"'),
        ("tiểu thuyết", '"tiểu thuyết"'),
        ("kiề*", "kiề*"),
        # Words apart, or in another order: every word, wherever it is, as the OPAC reads them.
        ("kiều nguyễn du", '"kiều nguyễn du"'),
        ("nam việt", '"nam việt"'),
        ("tuổi thơ tôi", '"tuổi thơ tôi"'),
    ],
)
def test_the_same_words_give_the_public_catalogues_results_in_its_order(
    client, sru, catalogue, words, cql_query
):
    expected = opac_ids(client, words)
    assert expected, f"the OPAC finds something for {words!r}"
    assert sru_ids(sru, cql_query) == expected


def test_a_search_gives_marcxml_records_with_their_copies_where_they_are_and_their_status(
    sru, catalogue
):
    answer = sru(query='dc.title = "tắt đèn"')
    assert (answer.status, answer.namespace) == (200, SRU2)
    assert answer.text("numberOfRecords") == "1"
    assert answer.text("resultCountPrecision") == (
        "info:srw/vocabulary/resultCountPrecision/1/exact"
    )
    (record,) = answer.records
    assert record.findtext(f"{{{SRU2}}}recordSchema") == "info:srw/schema/1/marcxml-v1.1"
    assert record.findtext(f"{{{SRU2}}}recordXMLEscaping") == "xml"
    assert record.findtext(f"{{{SRU2}}}recordPosition") == "1"
    (marc,) = answer.record_data()
    assert isinstance(marc, ET.Element)
    holdings = [
        {s.get("code"): s.text for s in field.findall(f"{{{MARC}}}subfield")}
        for field in marc.findall(f"{{{MARC}}}datafield[@tag='852']")
    ]
    # Owned by the provincial library, on the shelf at the bookcase it was rotated to.
    assert [(h["a"], h["b"], h["z"]) for h in holdings] == [
        ("SL-TVT", "SL-TANLAP-TS1", "available")
    ]
    assert answer.titles() == ["Tắt đèn"]


def test_withdrawn_copies_are_not_holdings_and_loans_say_so(sru, catalogue):
    answer = sru(query='dc.title adj "đất rừng phương nam"')
    (marc,) = answer.record_data()
    assert isinstance(marc, ET.Element)
    statuses = [
        field.findtext(f"{{{MARC}}}subfield[@code='z']")
        for field in marc.findall(f"{{{MARC}}}datafield[@tag='852']")
    ]
    assert statuses == ["on_loan"]


@pytest.fixture(scope="module")
def marc21slim():
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not available")
    return xmlschema.XMLSchema(str(SHARED_DATA / "schemas" / "MARC21slim.xsd"))


def test_every_marcxml_record_is_valid_against_marc21slim(sru, catalogue, marc21slim):
    answer = sru(query="cql.allRecords = 1", maximumRecords="100")
    records = answer.record_data()
    assert len(records) == len(catalogue.bibs)
    for record in records:
        assert isinstance(record, ET.Element)
        marc21slim.validate(ET.tostring(record, encoding="unicode"))


def test_dublin_core_records_carry_the_public_page_and_the_isbn(sru, catalogue):
    answer = sru(query="bath.isbn = 978-604-1-00001-8", recordSchema="info:srw/schema/1/dc-v1.1")
    (record,) = answer.records
    assert record.findtext(f"{{{SRU2}}}recordSchema") == "info:srw/schema/1/dc-v1.1"
    (dc,) = answer.record_data()
    assert isinstance(dc, ET.Element)
    assert dc.tag == "{info:srw/schema/1/dc-schema}dc"
    assert dc.findtext(f"{{{DC}}}title") == "Số đỏ"
    identifiers = [e.text for e in dc.findall(f"{{{DC}}}identifier")]
    assert "URN:ISBN:9786041000018" in identifiers
    assert f"http://testserver/record/{catalogue.bibs['Số đỏ'].pk}" in identifiers


def test_pages_follow_start_record_and_maximum_records(sru, catalogue):
    whole = sru(query='"văn học"', maximumRecords="20").titles()
    assert len(whole) > 5
    page = sru(query='"văn học"', startRecord="3", maximumRecords="2")
    assert page.titles() == whole[2:4]
    positions = [r.findtext(f"{{{SRU2}}}recordPosition") for r in page.records]
    assert positions == ["3", "4"]
    assert page.text("nextRecordPosition") == "5"
    last = sru(query='"văn học"', startRecord=str(len(whole)), maximumRecords="5")
    assert last.titles() == whole[-1:]
    assert last.find("nextRecordPosition") is None


def test_maximum_records_zero_only_counts_and_more_than_a_hundred_gives_a_hundred(sru, catalogue):
    counted = sru(query="cql.allRecords = 1", maximumRecords="0")
    assert counted.text("numberOfRecords") == str(len(catalogue.bibs))
    assert counted.records == []
    many = sru(query="cql.allRecords = 1", maximumRecords="100000")
    assert len(many.records) == len(catalogue.bibs)  # under 100 records in this catalogue


def test_or_and_not_search_through_the_same_engine(sru, catalogue):
    either = sru(query='dc.title = "tắt đèn" or dc.creator = "tô hoài"').titles()
    assert sorted(either) == ["Dế Mèn phiêu lưu ký", "Tắt đèn"]
    without = sru(query='dc.creator = "nguyễn nhật ánh" not dc.title = hoa').titles()
    assert without == ["Cho tôi xin một vé đi tuổi thơ"]


def test_sru_1_2_answers_in_its_own_namespace_with_record_packing(sru, catalogue):
    answer = sru(version="1.2", operation="searchRetrieve", query='"số đỏ"', recordPacking="string")
    assert answer.namespace == SRW
    assert answer.text("version") == "1.2"
    assert answer.text("numberOfRecords") == "2"
    record = answer.records[0]
    assert record.findtext(f"{{{SRW}}}recordPacking") == "string"
    (data, _second) = answer.record_data()
    assert isinstance(data, str)
    assert ET.fromstring(data).tag == f"{{{MARC}}}record"
    echoed = answer.find("echoedSearchRetrieveRequest")
    assert echoed is not None
    assert echoed.findtext(f"{{{SRW}}}query") == '"số đỏ"'


def test_sru_2_0_escapes_records_as_text_when_asked(sru, catalogue):
    answer = sru(query='"tắt đèn"', recordXMLEscaping="string")
    (data,) = answer.record_data()
    assert isinstance(data, str)
    assert "<datafield" in data


def test_a_posted_form_is_answered_as_a_get(client, catalogue):
    from tests.interop.sru.conftest import ask

    answer = ask(client, "post", query='"số đỏ"', maximumRecords="1")
    assert answer.text("numberOfRecords") == "2"
    assert answer.titles() == ["Số đỏ"]


def test_each_search_counts_one_lookup_of_the_network(sru, catalogue):
    before = LookupCount.objects.filter(library=None).first()
    sru(query="kieu")
    sru(query="kieu", startRecord="2")
    after = LookupCount.objects.get(library=None)
    assert after.count - (before.count if before else 0) == 2


@pytest.mark.parametrize("version", ["2.0", "1.2"])
def test_explain_lists_the_indexes_the_relations_and_the_schemas(sru, catalogue, version):
    answer = sru(version=version, operation="explain")
    assert len(answer.records) == 1
    (explain,) = answer.record_data()
    assert isinstance(explain, ET.Element)
    assert explain.tag == f"{{{ZEEREX}}}explain"
    names = {f"{name.get('set')}.{name.text}" for name in explain.iter(f"{{{ZEEREX}}}name")}
    assert {
        "cql.anywhere",
        "cql.serverChoice",
        "dc.title",
        "dc.creator",
        "dc.subject",
        "dc.date",
        "dc.publisher",
        "bath.isbn",
    } <= names
    schemas = {s.get("name"): s.get("identifier") for s in explain.iter(f"{{{ZEEREX}}}schema")}
    assert schemas == {
        "marcxml": "info:srw/schema/1/marcxml-v1.1",
        "dc": "info:srw/schema/1/dc-v1.1",
    }
    settings = {s.get("type"): s.text for s in explain.iter(f"{{{ZEEREX}}}setting")}
    assert settings["maximumRecords"] == "100"
    assert explain.findtext(f"{{{ZEEREX}}}serverInfo/{{{ZEEREX}}}database") == "sru"


def test_without_parameters_the_answer_is_explain(sru, catalogue):
    answer = sru()
    assert answer.root.tag == f"{{{SRU2}}}explainResponse"
    assert answer.content_type.startswith("text/xml")


@pytest.mark.parametrize("schema", ["marcxml", "dc"])
def test_a_page_of_records_with_their_copies_costs_the_same_queries_as_one_record(
    client, catalogue, schema
):
    """The records and their copies are read a page at a time, not one by one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(cql_query: str) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(
                "/sru", {"recordSchema": schema, "query": cql_query, "maximumRecords": "20"}
            )
        found = Answer(200, "", ET.fromstring(response.content))
        assert found.diagnostics == []
        return len(found.records), len(captured)

    queries("kieu")  # the per-process caches warm, as on a server that has been up a while
    (one, one_costs) = queries('dc.title = "tắt đèn"')
    (many, many_cost) = queries('"văn học"')
    assert (one, many > 5) == (1, True)
    assert many_cost == one_costs
