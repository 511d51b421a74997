"""The accession register downloaded from its page: Excel streamed, PDF at any size, the
long ones made by `libnet worker`, and nothing of another library."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from libnet.core import jobs
from libnet.core.models import AuditEntry, DocumentJob, DocumentJobStatus
from tests.factories import BibRecordFactory, ItemFactory

pytestmark = pytest.mark.django_db

LONG_NOTE = ("Sách do hội khuyến học tặng nhân Ngày Sách và Văn hóa đọc Việt Nam; bìa rách " * 15)[
    :1200
]


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _text(content: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(text.split())


def _copies(register, count: int, **fields):
    """`count` more copies of one title at the end of `register`."""
    bib = BibRecordFactory(title="Đất rừng phương Nam", authors="Đoàn Giỏi")
    first = register.items.count() + 1
    return [
        ItemFactory(
            bib=bib,
            home_library=register.library,
            register=register,
            accession_number=f"{register.prefix}.{n:06d}",
            accession_sequence=n,
            **fields,
        )
        for n in range(first, first + count)
    ]


def test_a_1200_character_note_no_longer_stops_the_register_pdf(client, minh, commune_register):
    """It made reportlab give up on the whole register (LayoutError, a 500)."""
    _copies(commune_register, 3, notes=LONG_NOTE)
    client.force_login(minh.user)
    response = client.get(reverse("staff:register_pdf", args=[commune_register.pk]))
    assert response.status_code == 200
    text = _text(response.content)
    assert "VV.000003" in text
    assert "…" in text  # the note is cut at the height of a cell
    assert "ỦY BAN NHÂN DÂN XÃ TÂN LẬP" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text


def test_the_register_excel_is_streamed_in_a_fixed_number_of_queries(
    client, minh, commune_register
):
    client.force_login(minh.user)
    url = reverse("staff:register_xlsx", args=[commune_register.pk])
    counts = []
    for copies in (3, 40):
        _copies(commune_register, copies)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            content = _body(response)
        assert response.streaming  # written while it is sent, not held whole in memory
        counts.append(len(queries))
    assert counts[0] == counts[1]
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    numbers = [row[1] for row in sheet.iter_rows(values_only=True) if str(row[1]).startswith("VV.")]
    assert len(numbers) == 43
    assert response["Content-Disposition"].startswith("attachment;")


def test_a_register_title_that_looks_like_a_formula_stays_text_in_excel(
    client, minh, commune_register
):
    bib = BibRecordFactory(title='=HYPERLINK("http://evil.example","Bấm")', authors="@Ai đó")
    ItemFactory(
        bib=bib,
        home_library=commune_register.library,
        register=commune_register,
        accession_number="VV.000001",
        accession_sequence=1,
        notes="-2+3",
    )
    client.force_login(minh.user)
    content = _body(client.get(reverse("staff:register_xlsx", args=[commune_register.pk])))
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert b"<f" not in archive.read("xl/worksheets/sheet1.xml")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    title = next(
        cell
        for row in sheet.iter_rows()
        for cell in row
        if cell.value and "HYPERLINK" in str(cell.value)
    )
    assert title.data_type == "s"
    assert title.quotePrefix


def test_a_register_prefix_in_vietnamese_names_the_file_in_utf8(client, minh, province):
    from tests.factories import RegisterFactory

    register = RegisterFactory(library=province["commune"], prefix="SĐK", name="Sổ địa chí")
    client.force_login(minh.user)
    for name in ("staff:register_xlsx", "staff:register_pdf"):
        response = client.get(reverse(name, args=[register.pk]))
        assert response.status_code == 200
        assert "filename*=utf-8''SL-TANLAP-S%C4%90K." in response["Content-Disposition"]


def test_a_long_register_pdf_is_made_in_the_background(
    client, minh, commune_register, settings, tmp_path
):
    settings.LIBNET_REGISTER_PDF_DIRECT_MAX = 5
    settings.LIBNET_EXPORT_DIR = tmp_path
    _copies(commune_register, 12, notes=LONG_NOTE)
    client.force_login(minh.user)
    page = client.get(reverse("staff:register_pdf", args=[commune_register.pk]))
    assert page.status_code == 200
    assert page["Content-Type"].startswith("text/html")  # an offer, not a minute of waiting
    assert reverse("staff:register_pdf_job", args=[commune_register.pk]) in page.content.decode()

    queued = client.post(reverse("staff:register_pdf_job", args=[commune_register.pk]))
    job = DocumentJob.objects.get()
    assert queued.status_code == 302
    assert queued["Location"] == reverse("staff:document_job", args=[job.pk])
    assert (job.status, job.total) == (DocumentJobStatus.QUEUED, 12)
    # A second click waits for the same document.
    client.post(reverse("staff:register_pdf_job", args=[commune_register.pk]))
    assert DocumentJob.objects.count() == 1
    waiting = client.get(reverse("staff:document_job_status", args=[job.pk])).content.decode()
    assert "hx-trigger" in waiting  # the page polls while the worker has not finished

    assert jobs.run_pending() == 1  # what `libnet worker` does
    job.refresh_from_db()
    assert (job.status, job.done) == (DocumentJobStatus.DONE, 12)
    status = client.get(reverse("staff:document_job_status", args=[job.pk])).content.decode()
    assert reverse("staff:document_download", args=[job.pk]) in status
    assert "hx-trigger" not in status
    download = client.get(reverse("staff:document_download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    text = _text(_body(download))
    assert "VV.000012" in text
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"document_job.enqueue", "document_job.finish"} <= actions


def test_a_document_that_fails_says_why_and_the_worker_goes_on(
    client, minh, commune_register, settings, tmp_path
):
    settings.LIBNET_EXPORT_DIR = tmp_path
    client.force_login(minh.user)
    broken = jobs.enqueue(
        kind="catalog.register_pdf",
        params={"register_id": 999_999},
        title="?",
        file_name="x.pdf",
        content_type="application/pdf",
        total=1,
        by=minh.user,
    )
    unknown = jobs.enqueue(
        kind="nothing.here",
        params={},
        title="?",
        file_name="y.pdf",
        content_type="application/pdf",
        total=1,
        by=minh.user,
    )
    assert jobs.run_pending() == 2
    broken.refresh_from_db()
    unknown.refresh_from_db()
    assert broken.status == unknown.status == DocumentJobStatus.FAILED
    assert broken.error
    assert "nothing.here" in unknown.error
    assert list(tmp_path.iterdir()) == []  # no half-written file left behind


def test_finished_documents_are_deleted_after_the_days_kept(
    minh, commune_register, settings, tmp_path
):
    import datetime as dt

    from libnet.core import clock

    settings.LIBNET_EXPORT_DIR = tmp_path
    settings.LIBNET_EXPORT_KEEP_DAYS = 7
    _copies(commune_register, 2)
    job = jobs.enqueue(
        kind="catalog.register_pdf",
        params={"register_id": commune_register.pk},
        title="VV",
        file_name="VV.pdf",
        content_type="application/pdf",
        total=2,
        by=minh.user,
    )
    jobs.run_pending()
    job.refresh_from_db()
    assert jobs.stored_file(job) is not None
    assert jobs.purge(now=clock.now() + dt.timedelta(days=6)) == 0
    assert jobs.purge(now=clock.now() + dt.timedelta(days=8)) == 1
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("get", "staff:register_xlsx"),
        ("get", "staff:register_pdf"),
        ("post", "staff:register_pdf_job"),
    ],
)
def test_an_cannot_export_the_commune_register(client, an, commune_register, method, name):
    _copies(commune_register, 2)
    client.force_login(an.user)
    response = getattr(client, method)(reverse(name, args=[commune_register.pk]))
    assert response.status_code == 404
    assert not DocumentJob.objects.exists()


@pytest.mark.parametrize(
    "name", ["staff:document_job", "staff:document_job_status", "staff:document_download"]
)
def test_a_document_is_only_for_the_person_who_asked_for_it(
    client, minh, an, lan, commune_register, settings, tmp_path, name
):
    """An (another library) and Lan (the province above, who did not ask) get 404."""
    settings.LIBNET_EXPORT_DIR = tmp_path
    _copies(commune_register, 2)
    job = jobs.enqueue(
        kind="catalog.register_pdf",
        params={"register_id": commune_register.pk},
        title="VV",
        file_name="VV.pdf",
        content_type="application/pdf",
        total=2,
        by=minh.user,
    )
    jobs.run_pending()
    url = reverse(name, args=[job.pk])
    for persona in (an, lan):
        client.force_login(persona.user)
        assert client.get(url).status_code == 404
    client.force_login(minh.user)
    assert client.get(url).status_code == 200
