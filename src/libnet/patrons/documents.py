"""Reader cards as PDF: one card the size of a bank card, or an A4 sheet of ten to cut.

The card (ISO/IEC 7810 ID-1, 85.6 × 54 mm) shows the library, the reader's name, category,
class and validity, a box for a 3×4 photo, and the card number as a Code 128 barcode for the
desk scanner. Text is set in the TrueType faces of core/pdf.py (the built-in PDF fonts have no
ơ, ư or đ); a value too long for its line is set smaller, then cut with "…".
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from libnet.core import pdf
from libnet.patrons.models import Patron

CARD_WIDTH = 85.6 * mm
CARD_HEIGHT = 54 * mm
SHEET_COLUMNS = 2
SHEET_ROWS = 5
CARDS_PER_SHEET = SHEET_COLUMNS * SHEET_ROWS
BAND_COLOUR = colors.HexColor("#1f4e79")


def _line(canvas: Canvas, value: str, *, font: str, size: float, width: float) -> str:
    """Set the font at the size `value` fits `width` in (down to 5 pt); cut it if still wider."""
    text = pdf.clean(value)
    size = pdf.fitted_size(text, font=font, size=size, width=width)
    canvas.setFont(font, size)
    return pdf.fit_line(text, font=font, size=size, width=width)


def _draw_card(canvas: Canvas, patron: Patron, left: float, bottom: float, face: pdf.Fonts) -> None:
    width, height = CARD_WIDTH, CARD_HEIGHT
    padding = 3 * mm
    canvas.saveState()
    canvas.translate(left, bottom)
    # Outline: the cutting line on a sheet, the edge on a card.
    canvas.setStrokeColor(colors.grey)
    canvas.setLineWidth(0.3)
    canvas.rect(0, 0, width, height, stroke=1, fill=0)
    # Band: the library and "READER CARD".
    band = 11 * mm
    canvas.setFillColor(BAND_COLOUR)
    canvas.rect(0.3, height - band, width - 0.6, band - 0.3, stroke=0, fill=1)
    canvas.setFillColor(colors.white)
    library_name = _line(
        canvas, patron.home_library.name.upper(), font=face.bold, size=8, width=width - 2 * padding
    )
    canvas.drawCentredString(width / 2, height - 4.6 * mm, library_name)
    canvas.setFont(face.regular, 6.5)
    canvas.drawCentredString(width / 2, height - 8.6 * mm, _("READER CARD"))
    # Photo box, 20 × 25 mm for a 3×4 photo glued on.
    photo_width, photo_height = 20 * mm, 25 * mm
    photo_bottom = height - band - 2.5 * mm - photo_height
    canvas.setStrokeColor(colors.darkgrey)
    canvas.setDash(2, 2)
    canvas.rect(padding, photo_bottom, photo_width, photo_height, stroke=1, fill=0)
    canvas.setDash()
    canvas.setFillColor(colors.grey)
    canvas.setFont(face.regular, 6)
    canvas.drawCentredString(
        padding + photo_width / 2, photo_bottom + photo_height / 2 - 1 * mm, _("Photo 3×4")
    )
    # The reader, the name whole and in its own order (family name first, as typed).
    text_left = padding + photo_width + 3 * mm
    text_width = width - text_left - padding
    canvas.setFillColor(colors.black)
    y = height - band - 6 * mm
    name = _line(canvas, patron.full_name.upper(), font=face.bold, size=10.5, width=text_width)
    canvas.drawString(text_left, y, name)
    lines = [str(patron.category.name)]
    if patron.school_class:
        lines.append(_("Class %(class)s") % {"class": patron.school_class})
        if patron.school_id and patron.school_id != patron.home_library_id and patron.school:
            lines[-1] += f" – {patron.school.name}"
    if patron.birth_date:
        lines.append(_("Born %(date)s") % {"date": patron.birth_date.strftime("%d/%m/%Y")})
    lines.append(_("Valid until %(date)s") % {"date": patron.card_valid_until.strftime("%d/%m/%Y")})
    canvas.setFont(face.regular, 7)
    for line in lines:
        y -= 3.6 * mm
        canvas.drawString(
            text_left, y, pdf.fit_line(line, font=face.regular, size=7, width=text_width)
        )
    # Barcode of the card number under the text, the digits below it.
    barcode = pdf.code128(patron.card_number, bar_height=8 * mm, bar_width=0.28 * mm)
    if barcode is not None:
        scale = min(1.0, text_width / barcode.width) if barcode.width else 1.0
        canvas.saveState()
        canvas.translate(text_left + (text_width - barcode.width * scale) / 2, 5 * mm)
        canvas.scale(scale, 1)
        barcode.drawOn(canvas, 0, 0)
        canvas.restoreState()
    number = _line(canvas, patron.card_number, font=face.regular, size=7, width=text_width)
    canvas.drawCentredString(text_left + text_width / 2, 2 * mm, number)
    canvas.restoreState()


def card_pdf(patron: Patron) -> bytes:
    """Return one card, on a page the size of the card (for a card printer)."""
    face = pdf.fonts()

    def draw(canvas: Canvas) -> None:
        _draw_card(canvas, patron, 0, 0, face)
        canvas.showPage()

    return pdf.draw_canvas(
        draw,
        title=_("Reader card %(number)s") % {"number": patron.card_number},
        pagesize=(CARD_WIDTH, CARD_HEIGHT),
    )


def cards_sheet_pdf(patrons: Sequence[Patron], *, title: str = "") -> bytes:
    """Return A4 sheets of ten cards (2 × 5) with cutting lines, in the order given."""
    face = pdf.fonts()

    def draw(canvas: Canvas) -> None:
        page_width, page_height = A4
        margin_x = (page_width - SHEET_COLUMNS * CARD_WIDTH) / 2
        margin_y = (page_height - SHEET_ROWS * CARD_HEIGHT) / 2
        for index, patron in enumerate(patrons):
            if index and index % CARDS_PER_SHEET == 0:
                canvas.showPage()
            position = index % CARDS_PER_SHEET
            column, row = position % SHEET_COLUMNS, position // SHEET_COLUMNS
            left = margin_x + column * CARD_WIDTH
            bottom = page_height - margin_y - (row + 1) * CARD_HEIGHT
            _draw_card(canvas, patron, left, bottom, face)
        if not patrons:
            canvas.setFont(face.regular, 12)
            canvas.drawString(20 * mm, page_height - 20 * mm, _("No readers selected."))
        canvas.showPage()

    return pdf.draw_canvas(draw, title=title or _("Reader cards"))
