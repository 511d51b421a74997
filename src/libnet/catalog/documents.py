"""Printed documents of the catalogue: the accession register (XLSX, PDF) and spine labels.

The register follows the layout of the paper sổ đăng ký cá biệt (DOMAIN.md §4.3): one line
per copy in accession order, under the library's letterhead. Both formats read the copies as
an iterable of plain rows from a database cursor (holdings.register_export_rows) and never
hold them all: the Excel file is streamed in the memory of a few rows (core/xlsx.py); the PDF
reads a page of rows at a time (core/pdf.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Spacer

from libnet.catalog import label_sheets
from libnet.catalog.holdings import RegisterCopy, register_export_rows, split_call_number
from libnet.catalog.label_sheets import Sheet
from libnet.catalog.models import AccessionRegister, Item, ItemSource, ItemStatus, LabelContent
from libnet.core import clock, pdf, xlsx
from libnet.core.documents import format_number
from libnet.core.models import DocumentJob
from libnet.network.documents import letterhead

XLSX_CONTENT_TYPE = xlsx.XLSX_CONTENT_TYPE
PDF_CONTENT_TYPE = pdf.PDF_CONTENT_TYPE


@dataclass(frozen=True)
class RegisterLine:
    """One line of the accession register, as printed."""

    entered_on: str
    accession_number: str
    title_and_author: str
    place_and_publisher: str
    year: int | None
    price_vnd: int | None
    source: str
    remarks: str

    @property
    def price(self) -> str:
        return format_vnd(self.price_vnd)


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
    return format_number(amount)


def register_line(copy: Item | RegisterCopy, *, labels: _Labels | None = None) -> RegisterLine:
    """Turn a copy into its register line (an Item must come with its record)."""
    if isinstance(copy, Item):
        copy = RegisterCopy.of(copy)
    labels = labels or _Labels()
    authors = [line for line in copy.authors.splitlines() if line]
    title = copy.title
    if authors:
        title = f"{title} ({'; '.join(authors[:2])})"
    place_and_publisher = " – ".join(
        part for part in (copy.publication_place, copy.publisher) if part
    )
    remarks: list[str] = []
    if copy.status == ItemStatus.WITHDRAWN:
        remarks.append(
            _("withdrawn, decision %(reference)s") % {"reference": copy.withdrawal_reference}
            if copy.withdrawal_reference
            else _("withdrawn")
        )
    elif copy.status != ItemStatus.AVAILABLE:
        remarks.append(labels.status.get(copy.status, copy.status))
    if copy.notes:
        remarks.append(copy.notes)
    # The day the copy was entered in Vietnam, not in UTC: at 06:00 there it is still
    # yesterday in UTC.
    entered = copy.acquired_on or clock.local_date(copy.created_at)
    return RegisterLine(
        entered_on=entered.strftime("%d/%m/%Y"),
        accession_number=copy.accession_number,
        title_and_author=title,
        place_and_publisher=place_and_publisher,
        year=copy.year,
        price_vnd=copy.price_vnd,
        source=labels.source.get(copy.source, ""),
        remarks="; ".join(remarks),
    )


class _Labels:
    """The labels of statuses and sources in the current language, translated once per
    document rather than once per line."""

    def __init__(self) -> None:
        self.status = {value: str(label) for value, label in ItemStatus.choices}
        self.source = {value: str(label) for value, label in ItemSource.choices}


def _register_title(register: AccessionRegister) -> str:
    return _("Accession register %(prefix)s — %(name)s") % {
        "prefix": register.prefix,
        "name": register.name,
    }


# ---------------------------------------------------------------- XLSX

_XLSX_STYLES = ("cell", "cell", "cell", "cell", "integer", "number", "cell", "cell")


def register_sheet_rows(
    register: AccessionRegister, items: Iterable[Item | RegisterCopy]
) -> tuple[xlsx.Sheet, Iterator[xlsx.Row]]:
    """The register as a sheet: the letterhead and title, the headings, one row per copy."""
    headings = _register_headings()
    top = [
        *xlsx.letterhead_rows(letterhead(register.library), columns=len(headings), left=3),
        xlsx.Row([]),
        xlsx.Row([xlsx.Cell(_("ACCESSION REGISTER"), "big_title", across=len(headings))]),
        xlsx.Row([xlsx.Cell(_register_title(register), "centre", across=len(headings))]),
        xlsx.Row([]),
        xlsx.Row(headings, "heading"),
    ]
    sheet = xlsx.Sheet(
        title=register.prefix or "ĐKCB",
        widths=(12, 14, 50, 30, 7, 12, 18, 28),
        landscape=True,
        freeze_rows=len(top),
        repeat_row=len(top),
        footer=_("Page &P of &N"),
    )

    labels = _Labels()

    def rows() -> Iterator[xlsx.Row]:
        yield from top
        for item in items:
            line = register_line(item, labels=labels)
            yield xlsx.Row(
                (
                    line.entered_on,
                    line.accession_number,
                    line.title_and_author,
                    line.place_and_publisher,
                    line.year,
                    line.price_vnd,
                    line.source,
                    line.remarks,
                ),
                _XLSX_STYLES,
            )

    return sheet, rows()


def register_workbook(register: AccessionRegister, items: Iterable[Item | RegisterCopy]) -> bytes:
    """Return the register as an Excel workbook: letterhead and title, then one row per copy."""
    return xlsx.workbook(*register_sheet_rows(register, items))


def register_workbook_stream(
    register: AccessionRegister, items: Iterable[Item | RegisterCopy]
) -> Iterator[bytes]:
    """The same workbook in pieces, written as `items` are read (for a streaming response)."""
    return xlsx.stream(*register_sheet_rows(register, items))


# ---------------------------------------------------------------- PDF

_REGISTER_WIDTHS_MM = (22, 26, 80, 48, 13, 20, 28, 40)
_REGISTER_ALIGN = ("LEFT", "LEFT", "LEFT", "LEFT", "CENTER", "RIGHT", "LEFT", "LEFT")


def register_pdf(
    register: AccessionRegister,
    items: Iterable[Item | RegisterCopy],
    *,
    on_rows: Callable[[int], None] | None = None,
) -> bytes:
    """Return the register as an A4 landscape PDF: the library's letterhead, the title, and
    the table with its heading row on every page and "Page x of y" at the foot.

    `on_rows(n)` is told as every n copies are laid out (the background job's progress).
    """
    style = pdf.styles()
    margin = 10 * mm
    width = pdf.content_width(wide=True, left=margin, right=margin)
    columns = [
        pdf.Column(heading, size * mm, align)
        for heading, size, align in zip(
            _register_headings(), _REGISTER_WIDTHS_MM, _REGISTER_ALIGN, strict=True
        )
    ]

    labels = _Labels()

    def lines() -> Iterator[tuple[str, ...]]:
        for item in items:
            line = register_line(item, labels=labels)
            yield (
                line.entered_on,
                line.accession_number,
                line.title_and_author,
                line.place_and_publisher,
                str(line.year or ""),
                line.price,
                line.source,
                line.remarks,
            )

    story = [
        *pdf.heading(letterhead(register.library), width=width),
        pdf.para(_("ACCESSION REGISTER"), style["title"]),
        pdf.para(_register_title(register), style["subtitle"]),
        Spacer(1, 3 * mm),
        pdf.RowTable(
            columns,
            lines(),
            size=8,
            empty=_("No copies in this register yet."),
            on_rows=on_rows,
        ),
    ]
    return pdf.render(
        story,
        title=_register_title(register),
        author=register.library.name,
        wide=True,
        margins=(12 * mm, margin, 15 * mm, margin),
        page_numbers=True,
    )


REGISTER_PDF_JOB = "catalog.register_pdf"


def register_pdf_job(job: DocumentJob, out: BinaryIO, progress: Callable[[int], None]) -> None:
    """Make the PDF of the register `job.params["register_id"]` for `libnet worker`."""
    register = AccessionRegister.objects.select_related("library").get(pk=job.params["register_id"])
    out.write(register_pdf(register, register_export_rows(register), on_rows=progress))


# ---------------------------------------------------------------- labels


def labels_pdf(
    items: Sequence[Item],
    *,
    library_names: dict[int, str] | None = None,
    sheet: Sheet | None = None,
    content: str = LabelContent.BOTH,
) -> bytes:
    """Return sheets of labels: by default A4 3 × 8, spine part on the left, Code128 barcode
    on the right; `sheet` another layout (catalog.label_sheets), `content` the spine part
    only or the barcode only.

    The spine part has the owner's short name, the call number one part per line and the
    accession number; the barcode part the title, the barcode and its digits.
    `library_names` may shorten the owners' names.
    """
    face = pdf.fonts()
    sheet = sheet or label_sheets.get_sheet(label_sheets.DEFAULT)

    def draw(canvas: Canvas) -> None:
        page_width, page_height = float(sheet.page_width) * mm, float(sheet.page_height) * mm
        canvas.setPageSize((page_width, page_height))
        width, height = float(sheet.label_width) * mm, float(sheet.label_height) * mm
        for index, item in enumerate(items):
            if index and index % sheet.per_page == 0:
                canvas.showPage()
                canvas.setPageSize((page_width, page_height))
            x, y = sheet.position(index % sheet.per_page)
            left, top = float(x) * mm, page_height - float(y) * mm
            owner = (library_names or {}).get(item.home_library_id) or item.home_library.name
            _draw_label(canvas, item, owner, left, top, width, height, face, content)
        if not items:
            canvas.setFont(face.regular, 12)
            canvas.drawString(20 * mm, page_height - 20 * mm, _("No copies selected."))
        canvas.showPage()

    return pdf.draw_canvas(draw, title=_("Spine and barcode labels"))


def _fitted_text(canvas: Canvas, value: str, *, font: str, size: float, width: float) -> str:
    """Set the font at the size `value` fits `width` in (down to 5 pt), cut it if still wider."""
    text = pdf.clean(value)
    size = pdf.fitted_size(text, font=font, size=size, width=width)
    canvas.setFont(font, size)
    return pdf.fit_line(text, font=font, size=size, width=width)


def _draw_label(
    canvas: Canvas,
    item: Item,
    owner: str,
    left: float,
    top: float,
    width: float,
    height: float,
    face: pdf.Fonts,
    content: str = LabelContent.BOTH,
) -> None:
    # A spine-only label is all spine; a barcode-only one has none.
    widths: dict[str, float] = {LabelContent.SPINE: width, LabelContent.BARCODE: 0.0}
    spine_width = widths.get(content, min(24 * mm, width / 2))
    canvas.setStrokeColor(colors.lightgrey)
    canvas.setLineWidth(0.3)
    canvas.rect(left + 1 * mm, top - height + 1 * mm, width - 2 * mm, height - 2 * mm)
    if content == LabelContent.BOTH:
        canvas.line(left + spine_width, top - height + 3 * mm, left + spine_width, top - 3 * mm)
    if content != LabelContent.BARCODE:
        _draw_spine(canvas, item, owner, left, top, spine_width, height, face)
    if content != LabelContent.SPINE:
        _draw_barcode(canvas, item, left + spine_width, top, width - spine_width, height, face)


def _draw_spine(
    canvas: Canvas,
    item: Item,
    owner: str,
    left: float,
    top: float,
    spine_width: float,
    height: float,
    face: pdf.Fonts,
) -> None:
    padding = 3 * mm
    # Spine part: owner, call number lines, accession number.
    text_width = spine_width - 2 * padding + 2 * mm
    x = left + padding
    y = top - padding - 2.5 * mm
    owner = owner.split(" (", 1)[0]  # "Chi nhánh Hưng Lam (nguyên Thư viện huyện …)"
    canvas.setFillColor(colors.black)
    canvas.drawString(
        x, y, _fitted_text(canvas, owner, font=face.regular, size=6.5, width=text_width)
    )
    y -= 5 * mm
    for part in split_call_number(item.call_number)[:3]:
        canvas.drawString(
            x, y, _fitted_text(canvas, part, font=face.bold, size=11, width=text_width)
        )
        y -= 5 * mm
    canvas.drawString(
        x,
        top - height + padding + 1 * mm,
        _fitted_text(canvas, item.accession_number, font=face.regular, size=8, width=text_width),
    )


def _draw_barcode(
    canvas: Canvas,
    item: Item,
    left: float,
    top: float,
    width: float,
    height: float,
    face: pdf.Fonts,
) -> None:
    # Code128 scaled to the free width, the digits under it, the title above.
    padding = 3 * mm
    area_left = left + padding
    area_width = width - 2 * padding
    canvas.setFont(face.regular, 6.5)
    canvas.drawString(
        area_left,
        top - padding - 2.5 * mm,
        pdf.fit_line(item.bib.title, font=face.regular, size=6.5, width=area_width),
    )
    # 13 mm of bars where the label is tall enough; a smaller one keeps room for the title
    # above and the digits below.
    bar_height = max(5 * mm, min(13 * mm, height - 2 * padding - 10.5 * mm))
    barcode = pdf.code128(item.barcode, bar_height=bar_height, bar_width=0.3 * mm)
    if barcode is not None:
        scale = min(1.0, area_width / barcode.width) if barcode.width else 1.0
        canvas.saveState()
        bar_left = area_left + (area_width - barcode.width * scale) / 2
        canvas.translate(bar_left, top - height + padding + 6 * mm)
        canvas.scale(scale, 1)
        barcode.drawOn(canvas, 0, 0)
        canvas.restoreState()
    digits = _fitted_text(canvas, item.barcode, font=face.regular, size=8, width=area_width)
    canvas.drawCentredString(area_left + area_width / 2, top - height + padding + 1 * mm, digits)
