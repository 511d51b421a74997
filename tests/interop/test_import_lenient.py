"""Intake that real exports survive: records with values out of the standard are imported,
repaired where a safe value exists, kept as received, and reported as warnings; only a record
whose structure or encoding cannot be read fails. Exit status counts failures only.
"""

from __future__ import annotations

import io
from pathlib import Path

import pymarc
import pytest
from django.urls import reverse

from libnet.catalog import marc
from libnet.catalog.models import BibRecord
from libnet.interop import jobs
from libnet.interop.models import ReceivedRecord
from tests.factories import make_marc
from tests.interop.helpers import import_marc, report_sections

pytestmark = pytest.mark.django_db

# ---------------------------------------------------------------- every shared file

# (records read, failed, warnings) of every file of ../shared/data/marc with a failure or a
# warning; every other file imports whole without either. "unreadable": not MARC (exit 2).
NOT_CLEAN: dict[str, tuple[int, int, int] | str] = {
    "evergreen/FSL.marc": (52, 0, 52),
    "evergreen/auth-1066.mrc": (1066, 1066, 0),
    "evergreen/auth-subset100.mrc": (17, 17, 0),
    "evergreen/badisbns.xml": (10, 0, 2),
    "evergreen/concerto/auth_concerto.xml": (72, 72, 0),
    "evergreen/concerto/auth_mesh.xml": (12, 12, 0),
    "evergreen/concerto/bibs_concerto.xml": (100, 0, 100),
    "evergreen/concerto/bibs_cze.xml": (7, 0, 4),
    "evergreen/concerto/bibs_etextbooks.xml": (7, 0, 6),
    "evergreen/concerto/bibs_fic.xml": (17, 0, 17),
    "evergreen/concerto/bibs_graphic_880.xml": (7, 0, 1),
    "evergreen/concerto/bibs_maps.xml": (3, 0, 3),
    "evergreen/hebrew.marc": (20, 1, 0),
    "evergreen/jazz_1k.mrc": (1000, 0, 5),
    "evergreen/map_data.mrc": (3, 0, 3),
    "evergreen/nepali.marc": (96, 0, 96),
    "evergreen/oss.marc": (42, 2, 22),
    "evergreen/serials_marc21.xml": (2, 1, 0),
    "evergreen/serials_mfhd.xml": (7, 7, 0),
    "malformed/e001_record_length_below_24.bin": (1, 0, 1),
    "malformed/e001_record_length_non_digit.bin": "unreadable",
    "malformed/e002_indicator_count_non_digit.bin": (1, 0, 1),
    "malformed/e002_indicator_count_not_two.bin": (1, 0, 1),
    "malformed/e002_invalid_bibliographic_level.bin": (1, 1, 0),
    "malformed/e002_invalid_cataloging_form.bin": (1, 0, 1),
    "malformed/e002_invalid_character_coding.bin": (1, 0, 1),
    "malformed/e002_invalid_control_record_type.bin": (1, 0, 1),
    "malformed/e002_invalid_encoding_level.bin": (1, 0, 1),
    "malformed/e002_invalid_multipart_level.bin": (1, 0, 1),
    "malformed/e002_invalid_record_status.bin": (1, 0, 1),
    "malformed/e002_invalid_record_type.bin": (1, 1, 0),
    "malformed/e002_subfield_code_count_not_two.bin": (1, 0, 1),
    "malformed/e003_base_address_below_24.bin": (1, 1, 0),
    "malformed/e003_base_address_non_digit.bin": (1, 1, 0),
    "malformed/e004_base_address_past_record.bin": (1, 1, 0),
    "malformed/e005_truncated_record.bin": (1, 1, 0),
    "malformed/e006_no_record_terminator.bin": (1, 1, 0),
    "malformed/e101_directory_no_terminator.bin": (1, 1, 0),
    "malformed/e101_directory_non_digit_length.bin": (1, 1, 0),
    "malformed/e101_directory_non_digit_start.bin": (1, 1, 0),
    "malformed/e101_non_ascii_tag.bin": (1, 1, 0),
    "malformed/e106_authority_field_too_short.bin": (1, 1, 0),
    "malformed/e106_expected_subfield_delimiter.bin": (1, 1, 0),
    "malformed/e106_field_length_past_data.bin": (1, 1, 0),
    "malformed/e106_recovery_invalid_field.bin": (1, 1, 0),
    "malformed/e201_bad_indicator.bin": (1, 0, 1),
    "malformed/e201_per_tag_indicator_245.bin": (1, 0, 1),
    "malformed/e202_non_printable_subfield_code.bin": (1, 1, 0),
    "malformed/e301_invalid_utf8_in_authority_control_field.bin": (1, 1, 0),
    "malformed/e301_invalid_utf8_in_control_field.bin": (1, 1, 0),
    "malformed/e301_invalid_utf8_in_subfield.bin": (1, 1, 0),
    "malformed/e401_bad_char_reference.xml": (1, 1, 0),
    "malformed/e401_malformed_marcxml.xml": (1, 1, 0),
    "malformed/e401_no_record_element.xml": "unreadable",
    "malformed/e401_unexpected_eof_in_subfield.xml": (1, 1, 0),
    "malformed/e402_malformed_marcjson.json": "unreadable",
    "openlibrary-edge-cases/bin_input/0descriptionofta1682unit_meta.mrc": (1, 0, 1),
    "openlibrary-edge-cases/bin_input/13dipolarcycload00burk_meta.mrc": (1, 0, 1),
    "openlibrary-edge-cases/bin_input/1733mmoiresdel00vill_meta.mrc": (1, 0, 1),
    "openlibrary-edge-cases/bin_input/collingswood_520aa.mrc": (1, 0, 1),
    "openlibrary-edge-cases/bin_input/collingswood_bad_008.mrc": (1, 0, 1),
    "openlibrary-edge-cases/bin_input/dasrmischepriv00rein_meta.mrc": (1, 1, 0),
    "openlibrary-edge-cases/bin_input/engineercorpsofh00sher_meta.mrc": (1, 0, 1),
    "openlibrary-edge-cases/bin_input/flatlandromanceo00abbouoft_meta.mrc": (1, 0, 1),
    "openlibrary-edge-cases/bin_input/henrywardbeecher00robauoft_meta.mrc": (1, 0, 1),
    "openlibrary-edge-cases/bin_input/ithaca_two_856u.mrc": (1, 0, 1),
    "openlibrary-edge-cases/bin_input/lesabndioeinas00sche_meta.mrc": (1, 1, 0),
    "openlibrary-edge-cases/bin_input/lincolncentenary00horn_meta.mrc": (1, 0, 1),
    "openlibrary-edge-cases/bin_input/livrodostermosh00bragoog_meta.mrc": (1, 0, 1),
    "openlibrary-edge-cases/bin_input/mytwocountries1954asto_meta.mrc": (1, 1, 0),
    "openlibrary-edge-cases/bin_input/new_poganucpeoplethe00stowuoft_meta.mrc": (1, 1, 0),
    "openlibrary-edge-cases/bin_input/poganucpeoplethe00stowuoft_meta.mrc": (1, 1, 0),
    "openlibrary-edge-cases/bin_input/scrapbooksofmoun03tupp_meta.mrc": (1, 1, 0),
    "openlibrary-edge-cases/bin_input/talis_740.mrc": (1, 1, 0),
    "openlibrary-edge-cases/bin_input/talis_empty_245.mrc": (1, 1, 0),
    "openlibrary-edge-cases/bin_input/talis_multi_work_tiles.mrc": (1, 1, 0),
    "openlibrary-edge-cases/bin_input/talis_no_title.mrc": (1, 1, 0),
    "openlibrary-edge-cases/bin_input/talis_no_title2.mrc": (1, 1, 0),
    "openlibrary-edge-cases/bin_input/upei_short_008.mrc": (1, 1, 0),
    "openlibrary-edge-cases/bin_input/wrapped_lines.mrc": (1, 1, 0),
    "openlibrary-edge-cases/bin_input/zweibchersatir01horauoft_meta.mrc": (1, 0, 1),
    "openlibrary-edge-cases/xml_input/0descriptionofta1682unit_marc.xml": (1, 0, 1),
    "openlibrary-edge-cases/xml_input/13dipolarcycload00burk_marc.xml": (1, 0, 1),
    "openlibrary-edge-cases/xml_input/1733mmoiresdel00vill_marc.xml": (1, 0, 1),
    "openlibrary-edge-cases/xml_input/39002054008678_yale_edu_marc.xml": (1, 0, 1),
    "openlibrary-edge-cases/xml_input/abhandlungender01ggoog_marc.xml": (1, 0, 1),
    "openlibrary-edge-cases/xml_input/dasrmischepriv00rein_marc.xml": (1, 0, 1),
    "openlibrary-edge-cases/xml_input/flatlandromanceo00abbouoft_marc.xml": (1, 0, 1),
    "openlibrary-edge-cases/xml_input/lesabndioeinas00sche_marc.xml": (1, 1, 0),
    "openlibrary-edge-cases/xml_input/lincolncentenary00horn_marc.xml": (1, 0, 1),
    "openlibrary-edge-cases/xml_input/livrodostermosh00bragoog_marc.xml": (1, 0, 1),
    "openlibrary-edge-cases/xml_input/mytwocountries1954asto_marc.xml": (1, 0, 1),
    "openlibrary-edge-cases/xml_input/nybc200247_marc.xml": (1, 0, 1),
    "openlibrary-edge-cases/xml_input/scrapbooksofmoun03tupp_marc.xml": (1, 1, 0),
    "openlibrary-edge-cases/xml_input/soilsurveyrepor00statgoog_marc.xml": (1, 0, 1),
    "openlibrary-edge-cases/xml_input/zweibchersatir01horauoft_marc.xml": (1, 0, 1),
    "pymarc-testdata/1251.dat": (6, 6, 0),
    "pymarc-testdata/bad_eacc_encoding.dat": (1, 1, 0),
    "pymarc-testdata/bad_indicator.dat": (1, 1, 0),
    "pymarc-testdata/bad_marc8_escape.dat": (1, 1, 0),
    "pymarc-testdata/bad_records.mrc": (8, 8, 0),
    "pymarc-testdata/bad_subfield_code.dat": (1, 1, 0),
    "pymarc-testdata/bad_tag.xml": (1, 1, 0),
    "pymarc-testdata/batch.json": "unreadable",
    "pymarc-testdata/one.json": "unreadable",
    "pymarc-testdata/test.json": "unreadable",
    "pymarc-testdata/testunimarc.dat": (1, 1, 0),
    "pymarc-testdata/utf8_invalid.mrc": (1, 1, 0),
    "pymarc-testdata/utf8_without_leader_flag.dat": (1, 0, 1),
}
ALL_CLEAN_FILES = 72


