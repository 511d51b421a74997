"""What /sru cannot answer with records: each refusal a diagnostic of the standard list, in the
version the client speaks, with status 200 and XML, never a traceback, nothing written."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from libnet.core.models import AuditEntry
from libnet.search.models import LookupCount
from tests.interop.sru.conftest import SRU2, SRU2_DIAG, SRW, SRW_DIAG, Answer

pytestmark = pytest.mark.django_db

D = "info:srw/diagnostic/1/"


@pytest.mark.parametrize(
    ("parameters", "uri", "details"),
    [
        # The query.
        ({"query": "truyen kieu"}, D + "10", None),
        ({"query": ""}, D + "10", "empty query"),
        ({"query": "kieu and den)"}, D + "13", None),
        ({"query": "(kieu and den"}, D + "13", None),
        ({"query": '"kieu'}, D + "14", "0"),
        ({"query": "dc.rights = x"}, D + "16", "dc.rights"),
        ({"query": "dc.title <> x"}, D + "19", "<>"),
        ({"query": "dc.title =/stem x"}, D + "20", "stem"),
        ({"query": "dc.title < x"}, D + "22", "dc.title <"),
        ({"query": "bath.isbn = 12345"}, D + "36", "bath.isbn 12345"),
        ({"query": "kieu prox den"}, D + "39", "prox"),
        ({"query": "x" * 1001}, D + "12", "1000"),
        ({"query": "kieu sortby dc.title"}, D + "80", "sortBy"),
        # The other parameters.
        ({"operation": "searchRetrieve"}, D + "7", "query"),
        ({"query": "kieu", "startRecord": "0"}, D + "6", "startRecord"),
        ({"query": "kieu", "startRecord": "abc"}, D + "6", "startRecord"),
        ({"query": "kieu", "startRecord": "10001"}, D + "6", "startRecord"),
        ({"query": "kieu", "startRecord": "١"}, D + "6", "startRecord"),  # an Arabic-Indic one
        ({"query": "kieu", "maximumRecords": "-1"}, D + "6", "maximumRecords"),
        ({"query": "kieu", "maximumRecords": "99999999999"}, D + "6", "maximumRecords"),
        ({"query": "kieu", "queryType": "pqf"}, D + "6", "queryType"),
        ({"query": "kieu", "recordSchema": "mods"}, D + "66", "mods"),
        ({"query": "kieu", "recordXMLEscaping": "json"}, D + "71", "json"),
        ({"query": "kieu", "recordPacking": "unpacked"}, D + "71", "unpacked"),
        ({"query": "kieu", "sortKeys": "dc.title"}, D + "80", "sortKeys"),
        ({"query": "kieu", "stylesheet": "/x.xsl"}, D + "110", "stylesheet"),
        ({"query": "kieu", "bogus": "1"}, D + "8", "bogus"),
        ({"query": "kieu\x00"}, D + "6", "query"),
        ({"query": "kieu\ufffd"}, D + "6", "query"),
        ({"query": "kieu", "version": "3.0"}, D + "5", "2.0"),
        ({"operation": "scan", "scanClause": "dc.title=kieu"}, D + "4", "scan"),
    ],
)
def test_a_request_that_cannot_be_answered_is_a_diagnostic_and_writes_nothing(
    sru, catalogue, parameters, uri, details
):
    lookups = list(LookupCount.objects.values_list("library", "day", "count"))
    audit = AuditEntry.objects.count()
    answer = sru(**parameters)
    assert answer.status == 200
    assert answer.content_type.startswith("text/xml")
    assert answer.namespace == SRU2
    ((found_uri, found_details, message),) = answer.diagnostics
    assert found_uri == uri
    if details is not None:
        assert found_details == details
    assert message
    assert answer.records == [] or answer.root.tag == f"{{{SRU2}}}explainResponse"
    assert list(LookupCount.objects.values_list("library", "day", "count")) == lookups
    assert AuditEntry.objects.count() == audit


def test_a_repeated_parameter_is_refused(client, catalogue):
    response = client.get("/sru?query=kieu&query=den")
    answer = Answer(response.status_code, response["Content-Type"], ET.fromstring(response.content))
    assert answer.diagnostics[0][:2] == (D + "6", "query")


def test_sru_1_2_diagnostics_use_its_namespaces_and_count_zero(sru, catalogue):
    answer = sru(version="1.2", operation="searchRetrieve", query="dc.rights = x")
    assert answer.namespace == SRW
    assert answer.root.tag == f"{{{SRW}}}searchRetrieveResponse"
    assert answer.text("version") == "1.2"
    assert answer.text("numberOfRecords") == "0"
    assert answer.root.find(f".//{{{SRW_DIAG}}}diagnostic") is not None
    assert answer.diagnostics[0][:2] == (D + "16", "dc.rights")


def test_an_operation_not_offered_is_answered_as_explain_with_the_diagnostic(sru, catalogue):
    answer = sru(version="1.2", operation="scan", scanClause="kieu")
    assert answer.root.tag == f"{{{SRW}}}explainResponse"
    assert answer.diagnostics[0][:2] == (D + "4", "scan")


def test_a_start_past_the_last_record_is_61_with_the_count(sru, catalogue):
    lookups = LookupCount.objects.count()
    answer = sru(query='"số đỏ"', startRecord="3")
    assert answer.text("numberOfRecords") == "2"
    assert answer.records == []
    assert answer.diagnostics[0][:2] == (D + "61", "3")
    assert LookupCount.objects.count() == lookups


def test_nothing_found_is_no_diagnostic(sru, catalogue):
    answer = sru(query="xyzzy", startRecord="5")
    assert answer.text("numberOfRecords") == "0"
    assert answer.diagnostics == []


def test_the_message_speaks_vietnamese_and_english_when_chosen(client, sru, catalogue):
    (_uri, _details, message) = sru(query="dc.rights = x").diagnostics[0]
    assert "không" in message  # Vietnamese by default, as every page
    client.cookies["django_language"] = "en"
    (_uri, _details, message) = sru(query="dc.rights = x").diagnostics[0]
    assert message.startswith("The index dc.rights is not searched here")


def test_a_failure_of_libnet_is_diagnostic_1_and_is_logged(sru, catalogue, monkeypatch, caplog):
    from libnet.search import engine

    def broken(request):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(engine, "search", broken)
    answer = sru(query="kieu")
    assert answer.status == 200
    ((uri, _details, message),) = answer.diagnostics
    assert uri == D + "1"
    assert "disk" not in message  # no internals to the client
    assert "the disk is full" in caplog.text  # the traceback is for the administrator


def test_diagnostics_are_in_the_2_0_diagnostic_namespace(sru, catalogue):
    answer = sru(query="dc.rights = x")
    assert answer.root.find(f".//{{{SRU2_DIAG}}}diagnostic") is not None
