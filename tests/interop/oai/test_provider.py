"""A harvester asks /oai: the six verbs, sets, from/until, resumption, deleted records.

Every answer is validated against OAI-PMH.xsd with its records against oai_dc.xsd and
MARC21slim.xsd (conftest.oai).
"""

from __future__ import annotations

import datetime as dt
import io

import pymarc
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from libnet.catalog import services as catalog_services
from libnet.catalog.models import ItemStatus, RecordTombstone
from tests.interop.helpers import run_command
from tests.interop.oai.conftest import NS
from tests.interop.oai.helpers import UTC, add_record, clock_at, copy

pytestmark = pytest.mark.django_db

T1 = dt.datetime(2026, 3, 2, 3, 0, 0, 250_000, tzinfo=UTC)
T2 = dt.datetime(2026, 3, 2, 3, 0, 1, 500_000, tzinfo=UTC)
T3 = dt.datetime(2026, 3, 3, 8, 30, 0, tzinfo=UTC)


@pytest.fixture
def catalogue(province, monkeypatch, settings):
    """Three records: Truyện Kiều (a copy at the province and one at Tân Lập) and Số đỏ (a
    copy at the school) at T1, Địa chí tỉnh Sông Lam (local studies, at the province) at T2."""
    settings.LIBNET_OAI_REPOSITORY_IDENTIFIER = "thuvien.songlam.gov.vn"
    settings.LIBNET_LOCAL_STUDIES_PLACES = ["Sông Lam"]
    with clock_at(monkeypatch, T1):
        kieu = add_record(
            "Truyện Kiều",
            number=1,
            library=province["provincial"],
            copies=((province["provincial"], "TVT0001"), (province["commune"], "TL0001")),
        )
        so_do = add_record(
            "Số đỏ", number=2, library=province["school"], copies=((province["school"], "TH0001"),)
        )
    with clock_at(monkeypatch, T2):
        dia_chi = add_record(
            "Địa chí tỉnh Sông Lam",
            number=3,
            place="Sông Lam (Tỉnh)",
            library=province["provincial"],
            copies=((province["provincial"], "TVT0002"),),
        )
    return {"kieu": kieu, "so_do": so_do, "dia_chi": dia_chi}


def oai_id(bib) -> str:
    return f"oai:thuvien.songlam.gov.vn:{bib.pk}"


# ---------------------------------------------------------------------------- Identify


def test_identify_describes_the_repository_and_its_identifiers(oai, catalogue, settings):
    settings.LIBNET_OAI_ADMIN_EMAILS = ["thuvien@songlam.gov.vn"]
    answer = oai(verb="Identify")
    assert answer.one("//oai:repositoryName").text == "Thư viện tỉnh Sông Lam"
    assert answer.one("//oai:baseURL").text == "http://testserver/oai"
    assert answer.one("//oai:protocolVersion").text == "2.0"
    assert answer.one("//oai:adminEmail").text == "thuvien@songlam.gov.vn"
    assert answer.one("//oai:earliestDatestamp").text == "2026-03-02T03:00:00Z"
    assert answer.one("//oai:deletedRecord").text == "persistent"
    assert answer.one("//oai:granularity").text == "YYYY-MM-DDThh:mm:ssZ"
    sample = answer.one(
        "//oai:description/*[local-name()='oai-identifier']/*[local-name()='sampleIdentifier']"
    )
    assert sample.text == "oai:thuvien.songlam.gov.vn:1"


def test_without_a_configured_name_identifiers_use_the_host_asked(oai, catalogue, settings):
    settings.LIBNET_OAI_REPOSITORY_IDENTIFIER = ""
    answer = oai(verb="ListIdentifiers", metadataPrefix="oai_dc")
    assert answer.identifiers[0] == f"oai:testserver:{catalogue['kieu'].pk}"
    # "testserver" is no domain name: Identify does not claim the oai-identifier scheme.
    assert oai(verb="Identify").all("//oai:description") == []


# ---------------------------------------------------------------------------- formats, sets


def test_list_metadata_formats_offers_oai_dc_and_marc21(oai, catalogue):
    for arguments in ({}, {"identifier": oai_id(catalogue["kieu"])}):
        answer = oai(verb="ListMetadataFormats", **arguments)
        assert [e.text for e in answer.all("//oai:metadataPrefix")] == ["oai_dc", "marc21"]
        assert answer.all("//oai:metadataNamespace")[1].text == "http://www.loc.gov/MARC21/slim"


