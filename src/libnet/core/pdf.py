"""PDF for every document of libnet: fonts, table cells that never break a page, the
official heading, a signature block kept with what it signs, and output that is the same
byte for byte each time the same paper is printed.

- **Fonts.** The fourteen built-in PDF fonts have no ơ, ư or đ: every document is set in the
  TrueType faces of settings (`LIBNET_PDF_FONT`, `_BOLD`, `_ITALIC`, `_BOLD_ITALIC`; DejaVu by
  default), embedded, and every page starts in them.
- **Cells.** A value is cleaned (NFC, no control characters), wrapped to its column and, past
  `max_lines`, cut with "…". A row is never taller than a page, so one long copy note can
  no longer make reportlab give up on a whole register (LayoutError).
- **Tables** are laid out page by page from an iterable of rows (`RowTable`): the rows may come
  straight from a database cursor and are read a page at a time (reportlab still keeps the
  pages it has drawn until the file is written: about 240 MB for a register of 100,000 copies).
- **Determinism.** `render` writes with reportlab's `invariant` mode (fixed creation date and
  document id) and nothing in a document says when it was printed: a reprint is identical.
"""

from __future__ import annotations

import functools
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from xml.sax.saxutils import escape as _xml_escape

from django.conf import settings
from django.utils.translation import gettext as _
from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from libnet.core.documents import MOTTO, NATION, Letterhead

PDF_CONTENT_TYPE = "application/pdf"

# A cell shows at most this many lines; the rest of a long value is cut and marked with "…".
MAX_CELL_LINES = 8
ELLIPSIS = "…"
CELL_PADDING = 2.5  # points, each side of a cell
HEADING_FILL = colors.HexColor("#e8eef3")
GRID = colors.HexColor("#808080")

# Characters that print as nothing or as a box: C0/C1 controls (the line breaks are kept),
# lone surrogates (they cannot even be encoded), bidirectional and zero-width marks, the
# soft hyphen and the byte-order mark.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u00ad\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\ufeff\ufffe\uffff]"
)
_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029\x85]")


# ---------------------------------------------------------------- fonts


@dataclass(frozen=True)
class Fonts:
    """The registered names of the four faces."""

    regular: str
    bold: str
    italic: str
    bold_italic: str


def _register(path: str) -> str | None:
    if not path or not Path(path).is_file():
        return None
    name = Path(path).stem
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, path))
    return name


def fonts() -> Fonts:
    """Register the Vietnamese-capable TrueType faces of settings and return their names.

    Italic faces are optional: without them italic text stays upright rather than fall back
    to a built-in font without ơ, ư, đ. `<b>` and `<i>` in a paragraph pick the faces.
    """
    regular = _register(settings.LIBNET_PDF_FONT)
    if regular is None:
        raise FileNotFoundError(settings.LIBNET_PDF_FONT)
    bold = _register(settings.LIBNET_PDF_FONT_BOLD) or regular
    italic = _register(getattr(settings, "LIBNET_PDF_FONT_ITALIC", "")) or regular
    bold_italic = _register(getattr(settings, "LIBNET_PDF_FONT_BOLD_ITALIC", "")) or bold
    pdfmetrics.registerFontFamily(
        regular, normal=regular, bold=bold, italic=italic, boldItalic=bold_italic
    )
    return Fonts(regular=regular, bold=bold, italic=italic, bold_italic=bold_italic)


# ---------------------------------------------------------------- text


def clean(value: object) -> str:
    """Return `value` as printable text: NFC, line breaks as "\\n", no invisible characters.

    Decomposed Vietnamese (a title typed on a Mac, or pasted from a web page) becomes the
    precomposed letters the font draws; a control character pasted from a spreadsheet is
    dropped instead of showing as a box or stopping the document.
    """
    if value is None:
        return ""
    text = _INVISIBLE.sub("", _LINE_BREAKS.sub("\n", str(value)))
    return unicodedata.normalize("NFC", text).replace("\t", " ")


def escape(value: object) -> str:
    """Return `value` cleaned and escaped for a reportlab paragraph (which reads markup)."""
    return _xml_escape(clean(value)).replace("\n", "<br/>")


