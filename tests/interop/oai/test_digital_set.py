"""The digital collection over OAI-PMH: the set `digital` and a set per named collection,
each published object an item of its own in oai_dc (its record's Dublin Core, or its own),
listed with the records in one order across pages; drafts and objects read only in the
library are not given; an object closed again is deleted. Harvested by Sickle as well."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.digital import services
from libnet.digital.models import Access, DigitalCollection, DigitalObject
from tests.interop.oai.conftest import NS
from tests.interop.oai.helpers import UTC, add_record, clock_at
from tests.interop.oai.test_clients import CheckedSickle

T1 = dt.datetime(2026, 3, 2, 3, 0, 0, tzinfo=UTC)
T2 = dt.datetime(2026, 3, 2, 4, 0, 0, tzinfo=UTC)
HOST = "thuvien.songlam.gov.vn"


def _collection(province, monkeypatch):
    """Two records at T1; at T2 a public object of a record (in the collection ca-dao), a
    public object described in Dublin Core only, a draft and an object read in the library
    only."""
    provincial = province["provincial"]
    with clock_at(monkeypatch, T1):
        kieu = add_record("Truyện Kiều", number=1, library=provincial)
        add_record("Số đỏ", number=2, library=provincial)
    ca_dao = DigitalCollection.objects.create(library=provincial, code="ca-dao", name="Ca dao")

    def made(title, access, *, record=None, dublin_core=None, published=True):
        return DigitalObject.objects.create(
            library=provincial, title=title, record=record, access=access,
            dublin_core=dublin_core or {}, published_at=T2 if published else None,
            oai_datestamp=T2 if published else None,
        )  # fmt: skip

    kieu_scans = made("Truyện Kiều (bản số)", Access.PUBLIC, record=kieu)
    kieu_scans.collections.add(ca_dao)
    ca_dao_page = made(
        "Ca dao Sông Lam",
        Access.PUBLIC,
        dublin_core={"title": ["Ca dao Sông Lam"], "creator": ["Khuyết danh"], "date": ["1930"]},
    )
    made("Bản nháp", Access.STAFF, published=False)
    made("Gia phả họ Nguyễn", Access.ON_SITE, published=False)
    return {"kieu": kieu, "kieu_scans": kieu_scans, "ca_dao_page": ca_dao_page}


@pytest.fixture
def collection(db, province, monkeypatch, settings):
    settings.LIBNET_OAI_REPOSITORY_IDENTIFIER = HOST
    return _collection(province, monkeypatch)


def test_list_sets_offers_the_digital_collection_and_each_named_collection(oai, collection):
    specs = [element.text for element in oai(verb="ListSets").all("//oai:setSpec")]
    assert "digital" in specs
    assert "digital:SL-TVT:ca-dao" in specs


def test_the_digital_set_gives_each_published_object_in_oai_dc(oai, collection):
    answer = oai(verb="ListRecords", metadataPrefix="oai_dc", set="digital")
    kieu_scans, ca_dao_page = collection["kieu_scans"], collection["ca_dao_page"]
    assert answer.identifiers == [
        f"oai:{HOST}:digital-{kieu_scans.pk}",
        f"oai:{HOST}:digital-{ca_dao_page.pk}",
    ]
    (kieu,) = answer.all(
        f"//oai:record[oai:header/oai:identifier='oai:{HOST}:digital-{kieu_scans.pk}']"
    )
    titles = kieu.xpath(".//dc:title/text()", namespaces=NS)
    assert titles == ["Truyện Kiều"]  # the record's Dublin Core
    identifiers = kieu.xpath(".//dc:identifier/text()", namespaces=NS)
    assert f"http://testserver/iiif/{kieu_scans.pk}/manifest" in identifiers
    assert f"http://testserver/record/{collection['kieu'].pk}" in identifiers
    assert kieu.xpath(".//oai:setSpec/text()", namespaces=NS) == [
        "digital",
        "digital:SL-TVT:ca-dao",
    ]
    (own,) = answer.all(
        f"//oai:record[oai:header/oai:identifier='oai:{HOST}:digital-{ca_dao_page.pk}']"
    )
    assert own.xpath(".//dc:creator/text()", namespaces=NS) == ["Khuyết danh"]
    assert own.xpath(".//dc:date/text()", namespaces=NS) == ["1930"]
    one = oai(verb="ListIdentifiers", metadataPrefix="oai_dc", set="digital:SL-TVT:ca-dao")
    assert one.identifiers == [f"oai:{HOST}:digital-{kieu_scans.pk}"]


def test_objects_and_records_are_listed_together_in_pages_each_once(oai, collection, settings):
    settings.LIBNET_OAI_PAGE_SIZE = 3
    seen: list[str] = []
    answer = oai(verb="ListIdentifiers", metadataPrefix="oai_dc")
    seen += answer.identifiers
    while answer.token:
        answer = oai(verb="ListIdentifiers", resumptionToken=answer.token)
        seen += answer.identifiers
    assert len(seen) == len(set(seen)) == 4
    assert sum(":digital-" in identifier for identifier in seen) == 2
    # MARC 21 is the records' own: the objects are not given in it.
    marc = oai(verb="ListIdentifiers", metadataPrefix="marc21")
    assert not any(":digital-" in identifier for identifier in marc.identifiers)
    refused = oai(
        verb="GetRecord",
        metadataPrefix="marc21",
        identifier=f"oai:{HOST}:digital-{collection['kieu_scans'].pk}",
    )
    assert refused.error_codes == ["cannotDisseminateFormat"]


def test_an_object_closed_again_is_a_deleted_item_and_a_draft_does_not_exist(oai, collection):
    kieu_scans = collection["kieu_scans"]
    kieu_scans.access = Access.STAFF
    kieu_scans.save()
    answer = oai(
        verb="GetRecord", metadataPrefix="oai_dc", identifier=f"oai:{HOST}:digital-{kieu_scans.pk}"
    )
    assert answer.one("//oai:header").get("status") == "deleted"
    draft = DigitalObject.objects.get(title="Bản nháp")
    missing = oai(
        verb="GetRecord", metadataPrefix="oai_dc", identifier=f"oai:{HOST}:digital-{draft.pk}"
    )
    assert missing.error_codes == ["idDoesNotExist"]


def test_an_incremental_harvest_sees_an_object_closed_edited_or_moved_to_another_set(
    oai, collection, monkeypatch, lan
):
    """The datestamp follows each change a harvester must learn of: a harvest from the
    moment of the change lists the object again (deleted, or with its new description or set)."""
    ca_dao = DigitalCollection.objects.get(code="ca-dao")
    t3, t4, t5 = (T2 + dt.timedelta(hours=hours) for hours in (1, 2, 3))

    def harvested_since(moment, spec="digital"):
        answer = oai(verb="ListIdentifiers", metadataPrefix="oai_dc", set=spec,
                     **{"from": moment.strftime("%Y-%m-%dT%H:%M:%SZ")})  # fmt: skip
        if answer.error_codes == ["noRecordsMatch"]:
            return {}
        return {
            header.findtext("oai:identifier", namespaces=NS).rsplit("-", 1)[1]: (
                header.get("status"),
                header.findtext("oai:datestamp", namespaces=NS),
            )
            for header in answer.all("//oai:header")
        }

    assert harvested_since(t3) == {}
    with clock_at(monkeypatch, t3):
        services.set_access(obj=collection["kieu_scans"], access_=Access.STAFF, by=lan.user)
    assert harvested_since(t3) == {
        str(collection["kieu_scans"].pk): ("deleted", "2026-03-02T05:00:00Z")
    }
    with clock_at(monkeypatch, t4):
        services.update_object(obj=collection["ca_dao_page"], by=lan.user, title="Ca dao xứ Lam")
    assert list(harvested_since(t4)) == [str(collection["ca_dao_page"].pk)]
    with clock_at(monkeypatch, t5):
        services.set_collections(obj=collection["ca_dao_page"], collections=[ca_dao], by=lan.user)
    assert list(harvested_since(t5)) == [str(collection["ca_dao_page"].pk)]
    assert list(harvested_since(t5, "digital:SL-TVT:ca-dao")) == [str(collection["ca_dao_page"].pk)]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.shared_data
def test_sickle_harvests_the_digital_set(live_server, province, monkeypatch, settings, validate):
    settings.LIBNET_OAI_REPOSITORY_IDENTIFIER = HOST
    found = _collection(province, monkeypatch)
    sickle = CheckedSickle(f"{live_server.url}/oai", validate)
    records = list(sickle.ListRecords(metadataPrefix="oai_dc", set="digital"))
    assert [record.header.identifier for record in records] == [
        f"oai:{HOST}:digital-{found['kieu_scans'].pk}",
        f"oai:{HOST}:digital-{found['ca_dao_page'].pk}",
    ]
    assert records[1].metadata["title"] == ["Ca dao Sông Lam"]
    sets = [oai_set.setSpec for oai_set in sickle.ListSets()]
    assert "digital:SL-TVT:ca-dao" in sets
