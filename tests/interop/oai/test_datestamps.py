"""A record's OAI-PMH datestamp moves when what a harvester receives of it changes (its MARC,
its holdings, its sets, its deletion), and only then: a loan moves nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.catalog import services as catalog_services
from libnet.catalog.models import ItemStatus
from libnet.circulation import services as circulation
from libnet.interop.models import OaiEntry
from libnet.interop.oai import stamps
from libnet.interop.oai.errors import OAI_CODES, OaiError
from tests.factories import PatronFactory, make_marc
from tests.interop.helpers import import_marc, with_852, write_marc
from tests.interop.oai.helpers import UTC, add_record, clock_at, copy

pytestmark = pytest.mark.django_db

BEFORE = dt.datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
LATER = dt.datetime(2026, 3, 2, 9, 15, tzinfo=UTC)


def entry(bib_id: int) -> tuple[dt.datetime, bool]:
    found = OaiEntry.objects.get(record_id=bib_id)
    return found.datestamp, found.deleted


@pytest.fixture
def kieu(province, monkeypatch):
    """Truyện Kiều, catalogued at BEFORE with a copy at Tân Lập and one at the province."""
    with clock_at(monkeypatch, BEFORE):
        return add_record(
            "Truyện Kiều",
            library=province["provincial"],
            copies=((province["commune"], "TL0001"), (province["provincial"], "TVT0001")),
        )


def test_a_loan_and_its_return_leave_the_datestamp_alone(kieu, province, minh, monkeypatch):
    reader = PatronFactory(home_library=province["commune"])
    with clock_at(monkeypatch, LATER):
        circulation.checkout_item(
            item=copy("TL0001"), patron=reader, desk=province["commune"], by=minh.user
        )
        assert entry(kieu.pk) == (BEFORE, False)
        circulation.checkin_item(item=copy("TL0001"), desk=province["commune"], by=minh.user)
    assert entry(kieu.pk) == (BEFORE, False)


def test_a_copy_added_moves_the_datestamp(kieu, province, monkeypatch):
    with clock_at(monkeypatch, LATER):
        catalog_services.add_item(bib=kieu, library=province["school"], by=None, barcode="TH1")
    assert entry(kieu.pk) == (LATER, False)


def test_a_new_call_number_moves_it_and_a_new_price_does_not(kieu, monkeypatch):
    with clock_at(monkeypatch, LATER):
        catalog_services.update_item(item=copy("TL0001"), by=None, price_vnd=90_000)
    assert entry(kieu.pk) == (BEFORE, False)
    with clock_at(monkeypatch, LATER):
        catalog_services.update_item(item=copy("TL0001"), by=None, call_number="895.922 NG-D")
    assert entry(kieu.pk) == (LATER, False)


def test_a_replaced_record_moves_it(kieu, province, monkeypatch):
    with clock_at(monkeypatch, LATER):
        catalog_services.replace_record(
            bib=kieu,
            marc_record=make_marc(title="Truyện Kiều (bản mới)"),
            by=None,
            library=province["provincial"],
        )
    assert entry(kieu.pk) == (LATER, False)


def test_the_last_copy_withdrawn_deletes_the_record_and_a_copy_found_brings_it_back(
    kieu, monkeypatch
):
    with clock_at(monkeypatch, LATER):
        catalog_services.change_item_status(
            item=copy("TL0001"), to=ItemStatus.WITHDRAWN, by=None, withdrawal_reference="QĐ 1"
        )
    assert entry(kieu.pk) == (LATER, False)  # the province still holds one
    third = LATER + dt.timedelta(hours=1)
    with clock_at(monkeypatch, third):
        catalog_services.change_item_status(item=copy("TVT0001"), to=ItemStatus.LOST, by=None)
    assert entry(kieu.pk) == (third, True)
    fourth = third + dt.timedelta(days=2)
    with clock_at(monkeypatch, fourth):
        catalog_services.change_item_status(item=copy("TVT0001"), to=ItemStatus.AVAILABLE, by=None)
    assert entry(kieu.pk) == (fourth, False)


def test_a_record_imported_in_bulk_has_its_entry(province, tmp_path):
    records = [
        with_852(make_marc(title=f"Tập {n}", control_number=f"IMP{n:04d}"), ("SL-TVT", f"IMP{n}"))
        for n in range(5)
    ]
    run = import_marc(write_marc(tmp_path, "in.mrc", *records))
    assert run.counts["created"] == 5, run.stderr
    assert OaiEntry.objects.filter(deleted=False).count() == 5


def test_rebuild_writes_what_the_handlers_keep(kieu, province, monkeypatch):
    with clock_at(monkeypatch, LATER):
        gone = add_record("Bản nháp", library=province["provincial"])
        gone_id = gone.pk
        catalog_services.delete_record(bib=gone, by=None, library=province["provincial"])
        catalog_services.change_item_status(item=copy("TL0001"), to=ItemStatus.LOST, by=None)
        catalog_services.change_item_status(item=copy("TVT0001"), to=ItemStatus.LOST, by=None)
    kept = {e.record_id: e.deleted for e in OaiEntry.objects.all()}
    OaiEntry.objects.all().delete()
    assert stamps.rebuild() == 1
    assert (
        {e.record_id: e.deleted for e in OaiEntry.objects.all()}
        == kept
        == {
            kieu.pk: True,
            gone_id: True,
        }
    )


def test_every_oai_refusal_has_a_message_and_a_protocol_code():
    assert set(OaiError.messages) == set(OAI_CODES)
    assert set(OAI_CODES.values()) <= {
        "badVerb",
        "badArgument",
        "badResumptionToken",
        "cannotDisseminateFormat",
        "idDoesNotExist",
        "noRecordsMatch",
        "noMetadataFormats",
        "noSetHierarchy",
    }
