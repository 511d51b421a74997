"""A bibliography laid out for printing, as PDF and as a Word document: the library's
heading, the title, the introduction, the sections with their numbered entries (ISBD
descriptions, each with its note or abstract) and the index of authors."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from libnet.bibliographies.models import Bibliography
from libnet.bibliographies.selectors import layout
from libnet.core import clock, pdf, word
from libnet.core.documents import place_and_date
from libnet.network.documents import letterhead

INDEX_TITLE = "BẢNG TRA TÁC GIẢ"


def _day(bibliography: Bibliography) -> Any:
    return (
        clock.local_date(bibliography.published_at) if bibliography.published_at else clock.today()
    )


def bibliography_pdf(bibliography: Bibliography) -> bytes:
    record_list = bibliography.record_list
    day = _day(bibliography)
    head = letterhead(record_list.library, on=day)
    width = pdf.content_width()
    style = pdf.styles(11)
    laid = layout(bibliography)
    with translation.override("vi"):
        kind = str(bibliography.get_kind_display())
    story: list[Any] = [
        *pdf.heading(head, width=width, date_line=place_and_date(head.place, day)),
        Spacer(1, 6 * mm),
        pdf.para(record_list.title.upper(), style["title"]),
        pdf.para(kind, style["subtitle"]),
        Spacer(1, 4 * mm),
    ]
    if record_list.introduction:
        story += [pdf.para(record_list.introduction, style["body"]), Spacer(1, 3 * mm)]
    for section in laid.sections:
        if section.heading:
            story.append(pdf.para(section.heading.upper(), style["body"], bold=True))
        for entry in section.entries:
            story.append(pdf.para(f"{entry.number}. {entry.text}", style["body"]))
            if entry.note:
                story.append(pdf.para(entry.note, style["small"]))
            story.append(Spacer(1, 1.5 * mm))
        story.append(Spacer(1, 2 * mm))
    if laid.authors:
        story += [Spacer(1, 4 * mm), pdf.para(INDEX_TITLE, style["title"])]
        story += [
            pdf.para(f"{author}: {', '.join(str(n) for n in numbers)}", style["body"])
            for author, numbers in laid.authors
        ]
    return pdf.render(
        story, title=record_list.title, author=record_list.library.name, page_numbers=True
    )


def bibliography_docx(bibliography: Bibliography) -> bytes:
    record_list = bibliography.record_list
    day = _day(bibliography)
    laid = layout(bibliography)
    paper = word.WordDocument(size=12)
    paper.heading(letterhead(record_list.library, on=day), day=day)
    with translation.override("vi"):
        kind = str(bibliography.get_kind_display())
    paper.title(record_list.title, kind)
    if record_list.introduction:
        paper.paragraph(record_list.introduction)
    for section in laid.sections:
        if section.heading:
            paper.section(section.heading.upper())
        for entry in section.entries:
            paper.paragraph(f"{entry.number}. {entry.text}")
            if entry.note:
                paper.paragraph(entry.note, italic=True)
    if laid.authors:
        paper.title(INDEX_TITLE)
        for author, numbers in laid.authors:
            paper.paragraph(f"{author}: {', '.join(str(n) for n in numbers)}")
    return paper.content()
