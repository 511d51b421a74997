"""Printed documents of the catalogue: the accession register (XLSX, PDF) and spine labels.

The register follows the layout of the paper sổ đăng ký cá biệt (DOMAIN.md §4.3): one line
per copy in accession order. PDFs embed a TrueType font with Vietnamese glyphs
(settings.LIBNET_PDF_FONT): the fourteen built-in PDF fonts have no ơ, ư or đ.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from libnet.catalog.holdings import split_call_number
from libnet.catalog.models import AccessionRegister, Item, ItemSource, ItemStatus
from libnet.core import clock

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_CONTENT_TYPE = "application/pdf"

# A4 label sheets sold in Vietnam come 3 across and 8 down (70 x 37 mm) without margins.
LABEL_COLUMNS = 3
LABEL_ROWS = 8


@dataclass(frozen=True)
class RegisterLine:
    """One line of the accession register, as printed."""

    entered_on: str
    accession_number: str
    title_and_author: str
    place_and_publisher: str
    year: str
    price: str
    source: str
    remarks: str


def _register_headings() -> list[str]:
    return [
        _("Date entered"),
        _("Accession no."),
        _("Title (author)"),
        _("Place – publisher"),
        _("Year"),
        _("Price (VND)"),
        _("Voucher no. / source"),
        _("Remarks"),
    ]


def format_vnd(amount: int | None) -> str:
    """Format a price in đồng the Vietnamese way: 125000 → 125.000."""
    if amount is None:
        return ""
    return f"{amount:,}".replace(",", ".")


def register_line(item: Item) -> RegisterLine:
    """Turn a copy into its register line (the copy must come with its record)."""
    bib = item.bib
    title = bib.title
    if bib.author_list:
        title = f"{title} ({'; '.join(bib.author_list[:2])})"
    place_and_publisher = " – ".join(
        part for part in (bib.publication_place, bib.publisher) if part
    )
    remarks: list[str] = []
    if item.status == ItemStatus.WITHDRAWN:
        remarks.append(
            _("withdrawn, decision %(reference)s") % {"reference": item.withdrawal_reference}
            if item.withdrawal_reference
            else _("withdrawn")
        )
    elif item.status != ItemStatus.AVAILABLE:
        remarks.append(str(ItemStatus(item.status).label))
    if item.notes:
        remarks.append(item.notes)
    # Vietnam's calendar day: a copy entered at 07:30 is in the register on that day, not
    # on the UTC day before (created_at is stored in UTC).
    entered = item.acquired_on or clock.local_date(item.created_at)
    return RegisterLine(
        entered_on=formats.date_format(entered, "d/m/Y"),
        accession_number=item.accession_number,
        title_and_author=title,
        place_and_publisher=place_and_publisher,
        year=str(bib.year or ""),
        price=format_vnd(item.price_vnd),
        source=str(ItemSource(item.source).label) if item.source in ItemSource.values else "",
        remarks="; ".join(remarks),
    )


def _register_title(register: AccessionRegister) -> str:
    return _("Accession register %(prefix)s — %(name)s") % {
        "prefix": register.prefix,
        "name": register.name,
    }


# ---------------------------------------------------------------- XLSX


def register_workbook(register: AccessionRegister, items: Iterable[Item]) -> bytes:
    """Return the register as an Excel workbook: library and register on top, then one row per copy."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = register.prefix[:31] or "ĐKCB"
    headings = _register_headings()
    sheet.append([register.library.name])
    sheet.append([_register_title(register)])
    sheet.append([])
    sheet.append(headings)
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"].font = Font(bold=True, size=12)
    thin = Side(style="thin", color="888888")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    heading_row = 4
    for column in range(1, len(headings) + 1):
        cell = sheet.cell(row=heading_row, column=column)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = border
    for item in items:
        line = register_line(item)
        sheet.append(
            [
                line.entered_on,
                line.accession_number,
                line.title_and_author,
                line.place_and_publisher,
                int(line.year) if line.year else None,
                item.price_vnd,
                line.source,
                line.remarks,
            ]
        )
        row = sheet.max_row
        for column in range(1, len(headings) + 1):
            cell = sheet.cell(row=row, column=column)
            cell.border = border
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.cell(row=row, column=6).number_format = "#,##0"
    for column, width in enumerate((12, 14, 50, 30, 7, 12, 18, 28), start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = f"A{heading_row + 1}"
    sheet.print_title_rows = f"{heading_row}:{heading_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    footer = sheet.oddFooter
    if footer is not None:
        footer.center.text = _("Page &P of &N")
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


# ---------------------------------------------------------------- PDF


def pdf_fonts() -> tuple[str, str]:
    """Register the Vietnamese-capable TrueType fonts of settings and return their names."""
    names: list[str] = []
    for path in (settings.LIBNET_PDF_FONT, settings.LIBNET_PDF_FONT_BOLD):
        name = Path(path).stem
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, path))
        names.append(name)
    return names[0], names[1]


