"""Reading a class list: the file recognised by its first bytes (XLSX, XLS or CSV in any
of the encodings Excel writes), the header row found wherever it is, the data rows."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from libnet.core import text
from libnet.core.errors import LibnetError
from libnet.patrons.errors import PatronRefused

MAX_FILE_BYTES = 5 * 1024 * 1024  # a whole school is a few hundred kilobytes
HEADER_SEARCH_ROWS = 15

# Folded header → column. Schools type headers many ways; all are folded before comparing.
HEADERS: dict[str, tuple[str, ...]] = {
    "full_name": (
        "ho va ten",
        "ho ten",
        "ho va ten hoc sinh",
        "ho ten hoc sinh",
        "ten hoc sinh",
        "full name",
        "name",
        "pupil",
        "student name",
    ),
    "birth_date": (
        "ngay sinh",
        "ngay thang nam sinh",
        "ngay, thang, nam sinh",
        "sinh ngay",
        "birth date",
        "date of birth",
        "dob",
        "birthday",
    ),
    "gender": ("gioi tinh", "gioi", "nam/nu", "gender", "sex"),
    "school_class": ("lop", "lop hoc", "class", "form"),
    "phone": (
        "sdt phu huynh",
        "so dien thoai phu huynh",
        "dien thoai phu huynh",
        "dt phu huynh",
        "sdt",
        "so dien thoai",
        "dien thoai",
        "phone",
        "parent phone",
        "guardian phone",
        "parent's phone",
    ),
    "address": ("dia chi", "noi o", "cho o", "cho o hien nay", "address", "home address"),
    "card_number": ("so the", "ma the", "so the thu vien", "card number", "card"),
    # Who signs the consent for a pupil under 16 (policies.consents_needed).
    "guardian_name": (
        "ho ten phu huynh",
        "ho va ten phu huynh",
        "ten phu huynh",
        "phu huynh",
        "cha me",
        "ho ten cha me",
        "nguoi giam ho",
        "parent",
        "parent name",
        "guardian",
        "guardian name",
    ),
}
_HEADER_NOISE = re.compile(r"[\s:*()\[\]]+")


def _header_key(value: Any) -> str:
    folded = text.fold(str(value or ""))
    return _HEADER_NOISE.sub(" ", folded.replace("đ", "d")).strip().rstrip(".")


_HEADER_LOOKUP = {variant: column for column, variants in HEADERS.items() for variant in variants}


# Excel saves "CSV" in the Windows code page, and a letter the code page lacks becomes "?"
# (Họ → H?, Nguyễn → Nguy?n): the file has lost its Vietnamese before libnet sees it.
LOST_LETTER = re.compile(r"[?\ufffd]")


def _column_of(key: str) -> str | None:
    column = _HEADER_LOOKUP.get(key)
    if column is None and LOST_LETTER.search(key):
        # "h? va ten": a header whose letters Excel replaced still says which column it is.
        pattern = re.compile(LOST_LETTER.sub(".", re.escape(key).replace(r"\?", "?")) + "$")
        column = next(
            (name for variant, name in _HEADER_LOOKUP.items() if pattern.match(variant)), None
        )
    return column


def columns_of(header_row: Sequence[Any]) -> dict[str, int]:
    """Return column name → position for a header row; unknown headers are left out."""
    found: dict[str, int] = {}
    for position, cell in enumerate(header_row):
        column = _column_of(_header_key(cell))
        if column and column not in found:
            found[column] = position
    return found


@dataclass(frozen=True)
class SourceRow:
    """One data row of the file, with its row number as the spreadsheet shows it."""

    number: int
    values: dict[str, Any]


@dataclass
class ReadFile:
    rows: list[SourceRow]
    columns: list[str]
    ignored_headers: list[str]


# Magic numbers of the files people upload instead of a class list.
_ZIP_MAGIC = b"PK\x03\x04"  # .xlsx (and .docx, .odt: caught when openpyxl cannot read them)
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and .doc, Office 97-2003
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")  # Excel's "Unicode Text": UTF-16, tab-separated
# Pictures and documents sent by mistake (a photo of the list, its PDF).
_NOT_TEXT_MAGICS = (b"%PDF-", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"RIFF", b"II*\x00", b"MM\x00*")
# A text file has few control characters besides tab and line ends; a picture or a PDF
# decoded as Windows-1258 is full of them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MAX_CONTROL_SHARE = 0.01


def _decode(raw: bytes) -> str:
    """UTF-8 (with or without the BOM Excel writes), UTF-16 with its BOM (Excel's Unicode
    text), else Windows-1258, the old Vietnamese Windows code page, whose tone marks are
    combining characters (text.clean makes them NFC when a value is read).

    Raises PatronRefused("not_a_class_list") when the bytes are not text at all.
    """
    if raw.startswith(_UTF16_BOMS):
        try:
            content = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise PatronRefused("not_a_class_list") from None
    else:
        try:
            content = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            content = raw.decode("cp1258", errors="replace")
    if len(_CONTROL.findall(content)) > max(1, len(content) * _MAX_CONTROL_SHARE):
        raise PatronRefused("not_a_class_list")
    return content


def _csv_rows(raw: bytes) -> Iterator[list[str]]:
    content = _decode(raw)
    sample = content[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    yield from csv.reader(io.StringIO(content), dialect)


def _xlsx_rows(raw: bytes) -> Iterator[list[Any]]:
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as error:  # zipfile, XML and openpyxl errors: a damaged or foreign file
        raise PatronRefused("damaged_xlsx") from error
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield list(row)
    finally:
        workbook.close()


def _xls_rows(raw: bytes) -> Iterator[list[Any]]:
    """The first sheet of an Excel 97-2003 file (.xls), still what many schools' software
    exports, read by python-calamine; dates come as dates, as from openpyxl."""
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(raw))
        rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as error:  # calamine's errors for a damaged file, or a Word .doc
        raise PatronRefused("old_excel_file") from error
    yield from (list(row) for row in rows)


def _file_kind(raw: bytes, filename: str) -> str:
    """Return "xlsx", "xls" or "csv" from the file's first bytes (the name may lie), or refuse
    a file that is none of them."""
    if raw.startswith(_ZIP_MAGIC):
        return "xlsx"
    if raw.startswith(_OLE2_MAGIC):
        return "xls"
    if raw.startswith(_NOT_TEXT_MAGICS):
        raise PatronRefused("not_a_class_list")
    if Path(filename).suffix.lower() in {".xlsx", ".xlsm"}:
        raise PatronRefused("damaged_xlsx")
    return "csv"


def _blank(value: Any) -> bool:
    return value is None or str(value).strip() == ""


def read_pupil_file(raw: bytes, filename: str) -> ReadFile:
    """Read a class list (XLSX, XLS or CSV): find the header row, then return the data rows.

    Raises PatronRefused: "file_too_large", "old_excel_file", "damaged_xlsx",
    "not_a_class_list" (a picture, a PDF…), "no_name_column", "letters_lost" (Excel saved the
    CSV in the Windows code page and wrote "?" for the letters it lacks).
    """
    if len(raw) > MAX_FILE_BYTES:
        raise PatronRefused("file_too_large", limit=MAX_FILE_BYTES // (1024 * 1024))
    kind = _file_kind(raw, filename)
    try:
        readers = {"xlsx": _xlsx_rows, "xls": _xls_rows, "csv": _csv_rows}
        source = readers[kind](raw)
        header: list[Any] | None = None
        columns: dict[str, int] = {}
        rows: list[SourceRow] = []
        for number, cells in enumerate(source, start=1):
            if header is None:
                columns = columns_of(cells)
                if "full_name" in columns:
                    header = cells
                elif number >= HEADER_SEARCH_ROWS:
                    break
                continue
            values = {
                column: cells[position] if position < len(cells) else None
                for column, position in columns.items()
            }
            if _blank(values.get("full_name")) and _blank(values.get("birth_date")):
                continue  # blank lines and the signature block under the list
            rows.append(SourceRow(number, values))
    except LibnetError:
        raise
    except Exception as error:  # the csv module and openpyxl raise many kinds for a bad file
        # Their messages are English and technical: the librarian gets one that says what to do.
        refusal = {"xlsx": "damaged_xlsx", "xls": "old_excel_file"}.get(kind, "not_a_class_list")
        raise PatronRefused(refusal) from error
    if header is None:
        raise PatronRefused("no_name_column")
    if any(LOST_LETTER.search(str(row.values.get("full_name") or "")) for row in rows):
        raise PatronRefused("letters_lost")
    ignored = [
        str(cell).strip()
        for position, cell in enumerate(header)
        if cell not in (None, "") and position not in columns.values()
    ]
    return ReadFile(rows=rows, columns=sorted(columns), ignored_headers=ignored)