def test_list_sets_has_a_set_per_library_and_local_studies(oai, catalogue):
    answer = oai(verb="ListSets")
    specs = [e.text for e in answer.all("//oai:setSpec")]
    assert specs[0] == "library"
    assert "library:SL-TVT" in specs
    assert "library:SL-TANLAP" in specs
    assert specs[-3:] == ["type", "type:local_studies", "digital"]
    names = dict(zip(specs, [e.text for e in answer.all("//oai:setName")], strict=True))
    assert names["library:SL-TANLAP"] == "Thư viện xã Tân Lập"


def test_a_record_is_in_the_set_of_every_library_holding_a_copy(oai, catalogue):
    answer = oai(verb="GetRecord", identifier=oai_id(catalogue["kieu"]), metadataPrefix="oai_dc")
    assert [e.text for e in answer.all("//oai:header/oai:setSpec")] == [
        "library:SL-TANLAP",
        "library:SL-TVT",
    ]
    tanlap = oai(verb="ListIdentifiers", metadataPrefix="marc21", set="library:SL-TANLAP")
    assert tanlap.identifiers == [oai_id(catalogue["kieu"])]
    every_library = oai(verb="ListIdentifiers", metadataPrefix="marc21", set="library")
    assert len(every_library.identifiers) == 3
    local = oai(verb="ListRecords", metadataPrefix="oai_dc", set="type:local_studies")
    assert local.identifiers == [oai_id(catalogue["dia_chi"])]
    assert local.one("//dc:title").text == "Địa chí tỉnh Sông Lam"
    assert [e.text for e in local.all("//oai:header/oai:setSpec")] == [
        "library:SL-TVT",
        "type:local_studies",
    ]
    assert oai(verb="ListIdentifiers", metadataPrefix="oai_dc", set="type").identifiers == [
        oai_id(catalogue["dia_chi"])
    ]


def test_local_studies_default_to_the_provinces_own_name(oai, catalogue, settings, province):
    """A record saved while no place is configured is marked by the province's own name."""
    from libnet.network.models import AdminUnit, AdminUnitLevel

    settings.LIBNET_LOCAL_STUDIES_PLACES = []
    AdminUnit.objects.create(
        code="SL",
        name="Tỉnh Sông Lam",
        level=AdminUnitLevel.PROVINCE,
        valid_from=dt.date(2025, 7, 1),
    )
    later = add_record(
        "Văn hóa Sông Lam", number=4, place="Sông Lam (Tỉnh)", library=province["provincial"]
    )
    add_record("Truyện ngắn", number=5, library=province["provincial"])
    local = oai(verb="ListIdentifiers", metadataPrefix="oai_dc", set="type:local_studies")
    assert local.identifiers == [oai_id(catalogue["dia_chi"]), oai_id(later)]


def test_a_repository_without_sets_answers_no_set_hierarchy(oai, catalogue, settings):
    settings.LIBNET_OAI_SETS = False
    assert oai(verb="ListSets").error_codes == ["noSetHierarchy"]
    answer = oai(verb="ListRecords", metadataPrefix="marc21", set="library:SL-TVT")
    assert answer.error_codes == ["noSetHierarchy"]
    assert oai(verb="ListIdentifiers", metadataPrefix="marc21").all("//oai:setSpec") == []


def test_a_set_that_does_not_exist_matches_no_records(oai, catalogue):
    answer = oai(verb="ListRecords", metadataPrefix="marc21", set="library:SL-NOWHERE")
    assert answer.error_codes == ["noRecordsMatch"]
    assert answer.request_attributes["set"] == "library:SL-NOWHERE"


# ---------------------------------------------------------------------------- records


