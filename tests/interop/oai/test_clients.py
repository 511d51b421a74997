"""Two harvesters nobody on this project wrote, Sickle and oaipmh-scythe, harvest a live
libnet over HTTP: everything, in pages, deleted records included; every answer they get is
validated against OAI-PMH.xsd, oai_dc.xsd and MARC21slim.xsd on the way."""

from __future__ import annotations

import datetime as dt
import io

import pymarc
import pytest
from lxml import etree
from oaipmh_scythe import Scythe
from oaipmh_scythe.config import HTTPConfig
from oaipmh_scythe.exceptions import NoRecordsMatch as ScytheNoRecordsMatch
from sickle import Sickle
from sickle.oaiexceptions import BadResumptionToken, CannotDisseminateFormat, IdDoesNotExist

from libnet.catalog import services as catalog_services
from libnet.catalog.models import BibRecord, ItemStatus, RecordTombstone
from libnet.core import clock
from tests.interop.helpers import import_marc
from tests.interop.oai.conftest import NS
from tests.interop.oai.helpers import add_record, clock_at, copy

# serialized_rollback as every live-server test here: a plain transactional test's flush
# recreates the content types, which the next serialized test then inserts a second time.
pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.shared_data,
]

PAGE = 17


class CheckedSickle(Sickle):
    """Sickle, with every answer validated before Sickle reads it."""

    def __init__(self, endpoint: str, validate, **kwargs) -> None:
        super().__init__(endpoint, **kwargs)
        self.validate = validate
        self.answers = 0

    def _request(self, kwargs):
        response = super()._request(kwargs)
        self.validate(response.content)
        self.answers += 1
        return response


class CheckedScythe(Scythe):
    """oaipmh-scythe, by POST, with every answer validated before it reads it."""

    def __init__(self, endpoint: str, validate) -> None:
        super().__init__(endpoint, http_config=HTTPConfig(http_method="POST"))
        self.validate = validate
        self.methods: set[str] = set()

    def _request(self, query):
        response = super()._request(query)
        self.validate(response.content)
        self.methods.add(response.request.method)
        return response


@pytest.fixture
def harvested_catalogue(province, shared_data, settings, monkeypatch):
    """A hundred French records of Evergreen's test set with their copies, ours with copies
    at three libraries, a record deleted and one whose only copy was withdrawn; all of it
    catalogued yesterday."""
    settings.LIBNET_OAI_PAGE_SIZE = PAGE
    settings.LIBNET_LOCAL_STUDIES_PLACES = ["Sông Lam"]
    with clock_at(monkeypatch, clock.now() - dt.timedelta(days=1)):
        return _catalogue(province, shared_data)


def _catalogue(province, shared_data):
    run = import_marc(shared_data / "marc" / "evergreen" / "lul_fre_100.mrc")
    assert run.status == 0, run.stderr
    add_record(
        "Địa chí tỉnh Sông Lam",
        place="Sông Lam (Tỉnh)",
        library=province["provincial"],
        copies=((province["provincial"], "TVT0001"), (province["commune"], "TL0001")),
    )
    add_record("Số đỏ", library=province["school"], copies=((province["school"], "TH0001"),))
    gone = add_record("Bản nháp", library=province["provincial"])
    catalog_services.delete_record(bib=gone, by=None, library=province["provincial"])
    catalog_services.change_item_status(
        item=copy("TH0001"), to=ItemStatus.WITHDRAWN, by=None, withdrawal_reference="QĐ 3"
    )
    live = BibRecord.objects.count() - 1  # Số đỏ is deleted for harvesters
    return {"live": live, "deleted": RecordTombstone.objects.count() + 1}