class _NumberedCanvas(Canvas):
    """A canvas that prints "Page x of y" once the number of pages is known."""

    footer_font = "Helvetica"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Without this the page starts in Helvetica, which cannot show Vietnamese.
        kwargs["initialFontName"] = kwargs.get("initialFontName") or self.footer_font
        super().__init__(*args, **kwargs)
        self._saved_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._saved_pages.append(dict(self.__dict__))
        # reportlab's own way to begin a fresh page without emitting the current one.
        self._startPage()  # type: ignore[attr-defined]  # private, absent from the stubs

    def save(self) -> None:
        total = len(self._saved_pages)
        for state in self._saved_pages:
            self.__dict__.update(state)
            self.setFont(self.footer_font, 8)
            width = float(getattr(self, "_pagesize", A4)[0])
            self.drawCentredString(
                width / 2,
                8 * mm,
                _("Page %(page)s of %(pages)s") % {"page": self.getPageNumber(), "pages": total},
            )
            super().showPage()
        super().save()


def register_pdf(register: AccessionRegister, items: Iterable[Item]) -> bytes:
    """Return the register as an A4 landscape PDF with the heading row on every page."""
    regular, bold = pdf_fonts()
    cell = ParagraphStyle("cell", fontName=regular, fontSize=8, leading=10)
    heading_cell = ParagraphStyle("heading", parent=cell, fontName=bold, alignment=1)
    title_style = ParagraphStyle("title", fontName=bold, fontSize=14, leading=18, alignment=1)
    library_style = ParagraphStyle("library", fontName=bold, fontSize=11, leading=14)
    rows: list[list[Any]] = [[Paragraph(text, heading_cell) for text in _register_headings()]]
    for item in items:
        line = register_line(item)
        rows.append(
            [
                Paragraph(_escape(value), cell)
                for value in (
                    line.entered_on,
                    line.accession_number,
                    line.title_and_author,
                    line.place_and_publisher,
                    line.year,
                    line.price,
                    line.source,
                    line.remarks,
                )
            ]
        )
    if len(rows) == 1:
        rows.append([Paragraph(_escape(_("No copies in this register yet.")), cell)] + [""] * 7)
    widths = [22 * mm, 26 * mm, 80 * mm, 48 * mm, 13 * mm, 20 * mm, 28 * mm, 40 * mm]
    table = LongTable(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), regular),  # for plain-string cells
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef3")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (5, 1), (5, -1), "RIGHT"),
            ]
        )
    )
    output = io.BytesIO()
    document = SimpleDocTemplate(
        output,
        pagesize=landscape(A4),
        leftMargin=10 * mm,
        rightMargin=10 * mm,
        topMargin=12 * mm,
        bottomMargin=15 * mm,
        title=_register_title(register),
        author=register.library.name,
        initialFontName=regular,
    )

    class FooterCanvas(_NumberedCanvas):
        footer_font = regular

    document.build(
        [
            Paragraph(_escape(register.library.name), library_style),
            Paragraph(_escape(_register_title(register)).upper(), title_style),
            Spacer(1, 4 * mm),
            table,
        ],
        canvasmaker=FooterCanvas,
    )
    return output.getvalue()


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _truncated(value: str, font: str, size: float, width: float) -> str:
    """Return `value`, cut and ended with an ellipsis if it is wider than `width`."""
    if pdfmetrics.stringWidth(value, font, size) <= width:
        return value
    while value and pdfmetrics.stringWidth(value + "…", font, size) > width:
        value = value[:-1]
    return value.rstrip() + "…"


