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

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from libnet.core import clock, pdf, word
from libnet.core.documents import Letterhead, format_number, place_and_date
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


def review_docx(sheet: ReviewSheet) -> bytes:
    """The review as a Word document (A4), for the departments to edit before signing."""
    paper = review_paper(sheet)
    document = word.WordDocument()
    document.heading(paper.letterhead, day=None, date_line=paper.date_line)
    document.title(paper.title, paper.subtitle)
    for kind, content in paper.blocks:
        if isinstance(content, Table):
            document.table(
                content.headings, content.rows, widths=content.widths, aligns=content.aligns
            )
            continue
        for line in content.split("\n"):
            if kind == "section":
                document.section(line)
            else:
                document.paragraph(line)
    document.signatures([word.Signer(role, hint) for role, hint in paper.signers])
    document.document.core_properties.title = paper.subtitle
    document.document.core_properties.author = "libnet"
    return document.content()