def test_marc21_records_are_the_records_export_marc_writes(oai, catalogue, tmp_path):
    """The same MARC as `export_marc --with-items`, 852 per copy, the copies' notes aside."""
    out = tmp_path / "export.xml"
    assert run_command("export_marc", str(out), "--format", "marcxml", "--with-items").status == 0
    exported = {r["001"].data: r for r in pymarc.parse_xml_to_array(str(out))}
    answer = oai(verb="ListRecords", metadataPrefix="marc21")
    harvested = {}
    for element in answer.all("//oai:metadata/marc:record"):
        from lxml import etree

        (record,) = pymarc.parse_xml_to_array(io.BytesIO(etree.tostring(element)))
        harvested[record["001"].data] = record
    assert sorted(harvested) == sorted(exported) == ["SL000001", "SL000002", "SL000003"]
    for number, record in harvested.items():
        assert record.as_marc() == exported[number].as_marc()
    assert [f["p"] for f in harvested["SL000001"].get_fields("852")] == ["TVT0001", "TL0001"]
    assert harvested["SL000001"]["852"]["a"] == "SL-TVT"


def test_oai_dc_records_carry_the_opac_address(oai, catalogue):
    answer = oai(verb="GetRecord", identifier=oai_id(catalogue["so_do"]), metadataPrefix="oai_dc")
    assert answer.one("//dc:title").text == "Số đỏ"
    assert answer.one("//dc:creator").text == "Vũ Trọng Phụng"
    identifiers = [e.text for e in answer.all("//dc:identifier")]
    assert f"http://testserver/record/{catalogue['so_do'].pk}" in identifiers
    assert answer.one("//oai:header/oai:datestamp").text == "2026-03-02T03:00:00Z"


def test_get_record_by_post_as_well_as_get(oai, catalogue):
    answer = oai(
        _post=True, verb="GetRecord", identifier=oai_id(catalogue["kieu"]), metadataPrefix="marc21"
    )
    assert answer.one("//marc:datafield[@tag='245']/marc:subfield[@code='a']").text == (
        "Truyện Kiều /"
    )


def test_lists_are_streamed(client, catalogue):
    response = client.get("/oai", {"verb": "ListRecords", "metadataPrefix": "marc21"})
    assert response.streaming
    assert client.get("/oai", {"verb": "Identify"}).streaming is False


def test_a_page_of_records_is_read_with_a_fixed_number_of_queries(
    client, catalogue, province, django_assert_max_num_queries
):
    for number in range(10):
        add_record(
            f"Tập {number}",
            library=province["provincial"],
            copies=((province["commune"], f"X{number}"),),
        )
    for prefix in ("marc21", "oai_dc"):
        with django_assert_max_num_queries(6):
            response = client.get("/oai", {"verb": "ListRecords", "metadataPrefix": prefix})
            body = b"".join(response.streaming_content)
        assert body.count(b"<record>") == 13


# ---------------------------------------------------------------------------- resumption


def test_a_harvest_in_pages_sees_every_record_once_with_records_added_meanwhile_at_the_end(
    oai, catalogue, province, settings, monkeypatch
):
    settings.LIBNET_OAI_PAGE_SIZE = 2
    first = oai(verb="ListRecords", metadataPrefix="marc21")
    assert len(first.identifiers) == 2
    token = first.token
    assert token
    assert first.one("//oai:resumptionToken").get("cursor") == "0"
    with clock_at(monkeypatch, T3):
        late = add_record("Dế Mèn phiêu lưu ký", library=province["provincial"])
    seen = list(first.identifiers)
    cursors = []
    while token:
        page = oai(verb="ListRecords", resumptionToken=token)
        assert page.request_attributes == {"verb": "ListRecords", "resumptionToken": token}
        seen += page.identifiers
        cursors.append(page.one("//oai:resumptionToken").get("cursor"))
        token = page.token
    assert seen == [oai_id(catalogue[name]) for name in ("kieu", "so_do", "dia_chi")] + [
        oai_id(late)
    ]
    assert cursors == ["2"]  # the last page ends the list with an empty token


