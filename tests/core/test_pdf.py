"""The PDF layer every document uses (core/pdf.py, core/documents.py), read back as text."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from reportlab.lib.units import mm

from libnet.core import pdf
from libnet.core.documents import Letterhead, place_and_date

face = pdf.fonts()


def _text(content: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 3, 5), "Tân Lập, ngày 05 tháng 3 năm 2026"),
        (dt.date(2026, 1, 15), "Tân Lập, ngày 15 tháng 01 năm 2026"),  # months 1, 2: a zero
        (dt.date(2026, 2, 9), "Tân Lập, ngày 09 tháng 02 năm 2026"),
        (dt.date(2026, 12, 31), "Tân Lập, ngày 31 tháng 12 năm 2026"),
        (None, "Tân Lập, ngày …… tháng …… năm ……"),  # to be dated by hand
    ],
)
def test_the_date_line_writes_the_day_as_an_administrative_document_does(day, expected):
    assert place_and_date("Tân Lập", day) == expected


def test_a_date_line_without_a_place_keeps_room_for_it():
    assert place_and_date("", dt.date(2026, 3, 5)).startswith("……………, ngày 05")


def test_a_1200_character_note_is_cut_with_an_ellipsis_at_the_cell_height():
    lines = pdf.wrap("Ghi chú rất dài " * 75, font=face.regular, size=8, width=40 * mm)
    assert len(lines) == pdf.MAX_CELL_LINES
    assert lines[-1].endswith("…")
    assert all(pdf._width(line, face.regular, 8) <= 40 * mm for line in lines)


def test_a_word_wider_than_its_column_is_broken_inside():
    url = "https://thuvien.songlam.gov.vn/" + "a" * 200
    lines = pdf.wrap(url, font=face.regular, size=8, width=30 * mm, max_lines=50)
    assert "".join(lines) == url
    assert all(pdf._width(line, face.regular, 8) <= 30 * mm for line in lines)


def test_decomposed_vietnamese_is_composed_and_invisible_characters_are_dropped():
    assert pdf.clean("Tie\u0302\u0301ng Vie\u0323\u0302t") == "Tiếng Việt"
    assert pdf.clean("a\x00b\x0bc\u200bd\u202ee\ud800f") == "abcdef"
    assert pdf.clean("dòng 1\r\ndòng 2\rdòng 3") == "dòng 1\ndòng 2\ndòng 3"
    assert pdf.clean(None) == ""


def test_markup_in_a_value_is_printed_not_read():
    assert pdf.escape("<b>Tôi & bạn</b>") == "&lt;b&gt;Tôi &amp; bạn&lt;/b&gt;"


def test_a_value_that_code_128_cannot_hold_gets_no_barcode():
    assert pdf.code128("TANLAP0000001", bar_height=10, bar_width=0.3) is not None
    assert pdf.code128("ĐK-0001", bar_height=10, bar_width=0.3) is None
    assert pdf.code128("", bar_height=10, bar_width=0.3) is None


def _document(rows: int, *, signer: str = "NGUOI KY") -> bytes:
    width = pdf.content_width()
    style = pdf.styles()
    closing = [
        pdf.para("Biên bản lập thành hai bản.", style["body"]),
        pdf.signatures([pdf.Signer(signer, "(Ký, ghi rõ họ tên)")], width=width),
    ]
    story = [
        *pdf.heading(
            Letterhead(("Ủy ban nhân dân xã Tân Lập",), "Thư viện xã Tân Lập", "Tân Lập"),
            width=width,
            date_line=place_and_date("Tân Lập", dt.date(2026, 3, 5)),
        ),
        pdf.RowTable(
            [pdf.Column("STT", 15 * mm, "RIGHT"), pdf.Column("Nhan đề", width - 15 * mm)],
            [(number, f"Dòng số {number}") for number in range(1, rows + 1)],
            keep_with=closing,
        ),
    ]
    return pdf.render(story, title="Thử", page_numbers=True)


@pytest.mark.parametrize("rows", range(30, 62, 2))
def test_the_signatures_are_never_alone_on_a_page(rows):
    """Whatever the length of the table, the page with the signatures has its last rows."""
    pages = _text(_document(rows)).split("\f")
    signed = next(page for page in pages if "NGUOI KY" in page)
    assert f"Dòng số {rows}" in signed
    assert "STT" in signed  # the heading row repeats above them
    assert sum("NGUOI KY" in page for page in pages) == 1


def test_every_page_has_the_heading_row_and_its_number():
    pages = [page for page in _text(_document(150)).split("\f") if page.strip()]
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert "Nhan đề" in page
        assert f"Trang {number} / {len(pages)}" in " ".join(page.split())


def test_the_heading_has_the_national_motto_and_the_issuer_under_its_governing_body():
    text = " ".join(_text(_document(3)).split())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "ỦY BAN NHÂN DÂN XÃ TÂN LẬP" in text
    assert "THƯ VIỆN XÃ TÂN LẬP" in text
    assert "Tân Lập, ngày 05 tháng 3 năm 2026" in text


def test_the_same_document_gives_the_same_bytes():
    assert _document(40) == _document(40)


def test_an_empty_table_prints_its_heading_and_a_sentence_across_it():
    width = pdf.content_width()
    columns = [pdf.Column("STT", 11 * mm), pdf.Column("Nhan đề", width - 11 * mm)]
    content = pdf.render(
        [pdf.RowTable(columns, [], empty="Thùng này chưa có tài liệu nào.")], title="Trống"
    )
    text = _text(content)
    assert "Nhan đề" in text
    assert "Thùng này chưa có tài liệu nào." in text  # on one line, not in the narrow column
