"""Mẫu số 01 of TT 05/2022 (mobile-service results) as PDF and XLSX.

The official columns of Mẫu 01 are not confirmed (DOMAIN.md §2.6: the form is published
only as a .doc attachment). This layout is an assumption built on what Art. 5.5 names:
"lượt người được phục vụ" (readers served) and "lượt tài nguyên thông tin" (item uses =
loans + readings on the spot), per trip and stop, with new cards and activities, totals,
and a signature block.
"""

from __future__ import annotations

import functools
import io
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from libnet.catalog.documents import pdf_fonts
from libnet.mobile.selectors import MobileReport

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_CONTENT_TYPE = "application/pdf"


def report_title() -> str:
    return _("REPORT ON MOBILE LIBRARY SERVICE RESULTS")


def report_period(report: MobileReport) -> str:
    return _("From %(start)s to %(end)s") % {
        "start": report.start.strftime("%d/%m/%Y"),
        "end": report.end.strftime("%d/%m/%Y"),
    }


def headings() -> list[str]:
    return [
        _("No."),
        _("Date"),
        _("Place served"),
        _("Readers served (visits)"),
        _("Loans"),
        _("Read on the spot"),
        _("Item uses (loans + on the spot)"),
        _("New cards"),
        _("Activities"),
    ]


def _rows(report: MobileReport) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for number, line in enumerate(report.lines, start=1):
        rows.append(
            [
                number,
                line.date.strftime("%d/%m/%Y"),
                f"{line.place} ({line.kind}) — {line.route}",
                line.readers_served,
                line.loans,
                line.in_place_uses,
                line.item_uses,
                line.new_cards,
                line.activities,
            ]
        )
    return rows


def _totals(report: MobileReport) -> list[Any]:
    return [
        "",
        "",
        _("Total: %(trips)s trips, %(copies)s copies carried")
        % {"trips": report.trips, "copies": report.copies_carried},
        report.readers_served,
        report.loans,
        report.in_place_uses,
        report.item_uses,
        report.new_cards,
        "",
    ]


def _signatures() -> list[str]:
    return [_("Prepared by"), _("Director")]


def report_workbook(report: MobileReport) -> bytes:
    """Return Mẫu 01 as an Excel workbook: heading, one row per stop, totals, signatures."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = "Mẫu 01"
    columns = headings()
    sheet.append([report.library.name])
    sheet.append([report_title()])
    sheet.append([report_period(report)])
    sheet.append([])
    sheet.append(columns)
    heading_row = sheet.max_row
    sheet["A1"].font = Font(bold=True, size=12)
    sheet["A2"].font = Font(bold=True, size=13)
    thin = Side(style="thin", color="888888")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for row in [*_rows(report), _totals(report)]:
        sheet.append(row)
    last_row = sheet.max_row
    for row_number in range(heading_row, last_row + 1):
        for column in range(1, len(columns) + 1):
            cell = sheet.cell(row=row_number, column=column)
            cell.border = border
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if row_number in (heading_row, last_row):
                cell.font = Font(bold=True)
    sheet.append([])
    sheet.append(["", "", _signatures()[0], "", "", "", _signatures()[1]])
    for column, width in enumerate((6, 12, 42, 14, 10, 12, 16, 10, 40), start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = f"A{heading_row + 1}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def report_pdf(report: MobileReport) -> bytes:
    """Return Mẫu 01 as an A4 landscape PDF in DejaVu (embedded: Vietnamese needs it)."""
    regular, bold = pdf_fonts()
    cell = ParagraphStyle("cell", fontName=regular, fontSize=8, leading=10)
    number_cell = ParagraphStyle("number", parent=cell, alignment=2)
    heading_cell = ParagraphStyle("heading", parent=cell, fontName=bold, alignment=1)
    bold_cell = ParagraphStyle("bold", parent=cell, fontName=bold)
    bold_number = ParagraphStyle("bold_number", parent=bold_cell, alignment=2)
    title_style = ParagraphStyle("title", fontName=bold, fontSize=14, leading=18, alignment=1)
    centre = ParagraphStyle("centre", fontName=regular, fontSize=10, leading=13, alignment=1)
    library_style = ParagraphStyle("library", fontName=bold, fontSize=11, leading=14)
    form_style = ParagraphStyle("form", fontName=regular, fontSize=9, leading=12, alignment=2)

    def paragraphs(values: list[Any], *, total: bool = False) -> list[Paragraph]:
        result = []
        for index, value in enumerate(values):
            is_number = isinstance(value, int) and index > 0
            style = (bold_number if is_number else bold_cell) if total else cell
            if is_number and not total:
                style = number_cell
            result.append(Paragraph(_escape(str(value)), style))
        return result

    rows: list[list[Any]] = [[Paragraph(_escape(text), heading_cell) for text in headings()]]
    rows += [paragraphs(row) for row in _rows(report)]
    if not report.lines:
        rows.append([Paragraph(_escape(_("No trip in this period.")), cell)] + [""] * 8)
    rows.append(paragraphs(_totals(report), total=True))
    widths = [12 * mm, 22 * mm, 66 * mm, 24 * mm, 16 * mm, 20 * mm, 28 * mm, 16 * mm, 70 * mm]
    table = LongTable(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), regular),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef3")),
                ("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#f3f3f3")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    signature_style = ParagraphStyle("sign", fontName=bold, fontSize=10, leading=13, alignment=1)
    hint_style = ParagraphStyle("hint", fontName=regular, fontSize=8, leading=10, alignment=1)
    signatures = Table(
        [
            [Paragraph(_escape(name), signature_style) for name in _signatures()],
            [Paragraph(_escape(_("(signature and full name)")), hint_style)] * 2,
        ],
        colWidths=[130 * mm, 130 * mm],
    )
    output = io.BytesIO()
    document = SimpleDocTemplate(
        output,
        pagesize=landscape(A4),
        leftMargin=10 * mm,
        rightMargin=10 * mm,
        topMargin=12 * mm,
        bottomMargin=15 * mm,
        title=f"{report_title()} — {report_period(report)}",
        author=report.library.name,
        initialFontName=regular,
    )
    document.build(
        [
            Paragraph(_escape(_("Form no. 01 (TT 05/2022/TT-BVHTTDL)")), form_style),
            Paragraph(_escape(report.library.name), library_style),
            Spacer(1, 3 * mm),
            Paragraph(_escape(report_title()), title_style),
            Paragraph(_escape(report_period(report)), centre),
            Spacer(1, 5 * mm),
            table,
            Spacer(1, 10 * mm),
            signatures,
        ],
        # Every page starts in DejaVu: Helvetica cannot show Vietnamese and would be listed,
        # unembedded, in the file.
        canvasmaker=functools.partial(Canvas, initialFontName=regular),  # type: ignore[arg-type]  # the stubs say float
    )
    return output.getvalue()