def test_a_resumption_token_keeps_the_lists_arguments_and_needs_nothing_but_the_key(
    oai, catalogue, settings, client
):
    """Stateless: a token works after a restart (any worker, any process with the key)."""
    settings.LIBNET_OAI_PAGE_SIZE = 1
    first = oai(verb="ListIdentifiers", metadataPrefix="oai_dc", set="library:SL-TVT")
    from libnet.core import cache

    cache.clear_all()  # nothing kept in memory between the pages
    second = oai(verb="ListIdentifiers", resumptionToken=first.token)
    assert second.identifiers == [oai_id(catalogue["dia_chi"])]
    assert second.token == ""
    settings.SECRET_KEY = "another-key-another-server-" + "x" * 40
    assert oai(verb="ListIdentifiers", resumptionToken=first.token).error_codes == [
        "badResumptionToken"
    ]


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "x" + token,
        lambda token: "not-a-token",
        lambda token: "",
    ],
)
def test_a_changed_token_is_a_bad_resumption_token(oai, catalogue, settings, tamper):
    settings.LIBNET_OAI_PAGE_SIZE = 1
    token = oai(verb="ListRecords", metadataPrefix="marc21").token
    answer = oai(verb="ListRecords", resumptionToken=tamper(token))
    assert answer.error_codes == ["badResumptionToken"]


def test_a_token_of_one_verb_does_not_continue_another(oai, catalogue, settings):
    settings.LIBNET_OAI_PAGE_SIZE = 1
    token = oai(verb="ListIdentifiers", metadataPrefix="marc21").token
    assert oai(verb="ListRecords", resumptionToken=token).error_codes == ["badResumptionToken"]
    assert oai(verb="ListSets", resumptionToken=token).error_codes == ["badResumptionToken"]


# ---------------------------------------------------------------------------- from / until


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ({"from": "2026-03-02T03:00:00Z"}, ["kieu", "so_do", "dia_chi"]),
        ({"from": "2026-03-02T03:00:01Z"}, ["dia_chi"]),
        ({"until": "2026-03-02T03:00:00Z"}, ["kieu", "so_do"]),  # the whole second
        ({"from": "2026-03-02T03:00:01Z", "until": "2026-03-02T03:00:01Z"}, ["dia_chi"]),
        ({"from": "2026-03-02", "until": "2026-03-02"}, ["kieu", "so_do", "dia_chi"]),
        ({"from": "2026-03-03"}, []),
        ({"until": "2026-03-01"}, []),
    ],
)
def test_from_and_until_select_by_datestamp_to_the_second(oai, catalogue, arguments, expected):
    answer = oai(verb="ListIdentifiers", metadataPrefix="oai_dc", **arguments)
    if expected:
        assert answer.identifiers == [oai_id(catalogue[name]) for name in expected]
    else:
        assert answer.error_codes == ["noRecordsMatch"]


# ---------------------------------------------------------------------------- deleted records


def test_a_deleted_record_stays_harvestable_as_deleted(oai, catalogue, province, monkeypatch):
    with clock_at(monkeypatch, T3):
        orphan = add_record("Bản nháp", library=province["provincial"])
        orphan_id = orphan.pk
        catalog_services.delete_record(bib=orphan, by=None, library=province["provincial"])
    tombstone = RecordTombstone.objects.get(record_id=orphan_id)
    assert tombstone.title == "Bản nháp"
    assert tombstone.deleted_at == T3
    answer = oai(
        verb="GetRecord",
        identifier=f"oai:thuvien.songlam.gov.vn:{orphan_id}",
        metadataPrefix="marc21",
    )
    header = answer.one("//oai:header")
    assert header.get("status") == "deleted"
    assert answer.one("//oai:header/oai:datestamp").text == "2026-03-03T08:30:00Z"
    assert answer.all("//oai:metadata") == []
    listed = oai(verb="ListRecords", metadataPrefix="oai_dc", **{"from": "2026-03-03"})
    assert listed.identifiers == [f"oai:thuvien.songlam.gov.vn:{orphan_id}"]
    assert listed.one("//oai:header").get("status") == "deleted"


def test_a_record_whose_last_copy_is_withdrawn_is_harvested_as_deleted_in_its_libraries_set(
    oai, catalogue, monkeypatch
):
    so_do = catalogue["so_do"]
    with clock_at(monkeypatch, T3):
        catalog_services.change_item_status(
            item=copy("TH0001"),
            to=ItemStatus.WITHDRAWN,
            by=None,
            withdrawal_reference="QĐ 12/QĐ-THCS",
        )
    answer = oai(verb="ListIdentifiers", metadataPrefix="marc21", set="library:SL-THCS-TANLAP")
    assert answer.identifiers == [oai_id(so_do)]
    header = answer.one("//oai:header")
    assert header.get("status") == "deleted"
    assert answer.one("//oai:datestamp").text == "2026-03-03T08:30:00Z"
    assert [e.text for e in answer.all("//oai:setSpec")] == ["library:SL-THCS-TANLAP"]


