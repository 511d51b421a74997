"""Importing a school's class lists from Excel and CSV files as schools really write them."""

from __future__ import annotations

import datetime as dt
import io
import json
import unicodedata
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from libnet.patrons import imports
from libnet.patrons.errors import PatronRefused
from libnet.patrons.models import Patron
from tests.factories import NOW


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


# Excel keeps dates without a time zone; openpyxl reads them as naive datetimes.
EXCEL_DATE = dt.datetime(2014, 9, 1)  # noqa: DTZ001 — as openpyxl returns a date cell

# A list as a school office exports it: a title block, then the header, then the pupils.
CLASS_LIST = [
    ["TRƯỜNG THCS TÂN LẬP"],
    ["DANH SÁCH HỌC SINH LỚP 6A NĂM HỌC 2025-2026"],
    [],
    ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Lớp", "SĐT phụ huynh", "Địa chỉ", "Dân tộc"],
    [1, "Nguyễn Văn An", EXCEL_DATE, "Nam", "6A", 912345678, "Thôn Trung Lập", "Kinh"],
    [2, "Trần Thị Bích", "15/03/2014", "Nữ", "6A", "0987 654 321", "Thôn Đồng Xuân", "Kinh"],
    [3, "", "01/01/2014", "Nam", "6A", "", "", ""],
    [4, "Lê Văn Cường", "31/02/2014", "Nam", "6A", "", "", ""],
    [5, "Hoàng Thị Dung", "2014-07-20", "nữ", "lớp 6a", "", "", "Tày"],
    [6, "Vi Văn Em", "20/10/2014", "Không rõ", "6A", "", "", "Thái"],
    [],
    ["", "", "", "", "", "", "Người lập danh sách"],
]


def test_an_excel_class_list_creates_pupils_with_cards_and_reports_bad_rows(an, province):
    report = imports.import_pupils(
        school=province["school"], raw=_xlsx(CLASS_LIST), filename="6A.xlsx", by=an.user, at=NOW
    )
    assert (report.created, report.updated, report.failed) == (3, 0, 3)
    failures = {row.number: row.message for row in report.failures}
    assert set(failures) == {7, 8, 10}  # numbered as the spreadsheet shows them
    assert "tên" in failures[7] or "name" in failures[7]
    assert "31/02/2014" in failures[8]
    assert "Không rõ" in failures[10]
    assert report.ignored_headers == ["STT", "Dân tộc"]
    an_pupil = Patron.objects.get(name_folded="nguyen van an")
    assert an_pupil.birth_date == dt.date(2014, 9, 1)
    assert an_pupil.gender == "male"
    assert an_pupil.phone == "0912345678"  # Excel had dropped the leading zero
    assert an_pupil.school == province["school"]
    assert an_pupil.school_class == "6A"
    assert an_pupil.card_number.startswith("THCSTANLAP2026")
    assert an_pupil.card_valid_until == dt.date(2026, 5, 31)
    assert Patron.objects.get(name_folded="hoang thi dung").school_class == "6A"


def test_importing_the_same_list_again_updates_instead_of_duplicating(an, province):
    raw = _xlsx(CLASS_LIST)
    imports.import_pupils(school=province["school"], raw=raw, filename="6A.xlsx", by=an.user)
    moved = [list(row) for row in CLASS_LIST]
    moved[4][4] = "6B"
    report = imports.import_pupils(
        school=province["school"], raw=_xlsx(moved), filename="6A.xlsx", by=an.user
    )
    assert (report.created, report.updated) == (0, 3)
    assert Patron.objects.count() == 3
    assert Patron.objects.get(name_folded="nguyen van an").school_class == "6B"


def test_a_dry_run_previews_exactly_and_writes_nothing(an, province):
    report = imports.import_pupils(
        school=province["school"],
        raw=_xlsx(CLASS_LIST),
        filename="6A.xlsx",
        by=an.user,
        dry_run=True,
    )
    assert (report.created, report.failed) == (3, 3)
    assert report.rows[0].card_number  # the number it would get
    assert not Patron.objects.exists()


