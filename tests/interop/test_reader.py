"""The MARC reader: format and encoding sniffing, MARC-8 decoding, validation."""

from __future__ import annotations

import io
import unicodedata

import pytest

from libnet.interop.marc import reader
from tests.factories import make_marc


def _iso(record) -> bytes:
    return record.as_marc()


def test_sniff_tells_iso2709_from_marcxml_and_refuses_json():
    assert reader.sniff_format(_iso(make_marc())) == "iso2709"
    assert reader.sniff_format(b'\xef\xbb\xbf\n  <?xml version="1.0"?><collection/>') == "marcxml"
    with pytest.raises(reader.UnreadableFile):
        reader.sniff_format(b'{"leader": "x"}')
    with pytest.raises(reader.UnreadableFile):
        reader.sniff_format(b"")


def test_a_vietnamese_title_typed_in_nfd_is_stored_in_nfc():
    record = make_marc(title=unicodedata.normalize("NFD", "Truyện Kiều"))
    record.leader = record.leader[:9] + "a" + record.leader[10:]
    (read,) = reader.read_records(io.BytesIO(_iso(record)))
    assert read.record["245"]["a"] == "Truyện Kiều /"
    assert unicodedata.is_normalized("NFC", read.record["245"]["a"])


def test_utf8_bytes_are_read_as_utf8_even_when_the_leader_says_marc8():
    """FSL.marc's trap: leader/09 blank, bytes UTF-8. The stored leader says 'a'."""
    record = make_marc(title="Số đỏ")
    record.leader = record.leader[:9] + "a" + record.leader[10:]
    data = bytearray(_iso(record))
    data[9] = ord(" ")
    (read,) = reader.read_records(io.BytesIO(bytes(data)))
    assert read.record["245"]["a"] == "Số đỏ /"
    assert str(read.record.leader)[9] == "a"
    assert read.warnings == ["leader/09 ' ' says MARC-8 but the record is UTF-8: read as UTF-8"]
    assert read.received == bytes(data)


def test_marc8_decoding_matches_the_pymarc_golden_lines(shared_data):
    """Line N of test_marc8.txt decodes to line N of test_utf8.txt (after NFC)."""
    folder = shared_data / "marc" / "pymarc-testdata"
    marc8_lines = (folder / "test_marc8.txt").read_bytes().split(b"\n")
    utf8_lines = (folder / "test_utf8.txt").read_bytes().decode("utf-8").split("\n")
    assert len(marc8_lines) == len(utf8_lines) == 1516
    mismatches = [
        number
        for number, (marc8, expected) in enumerate(zip(marc8_lines, utf8_lines, strict=True), 1)
        if reader.decode_text(marc8, False, "line") != unicodedata.normalize("NFC", expected)
    ]
    assert mismatches == []


def test_invalid_utf8_names_the_field_and_subfield():
    with pytest.raises(reader.RecordInvalid, match=r"245 \$a"):
        reader.decode_text(b"\xff\xfe", True, "245 $a")


@pytest.mark.parametrize(
    ("leader", "reason"),
    [
        ("00000nzm a2200000 a 4500", "not a bibliographic record"),  # an authority record
        ("00000nqm a2200000 a 4500", "leader/06"),  # type of record q: no safe value
        ("00000naq a2200000 a 4500", "leader/07"),  # bibliographic level q: no safe value
    ],
)
def test_a_record_with_an_impossible_leader_is_refused_with_the_position(leader, reason):
    """What leader values are repaired instead: tests/interop/test_import_lenient.py."""
    record = make_marc()
    data = bytearray(_iso(record))
    data[5:12] = leader[5:12].encode()
    (read,) = reader.read_records(io.BytesIO(bytes(data)))
    assert read.record is None
    assert reason in read.error


def test_one_record_with_a_wrong_length_does_not_swallow_the_next():
    """The record ends at its terminator: a wrong length alone is a warning; with a field
    that then runs out of place, the record fails and says both."""
    first = bytearray(_iso(make_marc(title="Một")))
    first[0:5] = b"99999"
    broken = bytearray(_iso(make_marc(title="Ba")))
    broken[0:5] = b"%05d" % (len(broken) - 3)
    del broken[-4:-2]
    second = _iso(make_marc(title="Hai"))
    reads = list(reader.read_records(io.BytesIO(bytes(first) + bytes(broken) + second)))
    assert [r.record is not None for r in reads] == [True, False, True]
    assert reads[0].warnings == [
        f"the leader gives a length of 99999 bytes but the record has {len(first)}"
    ]
    assert reads[1].error.startswith("the leader gives a length of")
    assert reads[1].error.endswith("; field 650 runs past the end of the record")
    assert reads[2].offset == len(first) + len(broken)
    assert reads[2].record["245"]["a"] == "Hai /"
    assert reads[2].warnings == []


def test_marcxml_records_stream_with_their_numbers(shared_data):
    path = shared_data / "marc" / "evergreen" / "concerto" / "bibs_fre.xml"
    with path.open("rb") as stream:
        reads = list(reader.read_records(stream))
    assert len(reads) == 100
    assert all(r.record is not None for r in reads)
    assert [r.number for r in reads[:3]] == [1, 2, 3]


def test_the_fast_way_reads_every_shared_record_as_the_careful_way(shared_data):
    """The reader builds a UTF-8 field whole and without pymarc's checks; the careful way,
    subfield by subfield through pymarc.Field, gives the same record and the same notes."""
    compared = 0
    for path in sorted((shared_data / "marc").rglob("*")):
        if path.suffix not in (".mrc", ".marc", ".dat", ".bin"):
            continue
        data = path.read_bytes()
        for chunk in data.split(b"\x1d"):
            chunk = chunk.lstrip(b"\r\n\t ") + b"\x1d"
            outcomes = []
            for careful in (False, True):
                notes: list[str] = []
                try:
                    record = reader.parse_iso2709(chunk, notes=notes, careful=careful)
                except reader.RecordInvalid as error:
                    outcomes.append(("invalid", str(error)))
                else:
                    fields = [
                        (f.tag, f.control_field, f.data, f.indicators, f.subfields)
                        for f in record.fields
                    ]
                    outcomes.append((str(record.leader), fields, record.as_dict(), notes))
            assert outcomes[0] == outcomes[1], (path.name, outcomes)
            compared += 1
    assert compared > 3000
