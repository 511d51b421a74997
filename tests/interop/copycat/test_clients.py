"""Copy cataloguing's clients against real servers written by others (Zebra and yaz-ztest,
started by conftest.py): searches by ISBN, title and author over Z39.50 and SRU, records
decoded from MARC-8 and UTF-8, and each way a catalogue can fail, as a clear refusal."""

from __future__ import annotations

import unicodedata

import pytest

from libnet.interop.copycat import services
from libnet.interop.copycat.errors import CopyCatalogueRefused
from libnet.interop.models import CopyTarget

# lul_fre_100.mrc, MARC-8: "é" is a combining acute (0xE2) before the letter.
ISBN_RECORD_TITLE = "L'influence de la dépréciation monétaire sur les droits des obligations /"


def titles(answer) -> list[str]:
    return [found.record["245"]["a"] for found in answer.records if found.record is not None]


@pytest.mark.parametrize("protocol", ["z3950", "sru"])
def test_an_isbn_search_finds_the_marc8_record_decoded_to_nfc_unicode(zebra, protocol):
    answer = services.search_target(
        target=zebra.target(), protocol=protocol, field="isbn", term="2-222-03050-1"
    )
    assert answer.hits == 1
    (found,) = answer.records
    assert found.error == ""
    assert found.record["245"]["a"] == ISBN_RECORD_TITLE
    assert unicodedata.is_normalized("NFC", found.record["245"]["a"])
    assert found.record["100"]["a"].startswith("Reinecker")
    assert found.record.leader[9] == "a"  # stored as UTF-8 from now on


@pytest.mark.parametrize("protocol", ["z3950", "sru"])
def test_a_title_search_finds_the_records_with_every_word(zebra, protocol):
    answer = services.search_target(
        target=zebra.target(), protocol=protocol, field="title", term="la grande guerre"
    )
    assert answer.hits == 1
    assert titles(answer) == ["L'Angleterre, le Canada et la grande guerre /"]


@pytest.mark.parametrize("protocol", ["z3950", "sru"])
def test_an_author_search_finds_the_authors_record(zebra, protocol):
    answer = services.search_target(
        target=zebra.target(), protocol=protocol, field="author", term="Chouinard, Ernest"
    )
    assert titles(answer) == ["Sur mer et sur terre"]


@pytest.mark.parametrize("protocol", ["z3950", "sru"])
def test_a_common_word_gives_the_count_and_the_first_records_only(zebra, protocol):
    answer = services.search_target(
        target=zebra.target(), protocol=protocol, field="title", term="la", limit=5
    )
    assert answer.hits > 20
    assert [found.position for found in answer.records] == [1, 2, 3, 4, 5]
    assert all(found.record is not None for found in answer.records)


def test_a_utf8_record_over_z3950_is_read_as_utf8(zebra):
    """nepali.marc says UTF-8 in its leader: Devanagari comes back as it was catalogued."""
    answer = services.search_target(
        target=zebra.target(), protocol="z3950", field="title", term="Lekhaka", limit=3
    )
    assert answer.hits > 1
    first = answer.records[0].record
    assert first["245"]["a"] == "बिहानी टुसा /"


@pytest.mark.parametrize("protocol", ["z3950", "sru"])
def test_nothing_found_is_an_empty_answer_not_an_error(zebra, protocol):
    answer = services.search_target(
        target=zebra.target(), protocol=protocol, field="isbn", term="978-604-1-00000-1"
    )
    assert answer.hits == 0
    assert answer.records == []


def test_yaz_ztest_answers_a_title_search_over_z3950(ztest):
    target = ztest.target(name="yaz-ztest", sru_url="")
    answer = services.search_target(target=target, protocol="z3950", field="title", term="computer")
    assert answer.hits > 0
    assert 0 < len(answer.records) <= services.RESULT_LIMIT
    assert all(found.record is not None for found in answer.records)
    assert answer.records[0].record["245"]["a"]


def test_a_database_the_server_does_not_have_is_the_servers_diagnostic(zebra):
    with pytest.raises(CopyCatalogueRefused) as refused:
        services.search_target(
            target=zebra.target(database="nosuchdb"), protocol="z3950", field="title", term="la"
        )
    assert refused.value.code == "target_diagnostic"
    assert "[109]" in refused.value.message  # Bib-1 109: database unavailable


@pytest.mark.parametrize("protocol", ["z3950", "sru"])
def test_a_catalogue_that_is_down_is_refused_as_unreachable(closed_port, protocol):
    target = CopyTarget(
        name="Thư viện Quốc gia",
        host="127.0.0.1",
        port=closed_port,
        database="x",
        sru_url=f"http://127.0.0.1:{closed_port}/sru",
    )
    with pytest.raises(CopyCatalogueRefused) as refused:
        services.search_target(target=target, protocol=protocol, field="title", term="kiều")
    assert refused.value.code == "target_unreachable"
    assert "Thư viện Quốc gia" in refused.value.message


@pytest.mark.parametrize("protocol", ["z3950", "sru"])
def test_a_catalogue_that_never_answers_is_refused_after_its_time(silent_port, protocol):
    target = CopyTarget(
        name="Slow",
        host="127.0.0.1",
        port=silent_port,
        database="x",
        sru_url=f"http://127.0.0.1:{silent_port}/sru",
        timeout_seconds=1,
    )
    with pytest.raises(CopyCatalogueRefused) as refused:
        services.search_target(target=target, protocol=protocol, field="title", term="kiều")
    assert refused.value.code == "target_timeout"
    assert "1 seconds" in refused.value.message


def test_an_sru_url_that_answers_with_a_web_page_is_a_bad_response(http_answer):
    url, _bodies = http_answer
    target = CopyTarget(name="Portal", sru_url=url)
    with pytest.raises(CopyCatalogueRefused) as refused:
        services.search_target(target=target, protocol="sru", field="title", term="kiều")
    assert refused.value.code == "bad_response"


def test_an_sru_diagnostic_is_shown_with_its_number(http_answer):
    url, bodies = http_answer
    bodies.append(
        b'<?xml version="1.0"?><zs:searchRetrieveResponse xmlns:zs="http://www.loc.gov/zing/srw/">'
        b"<zs:version>1.2</zs:version><zs:diagnostics>"
        b'<diag:diagnostic xmlns:diag="http://www.loc.gov/zing/srw/diagnostic/">'
        b"<diag:uri>info:srw/diagnostic/1/16</diag:uri><diag:details>bath.isbn</diag:details>"
        b"<diag:message>Unsupported index</diag:message></diag:diagnostic>"
        b"</zs:diagnostics></zs:searchRetrieveResponse>"
    )
    target = CopyTarget(name="Other", sru_url=url)
    with pytest.raises(CopyCatalogueRefused) as refused:
        services.search_target(target=target, protocol="sru", field="isbn", term="9786041000001")
    assert refused.value.code == "target_diagnostic"
    assert "[16] Unsupported index (bath.isbn)" in refused.value.message


def test_a_protocol_the_target_does_not_offer_is_refused():
    target = CopyTarget(name="SRU only", sru_url="http://127.0.0.1:9/sru")
    with pytest.raises(CopyCatalogueRefused) as refused:
        services.search_target(target=target, protocol="z3950", field="title", term="kiều")
    assert refused.value.code == "protocol_not_offered"