def test_a_utf8_csv_with_bom_and_semicolons_imports(an, province):
    content = (
        "Họ tên;Ngày sinh;Giới tính;Lớp;SĐT phụ huynh\n"
        "Phạm Văn Bình;10/02/2014;Nam;7A;0912 000 111\n"
        "Đặng Thu Hà;5/6/2013;Nữ;7A;\n"
    )
    report = imports.import_pupils(
        school=province["school"],
        raw=b"\xef\xbb\xbf" + content.encode("utf-8"),
        filename="7a.csv",
        by=an.user,
    )
    assert (report.created, report.failed) == (2, 0)
    assert Patron.objects.get(name_folded="dang thu ha").birth_date == dt.date(2013, 6, 5)


def _cp1258_char(char: str) -> str:
    """The form Windows-1258 stores: a base letter (ê, ơ…) and a combining tone mark."""
    try:
        char.encode("cp1258")
    except UnicodeEncodeError:
        decomposed = unicodedata.normalize("NFD", char)
        return unicodedata.normalize("NFC", decomposed[:-1]) + decomposed[-1]
    return char


def test_a_windows_1258_csv_is_read_and_stored_in_nfc(an, province):
    """Old Excel on Vietnamese Windows saves CSV in cp1258, with tones as combining marks."""
    content = "Full name,Date of birth,Class\nNguyễn Thị Hương,01/02/2014,6C\n"
    raw = "".join(_cp1258_char(char) for char in content).encode("cp1258")
    report = imports.import_pupils(school=province["school"], raw=raw, filename="6c.csv", by=None)
    assert report.failed == 0
    assert Patron.objects.get().full_name == "Nguyễn Thị Hương"


def test_the_class_of_a_one_class_file_can_be_given_once(an, province):
    content = "Họ và tên,Ngày sinh\nLò Văn Sơn,03/04/2014\n"
    report = imports.import_pupils(
        school=province["school"],
        raw=content.encode(),
        filename="list.csv",
        by=an.user,
        default_class="6d",
    )
    assert report.created == 1
    assert Patron.objects.get().school_class == "6D"


def test_a_file_without_a_name_column_is_refused(province):
    with pytest.raises(PatronRefused) as refused:
        imports.import_pupils(
            school=province["school"], raw=b"a,b\n1,2\n", filename="x.csv", by=None
        )
    assert refused.value.code == "no_name_column"


def test_a_damaged_excel_file_is_refused_with_a_reason(province):
    with pytest.raises(PatronRefused) as refused:
        imports.import_pupils(
            school=province["school"], raw=b"PK\x03\x04broken", filename="x.xlsx", by=None
        )
    assert refused.value.code == "damaged_xlsx"


def test_only_a_school_imports_pupils(province):
    with pytest.raises(PatronRefused) as refused:
        imports.import_pupils(
            school=province["commune"], raw=b"Ho ten\nA\n", filename="x.csv", by=None
        )
    assert refused.value.code == "not_a_school"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.datetime(2014, 2, 10, 0, 0), dt.date(2014, 2, 10)),  # noqa: DTZ001 — Excel dates are naive
        (dt.date(2014, 2, 10), dt.date(2014, 2, 10)),
        (41680, dt.date(2014, 2, 10)),  # an Excel serial number
        ("41680", dt.date(2014, 2, 10)),
        ("10/02/2014", dt.date(2014, 2, 10)),
        ("10-02-2014", dt.date(2014, 2, 10)),
        ("10.2.2014", dt.date(2014, 2, 10)),
        ("2014-02-10", dt.date(2014, 2, 10)),
        ("10/02/2014 00:00:00", dt.date(2014, 2, 10)),
    ],
)
def test_dates_of_birth_are_read_however_the_school_typed_them(value, expected):
    assert imports.parse_birth_date(value) == expected


