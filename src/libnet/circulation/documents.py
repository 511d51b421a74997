"""Printed documents of circulation: reminder letters for overdue loans.

One A4 letter per reader, in the shape of a Vietnamese administrative letter (library on the
left, national motto on the right, place and date, title, addressee, body, list, signature).
A minor's letter is addressed to the parent. PDFs embed the TrueType fonts of the catalogue
documents: the built-in PDF fonts have no ơ, ư or đ.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.fonts import addMapping
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from libnet.catalog.documents import pdf_fonts
from libnet.circulation.models import Loan
from libnet.core import clock
from libnet.network.models import Library
from libnet.patrons.models import Patron

# Bộ luật Dân sự 2015 Art. 20-21: a person under 18 is a minor; the parent is the legal
# representative, so the letter goes to the parent.
AGE_OF_MAJORITY = 18


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Return the age in whole years on `day` of someone born on `birth_date`."""
    had_birthday = (day.month, day.day) >= (birth_date.month, birth_date.day)
    return day.year - birth_date.year - (0 if had_birthday else 1)


@dataclass(frozen=True)
class OverdueLine:
    """One overdue copy in a reminder letter."""

    title: str
    accession_number: str
    loaned_on: dt.date
    due_on: dt.date
    days_overdue: int


@dataclass(frozen=True)
class OverdueLetter:
    """A reminder to one reader of everything they have overdue from one library."""

    card_number: str
    reader_name: str
    school_class: str
    is_minor: bool
    address: str
    lines: tuple[OverdueLine, ...]


def overdue_letters(
    loans: Iterable[Loan], *, on: dt.date, personal: Callable[[Patron], bool] = lambda _p: True
) -> list[OverdueLetter]:
    """Group overdue loans (ordered by reader, with item, record and patron) into letters.

    Loans of erased readers have no patron and get no letter. A reader for whom `personal`
    is false (a card another library issued: patrons.access) gets a letter without the
    address and class.
    """
    letters: list[OverdueLetter] = []
    current: list[Loan] = []

    def close() -> None:
        if not current:
            return
        patron = current[0].patron
        assert patron is not None  # loans without a reader are skipped below
        letters.append(
            OverdueLetter(
                card_number=patron.card_number,
                reader_name=patron.full_name,
                school_class=patron.school_class if personal(patron) else "",
                is_minor=patron.birth_date is not None
                and age_on(patron.birth_date, on) < AGE_OF_MAJORITY,
                address=patron.address if personal(patron) else "",
                lines=tuple(
                    OverdueLine(
                        title=loan.item.bib.title,
                        accession_number=loan.item.accession_number or loan.item.barcode,
                        loaned_on=clock.local_date(loan.loaned_at),
                        due_on=loan.due_on,
                        days_overdue=(on - loan.due_on).days,
                    )
                    for loan in current
                ),
            )
        )
        current.clear()

    for loan in loans:
        if loan.patron is None:
            continue
        if current and current[0].patron_id != loan.patron_id:
            close()
        current.append(loan)
    close()
    return letters


def _date_line(library: Library, on: dt.date) -> str:
    date_text = _("%(day)s/%(month)s/%(year)s") % {
        "day": f"{on.day:02d}",
        "month": f"{on.month:02d}",
        "year": on.year,
    }
    place = library.admin_unit.name if library.admin_unit_id and library.admin_unit else ""
    if not place:
        return date_text
    return _("%(place)s, %(date)s") % {"place": place, "date": date_text}