def _shared_files() -> list[str]:
    folder = Path(__file__).resolve().parents[3] / "shared" / "data" / "marc"
    if not folder.is_dir():
        return []
    return sorted(
        str(path.relative_to(folder))
        for path in folder.rglob("*")
        if path.is_file() and path.suffix not in (".md", ".txt") and path.name != "LICENSE"
    )


SHARED_FILES = _shared_files()


def test_the_table_names_only_files_that_exist(shared_data):
    assert set(NOT_CLEAN) <= set(SHARED_FILES)
    assert len(SHARED_FILES) - len(NOT_CLEAN) == ALL_CLEAN_FILES


@pytest.mark.parametrize("relative_path", SHARED_FILES or ["(../shared absent)"])
def test_every_shared_file_imports_with_exact_failures_and_warnings(
    shared_data, province, tmp_path, relative_path
):
    expected = NOT_CLEAN.get(relative_path)
    report = tmp_path / "report.txt"
    run = import_marc(shared_data / "marc" / relative_path, report=str(report))
    assert "Traceback" not in run.stderr
    if expected == "unreadable":
        assert run.status == 2
        assert BibRecord.objects.count() == 0
        return
    failures, warnings = report_sections(report)
    counts = run.counts
    if expected is None:
        assert (counts["failed"], counts["warnings"]) == (0, 0)
    else:
        assert (counts["records_read"], counts["failed"], counts["warnings"]) == expected
    assert run.status == (1 if counts["failed"] or counts["refused"] else 0)
    assert len(failures) == counts["failed"] + counts["items_failed"]
    assert len(warnings) == counts["warnings"]
    assert all(" @ byte " in line and "(001 " in line for line in failures + warnings)
    # Every record created with repairs is kept as received beside it (a duplicate skipped
    # is warned about too, but nothing of it is kept).
    repaired = sum("repaired on reading" in line for line in warnings)
    kept = ReceivedRecord.objects.count()
    assert kept == repaired if counts["skipped"] == 0 else kept <= repaired
    assert not ReceivedRecord.objects.filter(repairs="").exists()
    assert BibRecord.objects.count() == counts["created"]


