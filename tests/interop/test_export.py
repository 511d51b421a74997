"""Lan exports the catalogue: valid MARCXML, one 852 per copy, and a lossless round trip."""

from __future__ import annotations

import io
from pathlib import Path

import pymarc
import pytest
import xmlschema

from libnet.catalog import marc
from libnet.catalog.models import BibRecord, Item
from libnet.interop.marc import reader
from tests.interop.helpers import catalogue_size, import_marc, run_command, with_852, write_marc

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def marcxml_schema(shared_data_dir: Path) -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(shared_data_dir / "schemas" / "MARC21slim.xsd"))


@pytest.fixture(scope="module")
def shared_data_dir() -> Path:
    from tests.conftest import SHARED_DATA

    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not available")
    return SHARED_DATA


def _snapshot() -> dict[str, tuple[dict, list[tuple[str, str, str, str]]]]:
    """Every record's stored MARC and its copies, keyed by control number + title."""
    # Two queries, not one per record: a snapshot of a thousand records took seconds.
    copies_of: dict[int, list[tuple[str, str, str, str]]] = {}
    for bib_id, *copy in Item.objects.values_list(
        "bib_id", "barcode", "home_library__code", "call_number", "accession_number"
    ):
        copies_of.setdefault(bib_id, []).append(tuple(copy))
    return {
        f"{pk}": (marc_json, sorted(copies_of.get(pk, [])))
        for pk, marc_json in BibRecord.objects.order_by("pk").values_list("pk", "marc_json")
    }


def _first_records(path: Path, count: int, tmp_path: Path) -> Path:
    """The first `count` records of an ISO 2709 file, as received (bytes cut at the record
    terminator): a slice of a real file keeps its encoding and its oddities."""
    records = path.read_bytes().split(b"\x1d")[:count]
    out = tmp_path / f"first-{count}-{path.name}"
    out.write_bytes(b"\x1d".join(records) + b"\x1d")
    return out


def _export(tmp_path: Path, name: str, file_format: str, *extra: str) -> Path:
    out = tmp_path / name
    run = run_command("export_marc", str(out), "--format", file_format, *extra)
    assert run.status == 0, run.stderr
    return out


def test_marcxml_export_with_copies_is_valid_against_marc21slim(
    shared_data_dir, marcxml_schema, province, tmp_path
):
    jazz = _first_records(shared_data_dir / "marc" / "evergreen" / "jazz_1k.mrc", 300, tmp_path)
    import_marc(jazz, holdings="949")
    out = _export(tmp_path, "jazz.xml", "marcxml", "--with-items")
    marcxml_schema.validate(str(out))
    records = [read.record for read in reader.read_records(out.open("rb"))]
    assert len(records) == BibRecord.objects.count()
    copies = [f for record in records for f in record.get_fields("852")]
    assert len(copies) == Item.objects.count()
    for copy in copies:
        assert copy.get_subfields("a")
        assert copy.get_subfields("p")
        assert copy.get_subfields("h") or not Item.objects.get(barcode=copy["p"]).call_number


def test_import_export_import_changes_nothing(shared_data_dir, province, tmp_path):
    evergreen = shared_data_dir / "marc" / "evergreen"
    import_marc(_first_records(evergreen / "jazz_1k.mrc", 300, tmp_path))
    for name in ("lul_fre_100.mrc", "nepali.marc"):
        import_marc(evergreen / name)
    before = _snapshot()
    size = catalogue_size()
    for file_format, name in (("iso2709", "all.mrc"), ("marcxml", "all.xml")):
        out = _export(tmp_path, name, file_format, "--with-items")
        run = import_marc(out, on_duplicate="skip")
        assert run.status == 0, run.stderr
        assert run.counts["created"] == 0
        assert run.counts["items_created"] == 0
        assert catalogue_size() == size
        assert _snapshot() == before


def test_replace_with_the_exported_file_keeps_every_record_identical(province, tmp_path):
    for number in range(1, 6):
        record = marc.record_from_json(
            marc.record_to_json(
                pymarc.Record(
                    leader="00000nam a2200000 a 4500",
                    fields=[
                        pymarc.Field(tag="001", data=f"SL{number:05d}"),
                        pymarc.Field(tag="003", data="VN-SL"),
                        pymarc.Field(
                            tag="245",
                            indicators=["1", "0"],
                            subfields=[pymarc.Subfield("a", f"Truyện Kiều tập {number} /")],
                        ),
                    ],
                )
            )
        )
        path = tmp_path / f"in{number}.mrc"
        record.leader = record.leader[:9] + "a" + record.leader[10:]
        path.write_bytes(record.as_marc())
        import_marc(path)
    before = _snapshot()
    out = _export(tmp_path, "out.mrc", "iso2709")
    run = import_marc(out, on_duplicate="replace")
    assert run.counts["created"] == 0
    assert run.counts["failed"] == 0
    assert _snapshot() == before


def test_two_exports_of_the_same_catalogue_are_byte_identical(shared_data_dir, province, tmp_path):
    import_marc(shared_data_dir / "marc" / "evergreen" / "lul_fre_100.mrc")
    first = _export(tmp_path, "a.xml", "marcxml", "--with-items").read_bytes()
    second = _export(tmp_path, "b.xml", "marcxml", "--with-items").read_bytes()
    assert first == second


def test_export_of_one_library_has_only_its_copies(province, tmp_path):
    from tests.factories import make_marc

    record = with_852(
        make_marc(title="Số đỏ", isbn="9786041000001"),
        ("SL-TVT", "TVT0001"),
        ("SL-TANLAP", "TL0001"),
    )
    path = write_marc(tmp_path, "in.mrc", record)
    run = import_marc(path, library_map=["SL-TANLAP=SL-TANLAP"])
    assert run.counts["items_created"] == 2, run.stderr
    out = _export(tmp_path, "tanlap.mrc", "iso2709", "--library", "SL-TANLAP", "--with-items")
    records = list(pymarc.MARCReader(io.BytesIO(out.read_bytes()), to_unicode=True))
    assert [f["p"] for f in records[0].get_fields("852")] == ["TL0001"]
    assert records[0]["245"]["a"].startswith("Số đỏ")


def test_export_to_an_unknown_library_or_unwritable_place_is_a_usage_error(province, tmp_path):
    assert (
        run_command(
            "export_marc", str(tmp_path / "x.mrc"), "--format", "iso2709", "--library", "NOPE"
        ).status
        == 2
    )
    assert run_command("export_marc", "/nonexistent/dir/x.mrc", "--format", "iso2709").status == 2