def test_sickle_harvests_everything_in_pages_deleted_records_included(
    live_server, harvested_catalogue, validate
):
    sickle = CheckedSickle(f"{live_server.url}/oai", validate)
    records = list(sickle.ListRecords(metadataPrefix="marc21", ignore_deleted=False))
    deleted = [r for r in records if r.deleted]
    assert len(records) - len(deleted) == harvested_catalogue["live"]
    assert len(deleted) == harvested_catalogue["deleted"]
    assert all(r.xml.find(f"{{{NS['oai']}}}metadata") is None for r in deleted)
    assert len({r.header.identifier for r in records}) == len(records)  # none twice
    pages = -(-len(records) // PAGE)
    assert sickle.answers == pages  # resumption across pages
    # Every live record reads back as MARC 21 with its title.
    for record in records:
        if not record.deleted:
            (marc,) = pymarc.parse_xml_to_array(
                io.BytesIO(etree.tostring(record.xml.find(f".//{{{NS['marc']}}}record")))
            )
            assert marc.title


def test_sickle_harvests_a_set_a_format_and_one_record(live_server, harvested_catalogue, validate):
    sickle = CheckedSickle(f"{live_server.url}/oai", validate)
    identify = sickle.Identify()
    assert identify.deletedRecord == "persistent"
    assert [f.metadataPrefix for f in sickle.ListMetadataFormats()] == ["oai_dc", "marc21"]
    specs = [s.setSpec for s in sickle.ListSets()]
    assert {"library:SL-TVT", "library:SL-TANLAP", "type:local_studies"} <= set(specs)
    local = list(sickle.ListRecords(metadataPrefix="oai_dc", set="type:local_studies"))
    assert [r.metadata["title"] for r in local] == [["Địa chí tỉnh Sông Lam"]]
    tanlap = list(sickle.ListIdentifiers(metadataPrefix="oai_dc", set="library:SL-TANLAP"))
    assert [h.identifier for h in tanlap] == [local[0].header.identifier]
    record = sickle.GetRecord(identifier=local[0].header.identifier, metadataPrefix="oai_dc")
    assert record.metadata["language"] == ["vie"]
    with pytest.raises(IdDoesNotExist):
        sickle.GetRecord(identifier="oai:localhost:999999", metadataPrefix="oai_dc")
    with pytest.raises(CannotDisseminateFormat):
        next(iter(sickle.ListRecords(metadataPrefix="mods")))
    with pytest.raises(BadResumptionToken):
        next(iter(sickle.ListRecords(resumptionToken="forged")))


def test_sickle_harvests_incrementally_from_the_last_response_date(
    live_server, harvested_catalogue, validate, province
):
    sickle = CheckedSickle(f"{live_server.url}/oai", validate)
    first = sickle.ListIdentifiers(metadataPrefix="marc21")
    started = first.oai_response.xml.find(f"{{{NS['oai']}}}responseDate").text
    assert len(list(first)) == harvested_catalogue["live"] + harvested_catalogue["deleted"]
    new = add_record("Dế Mèn phiêu lưu ký", library=province["provincial"])
    since = list(sickle.ListIdentifiers(metadataPrefix="marc21", **{"from": started}))
    assert [h.identifier for h in since][-1] == f"oai:localhost:{new.pk}"
    assert len(since) < 5  # only what changed since, not the catalogue again


def test_oaipmh_scythe_harvests_everything_by_post(live_server, harvested_catalogue, validate):
    with CheckedScythe(f"{live_server.url}/oai", validate) as scythe:
        headers = list(scythe.list_identifiers(metadata_prefix="oai_dc"))
        records = list(scythe.list_records(metadata_prefix="oai_dc", ignore_deleted=True))
        assert len(records) == harvested_catalogue["live"]
        assert len(headers) == harvested_catalogue["live"] + harvested_catalogue["deleted"]
        assert sum(1 for h in headers if h.deleted) == harvested_catalogue["deleted"]
        titles = [r.metadata["title"][0] for r in records]
        assert "Địa chí tỉnh Sông Lam" in titles
        future = (clock.today() + dt.timedelta(days=2)).isoformat()
        with pytest.raises(ScytheNoRecordsMatch):
            list(scythe.list_records(from_=future))
    assert scythe.methods == {"POST"}