# ---------------------------------------------------------------- each defect, built here


def _set_leader(data: bytes, position: int, value: bytes) -> bytes:
    return data[:position] + value + data[position + len(value) :]


def _record(number: int, title: str = "Số đỏ") -> pymarc.Record:
    return make_marc(title=f"{title} {number}", control_number=f"LENIENT{number:02d}")


def _utf8(record: pymarc.Record) -> bytes:
    record.leader = pymarc.Leader(str(record.leader)[:9] + "a" + str(record.leader)[10:])
    return bytes(record.as_marc())


def _with_field(record: pymarc.Record, marc_field: pymarc.Field) -> pymarc.Record:
    record.add_ordered_field(marc_field)
    return record


def _marc8_lying_record() -> bytes:
    """A MARC-8 record (é as the combining acute 0xE2 before the e) whose leader says UTF-8."""
    record = pymarc.Record(force_utf8=True)
    record.leader = pymarc.Leader("00000nam a2200000 a 4500")
    record.add_field(pymarc.Field(tag="001", data="LENIENT04"))
    record.add_field(
        pymarc.Field(
            tag="245", indicators=["1", "0"], subfields=[pymarc.Subfield("a", "Cafxe de Paris")]
        )
    )
    return _utf8(record).replace(b"Cafxe", b"Caf\xe2e")  # same length: the lengths stay true


