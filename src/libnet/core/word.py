"""Official papers as Word documents (DOCX, python-docx), for those a body edits before it
signs: the national heading and the issuing unit side by side, the place-and-date line, a
title, paragraphs, tables and the signature blocks, laid out as core/pdf.py lays out the
same paper (NĐ 30/2020/NĐ-CP Phụ lục I: Times New Roman 13–14 pt, A4, margins 20/15 mm).

Always Vietnamese where the paper is the form (core/documents.py); the text a caller passes
is written as given (NFC). Fonts are named, not embedded: Word and LibreOffice draw
Vietnamese with their own Times New Roman.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from libnet.core.documents import MOTTO, NATION, Letterhead, place_and_date
from libnet.core.pdf import clean

FONT = "Times New Roman"
# A4 less the 30 mm and 15 mm margins: the width tables share.
TEXT_WIDTH = Mm(165)
_ALIGN = {
    "LEFT": WD_ALIGN_PARAGRAPH.LEFT,
    "CENTER": WD_ALIGN_PARAGRAPH.CENTER,
    "RIGHT": WD_ALIGN_PARAGRAPH.RIGHT,
}


@dataclass(frozen=True)
class Signer:
    """A signature block: the role in capitals and the line under it ("(Ký, ghi rõ họ tên)")."""

    role: str
    note: str = "(Ký, ghi rõ họ tên)"


class WordDocument:
    """An A4 official paper being written; `content()` returns the DOCX bytes."""

    def __init__(self, *, size: float = 13) -> None:
        self.document = Document()
        self.size = size
        section = self.document.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin = section.bottom_margin = Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
        normal = self.document.styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(size)
        # East-Asian and complex-script runs name the font too, or Word falls back to its own.
        fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:eastAsia", "w:cs", "w:hAnsi"):
            fonts.set(qn(attribute), FONT)

    def _paragraph(
        self,
        cell_or_doc: object,
        text: str,
        *,
        bold: bool = False,
        italic: bool = False,
        align: WD_ALIGN_PARAGRAPH | None = None,
        size: float | None = None,
    ) -> Paragraph:
        paragraph: Paragraph = cell_or_doc.add_paragraph()  # type: ignore[attr-defined]  # a document or a table cell
        run = paragraph.add_run(clean(text))
        run.bold = bold
        run.italic = italic
        if size is not None:
            run.font.size = Pt(size)
        if align is not None:
            paragraph.alignment = align
        paragraph.paragraph_format.space_after = Pt(2)
        return paragraph

    def heading(
        self, head: Letterhead, *, day: dt.date | None, date_line: str | None = None
    ) -> None:
        """The issuing unit (left) and the national heading (right), then the date line
        (`date_line` when the paper has its own, else the place and `day`)."""
        table = self.document.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        left, right = table.rows[0].cells
        left.paragraphs[0].text = ""
        for name in head.governing:
            self._paragraph(left, name.upper(), align=WD_ALIGN_PARAGRAPH.CENTER, size=12)
        self._paragraph(
            left, head.issuer.upper(), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=12
        )
        self._paragraph(right, NATION, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=12)
        self._paragraph(right, MOTTO, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        self._paragraph(
            self.document,
            date_line or place_and_date(head.place, day),
            italic=True,
            align=WD_ALIGN_PARAGRAPH.RIGHT,
        )

    def title(self, text: str, *lines: str) -> None:
        """The paper's title in capitals, bold and centred, and the lines under it."""
        self._paragraph(self.document, text.upper(), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        for line in lines:
            self._paragraph(self.document, line, align=WD_ALIGN_PARAGRAPH.CENTER)

    def section(self, text: str) -> None:
        self._paragraph(self.document, text, bold=True)

    def paragraph(self, text: str, *, bold: bool = False, italic: bool = False) -> None:
        self._paragraph(
            self.document, text, bold=bold, italic=italic, align=WD_ALIGN_PARAGRAPH.JUSTIFY
        )

    def table(
        self,
        headings: Sequence[str],
        rows: Sequence[Sequence[object]],
        *,
        size: float = 11,
        widths: Sequence[float] | None = None,
        aligns: Sequence[str] | None = None,
    ) -> Table:
        """A bordered table with a bold heading row; each value printed as text. `widths` are
        shares of the text's width (0.3, 0.7); `aligns` "LEFT", "CENTER" or "RIGHT" per column."""
        table: Table = self.document.add_table(rows=1, cols=len(headings))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, heading in zip(table.rows[0].cells, headings, strict=True):
            cell.paragraphs[0].text = ""
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = cell.paragraphs[0].add_run(clean(heading))
            run.bold = True
            run.font.size = Pt(size)
        column_aligns = [_ALIGN[name] for name in aligns] if aligns else None
        for values in rows:
            cells = table.add_row().cells  # type: ignore[no-untyped-call]  # python-docx leaves it untyped
            for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
                if column_aligns is not None:
                    cell.paragraphs[0].alignment = column_aligns[index]
                run = cell.paragraphs[0].add_run(clean("" if value is None else value))
                run.font.size = Pt(size)
        if widths:
            for row in table.rows:
                for cell, share in zip(row.cells, widths, strict=True):
                    cell.width = int(TEXT_WIDTH * share)
        return table

    def signatures(self, signers: Sequence[Signer]) -> None:
        """The signature blocks side by side, with room to sign."""
        self._paragraph(self.document, "")
        table = self.document.add_table(rows=1, cols=len(signers))
        for cell, signer in zip(table.rows[0].cells, signers, strict=True):
            cell.paragraphs[0].text = ""
            self._paragraph(cell, signer.role.upper(), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
            self._paragraph(cell, signer.note, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)

    def content(self) -> bytes:
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()


def text_of(content: bytes) -> str:
    """Every paragraph's text of a DOCX, tables included, one per line (for tests and checks)."""
    document = Document(io.BytesIO(content))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                lines.extend(paragraph.text for paragraph in cell.paragraphs)
    return "\n".join(lines)
