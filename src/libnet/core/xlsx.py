"""Excel workbooks for every export of libnet, written as a stream.

One sheet, rows from any iterable (a database cursor), written straight into the zip as they
come: a register of 100,000 copies takes seconds and the memory of a few rows, and can be sent
to the browser while it is being written (`stream`). openpyxl, which libnet still uses to
*read* class lists, spent most of an export styling cells one by one.

Safety: a text cell is always a string cell, never a formula, and a text that a spreadsheet
would take for a formula when retyped (it begins with =, +, -, @, a tab or a carriage
return) carries Excel's quote prefix, as the OPAC's CSV prefixes an apostrophe (CSV
injection: a MARC title `=HYPERLINK(…)` must stay a title). Control characters that XML
cannot hold are dropped and a text longer than a cell can hold is cut with "…".

The output is the same for the same rows: zip entries carry a fixed date.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from libnet.core.documents import MOTTO, NATION, Letterhead

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel's limit for the text of one cell.
MAX_CELL_CHARACTERS = 32_767
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_FIXED_DATE = (1980, 1, 1, 0, 0, 0)
_FLUSH_BYTES = 1 << 16


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet would run `text` as a formula if it were typed in."""
    return text.startswith(FORMULA_STARTS)


def text(value: object) -> str:
    """Return `value` as text a workbook can hold: NFC, no characters XML forbids, cut to the
    32,767 characters of a cell."""
    result = unicodedata.normalize("NFC", _NOT_IN_XML.sub("", "" if value is None else str(value)))
    if len(result) > MAX_CELL_CHARACTERS:
        result = result[: MAX_CELL_CHARACTERS - 1] + "…"
    return result


def csv_text(value: object) -> str:
    """Return `value` for a CSV cell: a text that looks like a formula gets an apostrophe."""
    result = "" if value is None else str(value)
    return "'" + result if looks_like_formula(result) else result


def sheet_title(value: str) -> str:
    """Return a valid sheet name: no []:*?/\\, at most 31 characters, never empty."""
    title = _SHEET_TITLE_FORBIDDEN.sub(" ", text(value)).strip().strip("'")
    return title[:31] or "Sheet1"


# ---------------------------------------------------------------- styles

# name: (font, fill, border, number format, horizontal, vertical, wrap)
_FONTS = (
    '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>',
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>',
    '<font><b/><sz val="13"/><name val="Calibri"/><family val="2"/></font>',
    '<font><b/><sz val="12"/><name val="Calibri"/><family val="2"/></font>',
    '<font><i/><sz val="11"/><name val="Calibri"/><family val="2"/></font>',
    '<font><b/><u/><sz val="11"/><name val="Calibri"/><family val="2"/></font>',
    '<font><i/><sz val="9"/><name val="Calibri"/><family val="2"/></font>',
    '<font><b/><sz val="14"/><name val="Calibri"/><family val="2"/></font>',
)
_FILLS = (
    '<fill><patternFill patternType="none"/></fill>',
    '<fill><patternFill patternType="gray125"/></fill>',
    '<fill><patternFill patternType="solid"><fgColor rgb="FFE8EEF3"/><bgColor indexed="64"/></patternFill></fill>',
    '<fill><patternFill patternType="solid"><fgColor rgb="FFF3F3F3"/><bgColor indexed="64"/></patternFill></fill>',
)
_THIN = '<{side} style="thin"><color rgb="FF888888"/></{side}>'
_BORDERS = (
    "<border><left/><right/><top/><bottom/><diagonal/></border>",
    "<border>"
    + "".join(_THIN.format(side=side) for side in ("left", "right", "top", "bottom"))
    + "<diagonal/></border>",
)
_NUMBER_FORMATS = {164: "#,##0", 165: "0.0"}


@dataclass(frozen=True)
class _Style:
    font: int = 0
    fill: int = 0
    border: int = 0
    number_format: int = 0
    horizontal: str = ""
    vertical: str = ""
    wrap: bool = False


STYLES: dict[str, _Style] = {
    "text": _Style(),
    "bold": _Style(font=1),
    "title": _Style(font=2),
    "subtitle": _Style(font=3),
    "big_title": _Style(font=7, horizontal="center", vertical="center", wrap=True),
    "italic": _Style(font=4),
    "note": _Style(font=6),
    "centre": _Style(horizontal="center", vertical="center", wrap=True),
    "centre_bold": _Style(font=1, horizontal="center", vertical="center", wrap=True),
    "centre_bold_underline": _Style(font=5, horizontal="center", vertical="center", wrap=True),
    "centre_italic": _Style(font=4, horizontal="center", vertical="center", wrap=True),
    "heading": _Style(font=1, fill=2, border=1, horizontal="center", vertical="center", wrap=True),
    "cell": _Style(border=1, vertical="top", wrap=True),
    "cell_centre": _Style(border=1, horizontal="center", vertical="top", wrap=True),
    "cell_bold": _Style(font=1, fill=3, border=1, vertical="top", wrap=True),
    "integer": _Style(border=1, number_format=1, vertical="top"),
    "number": _Style(border=1, number_format=164, vertical="top"),
    "number_bold": _Style(font=1, fill=3, border=1, number_format=164, vertical="top"),
    "decimal": _Style(border=1, number_format=165, vertical="top"),
}
_STYLE_NAMES = list(STYLES)
# Each style exists twice: as is, and with Excel's quote prefix for text that looks like a
# formula (shown as typed; retyping it in Excel keeps it text).
_STYLE_INDEX = {name: index for index, name in enumerate(_STYLE_NAMES)}
_QUOTED_OFFSET = len(_STYLE_NAMES)


