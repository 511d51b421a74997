"""Reader cards as PDF: the text a printer gets, checked with pdftotext."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from libnet.patrons import documents
from tests.factories import PatronFactory


def _pdf_text(content: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "cards.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_a_card_shows_the_vietnamese_name_class_validity_and_number(binh, tmp_path):
    content = documents.card_pdf(binh)
    assert content.startswith(b"%PDF")
    printed = _pdf_text(content, tmp_path)
    assert "PHẠM VĂN BÌNH" in printed
    assert "THƯ VIỆN TRƯỜNG THCS TÂN LẬP" in printed
    assert "7A" in printed
    assert "31/05/2027" in printed
    assert "HS2026000123" in printed


def test_a_sheet_holds_ten_cards_a_page(province, tmp_path):
    readers = [
        PatronFactory(home_library=province["commune"], full_name=f"Đặng Thị Ngọc {n}")
        for n in range(12)
    ]
    printed = _pdf_text(documents.cards_sheet_pdf(readers), tmp_path)
    pages = printed.strip("\f").split("\f")  # pdftotext ends each page with a form feed
    assert [page.count("ĐẶNG THỊ NGỌC") for page in pages] == [10, 2]