def _defects() -> list[tuple[str, bytes, str]]:
    """(what, the record's bytes, the repair the warning names) — one record per defect."""
    clean = _utf8(_record(1))
    short, long = _record(7), _record(8)
    short["008"].data = short["008"].data[:38]
    long["008"].data += "  "
    return [
        ("clean", clean, ""),
        (
            "blank leader/05",
            _set_leader(_utf8(_record(2)), 5, b" "),
            "leader/05 ' ' replaced by 'n'",
        ),
        (
            "x in leader/18",
            _set_leader(_utf8(_record(3)), 18, b"x"),
            "leader/18 'x' replaced by 'u'",
        ),
        (
            "leader/09 says UTF-8 over MARC-8",
            _marc8_lying_record(),
            "leader/09 says UTF-8 but the record is MARC-8",
        ),
        (
            "leader/09 says MARC-8 over UTF-8",
            _set_leader(_utf8(_record(5)), 9, b" "),
            "leader/09 ' ' says MARC-8 but the record is UTF-8",
        ),
        (
            "leader/17 and /19 letters",
            _set_leader(_set_leader(_utf8(_record(6)), 17, b"k"), 19, b"q"),
            "leader/17 'k' replaced by 'u'; leader/19 'q' replaced by ' '",
        ),
        ("008 too short", _utf8(short), "008 had 38 characters, padded to 40 with '|'"),
        ("008 too long", _utf8(long), "008 had 42 characters, cut to 40 (dropped: '  ')"),
        (
            "letter indicators",
            _utf8(
                _with_field(
                    _record(9),
                    pymarc.Field(
                        tag="650",
                        indicators=pymarc.Indicators("A", "x"),
                        subfields=[pymarc.Subfield("a", "Nông nghiệp")],
                    ),
                )
            ),
            "field 650: indicators 'Ax' replaced by '  '",
        ),
        (
            "empty subfields",
            _utf8(
                _with_field(
                    _record(10),
                    pymarc.Field(
                        tag="500",
                        indicators=pymarc.Indicators(" ", " "),
                        subfields=[pymarc.Subfield("a", "Có minh hoạ"), pymarc.Subfield("b", "")],
                    ),
                )
            ),
            "field 500: empty subfield $b dropped",
        ),
        (
            "a leader whose length lies",
            _set_leader(_utf8(_record(11)), 0, b"99999"),
            "the leader gives a length of 99999 bytes",
        ),
    ]