def _xf(style: _Style, quoted: bool) -> str:
    attributes = (
        f'numFmtId="{style.number_format}" fontId="{style.font}" fillId="{style.fill}" '
        f'borderId="{style.border}" xfId="0"'
    )
    attributes += ' applyFont="1" applyFill="1" applyBorder="1" applyNumberFormat="1"'
    if quoted:
        attributes += ' quotePrefix="1"'
    alignment = ""
    if style.horizontal or style.vertical or style.wrap:
        parts = []
        if style.horizontal:
            parts.append(f'horizontal="{style.horizontal}"')
        if style.vertical:
            parts.append(f'vertical="{style.vertical}"')
        if style.wrap:
            parts.append('wrapText="1"')
        attributes += ' applyAlignment="1"'
        alignment = f"<alignment {' '.join(parts)}/>"
    return f"<xf {attributes}>{alignment}</xf>"


def _styles_xml() -> str:
    formats = "".join(
        f'<numFmt numFmtId="{number}" formatCode={quoteattr(code)}/>'
        for number, code in _NUMBER_FORMATS.items()
    )
    xfs = [_xf(STYLES[name], False) for name in _STYLE_NAMES]
    xfs += [_xf(STYLES[name], True) for name in _STYLE_NAMES]
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<numFmts count="{len(_NUMBER_FORMATS)}">{formats}</numFmts>'
        f'<fonts count="{len(_FONTS)}">{"".join(_FONTS)}</fonts>'
        f'<fills count="{len(_FILLS)}">{"".join(_FILLS)}</fills>'
        f'<borders count="{len(_BORDERS)}">{"".join(_BORDERS)}</borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )


# ---------------------------------------------------------------- cells and rows


@dataclass(frozen=True)
class Cell:
    """A value with its style; `across` merges it with the cells to its right."""

    value: Any
    style: str = "text"
    across: int = 1


@dataclass(frozen=True)
class Row:
    """A row of values. `styles`: one style for every plain value, or one per column."""

    values: Sequence[Any]
    styles: str | Sequence[str] = "text"


@dataclass(frozen=True)
class Sheet:
    """How the sheet is set up: column widths (characters), print layout, frozen rows.

    `freeze_rows`: rows that stay on screen when scrolling; `repeat_row`: the row printed at
    the top of every page (the table's heading); `footer` uses Excel's codes (&P, &N).
    """

    title: str
    widths: Sequence[float]
    landscape: bool = False
    freeze_rows: int = 0
    repeat_row: int | None = None
    footer: str = ""


def letterhead_rows(
    head: Letterhead, *, columns: int, left: int, date_line: str | None = None
) -> list[Row]:
    """The heading of an official sheet: the governing bodies and the issuing unit over the
    first `left` columns, Quốc hiệu and Tiêu ngữ over the rest, then the date line."""
    right = max(1, columns - left)
    lefts = [Cell(line.upper(), "centre", across=left) for line in head.governing]
    lefts.append(Cell(head.issuer.upper(), "centre_bold", across=left))
    rights = [
        Cell(NATION, "centre_bold", across=right),
        Cell(MOTTO, "centre_bold_underline", across=right),
    ]
    height = max(len(lefts), len(rights))
    lefts += [Cell(None, "centre", across=left)] * (height - len(lefts))
    rights += [Cell(None, "centre", across=right)] * (height - len(rights))
    rows = [Row([lefts[index], rights[index]]) for index in range(height)]
    if date_line is not None:
        rows.append(
            Row([Cell(None, "centre", across=left), Cell(date_line, "centre_italic", across=right)])
        )
    return rows


@functools.lru_cache(maxsize=256)
def column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _cell_xml(reference: str, value: Any, style: str) -> str:
    index = _STYLE_INDEX[style]
    if value is None or value == "":
        return f'<c r="{reference}" s="{index}"/>'
    if isinstance(value, bool):
        return f'<c r="{reference}" s="{index}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float | Decimal):
        return f'<c r="{reference}" s="{index}"><v>{value}</v></c>'
    if isinstance(value, dt.date):
        value = value.strftime("%d/%m/%Y")
    content = text(value)
    if looks_like_formula(content):
        index += _QUOTED_OFFSET
    return (
        f'<c r="{reference}" s="{index}" t="inlineStr"><is>'
        f'<t xml:space="preserve">{escape(content)}</t></is></c>'
    )