def _letter_flowables(
    letter: OverdueLetter, *, library: Library, on: dt.date, styles: dict[str, ParagraphStyle]
) -> list[Any]:
    def para(text: str, style: str) -> Paragraph:
        return Paragraph(text, styles[style])

    parent_name = library.parent.name if library.parent_id and library.parent else ""
    head_left = []
    if parent_name:
        head_left.append(para(escape(parent_name.upper()), "head"))
    head_left.append(para(f"<b>{escape(library.name.upper())}</b>", "head"))
    head_right = [
        para("<b>" + escape(_("SOCIALIST REPUBLIC OF VIET NAM")) + "</b>", "head"),
        para("<b><u>" + escape(_("Independence – Freedom – Happiness")) + "</u></b>", "head"),
    ]
    head = Table([[head_left, head_right]], colWidths=[80 * mm, 100 * mm])
    head.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    if letter.is_minor:
        if letter.school_class:
            addressee = _("To the parent of %(name)s, class %(class)s") % {
                "name": letter.reader_name,
                "class": letter.school_class,
            }
        else:
            addressee = _("To the parent of %(name)s") % {"name": letter.reader_name}
    elif letter.school_class:
        addressee = _("To %(name)s, class %(class)s") % {
            "name": letter.reader_name,
            "class": letter.school_class,
        }
    else:
        addressee = _("To %(name)s") % {"name": letter.reader_name}
    if letter.is_minor:
        body = _(
            "%(library)s kindly informs you that your child, card number %(card)s, has the "
            "following items past their due date. Please help your child return them to the "
            "library soon, or renew them at the desk or in the online catalogue, so that other "
            "readers can borrow them too."
        )
    else:
        body = _(
            "%(library)s kindly informs you that the following items borrowed on card number "
            "%(card)s are past their due date. Please return them to the library soon, or renew "
            "them at the desk or in the online catalogue, so that other readers can borrow "
            "them too."
        )
    body = body % {"library": library.name, "card": letter.card_number}

    rows: list[list[Any]] = [
        [
            para(f"<b>{escape(text)}</b>", "cell")
            for text in (
                _("No."),
                _("Title"),
                _("Accession no."),
                _("Lent on"),
                _("Due on"),
                _("Days late"),
            )
        ]
    ]
    for number, line in enumerate(letter.lines, start=1):
        rows.append(
            [
                para(str(number), "cell"),
                para(escape(line.title), "cell"),
                para(escape(line.accession_number), "cell"),
                para(line.loaned_on.strftime("%d/%m/%Y"), "cell"),
                para(line.due_on.strftime("%d/%m/%Y"), "cell"),
                para(str(line.days_overdue), "cell"),
            ]
        )
    table = Table(
        rows,
        colWidths=[11 * mm, 64 * mm, 26 * mm, 24 * mm, 24 * mm, 20 * mm],
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef3")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    flowables: list[Any] = [
        head,
        Spacer(1, 6 * mm),
        para(f"<i>{escape(_date_line(library, on))}</i>", "right"),
        Spacer(1, 6 * mm),
        para("<b>" + escape(_("REMINDER TO RETURN LIBRARY ITEMS")) + "</b>", "title"),
        Spacer(1, 6 * mm),
        para(f"<b>{escape(addressee)}</b>", "body"),
    ]
    if letter.address:
        flowables.append(
            para(escape(_("Address: %(address)s") % {"address": letter.address}), "body")
        )
    flowables += [
        Spacer(1, 3 * mm),
        para(escape(body), "body"),
        Spacer(1, 3 * mm),
        table,
        Spacer(1, 4 * mm),
        para(
            escape(
                _("If you have already returned these items, please ignore this letter. Thank you.")
            ),
            "body",
        ),
        Spacer(1, 8 * mm),
        KeepTogether(
            [
                para("<b>" + escape(_("THE LIBRARY")) + "</b>", "sign"),
                para("<i>" + escape(_("(signature and full name)")) + "</i>", "sign"),
            ]
        ),
    ]
    return flowables


def overdue_letters_pdf(
    letters: Sequence[OverdueLetter], *, library: Library, on: dt.date
) -> bytes:
    """Return the reminder letters as one A4 PDF, one page per reader."""
    regular, bold = pdf_fonts()
    # <b> in a paragraph picks the bold face through the family mapping; settings name no
    # italic face, so <i> stays upright rather than fall back to Helvetica without ơ, ư, đ.
    addMapping(regular, 0, 0, regular)
    addMapping(regular, 1, 0, bold)
    addMapping(regular, 0, 1, regular)
    addMapping(regular, 1, 1, bold)
    base = ParagraphStyle("body", fontName=regular, fontSize=11, leading=15)
    styles = {
        "body": base,
        "head": ParagraphStyle("head", parent=base, fontSize=10, leading=13, alignment=1),
        "right": ParagraphStyle("right", parent=base, alignment=2),
        "title": ParagraphStyle("title", parent=base, fontSize=14, leading=18, alignment=1),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9.5, leading=12),
        "sign": ParagraphStyle("sign", parent=base, alignment=1, leftIndent=95 * mm),
    }
    output = io.BytesIO()
    document = SimpleDocTemplate(
        output,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=_("Reminder letters"),
        author=library.name,
        initialFontName=regular,
    )
    story: list[Any] = []
    for index, letter in enumerate(letters):
        if index:
            story.append(PageBreak())
        story += _letter_flowables(letter, library=library, on=on, styles=styles)
    if not letters:
        story.append(Paragraph(escape(_("No overdue loans match the filters.")), base))
    document.build(story)
    return output.getvalue()
