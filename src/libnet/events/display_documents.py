"""Papers of displays and contests under the organising library's letterhead: the themed
list of a display (danh mục trưng bày) and its bibliography (thư mục), and the award
certificates (giấy khen) of a contest's prize winners, one a page, landscape."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer

from libnet.catalog.citations import citation
from libnet.catalog.models import RecordListEntry
from libnet.core import clock, pdf
from libnet.core.documents import place_and_date
from libnet.core.text import sort_key
from libnet.events.models import ContestEntrant, Event
from libnet.network.documents import letterhead


def _head(event: Event, width: float) -> list[Any]:
    day = clock.today()
    head = letterhead(event.library, on=day)
    return pdf.heading(head, width=width, date_line=place_and_date(head.place, day))


def display_list_pdf(event: Event, entries: Sequence[RecordListEntry]) -> bytes:
    """The themed list of copies, in the list's order: number, barcode, call number, title,
    author, year and the library holding the copy (to fetch it for the display)."""
    style = pdf.styles(10)
    width = pdf.content_width(wide=True)
    columns = [
        pdf.Column(_("No."), 10 * mm, "RIGHT"),
        pdf.Column(_("Barcode"), 32 * mm),
        pdf.Column(_("Call number"), 32 * mm),
        pdf.Column(_("Title"), width - 190 * mm),
        pdf.Column(_("Author"), 50 * mm),
        pdf.Column(_("Year"), 14 * mm, "RIGHT"),
        pdf.Column(_("Held by"), 52 * mm),
    ]
    rows = [
        (
            number,
            entry.item.barcode if entry.item else "",
            entry.item.call_number if entry.item else "",
            entry.bib.title,
            (entry.bib.author_list or [""])[0],
            entry.bib.year or "",
            entry.item.home_library.name if entry.item else "",
        )
        for number, entry in enumerate(entries, start=1)
    ]
    story: list[Any] = [
        *_head(event, width),
        Spacer(1, 5 * mm),
        pdf.para(_("THEMED LIST OF A DISPLAY"), style["title"]),
        pdf.para(event.title, style["centre"], bold=True),
        Spacer(1, 3 * mm),
        pdf.RowTable(columns, rows, size=9),
        Spacer(1, 2 * mm),
        pdf.para(_("%(count)s copies.") % {"count": len(rows)}, style["body"]),
    ]
    return pdf.render(
        story, title=_("Themed list: %(title)s") % {"title": event.title}, wide=True,
        page_numbers=True,
    )  # fmt: skip


def display_bibliography_pdf(event: Event, entries: Sequence[RecordListEntry], intro: str) -> bytes:
    """The display's bibliography: each record once, in Vietnamese alphabetical order of its
    description, described in ISBD order, with its note; the introduction first."""
    style = pdf.styles(11)
    width = pdf.content_width()
    records: dict[int, RecordListEntry] = {}
    for entry in entries:
        records.setdefault(entry.bib_id, entry)
    described = sorted(
        ((citation(entry.bib), entry) for entry in records.values()),
        key=lambda pair: sort_key(pair[0]),
    )
    story: list[Any] = [
        *_head(event, width),
        Spacer(1, 5 * mm),
        pdf.para(_("BIBLIOGRAPHY"), style["title"]),
        pdf.para(event.title, style["centre"], bold=True),
        Spacer(1, 3 * mm),
    ]
    if intro:
        story += [pdf.para(intro, style["body"]), Spacer(1, 3 * mm)]
    for number, (text, entry) in enumerate(described, start=1):
        story.append(pdf.para(f"{number}. {text}", style["body"]))
        if entry.note:
            story.append(pdf.para(entry.note, style["small"]))
        story.append(Spacer(1, 1.5 * mm))
    return pdf.render(
        story, title=_("Bibliography: %(title)s") % {"title": event.title}, page_numbers=True
    )


def certificates_pdf(event: Event, winners: Sequence[ContestEntrant]) -> bytes:
    """An award certificate (giấy khen) for each prize winner, one a page: who, of which
    class or unit, the prize and the contest, dated and for the head of the library to sign."""
    width = pdf.content_width(wide=True)
    style = pdf.styles(14)
    big = ParagraphStyle("award", parent=style["title"], fontSize=34, leading=42)
    name_style = ParagraphStyle("name", parent=style["title"], fontSize=24, leading=30)
    day = clock.local_date(event.ends_at)
    head = letterhead(event.library, on=day)
    story: list[Any] = []
    for index, winner in enumerate(winners):
        if index:
            story.append(PageBreak())
        story += [
            *pdf.heading(head, width=width, date_line=None),
            Spacer(1, 10 * mm),
            pdf.para(_("CERTIFICATE OF MERIT"), big),
            Spacer(1, 4 * mm),
            pdf.para(
                _("%(library)s awards") % {"library": event.library.name},
                style["centre"],
            ),
            Spacer(1, 3 * mm),
            pdf.para(winner.name, name_style),
            *([pdf.para(winner.unit, style["centre"])] if winner.unit else []),
            Spacer(1, 3 * mm),
            pdf.para(
                _("%(prize)s in %(contest)s") % {"prize": winner.prize, "contest": event.title},
                style["centre"],
                bold=True,
            ),
            Spacer(1, 6 * mm),
            pdf.para(place_and_date(head.place, day), style["date"]),
            Spacer(1, 2 * mm),
            pdf.signatures(
                [pdf.Signer(_("Head of the library"), _("(signature, full name, seal)"))],
                width=width / 2,
                align="RIGHT",
            ),
        ]
    return pdf.render(
        story,
        title=_("Certificates: %(title)s") % {"title": event.title},
        wide=True,
    )