class _Sink:
    """What the zip writes into: bytes collected until the stream takes them."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        return None

    def close(self) -> None:
        return None

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        self.size = 0
        return data


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_FIXED_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    return info


def _quoted_sheet_name(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def stream(sheet: Sheet, rows: Iterable[Row | Sequence[Any]]) -> Iterator[bytes]:
    """Yield the workbook in pieces as `rows` are read (for a streaming HTTP response)."""
    title = sheet_title(sheet.title)
    sink = _Sink()
    archive = zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED)
    archive.writestr(_entry("[Content_Types].xml"), _CONTENT_TYPES)
    archive.writestr(_entry("_rels/.rels"), _ROOT_RELS)
    archive.writestr(_entry("xl/_rels/workbook.xml.rels"), _WORKBOOK_RELS)
    archive.writestr(_entry("xl/workbook.xml"), _workbook_xml(title, sheet.repeat_row))
    archive.writestr(_entry("xl/styles.xml"), _styles_xml())
    yield sink.take()
    merges: list[str] = []
    with archive.open(_entry("xl/worksheets/sheet1.xml"), "w") as part:
        part.write(_sheet_head(sheet).encode())
        pending: list[str] = []
        for number, row in enumerate(rows, start=1):
            pending.append(_row_xml(number, row, merges))
            if len(pending) >= 200:
                part.write("".join(pending).encode())
                pending.clear()
                if sink.size >= _FLUSH_BYTES:
                    yield sink.take()
        part.write("".join(pending).encode())
        part.write(_sheet_tail(sheet, merges).encode())
    archive.close()
    yield sink.take()


def workbook(sheet: Sheet, rows: Iterable[Row | Sequence[Any]]) -> bytes:
    """Return the whole workbook as bytes."""
    return b"".join(stream(sheet, rows))


def _row_xml(number: int, row: Row | Sequence[Any], merges: list[str]) -> str:
    if isinstance(row, Row):
        values, styles = row.values, row.styles
    else:
        values, styles = row, "text"
    cells: list[str] = []
    column = 0
    for position, value in enumerate(values):
        column += 1
        reference = f"{column_letter(column)}{number}"
        if isinstance(value, Cell):
            cells.append(_cell_xml(reference, value.value, value.style))
            if value.across > 1:
                last = column + value.across - 1
                merges.append(f"{reference}:{column_letter(last)}{number}")
                for spanned in range(column + 1, last + 1):
                    cells.append(_cell_xml(f"{column_letter(spanned)}{number}", None, value.style))
                column = last
            continue
        style = styles if isinstance(styles, str) else styles[position]
        cells.append(_cell_xml(reference, value, style))
    return f'<row r="{number}">{"".join(cells)}</row>'


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_RELATIONSHIPS}/styles" Target="styles.xml"/>'
    "</Relationships>"
)


def _workbook_xml(title: str, repeat_row: int | None) -> str:
    names = ""
    if repeat_row:
        reference = f"{_quoted_sheet_name(title)}!${repeat_row}:${repeat_row}"
        names = (
            '<definedNames><definedName name="_xlnm.Print_Titles" localSheetId="0">'
            f"{escape(reference)}</definedName></definedNames>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}">'
        "<bookViews><workbookView/></bookViews>"
        f'<sheets><sheet name={quoteattr(title)} sheetId="1" r:id="rId1"/></sheets>'
        f"{names}</workbook>"
    )


def _sheet_head(sheet: Sheet) -> str:
    view = '<sheetView workbookViewId="0"/>'
    if sheet.freeze_rows:
        below = sheet.freeze_rows + 1
        view = (
            '<sheetView workbookViewId="0">'
            f'<pane ySplit="{sheet.freeze_rows}" topLeftCell="A{below}" activePane="bottomLeft" state="frozen"/>'
            f'<selection pane="bottomLeft" activeCell="A{below}" sqref="A{below}"/>'
            "</sheetView>"
        )
    columns = "".join(
        f'<col min="{index}" max="{index}" width="{width}" customWidth="1"/>'
        for index, width in enumerate(sheet.widths, start=1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}">'
        '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
        f"<sheetViews>{view}</sheetViews>"
        '<sheetFormatPr defaultRowHeight="15"/>'
        f"<cols>{columns}</cols><sheetData>"
    )


def _sheet_tail(sheet: Sheet, merges: list[str]) -> str:
    merged = ""
    if merges:
        merged = f'<mergeCells count="{len(merges)}">' + "".join(
            f'<mergeCell ref="{reference}"/>' for reference in merges
        )
        merged += "</mergeCells>"
    orientation = "landscape" if sheet.landscape else "portrait"
    footer = ""
    if sheet.footer:
        footer = f"<headerFooter><oddFooter>&amp;C{escape(sheet.footer)}</oddFooter></headerFooter>"
    return (
        f"</sheetData>{merged}"
        '<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
        f'<pageSetup paperSize="9" orientation="{orientation}" fitToWidth="1" fitToHeight="0"/>'
        f"{footer}</worksheet>"
    )
