"""Lan imports MARC files: counts per real file, holdings, duplicates, bad input."""

from __future__ import annotations

import gc
import io
from pathlib import Path

import pymarc
import pytest
from django.db import IntegrityError

from libnet.catalog.models import BibRecord, Item
from libnet.core import bulk
from libnet.core.models import AuditEntry
from libnet.interop import services
from tests.factories import make_marc
from tests.interop.helpers import catalogue_size, import_marc, report_sections, with_852, write_marc

pytestmark = pytest.mark.django_db


def _distinct_949_barcodes(path: Path) -> int:
    with path.open("rb") as stream:
        return len(
            {
                barcode
                for record in pymarc.MARCReader(stream, to_unicode=False)
                for marc_field in record.get_fields("949")
                for barcode in marc_field.get_subfields("i")
            }
        )


# ---------------------------------------------------------------- real files


def test_jazz_imports_1000_records_with_their_949_copies(shared_data, province):
    path = shared_data / "marc" / "evergreen" / "jazz_1k.mrc"
    run = import_marc(path)
    assert run.status == 0, run.stderr
    counts = run.counts
    assert counts["records_read"] == 1000
    assert counts["failed"] == 0
    assert counts["created"] + counts["skipped"] == 1000
    assert counts["items_created"] == _distinct_949_barcodes(path) == Item.objects.count()
    assert BibRecord.objects.count() == counts["created"]
    # 949 became Items: none is left in the stored records.
    assert not BibRecord.objects.filter(marc_json__icontains='"949"').exists()
    item = Item.objects.get(barcode="30007007467409")
    assert (item.call_number, item.source_library_code, item.item_type) == (
        "5490",
        "HUNTINGTON",
        "audiovisual",
    )
    assert "HUNTINGTON" in item.notes


def test_fsl_records_are_utf8_although_the_leader_says_marc8(shared_data, province):
    run = import_marc(shared_data / "marc" / "evergreen" / "FSL.marc")
    assert (run.status, run.counts["records_read"], run.counts["failed"]) == (0, 52, 0)
    titles = "".join(BibRecord.objects.values_list("title", flat=True))
    assert any("\u0400" <= char <= "\u04ff" for char in titles)  # Cyrillic survived
    assert "Ð" not in titles  # no mojibake of UTF-8 read as MARC-8
    assert all(bib.marc_json["leader"][9] == "a" for bib in BibRecord.objects.all())


def test_nepali_copies_come_from_852_and_the_952_notes_stay(shared_data, province):
    run = import_marc(shared_data / "marc" / "evergreen" / "nepali.marc")
    assert (run.status, run.counts["records_read"], run.counts["failed"]) == (0, 96, 0)
    assert run.counts["items_created"] == Item.objects.count() == 96
    assert Item.objects.filter(source_library_code="Madan Puraskar Pustakalaya").count() == 96
    assert BibRecord.objects.filter(marc_json__icontains="Library has 2 copies").exists()


@pytest.mark.parametrize(
    ("relative_path", "records", "failed"),
    [
        ("evergreen/lul_fre_100.mrc", 100, 0),
        ("evergreen/map_data.mrc", 3, 0),
        ("evergreen/sample_acq_order.mrc", 10, 0),
        ("evergreen/hebrew.marc", 20, 1),  # one 880 holds a byte no MARC-8 set defines
        ("evergreen/oss.marc", 42, 2),  # 020 with a blank subfield code
        ("evergreen/auth-subset100.mrc", 17, 17),  # authorities are not catalogue records
        ("evergreen/concerto/bibs_fre.xml", 100, 0),
        ("evergreen/concerto/bibs_rda.xml", 10, 0),
        ("pymarc-testdata/marc8.dat", 1, 0),
        ("pymarc-testdata/utf8_without_leader_flag.dat", 1, 0),
    ],
)
def test_real_files_import_with_the_expected_counts(
    shared_data, province, relative_path, records, failed
):
    before = catalogue_size()
    run = import_marc(shared_data / "marc" / relative_path)
    counts = run.counts
    assert (counts["records_read"], counts["failed"]) == (records, failed), run.stderr
    assert run.status == (1 if failed else 0)
    after = catalogue_size()
    assert after[0] - before[0] == counts["created"]
    assert after[1] - before[1] == counts["items_created"]


