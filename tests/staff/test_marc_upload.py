"""Uploading a MARC file queues an import job for the worker; nothing is imported in the request."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from libnet.interop.models import JobStatus, MarcImportJob
from tests.factories import make_marc


def _marc_file(name="sach.mrc"):
    return SimpleUploadedFile(
        name, make_marc(title="Tắt đèn").as_marc(), content_type="application/marc"
    )


def test_lan_uploads_a_file_and_is_sent_to_the_queued_job(
    client, lan, province, settings, tmp_path
):
    settings.LIBNET_IMPORT_DIR = tmp_path
    client.force_login(lan.user)
    response = client.post(
        reverse("staff:imports"),
        {
            "file": _marc_file(),
            "library": province["provincial"].pk,
            "on_duplicate": "merge",
            "holdings": "952",
        },
    )
    job = MarcImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:import_job", args=[job.pk])
    assert job.status == JobStatus.QUEUED
    assert job.library == province["provincial"]
    assert job.options == {"on_duplicate": "merge", "holdings": "952"}
    assert job.original_name == "sach.mrc"
    page = client.get(response["Location"]).content.decode()
    assert "Đang chờ" in page
    assert 'hx-trigger="every 2s"' in page


def test_upload_into_a_library_without_catalog_permission_is_refused(
    client, minh, province, settings, tmp_path
):
    """Minh catalogues for the commune only: the provincial library is not a valid choice."""
    settings.LIBNET_IMPORT_DIR = tmp_path
    client.force_login(minh.user)
    response = client.post(
        reverse("staff:imports"),
        {
            "file": _marc_file(),
            "library": province["provincial"].pk,
            "on_duplicate": "skip",
            "holdings": "auto",
        },
    )
    assert response.status_code == 200
    assert not MarcImportJob.objects.exists()
    assert "Vui lòng sửa các mục sau" in response.content.decode()


def test_chi_who_does_not_catalogue_is_told_the_import_page_is_for_cataloguers(client, chi):
    client.force_login(chi.user)
    response = client.get(reverse("staff:imports"))
    page = response.content.decode()
    assert response.status_code == 403
    assert "Trang này dành cho cán bộ biên mục" in page
    assert 'type="file"' not in page


def test_a_text_file_uploaded_as_marc_fails_with_one_message_and_no_contradiction(
    client, lan, province, settings, tmp_path
):
    from libnet.interop import jobs

    settings.LIBNET_IMPORT_DIR = tmp_path
    client.force_login(lan.user)
    text = "Danh sách sách mới tháng 3\nTruyện Kiều; Nguyễn Du\n".encode()
    response = client.post(
        reverse("staff:imports"),
        {
            "file": SimpleUploadedFile("sach-moi.txt", text, content_type="text/plain"),
            "library": province["provincial"].pk,
            "on_duplicate": "skip",
            "holdings": "auto",
        },
    )
    jobs.run_pending_jobs()
    job = MarcImportJob.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert job.status == JobStatus.FAILED
    assert "Tệp này không phải MARC" in page
    assert page.count("Tệp này không phải MARC") == 1
    assert "Tất cả biểu ghi đều đọc được" not in page
    assert "Không nhập được gì từ tệp này." in page
    assert "Biểu ghi đã đọc" not in page


def test_a_csv_that_begins_with_digits_is_not_taken_for_iso2709(
    client, lan, province, settings, tmp_path
):
    from libnet.interop import jobs

    settings.LIBNET_IMPORT_DIR = tmp_path
    client.force_login(lan.user)
    csv = "12345678,Truyện Kiều,Nguyễn Du\n23456789,Số đỏ,Vũ Trọng Phụng\n".encode()
    response = client.post(
        reverse("staff:imports"),
        {
            "file": SimpleUploadedFile("sach.mrc", csv),
            "library": province["provincial"].pk,
            "on_duplicate": "skip",
            "holdings": "auto",
        },
    )
    jobs.run_pending_jobs()
    page = client.get(response["Location"]).content.decode()
    assert MarcImportJob.objects.get().status == JobStatus.FAILED
    assert "Tệp này không phải MARC" in page
    assert "thiếu ký tự kết thúc biểu ghi" not in page
