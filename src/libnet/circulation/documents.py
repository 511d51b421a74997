"""Printed documents of circulation: reminder letters for overdue loans.

One A4 letter per reader, in the shape of a Vietnamese administrative letter (the library
under its governing body on the left, the national motto on the right, place and date, title,
addressee, body, list, signature kept with the end of the list). A minor's letter is
addressed to the parent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer

from libnet.circulation.models import Loan
from libnet.core import clock, pdf
from libnet.core.documents import Letterhead, place_and_date
from libnet.network.documents import letterhead
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


def _addressee(letter: OverdueLetter) -> str:
    if letter.is_minor:
        if letter.school_class:
            return _("To the parent of %(name)s, class %(class)s") % {
                "name": letter.reader_name,
                "class": letter.school_class,
            }
        return _("To the parent of %(name)s") % {"name": letter.reader_name}
    if letter.school_class:
        return _("To %(name)s, class %(class)s") % {
            "name": letter.reader_name,
            "class": letter.school_class,
        }
    return _("To %(name)s") % {"name": letter.reader_name}


def _letter_flowables(
    letter: OverdueLetter, *, library: Library, on: dt.date, head: Letterhead
) -> list[Any]:
    style = pdf.styles(11)
    width = pdf.content_width()
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
    columns = [
        pdf.Column(_("No."), 11 * mm, "RIGHT"),
        pdf.Column(_("Title"), width - 105 * mm),
        pdf.Column(_("Accession no."), 26 * mm),
        pdf.Column(_("Lent on"), 24 * mm, "CENTER"),
        pdf.Column(_("Due on"), 24 * mm, "CENTER"),
        pdf.Column(_("Days late"), 20 * mm, "RIGHT"),
    ]
    rows = [
        (
            number,
            line.title,
            line.accession_number,
            line.loaned_on.strftime("%d/%m/%Y"),
            line.due_on.strftime("%d/%m/%Y"),
            line.days_overdue,
        )
        for number, line in enumerate(letter.lines, start=1)
    ]
    closing = [
        Spacer(1, 3 * mm),
        pdf.para(
            _("If you have already returned these items, please ignore this letter. Thank you."),
            style["body"],
        ),
        Spacer(1, 4 * mm),
        pdf.signatures(
            [pdf.Signer(_("THE LIBRARY"), _("(signature and full name)"))],
            width=width / 2,
            align="RIGHT",
        ),
    ]
    flowables: list[Any] = [
        *pdf.heading(head, width=width, date_line=place_and_date(head.place, on)),
        Spacer(1, 6 * mm),
        pdf.para(_("REMINDER TO RETURN LIBRARY ITEMS"), style["title"]),
        Spacer(1, 4 * mm),
        pdf.para(_addressee(letter), style["body"], bold=True),
    ]
    if letter.address:
        flowables.append(
            pdf.para(_("Address: %(address)s") % {"address": letter.address}, style["body"])
        )
    flowables += [
        Spacer(1, 3 * mm),
        pdf.para(body, style["body"]),
        Spacer(1, 3 * mm),
        pdf.RowTable(columns, rows, size=9.5, max_lines=4, keep_with=closing),
    ]
    return flowables


def overdue_letters_pdf(
    letters: Sequence[OverdueLetter], *, library: Library, on: dt.date
) -> bytes:
    """Return the reminder letters as one A4 PDF, each reader's letter on its own page(s).

    Dated `on`, the day the letters are made (the days late are counted to it)."""
    head = letterhead(library, on=on)
    story: list[Any] = []
    for index, letter in enumerate(letters):
        if index:
            story.append(PageBreak())
        story += _letter_flowables(letter, library=library, on=on, head=head)
    if not letters:
        story.append(pdf.para(_("No overdue loans match the filters."), pdf.styles(11)["body"]))
    return pdf.render(story, title=_("Reminder letters"), author=library.name)
