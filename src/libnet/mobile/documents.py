"""Mẫu số 01 of TT 05/2022 (mobile-service results) as PDF and XLSX.

The columns carry what Art. 5.5 names: "lượt người được phục vụ" (readers served) and "lượt
tài nguyên thông tin" (item uses = loans + readings on the spot), per trip and stop, with new
cards and activities, totals, and the signatures. The form's official columns are not
confirmed (DOMAIN.md §2.6); README "Official documents" says so once, not the printed form.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from libnet.core import pdf, xlsx
from libnet.core.documents import format_number, place_and_date
from libnet.mobile.selectors import MobileReport
from libnet.network.documents import letterhead

XLSX_CONTENT_TYPE = xlsx.XLSX_CONTENT_TYPE
PDF_CONTENT_TYPE = pdf.PDF_CONTENT_TYPE


def report_title() -> str:
    return _("REPORT ON MOBILE LIBRARY SERVICE RESULTS")


def report_period(report: MobileReport) -> str:
    return _("From %(start)s to %(end)s") % {
        "start": report.start.strftime("%d/%m/%Y"),
        "end": report.end.strftime("%d/%m/%Y"),
    }


def headings() -> list[str]:
    return [
        _("No."),
        _("Date"),
        _("Place served"),
        _("Readers served (visits)"),
        _("Loans"),
        _("Read on the spot"),
        _("Item uses (loans + on the spot)"),
        _("New cards"),
        _("Activities"),
    ]


def _rows(report: MobileReport) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for number, line in enumerate(report.lines, start=1):
        rows.append(
            [
                number,
                line.date.strftime("%d/%m/%Y"),
                f"{line.place} ({line.kind}) — {line.route}",
                line.readers_served,
                line.loans,
                line.in_place_uses,
                line.item_uses,
                line.new_cards,
                line.activities,
            ]
        )
    return rows


def _totals(report: MobileReport) -> list[Any]:
    return [
        "",
        "",
        _("Total: %(trips)s trips, %(copies)s copies carried")
        % {"trips": report.trips, "copies": report.copies_carried},
        report.readers_served,
        report.loans,
        report.in_place_uses,
        report.item_uses,
        report.new_cards,
        "",
    ]


def _signatures() -> list[str]:
    return [_("Prepared by"), _("Director")]


def report_day(report: MobileReport) -> dt.date:
    """The day Mẫu 01 is dated: its last trip, or the end of the period without one."""
    return max((line.date for line in report.lines), default=report.end)


def report_workbook(report: MobileReport) -> bytes:
    """Return Mẫu 01 as an Excel workbook: heading, one row per stop, totals, signatures."""
    columns = headings()
    day = report_day(report)
    head = letterhead(report.library, on=day)
    width = len(columns)
    number_styles = (
        "integer",
        "cell",
        "cell",
        "number",
        "number",
        "number",
        "number",
        "number",
        "cell",
    )
    total_styles = (
        "cell_bold",
        "cell_bold",
        "cell_bold",
        "number_bold",
        "number_bold",
        "number_bold",
        "number_bold",
        "number_bold",
        "cell_bold",
    )
    top = [
        xlsx.Row(
            [
                xlsx.Cell(None, "text", across=width - 2),
                xlsx.Cell(_("Form No. 01"), "bold", across=2),
            ]
        ),
        *xlsx.letterhead_rows(
            head, columns=width, left=3, date_line=place_and_date(head.place, day)
        ),
        xlsx.Row([]),
        xlsx.Row([xlsx.Cell(report_title(), "big_title", across=width)]),
        xlsx.Row([xlsx.Cell(report_period(report), "centre", across=width)]),
        xlsx.Row([]),
        xlsx.Row(columns, "heading"),
    ]
    rows = [
        *top,
        *(xlsx.Row(row, number_styles) for row in _rows(report)),
        xlsx.Row(_totals(report), total_styles),
        xlsx.Row([]),
        xlsx.Row(
            [
                xlsx.Cell(_signatures()[0].upper(), "centre_bold", across=3),
                xlsx.Cell(None, "text", across=3),
                xlsx.Cell(_signatures()[1].upper(), "centre_bold", across=3),
            ]
        ),
        xlsx.Row(
            [
                xlsx.Cell(_("(signature and full name)"), "centre_italic", across=3),
                xlsx.Cell(None, "text", across=3),
                xlsx.Cell(_("(signature and full name)"), "centre_italic", across=3),
            ]
        ),
    ]
    sheet = xlsx.Sheet(
        title="Mẫu 01",
        widths=(6, 12, 42, 14, 10, 12, 16, 10, 40),
        landscape=True,
        freeze_rows=len(top),
        repeat_row=len(top),
    )
    return xlsx.workbook(sheet, rows)


def report_pdf(report: MobileReport) -> bytes:
    """Return Mẫu 01 as an A4 landscape PDF under the library's letterhead, dated by its last
    trip (see `report_day`), the signatures kept with the totals."""
    style = pdf.styles()
    margin = 10 * mm
    width = pdf.content_width(wide=True, left=margin, right=margin)
    day = report_day(report)
    head = letterhead(report.library, on=day)
    sizes = (12, 22, 66, 24, 16, 20, 28, 16, 0)
    aligns = ("RIGHT", "CENTER", "LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "LEFT")
    rest = width - sum(sizes) * mm
    columns = [
        pdf.Column(heading, size * mm if size else rest, align)
        for heading, size, align in zip(headings(), sizes, aligns, strict=True)
    ]
    rows = [
        [
            format_number(value) if isinstance(value, int) and index else value
            for index, value in enumerate(row)
        ]
        for row in [*_rows(report), _totals(report)]
    ]
    signatures = [
        Spacer(1, 6 * mm),
        pdf.signatures(
            [pdf.Signer(name, _("(signature and full name)")) for name in _signatures()],
            width=width,
        ),
    ]
    story = [
        *pdf.heading(
            head,
            width=width,
            date_line=place_and_date(head.place, day),
            form_label=_("Form No. 01"),
        ),
        Spacer(1, 4 * mm),
        pdf.para(report_title(), style["title"]),
        pdf.para(report_period(report), style["centre"]),
        Spacer(1, 4 * mm),
        pdf.RowTable(columns, rows, size=8, max_lines=6, total=True, keep_with=signatures),
    ]
    return pdf.render(
        story,
        title=f"{report_title()} — {report_period(report)}",
        author=report.library.name,
        wide=True,
        margins=(12 * mm, margin, 15 * mm, margin),
        page_numbers=True,
    )
