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
