"""Authority records: Vietnamese names, links from the records' headings, search by a variant
form, renaming a heading in every record, and who may write them."""

from __future__ import annotations

import pymarc
import pytest

from libnet.catalog import authority_marc, marc
from libnet.catalog.authority_marc import AuthorityForm
from libnet.catalog.errors import AuthorityRefused, CatalogForbidden
from libnet.catalog.models import (
    Authority,
    AuthorityKind,
    AuthorityNameRole,
    BibRecord,
    HeadingLink,
)
from libnet.catalog.services import authorities, create_record
from libnet.core.models import AuditEntry
from libnet.search import engine
from tests.factories import make_marc

pytestmark = pytest.mark.django_db


def search(query: str) -> list[str]:
    result = engine.search(engine.SearchRequest(q=query, page_size=50))
    return sorted(hit.title for hit in result.hits)


def person(lan, heading: str, *, variants=(), identities=()) -> Authority:
    return authorities.create_authority(
        form=AuthorityForm(
            kind=AuthorityKind.PERSONAL,
            heading=heading,
            variants=tuple(variants),
            identities=tuple(identities),
        ),
        by=lan.user,
    )


def book(lan, title: str, author: str, subjects=("Văn học Việt Nam",)) -> BibRecord:
    return create_record(
        marc_record=make_marc(title=title, author=author, subjects=subjects),
        by=lan.user,
        library=lan.library,
    )


def test_a_vietnamese_name_is_headed_in_direct_order_with_its_inverted_form_as_a_variant(lan):
    nguyen_du = person(lan, "Nguyễn Du")
    record = marc.record_from_json(nguyen_du.marc_json)
    assert record.leader[6] == "z"
    assert record["100"]["a"] == "Nguyễn Du"
    assert record["100"].indicator1 == "0"
    assert [f["a"] for f in record.get_fields("400")] == ["Nguyễn, Du"]
    assert list(nguyen_du.names.values_list("role", "form").order_by("pk")) == [
        (AuthorityNameRole.HEADING, "Nguyễn Du"),
        (AuthorityNameRole.VARIANT, "Nguyễn, Du"),
    ]


def test_an_imported_inverted_vietnamese_name_is_turned_to_direct_order():
    record = pymarc.Record(force_utf8=True)
    record.leader = pymarc.Leader(authority_marc.LEADER)
    record.add_field(
        pymarc.Field(
            tag="100",
            indicators=["1", " "],
            subfields=[pymarc.Subfield("a", "Nguyễn, Trãi,"), pymarc.Subfield("d", "1380-1442")],
        )
    )
    data = authority_marc.read_authority(record)
    assert data.heading.form == "Nguyễn Trãi 1380-1442"
    assert [v.form for v in data.variants] == ["Nguyễn, Trãi"]
    assert record["100"].indicator1 == "0"


def test_a_foreign_inverted_name_stays_as_it_came():
    assert authority_marc.direct_order("Girdlestone, Cuthbert Morton") is None
    assert authority_marc.direct_order("Hồ, Chí Minh") == "Hồ Chí Minh"


def test_records_are_linked_to_the_heading_on_save_and_kept_as_catalogued(lan):
    nguyen_du = person(lan, "Nguyễn Du")
    kieu = book(lan, "Truyện Kiều", "Nguyễn, Du")
    other = book(lan, "Số đỏ", "Vũ Trọng Phụng")
    assert list(HeadingLink.objects.filter(bib=kieu).values_list("authority_id", "tag")) == [
        (nguyen_du.pk, "100")
    ]
    assert not HeadingLink.objects.filter(bib=other).exists()
    kieu.refresh_from_db()
    assert kieu.authors == "Nguyễn, Du"


def test_records_catalogued_before_the_authority_are_linked_when_it_is_created(lan):
    kieu = book(lan, "Truyện Kiều", "Nguyễn Du")
    nguyen_du = person(lan, "Nguyễn Du")
    assert HeadingLink.objects.filter(bib=kieu, authority=nguyen_du).exists()


def test_a_search_for_a_variant_form_finds_the_records_of_the_heading(lan):
    book(lan, "Nhật ký trong tù", "Hồ Chí Minh")
    book(lan, "Số đỏ", "Vũ Trọng Phụng")
    assert search("Nguyễn Tất Thành") == []
    person(lan, "Hồ Chí Minh", variants=["Nguyễn Tất Thành"])
    assert search("Nguyễn Tất Thành") == ["Nhật ký trong tù"]
    assert search("nguyen tat thanh") == ["Nhật ký trong tù"]
    assert search("author:tat thanh") == ["Nhật ký trong tù"]
    # A record catalogued after the authority is found by the variant at once.
    book(lan, "Di chúc", "Hồ Chí Minh")
    assert search("Nguyễn Tất Thành") == ["Di chúc", "Nhật ký trong tù"]


