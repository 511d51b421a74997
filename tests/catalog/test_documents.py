"""The accession register (XLSX, PDF) and spine/barcode labels, read back as a person would."""

from __future__ import annotations

import io
import shutil
import subprocess

import openpyxl
import pytest

from libnet.catalog import documents
from tests.factories import BibRecordFactory, ItemFactory, RegisterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def register_with_copies(province):
    register = RegisterFactory(library=province["commune"], prefix="VV", name="Sách tiếng Việt")
    bib = BibRecordFactory(title="Đất rừng phương Nam", authors="Đoàn Giỏi", year=2019)
    items = [
        ItemFactory(
            bib=bib,
            home_library=province["commune"],
            register=register,
            accession_number=f"VV.{n:06d}",
            accession_sequence=n,
            barcode=f"TANLAP{n:07d}",
            call_number="895.9223 Đ406G",
            price_vnd=68000,
        )
        for n in (1, 2, 3)
    ]
    return register, items


def _pdf_text(content: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils is not installed (make test installs it)")
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def _pdf_fonts(content: bytes, tmp_path) -> str:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdffonts", str(path)], check=True, capture_output=True, text=True
    ).stdout


def test_register_workbook_has_one_row_per_copy_in_accession_order(register_with_copies):
    register, items = register_with_copies
    workbook = openpyxl.load_workbook(io.BytesIO(documents.register_workbook(register, items)))
    sheet = workbook.active
    values = [
        [cell for cell in row if cell is not None] for row in sheet.iter_rows(values_only=True)
    ]
    flat = [str(cell) for row in values for cell in row]
    assert any("Đất rừng phương Nam" in cell for cell in flat)
    numbers = [cell for cell in flat if cell.startswith("VV.")]
    assert numbers == ["VV.000001", "VV.000002", "VV.000003"]


def test_register_pdf_embeds_a_unicode_font_and_shows_vietnamese(register_with_copies, tmp_path):
    register, items = register_with_copies
    content = documents.register_pdf(register, items)
    text = _pdf_text(content, tmp_path)
    assert "Đất rừng phương Nam" in text
    assert "VV.000003" in text
    fonts = _pdf_fonts(content, tmp_path)
    assert "DejaVu" in fonts
    assert "Helvetica" not in fonts  # the built-in fonts cannot show Vietnamese


def test_labels_pdf_has_the_call_number_and_barcode_of_each_copy(register_with_copies, tmp_path):
    _, items = register_with_copies
    text = _pdf_text(documents.labels_pdf(items), tmp_path)
    for item in items:
        assert item.barcode in text
    assert "895.9223" in text