def _broken(number: int) -> bytes:
    """A record whose last field has lost its terminator: its structure cannot be read."""
    data = _utf8(_record(number))
    return data[:-2] + b"!" + data[-1:]


def test_each_defect_imports_with_one_warning_the_repaired_record_and_the_bytes_as_received(
    province, tmp_path
):
    defects = _defects()
    broken = _broken(12)
    path = tmp_path / "koha-export.mrc"
    path.write_bytes(b"".join(data for _what, data, _repair in defects) + broken)
    report = tmp_path / "report.txt"

    run = import_marc(path, report=str(report))

    assert run.status == 1  # the one broken record; the warnings alone leave it 0
    assert run.counts["records_read"] == len(defects) + 1
    assert (run.counts["created"], run.counts["failed"]) == (len(defects), 1)
    assert run.counts["warnings"] == len(defects) - 1
    failures, warnings = report_sections(report)
    assert failures == [
        f"koha-export.mrc: record {len(defects) + 1} @ byte {path.stat().st_size - len(broken)} "
        "(001 LENIENT12): field 650 does not end with a field terminator"
    ]
    offset = 0
    for number, (what, data, repair) in enumerate(defects, 1):
        if repair:
            (line,) = [line for line in warnings if f"(001 LENIENT{number:02d})" in line]
            assert line.startswith(f"koha-export.mrc: record {number} @ byte {offset} "), what
            assert repair in line, what
        offset += len(data)
    kept = {
        received.bib.control_number: bytes(received.received)
        for received in ReceivedRecord.objects.select_related("bib")
    }
    assert kept == {
        f"LENIENT{number:02d}": data
        for number, (_what, data, repair) in enumerate(defects, 1)
        if repair
    }
    leaders = {
        bib.control_number: str(marc.record_from_json(bib.marc_json).leader)
        for bib in BibRecord.objects.all()
    }
    assert leaders["LENIENT02"][5] == "n"
    assert leaders["LENIENT03"][18] == "u"
    assert (leaders["LENIENT06"][17], leaders["LENIENT06"][19]) == ("u", " ")
    assert all(leader[9] == "a" and leader.endswith("4500") for leader in leaders.values())
    assert BibRecord.objects.get(control_number="LENIENT04").title == "Café de Paris"
    assert BibRecord.objects.get(control_number="LENIENT05").title.startswith("Số đỏ 5")


