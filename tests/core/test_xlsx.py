"""The Excel writer every export uses (core/xlsx.py), read back with openpyxl."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from libnet.core import xlsx
from libnet.core.documents import Letterhead

SHEET = xlsx.Sheet("Thử", widths=(10, 30, 12), freeze_rows=1, repeat_row=1, footer="Trang &P")


def _read(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content)).active


@pytest.mark.parametrize(
    "value",
    ['=HYPERLINK("http://evil.example","Bấm")', "+84 912", "-1", "@SUM(A1:A9)", "\t=1", "\r=1"],
)
def test_text_that_looks_like_a_formula_stays_text(value):
    content = xlsx.workbook(SHEET, [xlsx.Row(["Nhan đề", value, 5], "cell")])
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert b"<f" not in archive.read("xl/worksheets/sheet1.xml")
    cell = _read(content)["B1"]
    assert cell.data_type == "s"
    assert cell.value == value.replace("\r", "\n") or cell.value.endswith("=1")
    assert cell.quotePrefix  # Excel keeps it text even when the cell is edited


def test_ordinary_text_has_no_quote_prefix_and_numbers_stay_numbers():
    sheet = _read(
        xlsx.workbook(SHEET, [xlsx.Row(["Số đỏ", 125000, None], ["cell", "number", "cell"])])
    )
    assert (sheet["A1"].value, sheet["A1"].quotePrefix) == ("Số đỏ", False)
    assert (sheet["B1"].value, sheet["B1"].number_format) == (125000, "#,##0")
    assert sheet["C1"].value is None


def test_characters_xml_cannot_hold_are_dropped_and_long_text_is_cut():
    long = "x" * 40_000
    sheet = _read(xlsx.workbook(SHEET, [["a\x00b\x0bc\x1fd", long, "Tie\u0302\u0301ng"]]))
    assert sheet["A1"].value == "abcd"
    assert len(sheet["B1"].value) == xlsx.MAX_CELL_CHARACTERS
    assert sheet["B1"].value.endswith("…")
    assert sheet["C1"].value == "Tiếng"


@pytest.mark.parametrize(
    ("title", "expected"),
    [("VV/2020: [a]*?", "VV 2020   a"), ("", "Sheet1"), ("x" * 40, "x" * 31), ("'Sổ'", "Sổ")],
)
def test_a_sheet_title_is_made_valid(title, expected):
    assert xlsx.sheet_title(title) == expected


def test_the_sheet_freezes_and_repeats_its_heading_and_merges_the_letterhead():
    head = Letterhead(("Ủy ban nhân dân xã Tân Lập",), "Thư viện xã Tân Lập", "Tân Lập")
    rows = [*xlsx.letterhead_rows(head, columns=3, left=1, date_line="Tân Lập, ngày 05 tháng 3")]
    sheet = _read(xlsx.workbook(xlsx.Sheet("Thử", widths=(10, 30, 12), landscape=True), rows))
    values = [value for row in sheet.iter_rows(values_only=True) for value in row if value]
    assert values == [
        "ỦY BAN NHÂN DÂN XÃ TÂN LẬP",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "THƯ VIỆN XÃ TÂN LẬP",
        "Độc lập - Tự do - Hạnh phúc",
        "Tân Lập, ngày 05 tháng 3",
    ]
    assert {str(merged) for merged in sheet.merged_cells.ranges} >= {"B1:C1", "B2:C2", "B3:C3"}
    assert sheet.page_setup.orientation == "landscape"
    framed = _read(xlsx.workbook(SHEET, [["a"], ["b"]]))
    assert framed.freeze_panes == "A2"
    assert framed.print_title_rows == "$1:$1"


def test_the_stream_is_the_same_workbook_in_pieces_and_the_same_each_time():
    rows = [
        xlsx.Row([f"Dòng {number * 7919 % 100003:x}", number], ["cell", "integer"])
        for number in range(20_000)
    ]
    pieces = list(xlsx.stream(SHEET, iter(rows)))
    assert len(pieces) > 2  # sent while the rows are read, not once they all are
    assert b"".join(pieces) == xlsx.workbook(SHEET, rows)
    assert _read(b"".join(pieces))["B20000"].value == 19_999


def test_csv_cells_that_look_like_formulas_get_an_apostrophe():
    assert xlsx.csv_text("=1+1") == "'=1+1"
    assert xlsx.csv_text("Số đỏ") == "Số đỏ"
    assert xlsx.csv_text(None) == ""