def test_openlibrary_edge_cases_each_import_or_fail_with_a_reason(shared_data, province):
    folder = shared_data / "marc" / "openlibrary-edge-cases"
    files = sorted((folder / "bin_input").iterdir()) + sorted((folder / "xml_input").iterdir())
    report, warnings = io.StringIO(), io.StringIO()
    totals = services.ImportCounts()
    for path in files:
        totals.add(
            services.import_marc_file(
                path=path,
                library=province["provincial"],
                by=None,
                on_failure=report.write,
                on_warning=warnings.write,
            )
        )
    assert totals.records_read == len(files) == 82
    assert totals.created + totals.skipped + totals.failed == 82
    assert totals.failed == report.getvalue().count("record 1 @ byte")
    assert totals.warnings == warnings.getvalue().count("record 1 @ byte")
    assert BibRecord.objects.count() == totals.created


# ---------------------------------------------------------------- broken input

# Files with a record that cannot be read (its structure or encoding) or has no safe value
# for what is wrong (type of record, bibliographic level, a subfield code). The files whose
# every record is repaired instead: tests/interop/test_import_lenient.py.
BROKEN = [
    *(
        f"malformed/{name}"
        for name in [
            "e002_invalid_bibliographic_level.bin",
            "e002_invalid_record_type.bin",
            "e003_base_address_below_24.bin",
            "e003_base_address_non_digit.bin",
            "e004_base_address_past_record.bin",
            "e005_truncated_record.bin",
            "e006_no_record_terminator.bin",
            "e101_directory_no_terminator.bin",
            "e101_directory_non_digit_length.bin",
            "e101_directory_non_digit_start.bin",
            "e101_non_ascii_tag.bin",
            "e106_authority_field_too_short.bin",
            "e106_expected_subfield_delimiter.bin",
            "e106_field_length_past_data.bin",
            "e106_recovery_invalid_field.bin",
            "e202_non_printable_subfield_code.bin",
            "e301_invalid_utf8_in_authority_control_field.bin",
            "e301_invalid_utf8_in_control_field.bin",
            "e301_invalid_utf8_in_subfield.bin",
            "e401_bad_char_reference.xml",
            "e401_malformed_marcxml.xml",
            "e401_unexpected_eof_in_subfield.xml",
        ]
    ),
    "pymarc-testdata/bad_indicator.dat",
    "pymarc-testdata/bad_subfield_code.dat",
    "pymarc-testdata/bad_marc8_escape.dat",
    "pymarc-testdata/bad_eacc_encoding.dat",
    "pymarc-testdata/utf8_invalid.mrc",
    "pymarc-testdata/bad_records.mrc",
    "pymarc-testdata/bad_tag.xml",
    "pymarc-testdata/1251.dat",
]
UNREADABLE = [
    "malformed/e001_record_length_non_digit.bin",  # not ISO 2709 from the first byte
    "malformed/e402_malformed_marcjson.json",  # MARC-in-JSON is not an import format
    "malformed/e401_no_record_element.xml",  # well-formed XML, but not one MARC record in it
]


@pytest.mark.parametrize("relative_path", BROKEN)
def test_a_broken_file_reports_each_bad_record_and_writes_nothing_of_it(
    shared_data, province, tmp_path, relative_path
):
    report = tmp_path / "report.txt"
    run = import_marc(shared_data / "marc" / relative_path, report=str(report))
    assert run.status == 1
    assert "Traceback" not in run.stderr
    assert run.counts["failed"] >= 1
    assert BibRecord.objects.count() == run.counts["created"]
    assert Item.objects.count() == run.counts["items_created"]
    lines, warnings = report_sections(report)
    assert len(lines) == run.counts["failed"] + run.counts["items_failed"]
    assert len(warnings) == run.counts["warnings"]
    assert all(" @ byte " in line and "(001 " in line for line in lines + warnings)


@pytest.mark.parametrize("relative_path", UNREADABLE)
def test_a_file_that_is_not_marc_at_all_is_a_usage_error(shared_data, province, relative_path):
    run = import_marc(shared_data / "marc" / relative_path)
    assert run.status == 2
    assert catalogue_size() == (0, 0)


