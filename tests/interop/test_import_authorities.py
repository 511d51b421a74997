"""Authority files imported with the streaming reader: counts per real file, the report, the
headings of the catalogue linked afterwards, and who may import."""

from __future__ import annotations

import pymarc
import pytest

from libnet.catalog import authority_marc
from libnet.catalog.models import Authority, AuthorityKind, HeadingLink
from libnet.catalog.services import create_record
from libnet.search import engine
from tests.factories import make_marc
from tests.interop.helpers import run_command, write_marc

pytestmark = pytest.mark.django_db

EVERGREEN = ("marc", "evergreen")


def import_authorities(*files, **options):
    return run_command("import_authorities", *[str(f) for f in files], json=True, **options)


def authority(
    heading: str, *variants: str, tag: str = "100", control_number: str = ""
) -> pymarc.Record:
    record = pymarc.Record(force_utf8=True)
    record.leader = pymarc.Leader(authority_marc.LEADER)
    if control_number:
        record.add_field(pymarc.Field(tag="001", data=control_number))
        record.add_field(pymarc.Field(tag="003", data="VN-SLTVT"))
    record.add_field(
        pymarc.Field(
            tag=tag,
            indicators=pymarc.Indicators("1", " "),
            subfields=[pymarc.Subfield("a", heading)],
        )
    )
    for variant in variants:
        record.add_field(
            pymarc.Field(
                tag="4" + tag[1:],
                indicators=pymarc.Indicators("1", " "),
                subfields=[pymarc.Subfield("a", variant)],
            )
        )
    return record


@pytest.mark.parametrize(
    ("relative_path", "counts"),
    [
        # 17 LC personal names (ISO 2709, UTF-8).
        (
            "auth-subset100.mrc",
            {"records_read": 17, "created": 17, "updated": 0, "skipped": 0, "failed": 0},
        ),
        # 72 names and name/titles (MARCXML): Handel's name four times, his Messiah twice and
        # the London Symphony Orchestra twice, under different 001s: 67 headings.
        (
            "concerto/auth_concerto.xml",
            {"records_read": 72, "created": 67, "updated": 0, "skipped": 5, "failed": 0},
        ),
        # 12 MeSH topical terms (150 with 450 variants).
        (
            "concerto/auth_mesh.xml",
            {"records_read": 12, "created": 12, "updated": 0, "skipped": 0, "failed": 0},
        ),
        # The IISH file heads every record with a local 103: no heading libnet controls.
        (
            "auth-1066.mrc",
            {"records_read": 1066, "created": 0, "updated": 0, "skipped": 0, "failed": 1066},
        ),
    ],
)
def test_real_authority_files_import_with_exact_counts(
    shared_data, province, tmp_path, relative_path, counts
):
    report = tmp_path / "report.txt"
    run = import_authorities(shared_data.joinpath(*EVERGREEN, relative_path), report=str(report))
    got = {name: run.counts[name] for name in counts}
    assert got == counts
    assert run.status == (1 if counts["failed"] else 0)
    assert Authority.objects.count() == counts["created"]
    lines = report.read_text(encoding="utf-8").splitlines()
    assert len(lines) == counts["failed"] + counts["skipped"]
    assert all(" @ byte " in line and "(001 " in line for line in lines)


def test_mesh_variants_are_kept_as_variant_forms(shared_data, province):
    import_authorities(shared_data.joinpath(*EVERGREEN, "concerto/auth_mesh.xml"))
    assert set(Authority.objects.values_list("kind", flat=True)) == {AuthorityKind.SUBJECT}
    assert Authority.objects.filter(names__role="variant").exists()


def test_a_bibliographic_file_is_refused_record_by_record(shared_data, province):
    run = import_authorities(shared_data.joinpath(*EVERGREEN, "sample_acq_order.mrc"))
    assert run.status == 1
    assert run.counts["failed"] == run.counts["records_read"] == 10
    assert "leader/06" in run.stderr
    assert not Authority.objects.exists()


def test_imported_names_are_headed_in_direct_order_and_link_the_catalogue(lan, province, tmp_path):
    """An LC-style "Nguyễn, Du" becomes the heading Nguyễn Du; the books catalogued under
    either form, before the import, are linked and found by the variant."""
    kieu = create_record(
        marc_record=make_marc(title="Truyện Kiều", author="Nguyễn Du"), by=lan.user
    )
    path = write_marc(
        tmp_path,
        "names.mrc",
        authority("Nguyễn, Du", "Tố Như", control_number="A1"),
        authority("Văn học Việt Nam", "Vietnamese literature", tag="150", control_number="A2"),
    )
    run = import_authorities(path)
    assert run.status == 0, run.stderr
    assert run.counts["created"] == 2
    nguyen_du = Authority.objects.get(kind=AuthorityKind.PERSONAL)
    assert nguyen_du.heading == "Nguyễn Du"
    assert sorted(nguyen_du.names.values_list("form", flat=True)) == [
        "Nguyễn Du",
        "Nguyễn, Du",
        "Tố Như",
    ]
    assert set(HeadingLink.objects.filter(bib=kieu).values_list("tag", flat=True)) == {"100", "650"}
    assert run.counts["links"] == 2
    hits = engine.search(engine.SearchRequest(q="Tố Như")).hits
    assert [hit.title for hit in hits] == ["Truyện Kiều"]
    hits = engine.search(engine.SearchRequest(q="subject:vietnamese literature")).hits
    assert [hit.title for hit in hits] == ["Truyện Kiều"]


def test_a_known_control_number_updates_its_authority_and_its_records_words(
    lan, province, tmp_path
):
    create_record(marc_record=make_marc(title="Dế Mèn phiêu lưu ký", author="Tô Hoài"), by=lan.user)
    import_authorities(write_marc(tmp_path, "a.mrc", authority("Tô Hoài", control_number="A1")))
    assert engine.search(engine.SearchRequest(q="Nguyễn Sen")).hits == []
    run = import_authorities(
        write_marc(tmp_path, "b.mrc", authority("Tô Hoài", "Nguyễn Sen", control_number="A1"))
    )
    assert (run.counts["created"], run.counts["updated"]) == (0, 1)
    assert Authority.objects.get().names.filter(form="Nguyễn Sen").exists()
    hits = engine.search(engine.SearchRequest(q="Nguyễn Sen")).hits
    assert [hit.title for hit in hits] == ["Dế Mèn phiêu lưu ký"]


def test_a_library_other_than_the_provincial_one_may_not_import(province, tmp_path):
    run = import_authorities(
        write_marc(tmp_path, "a.mrc", authority("Tô Hoài")), library="SL-TANLAP"
    )
    assert run.status == 2
    assert "provincial" in run.stderr or "tỉnh" in run.stderr
    assert not Authority.objects.exists()