# ---------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("arguments", "code"),
    [
        ({}, "badVerb"),
        ({"verb": "ListEverything"}, "badVerb"),
        ({"verb": ["Identify", "Identify"]}, "badVerb"),
        ({"verb": "Identify", "metadataPrefix": "oai_dc"}, "badArgument"),
        ({"verb": "ListRecords"}, "badArgument"),
        ({"verb": "GetRecord", "metadataPrefix": "oai_dc"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": ["oai_dc", "marc21"]}, "badArgument"),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "resumptionToken": "x"},
            "badArgument",
        ),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2026-02-30"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "yesterday"}, "badArgument"),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2026-03-02T03:00:00.5Z"},
            "badArgument",
        ),
        (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2026-03-02T03:00:00+07:00",
            },
            "badArgument",
        ),
        (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2026-03-02",
                "until": "2026-03-03T00:00:00Z",
            },
            "badArgument",
        ),
        (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from": "2026-03-03",
                "until": "2026-03-02",
            },
            "badArgument",
        ),
        ({"verb": "ListRecords", "metadataPrefix": "oai dc"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "library::"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc\x01"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "mods"}, "cannotDisseminateFormat"),
        (
            {
                "verb": "GetRecord",
                "metadataPrefix": "mods",
                "identifier": "oai:thuvien.songlam.gov.vn:1",
            },
            "cannotDisseminateFormat",
        ),
        (
            {
                "verb": "GetRecord",
                "metadataPrefix": "oai_dc",
                "identifier": "oai:thuvien.songlam.gov.vn:999999",
            },
            "idDoesNotExist",
        ),
        (
            {
                "verb": "GetRecord",
                "metadataPrefix": "oai_dc",
                "identifier": "oai:elsewhere.gov.vn:1",
            },
            "idDoesNotExist",
        ),
        ({"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "1"}, "idDoesNotExist"),
        (
            {
                "verb": "GetRecord",
                "metadataPrefix": "oai_dc",
                "identifier": "oai:thuvien.songlam.gov.vn:1 OR 1=1",
            },
            "idDoesNotExist",
        ),
        (
            {"verb": "ListMetadataFormats", "identifier": "oai:thuvien.songlam.gov.vn:0"},
            "idDoesNotExist",
        ),
        (
            {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "until": "1999-01-01"},
            "noRecordsMatch",
        ),
        (
            {
                "verb": "ListIdentifiers",
                "resumptionToken": "eyJ2IjoiTGlzdElkZW50aWZpZXJzIn0:forged",
            },
            "badResumptionToken",
        ),
    ],
)
@pytest.mark.parametrize("post", [False, True], ids=["GET", "POST"])
def test_a_bad_request_is_an_oai_error_and_writes_nothing(oai, catalogue, arguments, code, post):
    with CaptureQueriesContext(connection) as queries:
        answer = oai(_post=post, **arguments)
    assert answer.status == 200
    assert answer.error_codes == [code]
    assert answer.one("//oai:error").text  # a sentence, in the site's language
    if code in ("badVerb", "badArgument"):
        assert answer.request_attributes == {}  # the protocol echoes the base URL only
    written = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].split()[0].upper() in ("INSERT", "UPDATE", "DELETE")
    ]
    assert written == []


def test_bytes_that_are_not_utf8_are_a_bad_argument_not_a_page(oai, catalogue, client, validate):
    response = client.get("/oai?verb=ListRecords&metadataPrefix=%FF%FE")
    tree = validate(response.content)
    assert tree.xpath("//oai:error/@code", namespaces=NS) == ["badArgument"]
    response = client.get("/oai?verb=%FF")
    assert validate(response.content).xpath("//oai:error/@code", namespaces=NS) == ["badVerb"]


def test_an_oai_error_message_is_vietnamese_by_default(client, catalogue, validate):
    tree = validate(client.get("/oai", {"verb": "Nothing"}).content)
    (message,) = tree.xpath("//oai:error/text()", namespaces=NS)
    assert "không phải" in message


def test_other_http_methods_are_not_allowed(client, catalogue):
    assert client.put("/oai").status_code == 405