# ---------------------------------------------------------------- behaviour


def test_a_record_without_title_is_refused_and_the_next_one_is_imported(province, tmp_path):
    untitled = with_852(make_marc(title="x"), ("SL-TVT", "NOTITLE1"))
    untitled.remove_fields("245")
    path = write_marc(
        tmp_path, "two.mrc", untitled, with_852(make_marc(title="Số đỏ"), ("SL-TVT", "SD0001"))
    )
    run = import_marc(path)
    assert run.status == 1
    assert (run.counts["created"], run.counts["failed"], run.counts["items_created"]) == (1, 1, 1)
    assert "record 1 @ byte 0" in run.stderr
    assert not Item.objects.filter(barcode="NOTITLE1").exists()


def test_a_refused_copy_is_reported_and_its_record_is_still_imported(province, tmp_path):
    path = write_marc(tmp_path, "bad-barcode.mrc", with_852(make_marc(), ("SL-TVT", "has space")))
    run = import_marc(path)
    assert (run.counts["created"], run.counts["items_failed"]) == (1, 1)
    assert run.status == 0
    assert "HAS SPACE" in run.stderr  # barcodes are read in their one form (text.identifier)


def test_copies_of_unmapped_libraries_go_to_the_importing_library_with_a_note(province, tmp_path):
    record = with_852(make_marc(), ("KOHA-MAIN", "K0001"), ("KOHA-BR2", "K0002"))
    path = write_marc(tmp_path, "koha.mrc", record)
    run = import_marc(path, library="SL-TVT", library_map=["KOHA-BR2=SL-TANLAP"])
    assert run.status == 0
    main, branch = Item.objects.get(barcode="K0001"), Item.objects.get(barcode="K0002")
    assert (main.home_library.code, main.source_library_code) == ("SL-TVT", "KOHA-MAIN")
    assert "KOHA-MAIN" in main.notes
    assert (branch.home_library.code, branch.source_library_code) == ("SL-TANLAP", "")


def test_a_library_map_to_an_unknown_library_is_a_usage_error(province, tmp_path):
    path = write_marc(tmp_path, "one.mrc", make_marc())
    assert import_marc(path, library_map=["X=NOPE"]).status == 2
    assert catalogue_size() == (0, 0)


def test_a_known_record_gets_only_copies_with_a_new_barcode(province, tmp_path):
    """Skip is the default; a second library's copies of a known title are still added."""
    first = write_marc(tmp_path, "a.mrc", with_852(make_marc(isbn="9786041234567"), ("A", "B1")))
    second = write_marc(
        tmp_path, "b.mrc", with_852(make_marc(isbn="978-604-123456-7"), ("A", "B1"), ("A", "B2"))
    )
    import_marc(first)
    run = import_marc(second)
    assert (run.counts["created"], run.counts["skipped"], run.counts["items_created"]) == (0, 1, 1)
    assert BibRecord.objects.count() == 1
    assert sorted(Item.objects.values_list("barcode", flat=True)) == ["B1", "B2"]
    # Each copy added is audited as itself, as a copy added on the page is.
    created = AuditEntry.objects.filter(action="item.create")
    assert sorted(entry.after["barcode"] for entry in created) == ["B1", "B2"]
    assert {entry.subject_id for entry in created} == {
        str(pk) for pk in Item.objects.values_list("pk", flat=True)
    }
    # The copies' history says where they came from, in the site's language.
    assert {entry.note for entry in created} == {"Nhập MARC"}


def test_duplicates_by_control_number_are_replaced_or_merged_on_request(province, tmp_path):
    import_marc(write_marc(tmp_path, "a.mrc", make_marc(title="Số đỏ", control_number="VN-1")))
    newer = make_marc(title="Số đỏ (tái bản)", control_number="VN-1")
    run = import_marc(write_marc(tmp_path, "b.mrc", newer), on_duplicate="replace")
    assert (run.counts["updated"], BibRecord.objects.get().title) == (1, "Số đỏ (tái bản)")
    extra = make_marc(
        title="Số đỏ (tái bản)", control_number="VN-1", subjects=("Văn học hiện thực",)
    )
    run = import_marc(write_marc(tmp_path, "c.mrc", extra), on_duplicate="merge")
    assert run.counts["updated"] == 1
    assert "Văn học hiện thực" in BibRecord.objects.get().subjects
    assert AuditEntry.objects.filter(action="record.replace").count() == 2