def test_a_variant_added_later_is_searchable_in_the_records_already_linked(lan):
    book(lan, "Nhật ký trong tù", "Hồ Chí Minh")
    ho = person(lan, "Hồ Chí Minh")
    authorities.change_authority(
        authority=ho,
        form=AuthorityForm(kind=ho.kind, heading="Hồ Chí Minh", variants=("Nguyễn Sinh Cung",)),
        by=lan.user,
    )
    assert search("Nguyễn Sinh Cung") == ["Nhật ký trong tù"]


def test_pen_name_and_real_name_link_to_each_other(lan):
    to_hoai = person(lan, "Tô Hoài", identities=["Nguyễn Sen"])
    nguyen_sen = person(lan, "Nguyễn Sen")
    from libnet.catalog import authority_selectors

    assert [(r.heading, r.target) for r in authority_selectors.related(to_hoai)] == [
        ("Nguyễn Sen", nguyen_sen)
    ]
    assert [(r.heading, r.target) for r in authority_selectors.related(nguyen_sen)] == [
        ("Tô Hoài", to_hoai)
    ]
    record = marc.record_from_json(to_hoai.marc_json)
    assert record["500"]["a"] == "Nguyễn Sen"
    assert record["500"]["w"] == "r"


def test_renaming_a_heading_updates_its_records_in_one_audited_job(lan):
    kieu = book(lan, "Truyện Kiều", "Nguyễn Du")
    van_tieu = book(lan, "Văn chiêu hồn", "Nguyễn, Du")
    so_do = book(lan, "Số đỏ", "Vũ Trọng Phụng")
    nguyen_du = person(lan, "Nguyễn Du")
    changed = authorities.change_authority(
        authority=nguyen_du,
        form=AuthorityForm(kind=nguyen_du.kind, heading="Nguyễn Du (Tố Như)"),
        by=lan.user,
    )
    assert changed.renamed
    assert changed.records_changed == 2
    for bib in (kieu, van_tieu):
        bib.refresh_from_db()
        assert bib.authors == "Nguyễn Du (Tố Như)"
        assert marc.record_from_json(bib.marc_json)["100"]["a"] == "Nguyễn Du (Tố Như)"
    so_do.refresh_from_db()
    assert so_do.authors == "Vũ Trọng Phụng"
    # The old heading is a variant now: searching it still finds the records.
    nguyen_du.refresh_from_db()
    assert "Nguyễn Du" in nguyen_du.names.values_list("form", flat=True)
    assert search("Nguyễn Du") == ["Truyện Kiều", "Văn chiêu hồn"]
    assert search("Tố Như") == ["Truyện Kiều", "Văn chiêu hồn"]
    rename = AuditEntry.objects.get(action="authority.rename")
    assert rename.before["heading"] == "Nguyễn Du"
    assert rename.after["records_changed"] == 2
    assert AuditEntry.objects.filter(action="record.replace").count() == 2


def test_renaming_a_subject_keeps_the_subdivisions_of_the_records(lan):
    poems = book(lan, "Thơ", "Tố Hữu", subjects=("Thơ ca",))
    record = marc.record_from_json(poems.marc_json)
    record.add_field(
        pymarc.Field(
            tag="650",
            indicators=[" ", "7"],
            subfields=[pymarc.Subfield("a", "Thơ ca"), pymarc.Subfield("z", "Việt Nam")],
        )
    )
    from libnet.catalog.services import replace_record

    replace_record(bib=poems, marc_record=record, by=lan.user)
    subject = authorities.create_authority(
        form=AuthorityForm(kind=AuthorityKind.SUBJECT, heading="Thơ ca"), by=lan.user
    )
    authorities.change_authority(
        authority=subject, form=AuthorityForm(kind=subject.kind, heading="Thơ"), by=lan.user
    )
    poems.refresh_from_db()
    assert poems.subject_list == ["Thơ", "Thơ -- Việt Nam"]


def test_only_the_provincial_librarys_cataloguers_write_authorities(lan, minh):
    with pytest.raises(CatalogForbidden) as refused:
        person(minh, "Nguyễn Du")
    assert refused.value.code == "authority_provincial_only"
    nguyen_du = person(lan, "Nguyễn Du")
    with pytest.raises(CatalogForbidden):
        authorities.change_authority(
            authority=nguyen_du,
            form=AuthorityForm(kind=nguyen_du.kind, heading="Nguyễn Du 1765-1820"),
            by=minh.user,
        )
    nguyen_du.refresh_from_db()
    assert nguyen_du.heading == "Nguyễn Du"
    assert Authority.objects.count() == 1


def test_a_heading_is_one_authority_of_its_kind(lan):
    person(lan, "Hồ Chí Minh", variants=["Nguyễn Tất Thành"])
    with pytest.raises(AuthorityRefused) as refused:
        person(lan, "Hồ Chí Minh")
    assert refused.value.code == "duplicate_heading"
    with pytest.raises(AuthorityRefused) as refused:
        person(lan, "Nguyễn Tất Thành")
    assert refused.value.code == "heading_is_variant"
    with pytest.raises(AuthorityRefused) as refused:
        person(lan, "  ")
    assert refused.value.code == "no_heading"
    assert Authority.objects.count() == 1
