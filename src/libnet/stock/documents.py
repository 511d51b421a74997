"""Stocktake papers: the stocktake record (biên bản kiểm kê) as PDF, and each list by outcome
as PDF and XLSX, under the library's letterhead.

The record is dated by the closing (the day in Vietnam), never by the day it is printed: a
reprint is the same record. An open stocktake's record leaves the date to be written by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from libnet.core import clock, pdf, xlsx
from libnet.core.documents import format_number, place_and_date
from libnet.network.documents import letterhead
from libnet.stock import policies
from libnet.stock.models import Outcome, Stocktake, StocktakeReason
from libnet.stock.selectors import OutcomeRow, UnknownScan

UNKNOWN_REASON_LABELS: dict[str, Promise] = {
    "not_a_copy": gettext_lazy("not the barcode of any copy"),
    "withdrawn": gettext_lazy("a withdrawn copy"),
    "lost": gettext_lazy("a copy recorded as lost"),
    "other_library": gettext_lazy("a copy of another library"),
    "out_of_scope": gettext_lazy("outside the scope of the stocktake"),
}

LIST_TITLES: dict[str, Promise] = {
    Outcome.FOUND: gettext_lazy("Copies found on their shelf"),
    Outcome.MISPLACED: gettext_lazy("Copies misplaced (another shelf or another library)"),
    Outcome.NOT_MISSING: gettext_lazy("Copies on loan, in transit or on rotation (not missing)"),
    Outcome.MISSING: gettext_lazy("Copies not found (missing)"),
    Outcome.UNKNOWN: gettext_lazy("Barcodes scanned that are not copies in the stocktake"),
}


def record_day(stocktake: Stocktake) -> dt.date | None:
    """The day the record is dated: the closing, in Vietnam; None while open."""
    return clock.local_date(stocktake.closed_at) if stocktake.closed_at else None


def scope_text(stocktake: Stocktake) -> str:
    """The scope in words: the whole library, some shelf locations, or a call-number range."""
    names = [location.name for location in stocktake.locations.all()]
    if names:
        return _("shelf locations: %(names)s") % {"names": ", ".join(names)}
    if stocktake.call_number_from:
        return _("call numbers from %(start)s to %(end)s") % {
            "start": stocktake.call_number_from,
            "end": stocktake.call_number_to,
        }
    return _("the whole library")


def _day(value: dt.datetime | None) -> str:
    return clock.local_date(value).strftime("%d/%m/%Y") if value else "……/……/………"


def _copy_columns(width: float) -> list[pdf.Column]:
    sizes = (11, 24, 26, 28, 34)
    title = width - sum(sizes) * mm
    return [
        pdf.Column(_("No."), sizes[0] * mm, "RIGHT"),
        pdf.Column(_("Accession no."), sizes[1] * mm),
        pdf.Column(_("Barcode"), sizes[2] * mm),
        pdf.Column(_("Title"), title),
        pdf.Column(_("Call number"), sizes[3] * mm),
        pdf.Column(_("Shelf location"), sizes[4] * mm),
    ]


def _copy_rows(rows: Sequence[OutcomeRow]) -> list[tuple[object, ...]]:
    return [
        (
            number,
            row.accession_number,
            row.barcode,
            row.title,
            row.call_number,
            row.expected_location,
        )
        for number, row in enumerate(rows, start=1)
    ]


def record_pdf(
    stocktake: Stocktake, counts: dict[str, int], missing: Sequence[OutcomeRow]
) -> bytes:
    """The stocktake record (biên bản kiểm kê, TT 18/2014 Art. 9.1): the library, the day, the
    reason, the scope, the committee with its signature lines, the counts of each outcome and
    the list of copies not found."""
    style = pdf.styles()
    width = pdf.content_width()
    day = record_day(stocktake)
    head = letterhead(stocktake.library, on=day)
    committee = list(stocktake.committee.all())
    in_scope = sum(counts[name] for name in Outcome.values if name != Outcome.UNKNOWN)
    rate = policies.missing_rate(missing=counts[Outcome.MISSING], in_scope=in_scope)

    def para(value: str, name: str = "body", *, bold: bool = False) -> Any:
        return pdf.para(value, style[name], bold=bold)

    story: list[Any] = [
        *pdf.heading(head, width=width, date_line=place_and_date(head.place, day)),
        Spacer(1, 5 * mm),
        para(_("STOCKTAKE RECORD"), "title"),
        para(_("Stocktake no. %(number)s") % {"number": stocktake.pk}, "centre"),
        Spacer(1, 4 * mm),
        para(_("Library: %(library)s") % {"library": stocktake.library.name}, bold=True),
        para(
            _("Counted from %(start)s to %(end)s.")
            % {"start": _day(stocktake.opened_at), "end": _day(stocktake.closed_at)}
        ),
        para(_("Reason: %(reason)s") % {"reason": StocktakeReason(stocktake.reason).label}),
        para(_("Scope: %(scope)s") % {"scope": scope_text(stocktake)}),
        Spacer(1, 2 * mm),
        para(_("The stocktake committee:"), bold=True),
    ]
    if committee:
        story += [
            para(f"{number}. {member.name}" + (f" — {member.role}" if member.role else ""))
            for number, member in enumerate(committee, start=1)
        ]
    else:
        story.append(para("……………………………………………………"))
    story += [
        Spacer(1, 3 * mm),
        para(_("Result of the count:"), bold=True),
        pdf.RowTable(
            [
                pdf.Column(_("Outcome"), width - 40 * mm),
                pdf.Column(_("Copies"), 40 * mm, "RIGHT"),
            ],
            [
                *[
                    (str(Outcome(name).label), format_number(counts[name]))
                    for name in (
                        Outcome.FOUND,
                        Outcome.MISPLACED,
                        Outcome.NOT_MISSING,
                        Outcome.MISSING,
                    )
                ],
                (_("Copies in the stocktake"), format_number(in_scope)),
            ],
            total=True,
        ),
        Spacer(1, 2 * mm),
        para(
            _("Barcodes scanned that are not copies in the stocktake: %(count)s.")
            % {"count": format_number(counts[Outcome.UNKNOWN])}
        ),
    ]
    if rate is not None:
        story.append(
            para(_("Missing rate: %(rate)s%%") % {"rate": f"{rate:.2f}".replace(".", ",")})
        )
    story += [
        Spacer(1, 3 * mm),
        para(_("Copies not found:"), bold=True),
        pdf.RowTable(
            _copy_columns(width),
            _copy_rows(missing),
            size=8.5,
            max_lines=3,
            empty=_("Every copy was accounted for."),
            keep_with=[
                Spacer(1, 6 * mm),
                pdf.signatures(
                    [
                        pdf.Signer(
                            member.role or _("Member"), _("(signature and full name)"), member.name
                        )
                        for member in committee
                    ]
                    or [pdf.Signer(_("The committee"), _("(signature and full name)"))],
                    width=width,
                ),
            ],
        ),
    ]
    return pdf.render(
        story, title=_("Stocktake record"), author=stocktake.library.name, page_numbers=True
    )


def _unknown_columns(width: float) -> list[pdf.Column]:
    sizes = (11, 30, 46, 16)
    return [
        pdf.Column(_("No."), sizes[0] * mm, "RIGHT"),
        pdf.Column(_("Barcode"), sizes[1] * mm),
        pdf.Column(_("Why"), sizes[2] * mm),
        pdf.Column(_("Title"), width - sum(sizes) * mm),
        pdf.Column(_("Scans"), sizes[3] * mm, "RIGHT"),
    ]


def _unknown_rows(rows: Sequence[UnknownScan]) -> list[tuple[object, ...]]:
    return [
        (number, row.barcode, str(UNKNOWN_REASON_LABELS[row.reason]), row.title, row.times)
        for number, row in enumerate(rows, start=1)
    ]


def list_pdf(
    stocktake: Stocktake, outcome: str, rows: Sequence[OutcomeRow] | Sequence[UnknownScan]
) -> bytes:
    """One list of the stocktake (the copies of one outcome, or the unknown scans)."""
    style = pdf.styles()
    width = pdf.content_width()
    head = letterhead(stocktake.library, on=record_day(stocktake))
    if outcome == Outcome.UNKNOWN:
        table = pdf.RowTable(
            _unknown_columns(width),
            _unknown_rows(rows),  # type: ignore[arg-type]  # the unknown list's rows
            size=8.5,
            max_lines=3,
            empty=_("Nothing in this list."),
        )
    else:
        table = pdf.RowTable(
            _copy_columns(width),
            _copy_rows(rows),  # type: ignore[arg-type]  # a list of copies
            size=8.5,
            max_lines=3,
            empty=_("Nothing in this list."),
        )
    story: list[Any] = [
        *pdf.heading(head, width=width),
        Spacer(1, 4 * mm),
        pdf.para(str(LIST_TITLES[outcome]), style["title"]),
        pdf.para(
            _("Stocktake no. %(number)s — %(library)s — %(count)s lines")
            % {"number": stocktake.pk, "library": stocktake.library.name, "count": len(rows)},
            style["centre"],
        ),
        Spacer(1, 4 * mm),
        table,
    ]
    return pdf.render(
        story, title=str(LIST_TITLES[outcome]), author=stocktake.library.name, page_numbers=True
    )


def list_xlsx(
    stocktake: Stocktake, outcome: str, rows: Sequence[OutcomeRow] | Sequence[UnknownScan]
) -> bytes:
    """The same list as a workbook, one row per copy (or scan), under the letterhead."""
    head = letterhead(stocktake.library, on=record_day(stocktake))
    if outcome == Outcome.UNKNOWN:
        headings = [_("No."), _("Barcode"), _("Why"), _("Title"), _("Scans")]
        widths: tuple[float, ...] = (6, 18, 30, 50, 8)
        body = [xlsx.Row(row, "cell") for row in _unknown_rows(rows)]  # type: ignore[arg-type]  # unknown scans
    else:
        headings = [
            _("No."),
            _("Accession no."),
            _("Barcode"),
            _("Title"),
            _("Call number"),
            _("Shelf location"),
        ]
        widths = (6, 16, 18, 50, 18, 24)
        body = [xlsx.Row(row, "cell") for row in _copy_rows(rows)]  # type: ignore[arg-type]  # copies
    top = [
        *xlsx.letterhead_rows(head, columns=len(headings), left=3),
        xlsx.Row([]),
        xlsx.Row([xlsx.Cell(str(LIST_TITLES[outcome]), "centre_bold", across=len(headings))]),
        xlsx.Row(
            [
                xlsx.Cell(
                    _("Stocktake no. %(number)s — %(library)s — %(count)s lines")
                    % {
                        "number": stocktake.pk,
                        "library": stocktake.library.name,
                        "count": len(rows),
                    },
                    "centre",
                    across=len(headings),
                )
            ]
        ),
        xlsx.Row(headings, "heading"),
    ]
    sheet = xlsx.Sheet(
        title=_("Stocktake %(number)s") % {"number": stocktake.pk},
        widths=widths,
        freeze_rows=len(top),
        repeat_row=len(top),
    )
    return xlsx.workbook(sheet, [*top, *body])
