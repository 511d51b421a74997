"""The review of a cooperation programme (sơ kết, tổng kết) as PDF and DOCX, for both sides
to sign.

One content (`review_paper`: the heading, the title, sections of text and tables, the two
signature columns) and two printers: reportlab through core.pdf (the national heading,
DejaVu embedded so ă, ơ, ư, đ survive) and python-docx (Times New Roman, which Word has).
The paper is dated by the day its text was last written (Vietnam's day), never by the day it
is printed; a part not written yet is left as dotted lines to be filled in by hand.

No national template for this paper was found (DOMAIN.md §8, item 8): the layout is the
usual one of a report of an administrative body (NĐ 30/2020 Phụ lục I heading; I. results,
II. assessment of each side, III. tasks ahead; signatures of both sides).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from libnet.core import clock, pdf
from libnet.core.documents import MOTTO, NATION, Letterhead, format_number, place_and_date
from libnet.network import documents as network_documents
from libnet.network.models import Library, ManagingBody
from libnet.programmes.models import Programme
from libnet.programmes.selectors import ReviewSheet

DOTS = "…" * 45


@dataclass
class Table:
    headings: list[str]
    widths: list[float]  # shares of the page's width
    aligns: list[str]
    rows: list[list[str]]


@dataclass
class Paper:
    """What a review says, in order, for either printer."""

    letterhead: Letterhead
    date_line: str
    title: str
    subtitle: str
    blocks: list[tuple[str, str | Table]] = field(default_factory=list)  # ("section"|"text", …)
    signers: list[tuple[str, str]] = field(default_factory=list)  # (role, hint)


def _governing(party: Library | ManagingBody) -> tuple[tuple[str, ...], str]:
    """The body above a party and the place of the date line."""
    if isinstance(party, Library):
        head = network_documents.letterhead(party)
        return (*head.governing, head.issuer), head.place
    unit = party.admin_unit
    if unit is None:
        return (), ""
    return (f"{network_documents.PEOPLES_COMMITTEE} {unit.name}",), network_documents.place_name(
        unit.name
    )


def _letterhead(programme: Programme) -> Letterhead:
    """Both parties under the body above the culture side: a joint paper (liên tịch)."""
    governing, place = _governing(programme.culture_party)
    culture = programme.culture_party.name
    education = programme.education_party.name
    if isinstance(programme.culture_party, Library) and governing:
        governing = governing[:-1]
    return Letterhead(governing=governing, issuer=f"{culture} – {education}", place=place)


def _text_or_dots(value: str) -> str:
    return value.strip() or f"{DOTS}\n{DOTS}\n{DOTS}"


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}".replace(".", ",")


def review_paper(sheet: ReviewSheet) -> Paper:
    """Lay out the review of `sheet` (its figures worked out from what was recorded)."""
    programme = sheet.programme
    review = sheet.review
    day = clock.local_date(review.updated_at) if review is not None else None
    head = _letterhead(programme)
    what = _("MID-TERM REVIEW") if sheet.period is not None else _("FINAL REVIEW")
    paper = Paper(
        letterhead=head,
        date_line=place_and_date(head.place, day),
        title=_("REPORT"),
        subtitle=f"{what}: {programme.title}"
        + (f" ({sheet.period.label})" if sheet.period is not None else ""),
    )
    span = {"start": sheet.start.strftime("%d/%m/%Y"), "end": sheet.end.strftime("%d/%m/%Y")}
    paper.blocks.append(("section", _("I. THE PROGRAMME")))
    paper.blocks.append(
        (
            "text",
            _(
                "The programme between %(culture)s and %(education)s runs from %(start)s to %(end)s%(reference)s. The education side chose %(schools)s schools."
            )
            % {
                "culture": programme.culture_party.name,
                "education": programme.education_party.name,
                "start": programme.starts_on.strftime("%d/%m/%Y"),
                "end": programme.ends_on.strftime("%d/%m/%Y"),
                "reference": f" ({programme.reference})" if programme.reference else "",
                "schools": len(sheet.schools),
            },
        )
    )
    if programme.goals:
        paper.blocks.append(("text", programme.goals))
    paper.blocks.append(("section", _("II. RESULTS FROM %(start)s TO %(end)s") % span))
    paper.blocks.append(("text", _("1. Results against the targets of the programme:")))
    paper.blocks.append(
        (
            "table",
            Table(
                [_("No."), _("Measure"), _("Target"), _("Achieved"), "%"],
                [0.07, 0.53, 0.14, 0.14, 0.12],
                ["CENTER", "LEFT", "RIGHT", "RIGHT", "RIGHT"],
                [
                    [
                        str(number),
                        str(row.label),
                        format_number(row.target),
                        format_number(row.value),
                        _percent(row.percent),
                    ]
                    for number, row in enumerate(sheet.measures, start=1)
                ],
            ),
        )
    )
    paper.blocks.append(("text", _("2. By school:")))
    paper.blocks.append(
        (
            "table",
            Table(
                [
                    _("No."),
                    _("School"),
                    _("Batches"),
                    _("Copies"),
                    _("Uses"),
                    _("Events"),
                    _("Participants"),
                ],
                [0.07, 0.38, 0.11, 0.11, 0.11, 0.11, 0.11],
                ["CENTER", "LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"],
                [
                    [
                        str(number),
                        row.school.name,
                        format_number(row.batches),
                        format_number(row.copies),
                        format_number(row.uses),
                        format_number(row.events),
                        format_number(row.participants),
                    ]
                    for number, row in enumerate(sheet.schools, start=1)
                ],
            ),
        )
    )
    if sheet.counted:
        paper.blocks.append(("text", _("3. Activities counted:")))
        for facts in sheet.counted:
            day_text = facts.counts_on.strftime("%d/%m/%Y") if facts.counts_on else ""
            paper.blocks.append(("text", f"- {day_text}: {facts.title}"))
    paper.blocks.append(("section", _("III. ASSESSMENT")))
    paper.blocks.append(
        ("text", _("1. The culture side (%(name)s):") % {"name": programme.culture_party.name})
    )
    paper.blocks.append(("text", _text_or_dots(review.culture_text if review else "")))
    paper.blocks.append(
        ("text", _("2. The education side (%(name)s):") % {"name": programme.education_party.name})
    )
    paper.blocks.append(("text", _text_or_dots(review.education_text if review else "")))
    paper.blocks.append(("section", _("IV. TASKS AHEAD")))
    paper.blocks.append(("text", _text_or_dots(review.next_steps if review else "")))
    hint = _("(signature, full name, seal)")
    paper.signers = [
        (_("For %(name)s") % {"name": programme.education_party.name}, hint),
        (_("For %(name)s") % {"name": programme.culture_party.name}, hint),
    ]
    return paper


def file_name(sheet: ReviewSheet, extension: str) -> str:
    """so-ket-chuong-trinh-3-2026-H1.pdf, tong-ket-chuong-trinh-3.docx"""
    if sheet.period is None:
        return f"tong-ket-chuong-trinh-{sheet.programme.pk}.{extension}"
    return f"so-ket-chuong-trinh-{sheet.programme.pk}-{sheet.period.code}.{extension}"


# --- PDF -----------------------------------------------------------------------------------


def review_pdf(sheet: ReviewSheet) -> bytes:
    """The review as a PDF (A4, portrait)."""
    paper = review_paper(sheet)
    style = pdf.styles()
    width = pdf.content_width()
    story: list[Flowable] = [
        *pdf.heading(paper.letterhead, width=width, date_line=paper.date_line),
        Spacer(1, 6 * mm),
        pdf.para(paper.title, style["title"]),
        pdf.para(paper.subtitle, style["centre"], bold=True),
        Spacer(1, 4 * mm),
    ]
    for kind, content in paper.blocks:
        if isinstance(content, Table):
            story.append(
                pdf.RowTable(
                    [
                        pdf.Column(heading, share * width, align)
                        for heading, share, align in zip(
                            content.headings, content.widths, content.aligns, strict=True
                        )
                    ],
                    content.rows,
                )
            )
            story.append(Spacer(1, 2 * mm))
        else:
            for line in content.split("\n"):
                story.append(pdf.para(line, style["body"], bold=kind == "section"))
    story += [
        Spacer(1, 8 * mm),
        pdf.keep_together(
            [pdf.signatures([pdf.Signer(role, hint) for role, hint in paper.signers], width=width)]
        ),
    ]
    return pdf.render(story, title=paper.subtitle, page_numbers=True)


# --- DOCX ----------------------------------------------------------------------------------

_ALIGN = {
    "LEFT": WD_ALIGN_PARAGRAPH.LEFT,
    "CENTER": WD_ALIGN_PARAGRAPH.CENTER,
    "RIGHT": WD_ALIGN_PARAGRAPH.RIGHT,
}


def _cell_text(
    cell: object, text: str, *, bold: bool = False, align: str = "LEFT", size: float = 11
) -> None:
    paragraph = cell.paragraphs[0]  # type: ignore[attr-defined]  # python-docx's _Cell
    paragraph.alignment = _ALIGN[align]
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)


def review_docx(sheet: ReviewSheet) -> bytes:
    """The review as a Word document (A4), for the departments to edit before signing."""
    paper = review_paper(sheet)
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(13)
    width = Mm(165)
    heading = document.add_table(rows=2, cols=2)
    left, right = heading.rows[0].cells
    for line in paper.letterhead.governing:
        _cell_text(left, line.upper() + "\n", align="CENTER", size=12)
    _cell_text(left, paper.letterhead.issuer.upper(), bold=True, align="CENTER", size=12)
    _cell_text(right, NATION + "\n", bold=True, align="CENTER", size=12)
    _cell_text(right, MOTTO, bold=True, align="CENTER", size=13)
    date_cell = heading.rows[1].cells[1]
    _cell_text(date_cell, paper.date_line, align="CENTER", size=13)
    date_cell.paragraphs[0].runs[0].italic = True
    for row in heading.rows:
        row.cells[0].width, row.cells[1].width = int(width * 0.45), int(width * 0.55)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(paper.title)
    run.bold, run.font.size = True, Pt(14)
    subtitle = document.add_paragraph()
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle.add_run(paper.subtitle).bold = True
    for kind, content in paper.blocks:
        if isinstance(content, Table):
            table = document.add_table(rows=1, cols=len(content.headings))
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            for cell, text in zip(table.rows[0].cells, content.headings, strict=True):
                _cell_text(cell, text, bold=True, align="CENTER", size=11)
            for values in content.rows:
                cells = table.add_row().cells
                for cell, text, align in zip(cells, values, content.aligns, strict=True):
                    _cell_text(cell, text, align=align, size=11)
            for row in table.rows:
                for cell, share in zip(row.cells, content.widths, strict=True):
                    cell.width = int(width * share)
            continue
        for line in content.split("\n"):
            paragraph = document.add_paragraph()
            paragraph.add_run(line).bold = kind == "section"
    document.add_paragraph()
    signatures = document.add_table(rows=1, cols=len(paper.signers))
    for cell, (role, hint) in zip(signatures.rows[0].cells, paper.signers, strict=True):
        _cell_text(cell, role.upper() + "\n", bold=True, align="CENTER", size=13)
        cell.paragraphs[0].add_run(hint).italic = True
    output = io.BytesIO()
    document.core_properties.title = paper.subtitle
    document.core_properties.author = "libnet"
    document.save(output)
    return output.getvalue()
