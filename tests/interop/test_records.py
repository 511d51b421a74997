"""One mapping from a catalogue record to MARC, MARCXML and Dublin Core (interop/records.py),
shared by export_marc, OAI-PMH and SRU."""

from __future__ import annotations

import io
import unicodedata

import pymarc
import pytest
import xmlschema

from libnet.catalog import marc
from libnet.catalog.models import ItemStatus
from libnet.interop import records
from tests.conftest import SHARED_DATA
from tests.factories import BibRecordFactory, ItemFactory, ShelfLocationFactory, make_marc

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def marc21slim() -> xmlschema.XMLSchema:
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not available")
    return xmlschema.XMLSchema(str(SHARED_DATA / "schemas" / "MARC21slim.xsd"))


@pytest.fixture
def kieu(province):
    """Truyện Kiều with a copy at the provincial library, one at Tân Lập (on loan) and one
    withdrawn at Tân Lập."""
    bib = BibRecordFactory(title="Truyện Kiều")
    shelf = ShelfLocationFactory(library=province["provincial"], code="KM", name="Kho mở")
    ItemFactory(
        bib=bib,
        home_library=province["provincial"],
        barcode="TVT0001",
        accession_number="VV.000001",
        shelf_location=shelf,
        notes="Tặng của bạn đọc",
    )
    ItemFactory(
        bib=bib,
        home_library=province["commune"],
        barcode="TL0001",
        accession_number="VV.000002",
        status=ItemStatus.ON_LOAN,
    )
    ItemFactory(
        bib=bib,
        home_library=province["commune"],
        barcode="TL0002",
        accession_number="VV.000003",
        status=ItemStatus.WITHDRAWN,
    )
    return bib


def test_plain_holdings_are_one_852_per_copy_still_held(kieu):
    """Withdrawn copies are no longer the network's; the others are listed, oldest first."""
    record = records.marc_record(kieu, holdings="plain")
    fields = record.get_fields("852")
    assert [f["p"] for f in fields] == ["TVT0001", "TL0001"]
    first = fields[0]
    assert first["a"] == "SL-TVT"
    assert first["c"] == "KM"
    assert first["h"] == "895.9223 V500T"
    assert first["j"] == "VV.000001"
    assert first.get_subfields("x") == []  # a nonpublic note stays at home
    assert first.get_subfields("z") == []  # no availability: a loan does not change the record


def test_availability_holdings_say_each_copys_status_in_852_z(kieu):
    record = records.marc_record(kieu, holdings="availability")
    assert [(f["p"], f["z"]) for f in record.get_fields("852")] == [
        ("TVT0001", "available"),
        ("TL0001", "on_loan"),
    ]
    assert set(records.AVAILABILITY_CODES) == set(ItemStatus.values) - {"withdrawn", "lost"}


def test_without_holdings_the_record_is_its_stored_marc_with_leader_09_utf8(kieu):
    record = records.marc_record(kieu)
    assert record.get_fields("852") == []
    stored = marc.record_from_json(kieu.marc_json)
    assert str(record.leader)[9] == "a"
    assert [str(f) for f in record.fields] == [str(f) for f in stored.fields]


def test_copies_of_a_page_of_records_are_read_with_one_query(
    kieu, province, django_assert_num_queries
):
    other = BibRecordFactory(title="Số đỏ")
    ItemFactory(bib=other, home_library=province["school"], barcode="TH0001")
    lonely = BibRecordFactory(title="Dế Mèn phiêu lưu ký")
    with django_assert_num_queries(1):
        copies = records.copies_by_record([kieu.pk, other.pk, lonely.pk])
        codes = {bib_id: [c.home_library.code for c in items] for bib_id, items in copies.items()}
    assert codes == {kieu.pk: ["SL-TVT", "SL-TANLAP"], other.pk: ["SL-THCS-TANLAP"]}
    everything = records.copies_by_record([kieu.pk], include_gone=True)
    assert [c.barcode for c in everything[kieu.pk]] == ["TVT0001", "TL0001", "TL0002"]


def test_marcxml_is_valid_marc21slim_and_reads_back_as_the_same_record(kieu, marc21slim):
    record = records.marc_record(kieu, holdings="plain")
    # A control field after a data field, as some Sirsi exports have it, and a stray ESC.
    record.add_field(pymarc.Field(tag="007", data="ta"))
    record.add_ordered_field(
        pymarc.Field(
            tag="500",
            indicators=pymarc.Indicators(" ", " "),
            subfields=[pymarc.Subfield("a", "Ghi chú <cũ> & \x1bmới")],
        )
    )
    xml = records.marcxml(record, schema_location=True)
    marc21slim.validate(io.BytesIO(xml))
    (back,) = pymarc.parse_xml_to_array(io.BytesIO(xml))
    assert back["500"]["a"] == "Ghi chú <cũ> & mới"
    assert [f.tag for f in back.fields][:3] == ["008", "007", "082"]
    assert [f["p"] for f in back.get_fields("852")] == ["TVT0001", "TL0001"]
    assert xml.decode("utf-8").count("Truyện Kiều") == 1  # UTF-8, not character references


def test_dublin_core_follows_the_crosswalk_in_nfc(province):
    record = make_marc(
        title=unicodedata.normalize("NFD", "Số đỏ"),
        author="Vũ Trọng Phụng",
        isbn="9786041000001",
        subjects=("Văn học Việt Nam",),
    )
    bib = BibRecordFactory(marc_title="x")
    bib.marc_json = marc.record_to_json(record)
    for name, value in marc.extract(record).as_columns().items():
        setattr(bib, name, value)
    bib.title = unicodedata.normalize("NFD", bib.title)  # as an old import might have left it
    pairs = records.dublin_core(bib, record_url="https://opac.example/record/1")
    assert pairs == [
        ("title", "Số đỏ"),
        ("creator", "Vũ Trọng Phụng"),
        ("subject", "Văn học Việt Nam"),
        ("subject", "895.9223"),
        ("publisher", "Nxb. Văn học"),
        ("date", "2020"),
        ("type", "Text"),
        ("identifier", "URN:ISBN:9786041000001"),
        ("identifier", "https://opac.example/record/1"),
        ("language", "vie"),
    ]
    assert all(unicodedata.is_normalized("NFC", value) for _name, value in pairs)
    assert records.dublin_core_xml([("title", "A & B")]) == "<dc:title>A &amp; B</dc:title>"