@pytest.mark.parametrize("value", ["", None, "10/02/14", "30/02/2014", "hôm qua"])
def test_unreadable_dates_of_birth_are_row_errors(value):
    with pytest.raises(imports.RowError):
        imports.parse_birth_date(value)


def test_the_command_imports_and_reports_rows_it_refused(tmp_path, province):
    path = tmp_path / "6A.xlsx"
    path.write_bytes(_xlsx(CLASS_LIST))
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command(
            "import_pupils",
            str(path),
            "--library",
            "sl-thcs-tanlap",
            "--json",
            stdout=out,
            stderr=err,
        )
    assert failed.value.returncode == 1
    counts = json.loads(out.getvalue().strip().splitlines()[-1])
    assert counts["created"] == 3
    assert counts["failed"] == 3
    assert "31/02/2014" in err.getvalue()


def test_the_command_dry_run_saves_nothing(tmp_path, province):
    path = tmp_path / "7a.csv"
    path.write_text("Họ và tên,Ngày sinh,Lớp\nPhạm Văn Bình,10/02/2014,7A\n", encoding="utf-8")
    out = io.StringIO()
    call_command("import_pupils", str(path), "--library", "SL-THCS-TANLAP", "--dry-run", stdout=out)
    assert "1" in out.getvalue()
    assert not Patron.objects.exists()


def test_the_command_refuses_an_unknown_library(tmp_path, province):
    path = tmp_path / "7a.csv"
    path.write_text("Họ và tên\nA\n", encoding="utf-8")
    with pytest.raises(CommandError) as failed:
        call_command("import_pupils", str(path), "--library", "NOPE")
    assert failed.value.returncode == 2


# ---------------------------------------------------------------- files as schools send them

_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng


def windows_1258(content: str) -> bytes:
    """Encode `content` as Vietnamese Windows writes Windows-1258: a base letter (â, ê, ô, ơ,
    ư, ă, đ are single bytes) followed by a combining tone mark, for every toned letter."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", content):
        decomposed = unicodedata.normalize("NFD", char)
        tone = "".join(mark for mark in decomposed if mark in _TONE_MARKS)
        base = unicodedata.normalize(
            "NFC", "".join(mark for mark in decomposed if mark not in _TONE_MARKS)
        )
        out += (base + tone).encode("cp1258")
    return bytes(out)


CLASS_LIST_6A = (
    "TRƯỜNG THCS TÂN LẬP;;;;;\r\n"
    "DANH SÁCH HỌC SINH LỚP 6A NĂM HỌC 2025-2026;;;;;\r\n"
    ";;;;;\r\n"
    "STT;Họ và tên;Ngày sinh;Giới tính;SĐT phụ huynh;Địa chỉ\r\n"
    '1;Nguyễn Thị Hồng Nhung;10/02/2014;Nữ;0912 345 678;"Thôn 3, xã Tân Lập"\r\n'
    "2;Trần Đức Thắng;01/12/2013;Nam;0987.654.321;Xóm Bãi\r\n"
    "3;Lê Thị Ánh Tuyết;22/07/2014;Nữ;;Thôn Đồng Xuân\r\n"
)


def _upload(client, school, raw, filename, **fields):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    return client.post(
        reverse("patrons:import"),
        {"school": school.pk, "file": SimpleUploadedFile(filename, raw), **fields},
    )


def test_a_class_list_saved_by_vietnamese_excel_in_windows_1258_imports_through_the_page(
    client, an, province
):
    raw = windows_1258(CLASS_LIST_6A)
    assert b"Ho\xf2 va\xcc t\xean" in raw  # "Họ và tên" as Windows writes it: o + dot below
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    client.force_login(an.user)
    preview = _upload(client, province["school"], raw, "lop6a.csv", default_class="6A")
    assert preview.status_code == 200, preview.content.decode()[-1500:]
    assert preview.context["report"].failed == 0
    assert preview.context["report"].created == 3
    from django.urls import reverse

    client.post(reverse("patrons:import_confirm"))
    names = set(Patron.objects.values_list("full_name", flat=True))
    assert names == {"Nguyễn Thị Hồng Nhung", "Trần Đức Thắng", "Lê Thị Ánh Tuyết"}
    assert all(unicodedata.is_normalized("NFC", name) for name in names)
    assert Patron.objects.get(name_folded="tran duc thang").address == "Xóm Bãi"


def test_an_old_excel_97_xls_class_list_imports_through_the_page(client, an, province):
    """Many schools' software still exports .xls (Excel 97-2003); python-calamine reads it."""
    raw = (Path(__file__).parent / "data" / "lop6a-excel97.xls").read_bytes()
    assert raw.startswith(b"\xd0\xcf\x11\xe0")
    client.force_login(an.user)
    preview = _upload(client, province["school"], raw, "lop6a.xls")
    assert preview.status_code == 200, preview.content.decode()[-1500:]
    assert preview.context["report"].failed == 0
    from django.urls import reverse

    client.post(reverse("patrons:import_confirm"))
    pupils = dict(Patron.objects.values_list("full_name", "birth_date"))
    assert pupils == {
        "Nguyễn Thị Hoa": dt.date(2014, 3, 15),
        "Trần Văn Đức": dt.date(2014, 11, 2),
        "Lê Thị Ánh": dt.date(2013, 12, 30),
    }