def test_holdings_none_keeps_the_852_in_the_record(province, tmp_path):
    path = write_marc(tmp_path, "h.mrc", with_852(make_marc(), ("SL-TVT", "H0001")))
    run = import_marc(path, holdings="none")
    assert run.counts["items_created"] == 0
    assert "852" in str(BibRecord.objects.get().marc_json)


def test_a_failed_bulk_insert_is_redone_record_by_record(province, tmp_path, monkeypatch):
    """Another user took a barcode between the check and the insert: nothing half-written."""
    path = write_marc(
        tmp_path,
        "race.mrc",
        with_852(make_marc(title="Một"), ("SL-TVT", "R0001")),
        with_852(make_marc(title="Hai"), ("SL-TVT", "R0002")),
    )
    original = bulk.insert_rows
    calls = []

    def insert_copies_once_failing(objs, **kwargs):
        if objs and isinstance(objs[0], Item):
            calls.append(len(objs))
            if len(calls) == 1:
                raise IntegrityError("UNIQUE constraint failed: catalog_item.barcode")
        return original(objs, **kwargs)

    monkeypatch.setattr(bulk, "insert_rows", insert_copies_once_failing)
    run = import_marc(path)
    assert run.status == 0
    assert (run.counts["created"], run.counts["items_created"]) == (2, 2)
    assert catalogue_size() == (2, 2)
    # The careful path audits each copy through catalog.services.add_item.
    assert AuditEntry.objects.filter(action="item.create").count() == 2


def test_copies_get_accession_numbers_from_the_default_register(province, tmp_path):
    from libnet.catalog import services as catalog_services

    catalog_services.create_register(
        library=province["provincial"], prefix="VV", name="Sách", by=None
    )
    path = write_marc(
        tmp_path, "r.mrc", with_852(make_marc(), ("SL-TVT", "V0001"), ("SL-TVT", "V0002"))
    )
    import_marc(path)
    assert sorted(Item.objects.values_list("accession_number", flat=True)) == [
        "VV.000001",
        "VV.000002",
    ]


def test_an_import_runs_with_the_collector_quiet_and_gives_it_back(tmp_path, province):
    """Its batches run with the objects of the process frozen and no automatic collection
    (core.collector); after it, the collector is as it was."""
    path = write_marc(tmp_path, "two.mrc", make_marc(title="Một"), make_marc(title="Hai"))
    seen: list[tuple[int, bool]] = []
    services.import_marc_file(
        path=path,
        library=province["provincial"],
        by=None,
        on_batch=lambda done, offset, counts: seen.append((gc.get_freeze_count(), gc.isenabled())),
    )
    assert seen
    assert all(frozen > 0 and not enabled for frozen, enabled in seen)
    assert (gc.isenabled(), gc.get_freeze_count()) == (True, 0)


def _without_year(title: str, note: str = "") -> pymarc.Record:
    """A record whose match key cannot be trusted: no year anywhere."""
    record = make_marc(title=title)
    record.remove_fields("264")
    record["008"].data = "260101s        vm " + " " * 17 + "vie d"
    if note:
        record.add_field(
            pymarc.Field(tag="500", indicators=[" ", " "], subfields=[pymarc.Subfield("a", note)])
        )
    return record


def test_records_without_a_year_come_back_once_and_differing_ones_are_added(tmp_path, province):
    """Without 001, ISBN or year only an identical record is a duplicate: imported again,
    the same records are skipped (in one look-up for the batch); a record with the same
    title but another note is a record of its own."""
    first = write_marc(tmp_path, "first.mrc", _without_year("Nhật ký"), _without_year("Thơ"))
    assert import_marc(first).counts["created"] == 2
    again = write_marc(
        tmp_path,
        "again.mrc",
        _without_year("Nhật ký"),
        _without_year("Thơ"),
        _without_year("Thơ", note="Bản in lần hai"),
    )
    counts = import_marc(again).counts
    assert (counts["created"], counts["skipped"]) == (1, 2)
    assert BibRecord.objects.filter(title="Thơ").count() == 2