def test_the_same_record_in_marcxml_is_repaired_alike(province, tmp_path):
    path = tmp_path / "libol.xml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<collection xmlns="http://www.loc.gov/MARC21/slim"><record>'
        "<leader>00000 am a2200000 x 450 </leader>"
        '<controlfield tag="001">LIBOL01</controlfield>'
        '<controlfield tag="008">260101s2020    vm                  vie</controlfield>'
        '<datafield tag="245" ind1="9" ind2="0"><subfield code="a">Truyện Kiều</subfield>'
        '<subfield code="c"></subfield></datafield>'
        '<datafield tag="650" ind1="B" ind2="7"><subfield code="a">Thơ</subfield></datafield>'
        '<datafield tag="500" ind1=" " ind2=" "><subfield code="a"></subfield></datafield>'
        "</record></collection>",
        encoding="utf-8",
    )
    run = import_marc(path)
    assert (run.status, run.counts["created"], run.counts["warnings"]) == (0, 1, 1)
    assert (
        "record 1 @ byte 0 (001 LIBOL01): repaired on reading: "
        "field 245: empty subfield $c dropped; field 245: indicators '90' replaced by ' 0'; "
        "field 650: indicators 'B7' replaced by ' 7'; field 500: empty subfield $a dropped; "
        "field 500 has no data, dropped; leader/05 ' ' replaced by 'n'; "
        "leader/18 'x' replaced by 'u'; leader/20-23 '450 ' replaced by '4500'; "
        "008 had 38 characters, padded to 40 with '|'"
    ) in run.stderr
    bib = BibRecord.objects.get()
    record = marc.record_from_json(bib.marc_json)
    assert str(record.leader)[5] == "n"
    assert record["008"].data.endswith("vie||")
    assert record.get("500") is None
    received = ReceivedRecord.objects.get(bib=bib)
    assert b'ind1="B"' in bytes(received.received)
    assert received.repairs.count("\n") == 8


def test_a_file_with_only_warnings_exits_0_and_says_how_many(province, tmp_path):
    path = tmp_path / "kipos.mrc"
    path.write_bytes(_set_leader(_utf8(_record(1)), 5, b" "))
    run = import_marc(path)
    assert (run.status, run.counts["warnings"], run.counts["failed"]) == (0, 1, 0)
    assert "warning: kipos.mrc: record 1 @ byte 0 (001 LENIENT01)" in run.stderr


# ---------------------------------------------------------------- the upload page


def test_the_job_page_shows_failures_and_warnings_apart(client, lan, settings, tmp_path):
    settings.LIBNET_IMPORT_DIR = tmp_path
    warned = _set_leader(_utf8(_record(1)), 18, b"x")
    with io.BytesIO(warned + _broken(2)) as uploaded:
        job = jobs.enqueue_import(
            library=lan.library, uploaded=uploaded, original_name="koha.mrc", by=lan.user
        )
    job = jobs.run_job(job)
    assert (job.counts["failed"], job.counts["warnings"]) == (1, 1)
    assert "record 2 @ byte" in job.report
    assert "LENIENT01" not in job.report
    assert "record 1 @ byte 0 (001 LENIENT01)" in job.warnings_report
    client.force_login(lan.user)
    page = client.get(reverse("staff:import_job", args=[job.pk])).content.decode()
    failures = page[page.index('id="report-failures"') :]
    warnings = page[page.index('id="report-warnings"') :]
    assert "LENIENT02" in failures.split("</pre>")[0]
    assert "LENIENT01" in warnings.split("</pre>")[0]
    assert "leader/18 &#x27;x&#x27; replaced by &#x27;u&#x27;" in warnings.split("</pre>")[0]
    assert page.index('id="report-failures"') < page.index('id="report-warnings"')
    listing = client.get(reverse("staff:imports")).content.decode()
    row = listing[listing.index("koha.mrc") :].split("</tr>")[0]
    assert '<td class="num" data-label="Lỗi">1</td>' in row
    assert '<td class="num" data-label="Cảnh báo">1</td>' in row