@functools.lru_cache(maxsize=16)
def _glyph_widths(font: str) -> tuple[dict[int, float], float]:
    """The advance of each character of `font` in thousandths of the size, and the default."""
    face = pdfmetrics.getFont(font).face  # type: ignore[attr-defined]  # a TTFont has one
    return face.charWidths, float(face.defaultWidth)


@functools.lru_cache(maxsize=65_536)
def _width(text: str, font: str, size: float) -> float:
    """The printed width of `text`: summed from the font's table, and remembered, since a
    register repeats its places, sources, years and prices on thousands of lines (reportlab
    measures in pure Python when its optional C accelerator is missing)."""
    widths, default = _glyph_widths(font)
    get = widths.get
    return sum(get(code, default) for code in map(ord, text)) * size / 1000


def _cut(text: str, font: str, size: float, width: float, *, mark: str = "") -> int:
    """Return how many characters of `text` fit in `width` with `mark` after them (≥ 1)."""
    low, high = 1, len(text)
    limit = width - (_width(mark, font, size) if mark else 0)
    while low < high:  # the longest prefix that fits
        middle = (low + high + 1) // 2
        if _width(text[:middle], font, size) <= limit:
            low = middle
        else:
            high = middle - 1
    # Never leave a combining mark at the start of the next line (NFC cannot compose all).
    while low > 1 and low < len(text) and unicodedata.combining(text[low]):
        low -= 1
    return low


def _wrap_paragraph(text: str, font: str, size: float, width: float) -> list[str]:
    if _width(text, font, size) <= width:
        return [text]
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if _width(candidate, font, size) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while _width(current, font, size) > width:  # a word wider than the column
            keep = _cut(current, font, size, width)
            lines.append(current[:keep])
            current = current[keep:]
    lines.append(current)
    return lines


def wrap(
    value: object, *, font: str, size: float, width: float, max_lines: int = MAX_CELL_LINES
) -> list[str]:
    """Return `value` broken into lines no wider than `width`, at most `max_lines` of them.

    Lines break between words, and inside a word only when it is wider than the column (an
    address, a URL). A value longer than `max_lines` ends with "…" on its last line.
    """
    text = clean(value).strip()
    if not text:
        return [""]
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines += _wrap_paragraph(" ".join(paragraph.split()), font, size, width)
        if len(lines) > max_lines:
            break
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        if _width(last + ELLIPSIS, font, size) > width:
            last = last[: _cut(last, font, size, width, mark=ELLIPSIS)].rstrip()
        lines = [*lines[: max_lines - 1], last + ELLIPSIS]
    return lines


def fit_line(value: object, *, font: str, size: float, width: float) -> str:
    """Return `value` on one line, cut with "…" when it is wider than `width`."""
    return wrap(value, font=font, size=size, width=width, max_lines=1)[0]


def fitted_size(value: str, *, font: str, size: float, width: float, smallest: float = 5) -> float:
    """Return the largest size ≤ `size` (down to `smallest`) at which `value` fits `width`."""
    while size > smallest and _width(value, font, size) > width:
        size -= 0.25
    return size


def code128(value: str, *, bar_height: float, bar_width: float) -> Code128 | None:
    """A Code 128 barcode of `value`, or None when `value` has characters Code 128 cannot hold
    (it encodes ASCII only): print the value in words under it either way."""
    if not value or not value.isascii() or not value.isprintable():
        return None
    return Code128(value, barHeight=bar_height, barWidth=bar_width, quiet=False)


# ---------------------------------------------------------------- paragraph styles


