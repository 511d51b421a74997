"""A shared record is changed only by its creating library and the provincial cataloguers.

Records are the whole network's: Truyện Kiều, catalogued by the province, is held by many
libraries. A school that uploads its MARC file with "replace" must not retitle it for all.
"""

from __future__ import annotations

import pymarc
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from libnet.catalog import services
from libnet.catalog.errors import CatalogForbidden
from libnet.catalog.models import BibRecord, Item
from libnet.core.models import AuditEntry
from libnet.interop import jobs
from libnet.interop.models import MarcImportJob
from tests.factories import ItemFactory, make_marc


def _kieu(title="Truyện Kiều", subjects=("Văn học Việt Nam", "Truyện thơ")) -> pymarc.Record:
    return make_marc(
        title=title, author="Nguyễn Du", control_number="VN-KIEU", year=2015, subjects=subjects
    )


@pytest.fixture
def truyen_kieu(lan, province):
    """Truyện Kiều, catalogued by the provincial library, with copies at the province and
    the commune."""
    bib = services.create_record(marc_record=_kieu(), by=lan.user, library=province["provincial"])
    ItemFactory(bib=bib, home_library=province["provincial"])
    ItemFactory(bib=bib, home_library=province["commune"])
    return bib


def _with_copy(record: pymarc.Record, library_code: str, barcode: str) -> pymarc.Record:
    record.add_field(
        pymarc.Field(
            tag="852",
            indicators=[" ", " "],
            subfields=[pymarc.Subfield("a", library_code), pymarc.Subfield("p", barcode)],
        )
    )
    record.leader = record.leader[:9] + "a" + record.leader[10:]
    return record


def _upload_and_run(client, persona, library, record, on_duplicate, settings, tmp_path):
    """Upload `record` on the MARC import page, let the worker run it, return the job page."""
    settings.LIBNET_IMPORT_DIR = tmp_path
    client.force_login(persona.user)
    response = client.post(
        reverse("staff:imports"),
        {
            "file": SimpleUploadedFile("kieu.mrc", record.as_marc()),
            "library": library.pk,
            "on_duplicate": on_duplicate,
            "holdings": "auto",
        },
    )
    assert response.status_code == 302
    assert jobs.run_pending_jobs() == 1
    return client.get(response["Location"]).content.decode()


def test_a_school_librarian_cannot_retitle_a_network_record_by_uploading_it_with_replace(
    client, an, province, truyen_kieu, settings, tmp_path
):
    """Refused per record: kept as it was, said in the report, the school's copy still added."""
    retitled = _with_copy(_kieu(title="Truyện Kiều (bản của trường)"), "SL-THCS-TANLAP", "THCS01")
    page = _upload_and_run(client, an, province["school"], retitled, "replace", settings, tmp_path)
    truyen_kieu.refresh_from_db()
    assert truyen_kieu.title == "Truyện Kiều"
    assert not AuditEntry.objects.filter(action="record.replace").exists()
    job = MarcImportJob.objects.get()
    assert (job.counts["refused"], job.counts["updated"], job.counts["failed"]) == (1, 0, 0)
    assert "biểu ghi được giữ nguyên, không thay thế" in page
    assert "do Thư viện tỉnh Sông Lam biên mục" in page
    assert "Tất cả biểu ghi đều đọc được" not in page
    assert Item.objects.get(barcode="THCS01").bib == truyen_kieu
    opac = client.get(reverse("opac:record", args=[truyen_kieu.pk])).content.decode()
    assert "bản của trường" not in opac


def test_a_school_librarian_cannot_merge_fields_into_a_network_record(
    client, an, province, truyen_kieu, settings, tmp_path
):
    extra = _with_copy(_kieu(subjects=("Văn học trung đại",)), "SL-THCS-TANLAP", "THCS02")
    page = _upload_and_run(client, an, province["school"], extra, "merge", settings, tmp_path)
    truyen_kieu.refresh_from_db()
    assert "Văn học trung đại" not in truyen_kieu.subjects
    assert "biểu ghi được giữ nguyên, không gộp" in page
    assert MarcImportJob.objects.get().counts["refused"] == 1


def test_the_commune_may_replace_the_record_it_created_but_not_the_provinces(
    client, minh, province, truyen_kieu, settings, tmp_path
):
    own = services.create_record(
        marc_record=make_marc(title="Địa chí Tân Lập", control_number="VN-TL-1"),
        by=minh.user,
        library=province["commune"],
    )
    corrected = _with_copy(
        make_marc(title="Địa chí xã Tân Lập", control_number="VN-TL-1"), "SL-TANLAP", "TL9"
    )
    _upload_and_run(client, minh, province["commune"], corrected, "replace", settings, tmp_path)
    own.refresh_from_db()
    assert own.title == "Địa chí xã Tân Lập"
    _upload_and_run(
        client, minh, province["commune"], _kieu(title="Kiều"), "replace", settings, tmp_path
    )
    truyen_kieu.refresh_from_db()
    assert truyen_kieu.title == "Truyện Kiều"


def test_the_provincial_cataloguer_may_correct_a_record_a_school_created(
    client, lan, an, province, settings, tmp_path
):
    school_record = services.create_record(
        marc_record=make_marc(title="Sổ tay lớp 6", control_number="VN-THCS-1"),
        by=an.user,
        library=province["school"],
    )
    corrected = make_marc(title="Sổ tay học sinh lớp 6", control_number="VN-THCS-1")
    page = _upload_and_run(
        client, lan, province["provincial"], corrected, "replace", settings, tmp_path
    )
    school_record.refresh_from_db()
    assert school_record.title == "Sổ tay học sinh lớp 6"
    assert "Tất cả biểu ghi đều đọc được" in page


def test_the_service_refuses_a_school_librarian_who_deletes_a_network_record(
    an, province, truyen_kieu
):
    Item.objects.filter(bib=truyen_kieu).delete()
    with pytest.raises(CatalogForbidden) as refused:
        services.delete_record(bib=truyen_kieu, by=an.user, library=province["school"])
    assert refused.value.code == "record_of_another_library"
    assert BibRecord.objects.filter(pk=truyen_kieu.pk).exists()


def test_the_upload_form_says_what_replace_may_change(client, an):
    client.force_login(an.user)
    page = client.get(reverse("staff:imports")).content.decode()
    assert "chỉ sửa những biểu ghi do thư viện của bạn tạo" in page