def _fitted(canvas: Canvas, value: str, font: str, size: float, width: float) -> float:
    """Return the largest font size ≤ `size` at which `value` fits in `width`."""
    while size > 5 and pdfmetrics.stringWidth(value, font, size) > width:
        size -= 0.5
    return size


def labels_pdf(items: Sequence[Item], *, library_names: dict[int, str] | None = None) -> bytes:
    """Return an A4 sheet of labels (3 × 8): spine part on the left, Code128 barcode on the right.

    Each label has the owner's short name, the call number one part per line, the accession
    number, and the barcode of the copy. `library_names` may shorten the owners' names.
    """
    regular, bold = pdf_fonts()
    output = io.BytesIO()
    canvas = Canvas(output, pagesize=A4, initialFontName=regular)  # type: ignore[arg-type]  # the stubs say float
    canvas.setTitle(_("Spine and barcode labels"))
    page_width, page_height = A4
    label_width = page_width / LABEL_COLUMNS
    label_height = page_height / LABEL_ROWS
    per_page = LABEL_COLUMNS * LABEL_ROWS
    for index, item in enumerate(items):
        if index and index % per_page == 0:
            canvas.showPage()
        position = index % per_page
        column, row = position % LABEL_COLUMNS, position // LABEL_COLUMNS
        left = column * label_width
        top = page_height - row * label_height
        owner = (library_names or {}).get(item.home_library_id) or item.home_library.name
        _draw_label(canvas, item, owner, left, top, label_width, label_height, regular, bold)
    if not items:
        canvas.setFont(regular, 12)
        canvas.drawString(20 * mm, page_height - 20 * mm, _("No copies selected."))
    canvas.showPage()
    canvas.save()
    return output.getvalue()


def _draw_label(
    canvas: Canvas,
    item: Item,
    owner: str,
    left: float,
    top: float,
    width: float,
    height: float,
    regular: str,
    bold: str,
) -> None:
    padding = 3 * mm
    spine_width = 24 * mm
    canvas.setStrokeColor(colors.lightgrey)
    canvas.setLineWidth(0.3)
    canvas.rect(left + 1 * mm, top - height + 1 * mm, width - 2 * mm, height - 2 * mm)
    canvas.line(left + spine_width, top - height + 3 * mm, left + spine_width, top - 3 * mm)
    # Spine part: owner, call number lines, accession number.
    text_width = spine_width - 2 * padding + 2 * mm
    x = left + padding
    y = top - padding - 2.5 * mm
    owner = owner.split(" (", 1)[0]  # "Chi nhánh Hưng Lam (nguyên Thư viện huyện …)"
    size = _fitted(canvas, owner, regular, 6.5, text_width)
    canvas.setFont(regular, size)
    canvas.setFillColor(colors.black)
    canvas.drawString(x, y, _truncated(owner, regular, size, text_width))
    y -= 5 * mm
    for part in split_call_number(item.call_number)[:3]:
        size = _fitted(canvas, part, bold, 11, text_width)
        canvas.setFont(bold, size)
        canvas.drawString(x, y, part)
        y -= 5 * mm
    size = _fitted(canvas, item.accession_number, regular, 8, text_width)
    canvas.setFont(regular, size)
    canvas.drawString(x, top - height + padding + 1 * mm, item.accession_number)
    # Barcode part: Code128 scaled to the free width, the digits under it, the title above.
    area_left = left + spine_width + padding
    area_width = width - spine_width - 2 * padding
    title = _truncated(item.bib.title, regular, 6.5, area_width)
    canvas.setFont(regular, 6.5)
    canvas.drawString(area_left, top - padding - 2.5 * mm, title)
    barcode = Code128(item.barcode, barHeight=13 * mm, barWidth=0.3 * mm, quiet=False)
    scale = min(1.0, area_width / barcode.width) if barcode.width else 1.0
    canvas.saveState()
    bar_left = area_left + (area_width - barcode.width * scale) / 2
    canvas.translate(bar_left, top - height + padding + 6 * mm)
    canvas.scale(scale, 1)
    barcode.drawOn(canvas, 0, 0)
    canvas.restoreState()
    canvas.setFont(regular, 8)
    canvas.drawCentredString(
        area_left + area_width / 2, top - height + padding + 1 * mm, item.barcode
    )