def styles(size: float = 10.5) -> dict[str, ParagraphStyle]:
    """The paragraph styles of libnet's documents, in the registered faces."""
    face = fonts()
    body = ParagraphStyle("body", fontName=face.regular, fontSize=size, leading=size * 1.35)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=size - 2, leading=(size - 2) * 1.3),
        "centre": ParagraphStyle("centre", parent=body, alignment=1),
        "right": ParagraphStyle("right", parent=body, alignment=2),
        "title": ParagraphStyle(
            "title",
            parent=body,
            fontName=face.bold,
            fontSize=size + 3,
            leading=(size + 3) * 1.3,
            alignment=1,
            spaceBefore=2 * mm,
        ),
        "subtitle": ParagraphStyle("subtitle", parent=body, alignment=1, fontName=face.italic),
        "head": ParagraphStyle("head", parent=body, fontSize=10, leading=13, alignment=1),
        "head_bold": ParagraphStyle(
            "head_bold", parent=body, fontName=face.bold, fontSize=10, leading=13, alignment=1
        ),
        "date": ParagraphStyle(
            "date", parent=body, fontName=face.italic, fontSize=10, leading=13, alignment=1
        ),
        "form": ParagraphStyle(
            "form", parent=body, fontName=face.bold_italic, fontSize=9, leading=12, alignment=2
        ),
        "sign": ParagraphStyle("sign", parent=body, fontName=face.bold, alignment=1),
        "sign_hint": ParagraphStyle(
            "sign_hint", parent=body, fontName=face.italic, fontSize=size - 1.5, alignment=1
        ),
        "sign_name": ParagraphStyle("sign_name", parent=body, fontName=face.bold, alignment=1),
    }


def para(value: object, style: ParagraphStyle, *, bold: bool = False) -> Paragraph:
    """A paragraph of plain text (markup characters in `value` are printed, not read)."""
    text = escape(value)
    return Paragraph(f"<b>{text}</b>" if bold else text, style)


# ---------------------------------------------------------------- the heading


def heading(
    letterhead: Letterhead,
    *,
    width: float,
    date_line: str | None = None,
    form_label: str = "",
) -> list[Flowable]:
    """The heading of an official document (NĐ 30/2020 Phụ lục I).

    Left: the governing bodies in capitals, then the issuing unit in bold capitals with a
    short rule under it. Right: Quốc hiệu in bold capitals and Tiêu ngữ underlined, then the
    place-and-date line in italics. `form_label` ("Mẫu số 02") goes above, on the right.
    """
    style = styles()
    left_width = width * 0.42
    left: list[Flowable] = [
        Paragraph(
            _broken_before_place(line.upper(), face=fonts().regular, width=left_width),
            style["head"],
        )
        for line in letterhead.governing
    ]
    left += [
        Paragraph(
            _broken_before_place(letterhead.issuer.upper(), face=fonts().bold, width=left_width),
            style["head_bold"],
        ),
        HRFlowable(width="30%", thickness=0.6, color=colors.black, spaceBefore=2.5, spaceAfter=0),
    ]
    right: list[Flowable] = [
        para(NATION, style["head_bold"]),
        Paragraph(f"<b><u>{escape(MOTTO)}</u></b>", style["head"]),
    ]
    rows: list[list[Any]] = [[left, right]]
    if date_line is not None:
        rows.append(["", para(date_line, style["date"])])
    table = Table(rows, colWidths=[left_width, width - left_width])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts().regular),  # for the empty cell
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 1), (-1, 1), 3 * mm),
            ]
        )
    )
    flowables: list[Flowable] = []
    if form_label:
        flowables.append(para(form_label, style["form"]))
    flowables.append(table)
    return flowables


_PLACE_WORDS = re.compile(" (?=(?:TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|THỊ TRẤN|XÃ|PHƯỜNG) )")


def _broken_before_place(text: str, *, face: str, width: float, size: float = 10) -> str:
    """Escape a heading line; if it needs two lines, break it before its place name, as a
    typist would: "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH" / "TỈNH SÔNG LAM"."""
    text = clean(text)
    if _width(text, face, size) <= width:
        return _xml_escape(text)
    for match in reversed(list(_PLACE_WORDS.finditer(text))):
        head, tail = text[: match.start()], text[match.end() :]
        if _width(head, face, size) <= width and match.start() > 0:
            return f"{_xml_escape(head)}<br/>{_xml_escape(tail)}"
    return _xml_escape(text)


# ---------------------------------------------------------------- signatures


@dataclass(frozen=True)
class Signer:
    """One column of a signature block: the role, a hint, and the name when it is known."""

    title: str
    hint: str = ""
    name: str = ""