def test_excel_s_unicode_text_utf16_imports_too(client, an, province):
    raw = CLASS_LIST_6A.replace(";", "\t").encode("utf-16")
    client.force_login(an.user)
    preview = _upload(client, province["school"], raw, "lop6a.txt", default_class="6A")
    assert preview.status_code == 200
    assert preview.context["report"].created == 3


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.mark.parametrize(
    ("raw", "filename", "code"),
    [
        (PNG, "anh-lop-6a.png", "not_a_class_list"),
        (PNG, "lop6a.csv", "not_a_class_list"),  # the name lies, the bytes do not
        (
            b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n" * 20,
            "lop6a.pdf",
            "not_a_class_list",
        ),
        # An .xls that is damaged (or a Word .doc, the same container): it cannot be read.
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500, "lop6a.xls", "old_excel_file"),
        (b"PK\x03\x04broken zip", "lop6a.xlsx", "damaged_xlsx"),
        (b"just text", "lop6a.xlsx", "damaged_xlsx"),
    ],
)
def test_a_file_that_is_no_class_list_gets_a_vietnamese_sentence_not_a_parser_message(
    client, an, province, raw, filename, code
):
    client.force_login(an.user)
    response = _upload(client, province["school"], raw, filename)
    assert response.status_code == 400
    errors = response.context["form"].errors["file"]
    assert errors == [str(PatronRefused(code).message)]
    for english in ("line contains", "NUL", "zip", "Error", "codec"):
        assert english not in errors[0]
    assert not Patron.objects.exists()


def test_a_csv_whose_letters_excel_replaced_by_question_marks_says_so(client, an, province):
    """The reported "no name column": Excel on Windows saved the list in Windows-1258 without
    decomposing the letters that code page lacks, so "Họ" became "H?" and "Nguyễn" "Nguy?n"
    (Python's cp1258 codec does the same with errors="replace"). The file has lost the names;
    the librarian is told how to save it again instead of hearing that there is no name
    column."""
    raw = CLASS_LIST_6A.encode("cp1258", errors="replace")
    assert b"H? v\xe0 t\xean" in raw
    client.force_login(an.user)
    response = _upload(client, province["school"], raw, "lop6a.csv", default_class="6A")
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [str(PatronRefused("letters_lost").message)]
    assert not Patron.objects.exists()