def signatures(
    signers: Sequence[Signer],
    *,
    width: float,
    space: float = 20 * mm,
    align: Literal["LEFT", "CENTER", "RIGHT"] = "CENTER",
) -> Table:
    """The signature block: one column per signer, room to sign, the name under it.

    `align` places a block narrower than the page: a letter is signed on the right."""
    style = styles()
    columns = max(1, len(signers))
    cells = [
        [
            para(signer.title.upper(), style["sign"]),
            *([para(signer.hint, style["sign_hint"])] if signer.hint else []),
            Spacer(1, space),
            *([para(signer.name, style["sign_name"])] if signer.name else []),
        ]
        for signer in signers
    ]
    table = Table([cells], colWidths=[width / columns] * columns, hAlign=align)
    table.setStyle(
        TableStyle(
            [("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), fonts().regular)]
        )
    )
    return table


# ---------------------------------------------------------------- tables


@dataclass(frozen=True)
class Column:
    """A column of a `RowTable`: its heading, width, alignment (LEFT, CENTER, RIGHT)."""

    heading: str
    width: float
    align: str = "LEFT"


class RowTable(Flowable):
    """A grid table laid out a page at a time from an iterable of rows.

    Every cell is wrapped to its column and cut past `max_lines` (see `wrap`), so each row has
    a known height, never more than a page. The heading row repeats on every page. Rows are
    read from `rows` only as pages need them, so a generator over a database cursor is never
    read whole; and splitting a page off costs a page, where one reportlab table of 20,000 rows
    copied its remaining rows at every page (quadratic: 24 s against 8 s in 500-row tables).

    `keep_with` (the closing sentence and the signatures) is kept on one page with the last
    `tail_rows` rows of the table: a signature block never stands alone on a page.
    `total` prints the last row in bold (a totals line). `on_rows(n)` is called as rows are
    laid out, for progress reports.
    """

    def __init__(
        self,
        columns: Sequence[Column],
        rows: Iterable[Sequence[object]],
        *,
        size: float = 8.5,
        max_lines: int = MAX_CELL_LINES,
        empty: str = "",
        total: bool = False,
        keep_with: Sequence[Flowable] = (),
        tail_rows: int = 2,
        on_rows: Callable[[int], None] | None = None,
    ) -> None:
        super().__init__()
        self.columns = list(columns)
        self.face = fonts()
        self.size = size
        self.leading = size * 1.22
        self.max_lines = max_lines
        self.total = total
        self.keep_with = list(keep_with)
        self.tail_rows = max(1, tail_rows)
        self.on_rows = on_rows
        self._rows: Iterator[Sequence[object]] = iter(rows)
        self._buffer: list[tuple[list[str], float]] = []  # wrapped cells, row height
        self._exhausted = False
        self._laid_out = 0
        self._empty = empty
        self._spanned_empty = False
        self._header = self._wrapped(
            [column.heading for column in self.columns], self.face.bold, max_lines=4
        )

    # -- rows

    def _wrapped(
        self, values: Sequence[object], font: str, *, max_lines: int
    ) -> tuple[list[str], float]:
        cells = []
        lines = 1
        for value, column in zip(values, self.columns, strict=False):
            wrapped = wrap(
                value,
                font=font,
                size=self.size,
                width=column.width - 2 * CELL_PADDING,
                max_lines=max_lines,
            )
            lines = max(lines, len(wrapped))
            cells.append("\n".join(wrapped))
        cells += [""] * (len(self.columns) - len(cells))
        return cells, lines * self.leading + 2 * CELL_PADDING + 1

    def _fill(self, height: float) -> None:
        """Read rows until the buffer is taller than `height` or the rows run out."""
        total = sum(row_height for _cells, row_height in self._buffer)
        while not self._exhausted and total <= height:
            try:
                values = next(self._rows)
            except StopIteration:
                self._exhausted = True
                break
            row = self._wrapped(values, self.face.regular, max_lines=self.max_lines)
            self._buffer.append(row)
            total += row[1]
        if self._exhausted and not self._buffer and self._laid_out == 0 and self._empty:
            # One cell across the whole table, not squeezed into the first column.
            text = wrap(
                self._empty,
                font=self.face.italic,
                size=self.size,
                width=sum(column.width for column in self.columns) - 2 * CELL_PADDING,
                max_lines=4,
            )
            cells = ["\n".join(text)] + [""] * (len(self.columns) - 1)
            self._buffer.append((cells, len(text) * self.leading + 2 * CELL_PADDING + 1))
            self._spanned_empty = True
            self.total = False

    # -- platypus

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        # Always taller than the space: platypus then asks `split`, which lays out one page.
        return available_width, available_height + 1

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        frame = getattr(self, "_frame", None)  # set by Frame.split for the call
        full_height = float(frame._aH) if frame is not None else available_height
        at_top = bool(frame._atTop) if frame is not None else True
        self._fill(full_height)
        room = available_height - self._header[1]
        fitting, used = 0, 0.0
        for _cells, row_height in self._buffer:
            if used + row_height > room:
                break
            used += row_height
            fitting += 1
        if self._exhausted:
            closing = [self._table(self._buffer, last=True), *self.keep_with]
            if fitting == len(self._buffer):
                keep_height = self._keep_height(available_width, available_height)
                if not self.keep_with or self._header[1] + used + keep_height <= available_height:
                    return self._laid(closing, fitting)
            if self.keep_with:  # the last rows go with the signatures, never a page before
                fitting = min(fitting, len(self._buffer) - self.tail_rows)
            if fitting <= 0 and at_top:
                return self._laid(closing, len(self._buffer))  # all there is; it will split
        if fitting <= 0:
            if not at_top:
                return []  # begin on the next page rather than under a sliver
            fitting = 1  # cannot happen with capped rows; never loop
        return self._laid([self._table(self._buffer[:fitting], last=False), self], fitting)

    def _keep_height(self, available_width: float, available_height: float) -> float:
        height = 6.0  # a margin: what follows must surely fit
        for flowable in self.keep_with:
            height += flowable.wrap(available_width, available_height)[1]
            height += flowable.getSpaceBefore() + flowable.getSpaceAfter()
        return height

    def _laid(self, flowables: list[Flowable], count: int) -> list[Flowable]:
        self._buffer = self._buffer[count:]
        # platypus marks a flowable it had to carry to the next frame, and gives up if the
        # mark is still there at the next failure; this one is laid out a page at a time.
        self.__dict__.pop("_postponed", None)
        self._done(count)
        return flowables

    def _done(self, count: int) -> None:
        self._laid_out += count
        if self.on_rows is not None:
            self.on_rows(count)

    def _table(self, rows: list[tuple[list[str], float]], *, last: bool) -> Table:
        data = [self._header[0], *(cells for cells, _height in rows)]
        heights = [self._header[1], *(height for _cells, height in rows)]
        table = Table(data, colWidths=[column.width for column in self.columns], rowHeights=heights)
        commands: list[tuple[Any, ...]] = [
            ("FONT", (0, 0), (-1, -1), self.face.regular, self.size, self.leading),
            ("FONT", (0, 0), (-1, 0), self.face.bold, self.size, self.leading),
            ("GRID", (0, 0), (-1, -1), 0.4, GRID),
            ("BACKGROUND", (0, 0), (-1, 0), HEADING_FILL),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("ALIGN", (0, 0), (-1, 0), "CENTER"),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("TOPPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ]
        for index, column in enumerate(self.columns):
            if column.align != "LEFT":
                commands.append(("ALIGN", (index, 1), (index, -1), column.align))
        if self._spanned_empty and len(data) == 2:
            commands += [
                ("SPAN", (0, 1), (-1, 1)),
                ("ALIGN", (0, 1), (-1, 1), "LEFT"),
                ("FONT", (0, 1), (-1, 1), self.face.italic, self.size, self.leading),
            ]
        if last and self.total and len(data) > 1:
            commands.append(("FONT", (0, -1), (-1, -1), self.face.bold, self.size, self.leading))
            commands.append(("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#f3f3f3")))
        table.setStyle(TableStyle(commands))
        return table

    def draw(self) -> None:  # never drawn whole: split always answers
        raise AssertionError("RowTable is laid out by split()")


def keep_together(flowables: Sequence[Flowable]) -> KeepTogether:
    """Keep `flowables` on one page (a closing sentence with the signatures under it)."""
    return KeepTogether(list(flowables))


# ---------------------------------------------------------------- the document


class _Canvas(Canvas):
    """Every page starts in the document's font; "Page x of y" is written at the foot of each
    page, the total filled in once known (a PDF form referenced before it is drawn)."""

    form_name = "libnet_page_count"

    def __init__(self, *args: Any, font: str, page_numbers: bool, **kwargs: Any) -> None:
        kwargs["initialFontName"] = font
        kwargs.setdefault("invariant", 1)
        super().__init__(*args, **kwargs)
        self._libnet_font = font
        self._libnet_page_numbers = page_numbers

    def showPage(self) -> None:  # reportlab's name
        if self._libnet_page_numbers:
            self._draw_page_number()
        super().showPage()

    def _draw_page_number(self) -> None:
        marker = "\x00"
        text = _("Page %(page)s of %(pages)s") % {"page": self.getPageNumber(), "pages": marker}
        before, _sep, after = text.partition(marker)
        size = 8
        reserve = _width("0000", self._libnet_font, size)
        total_width = _width(before + after, self._libnet_font, size) + reserve
        page_width = float(getattr(self, "_pagesize", A4)[0])
        x = (page_width - total_width) / 2
        y = 8 * mm
        self.saveState()
        self.setFont(self._libnet_font, size)
        self.setFillColor(colors.black)
        self.drawString(x, y, before)
        x += _width(before, self._libnet_font, size)
        self.translate(x, y)
        self.doForm(self.form_name)
        self.restoreState()
        if after:
            self.setFont(self._libnet_font, size)
            self.drawString(x + reserve, y, after)

    def save(self) -> None:
        if self._libnet_page_numbers:
            pages = self.getPageNumber() - 1
            self.beginForm(self.form_name)
            self.setFont(self._libnet_font, 8)
            self.drawString(0, 0, str(pages))
            self.endForm()
        super().save()


def render(
    story: Sequence[Flowable],
    *,
    title: str,
    author: str = "",
    pagesize: tuple[float, float] = A4,
    wide: bool = False,
    margins: tuple[float, float, float, float] = (15 * mm, 15 * mm, 15 * mm, 15 * mm),
    page_numbers: bool = False,
) -> bytes:
    """Lay out `story` and return the PDF. `wide`: landscape. `margins`: top, right, bottom,
    left. The same story gives the same bytes: nothing depends on the moment of printing."""
    face = fonts()
    output = io.BytesIO()
    top, right, bottom, left = margins
    document = SimpleDocTemplate(
        output,
        pagesize=landscape(pagesize) if wide else pagesize,
        topMargin=top,
        rightMargin=right,
        bottomMargin=bottom,
        leftMargin=left,
        title=clean(title),
        author=clean(author),
        creator="libnet",
        producer="libnet",
        initialFontName=face.regular,
        invariant=1,
    )
    document.build(
        list(story),
        canvasmaker=functools.partial(_Canvas, font=face.regular, page_numbers=page_numbers),
    )
    return output.getvalue()


def content_width(*, wide: bool = False, left: float = 15 * mm, right: float = 15 * mm) -> float:
    """The width between the margins of an A4 page (landscape when `wide`)."""
    page = landscape(A4) if wide else A4
    return float(page[0]) - left - right


def draw_canvas(
    draw: Callable[[Canvas], None],
    *,
    title: str,
    pagesize: tuple[float, float] = A4,
) -> bytes:
    """A document drawn by hand on a canvas (labels, cards), deterministic like `render`."""
    face = fonts()
    output = io.BytesIO()
    canvas = Canvas(output, pagesize=pagesize, initialFontName=face.regular, invariant=1)  # type: ignore[arg-type]  # the stubs say float
    canvas.setTitle(clean(title))
    canvas.setCreator("libnet")
    canvas.setProducer("libnet")
    draw(canvas)
    canvas.save()
    return output.getvalue()


__all__ = [
    "PDF_CONTENT_TYPE",
    "Column",
    "Fonts",
    "RowTable",
    "Signer",
    "clean",
    "code128",
    "content_width",
    "draw_canvas",
    "escape",
    "fit_line",
    "fitted_size",
    "fonts",
    "heading",
    "keep_together",
    "para",
    "render",
    "signatures",
    "styles",
    "wrap",
]
