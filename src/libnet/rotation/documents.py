"""Rotation papers as PDF: the handover record (Mẫu 02), packing lists per box, box labels
and the transit slip.

Mẫu 02 (TT 05/2022 Art. 6.2) carries what the circular asks for: both parties, the list of
items handed over, the period, and the signatures, under the sender's letterhead. It is dated
by the handover itself (the day the batch was shipped, in Vietnam), never by the day it is
printed: a reprint is the same record, byte for byte. A record printed before shipping
leaves the date to be written by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import PageBreak, Spacer

from libnet.core import clock, pdf
from libnet.core.documents import place_and_date
from libnet.network.documents import letterhead
from libnet.network.models import Library
from libnet.network.services import display_name
from libnet.rotation.models import BatchItem, BatchItemState, RotationBatch, Transfer

_BLANK_DAY = "……/……/………"


def _day(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else _BLANK_DAY


def handover_day(batch: RotationBatch) -> dt.date | None:
    """The day of the handover a Mẫu 02 records: the day the batch was shipped, in Vietnam;
    None before it is shipped (the record is then dated by hand)."""
    return clock.local_date(batch.shipped_at) if batch.shipped_at else None


def _person(user: Any) -> str:
    return display_name(user) if user is not None else ""


def _columns(*, with_state: bool) -> list[pdf.Column]:
    """No., accession no., barcode, title (the rest of the width), call number, box[, state]."""
    widths: tuple[int, ...] = (11, 22, 22, 30, 14, 27) if with_state else (11, 24, 26, 36, 14)
    number, accession, barcode, call_number, box = (size * mm for size in widths[:5])
    title = pdf.content_width() - sum(widths) * mm
    columns = [
        pdf.Column(_("No."), number, "RIGHT"),
        pdf.Column(_("Accession no."), accession),
        pdf.Column(_("Barcode"), barcode),
        pdf.Column(_("Title"), title),
        pdf.Column(_("Call number"), call_number),
        pdf.Column(_("Box"), box, "CENTER"),
    ]
    if with_state:
        columns.append(pdf.Column(_("Difference"), widths[5] * mm))
    return columns


def _item_rows(lines: Sequence[BatchItem], *, with_state: bool) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for number, line in enumerate(lines, start=1):
        item = line.item
        row: tuple[object, ...] = (
            number,
            item.accession_number,
            item.barcode,
            item.bib.title,
            item.call_number,
            line.box_number,
        )
        if with_state:
            shown = line.state not in (
                BatchItemState.PACKED,
                BatchItemState.RECEIVED,
                BatchItemState.RETURNED,
            )
            row += (str(BatchItemState(line.state).label) if shown else "",)
        rows.append(row)
    return rows


def _handover_terms(
    batch: RotationBatch, day: dt.date | None, *, count: int, style: dict[str, ParagraphStyle]
) -> list[Any]:
    """The record's title, the two parties and what party A hands over to party B, for how
    long and to do what with."""
    sender, point = batch.from_library, batch.to_library

    def para(value: str, name: str = "body", *, bold: bool = False) -> Any:
        return pdf.para(value, style[name], bold=bold)

    terms: list[Any] = [
        Spacer(1, 5 * mm),
        para(_("HANDOVER RECORD OF ROTATED LIBRARY ITEMS"), "title"),
        para(_("(Form No. 02, Circular 05/2022/TT-BVHTTDL)"), "subtitle"),
        para(_("Batch no. %(number)s") % {"number": batch.pk}, "centre"),
        Spacer(1, 5 * mm),
        para(_("Today, %(date)s, we, the undersigned:") % {"date": _day(day)}),
        Spacer(1, 2 * mm),
        para(_("Handing over (party A): %(library)s") % {"library": sender.name}, bold=True),
        para(_("Address: %(address)s") % {"address": sender.address or "……………………"}),
        para(_("Represented by: ……………………………… Position: ……………………")),
        Spacer(1, 2 * mm),
        para(_("Receiving (party B): %(library)s") % {"library": point.name}, bold=True),
        para(_("Address: %(address)s") % {"address": point.address or "……………………"}),
        para(
            _("Person in charge of the point: %(name)s, phone %(phone)s")
            % {"name": batch.keeper_name or "……………………", "phone": batch.keeper_phone or "……………"}
        ),
        Spacer(1, 3 * mm),
        para(
            _(
                "Party A hands over to party B %(count)s items in %(boxes)s boxes, listed below, for use by readers from %(start)s to %(end)s. Party B keeps the items, lends them to readers, records their use and the readers' requests, and returns them to party A at the end of the period."
            )
            % {
                "count": count,
                "boxes": batch.boxes,
                "start": _day(batch.planned_start),
                "end": _day(batch.planned_end),
            }
        ),
    ]
    if batch.purpose:
        terms.append(para(_("Purpose: %(purpose)s") % {"purpose": batch.purpose}))
    return terms


def _handover_closing(
    batch: RotationBatch, *, differences: int, style: dict[str, ParagraphStyle], width: float
) -> list[Any]:
    """What follows the list and stays on its last page: the differences recorded, the copies
    of the record, the two signatures."""
    closing: list[Any] = [Spacer(1, 3 * mm)]
    if differences:
        closing += [
            pdf.para(
                _("Differences recorded: %(count)s items (see the last column).")
                % {"count": differences},
                style["body"],
            ),
        ]
    closing += [
        pdf.para(_("This record is made in two copies; each party keeps one."), style["body"]),
        Spacer(1, 6 * mm),
        pdf.signatures(
            [
                pdf.Signer(
                    _("Party B (receiving)"), _("(signature and full name)"), batch.keeper_name
                ),
                pdf.Signer(
                    _("Party A (handing over)"),
                    _("(signature and full name)"),
                    _person(batch.created_by),
                ),
            ],
            width=width,
        ),
    ]
    return closing


def handover_pdf(batch: RotationBatch, lines: Sequence[BatchItem]) -> bytes:
    """The handover record (biên bản bàn giao, Mẫu 02, TT 05/2022 Art. 6.2) of a batch,
    dated by the handover (see `handover_day`)."""
    style = pdf.styles()
    width = pdf.content_width()
    day = handover_day(batch)
    head = letterhead(batch.from_library, on=day)
    differences = [
        line
        for line in lines
        if line.state
        in (BatchItemState.MISSING_ON_ARRIVAL, BatchItemState.LOST, BatchItemState.DAMAGED)
    ]
    with_state = bool(differences)
    story: list[Any] = [
        *pdf.heading(
            head,
            width=width,
            date_line=place_and_date(head.place, day),
            form_label=_("Form No. 02"),
        ),
        *_handover_terms(batch, day, count=len(lines), style=style),
        Spacer(1, 3 * mm),
        pdf.RowTable(
            _columns(with_state=with_state),
            _item_rows(lines, with_state=with_state),
            size=8.5,
            max_lines=4,
            empty=_("No items in this batch yet."),
            keep_with=_handover_closing(
                batch, differences=len(differences), style=style, width=width
            ),
        ),
    ]
    return pdf.render(
        story, title=_("Handover record"), author=batch.from_library.name, page_numbers=True
    )


def packing_list_pdf(batch: RotationBatch, lines: Sequence[BatchItem]) -> bytes:
    """One page per box (more for a full box): what goes in it, to tick when packing and
    unpacking, under the sender's letterhead."""
    style = pdf.styles()
    width = pdf.content_width()
    head = letterhead(batch.from_library, on=handover_day(batch))
    story: list[Any] = []
    for box in range(1, batch.boxes + 1):
        in_box = [line for line in lines if line.box_number == box]
        if story:
            story.append(PageBreak())
        story += [
            *pdf.heading(head, width=width),
            Spacer(1, 4 * mm),
            pdf.para(
                _("Packing list — batch %(number)s, box %(box)s of %(boxes)s")
                % {"number": batch.pk, "box": box, "boxes": batch.boxes},
                style["title"],
            ),
            pdf.para(
                _("From %(from)s to %(to)s — %(count)s items")
                % {
                    "from": batch.from_library.name,
                    "to": batch.to_library.name,
                    "count": len(in_box),
                },
                style["centre"],
            ),
            Spacer(1, 4 * mm),
            pdf.RowTable(
                _columns(with_state=False),
                _item_rows(in_box, with_state=False),
                max_lines=4,
                empty=_("Nothing in this box."),
            ),
        ]
    if not story:
        story.append(pdf.para(_("No items in this batch yet."), style["body"]))
    return pdf.render(story, title=_("Packing list"), author=batch.from_library.name)


def box_labels_pdf(batch: RotationBatch, counts: dict[int, int]) -> bytes:
    """A4 sheet of labels, two per page, one per box: where it goes and what it holds."""
    face = pdf.fonts()
    width, height = A4
    label_height = height / 2
    text_width = width - 40 * mm

    def draw(canvas: Canvas) -> None:
        for box in range(1, batch.boxes + 1):
            slot = (box - 1) % 2
            if box > 1 and slot == 0:
                canvas.showPage()
            top = height - slot * label_height
            canvas.setStrokeColor(colors.grey)
            canvas.setDash(3, 3)
            canvas.rect(
                12 * mm, top - label_height + 10 * mm, width - 24 * mm, label_height - 20 * mm
            )
            canvas.setDash()
            lines: list[tuple[str, float, str]] = [
                (face.bold, 16, batch.from_library.name.upper()),
                (face.regular, 13, _("ROTATION BATCH %(number)s") % {"number": batch.pk}),
                (face.bold, 28, _("BOX %(box)s / %(boxes)s") % {"box": box, "boxes": batch.boxes}),
                (face.regular, 13, _("To:")),
                (face.bold, 20, batch.to_library.name),
                (face.regular, 13, batch.to_library.address),
                (
                    face.regular,
                    13,
                    _("Person in charge: %(name)s %(phone)s")
                    % {"name": batch.keeper_name, "phone": batch.keeper_phone},
                ),
                (
                    face.regular,
                    13,
                    _("%(count)s items — back by %(end)s")
                    % {"count": counts.get(box, 0), "end": _day(batch.planned_end)},
                ),
            ]
            y = top - 22 * mm
            for font, size, value in lines:
                text = pdf.clean(value).strip()
                if not text:
                    continue
                size = pdf.fitted_size(text, font=font, size=size, width=text_width, smallest=9)
                y -= size * 0.3 * mm  # room above the tall lines
                canvas.setFont(font, size)
                canvas.drawCentredString(
                    width / 2, y, pdf.fit_line(text, font=font, size=size, width=text_width)
                )
                y -= size * 0.2 * mm + 6 * mm
        canvas.showPage()

    return pdf.draw_canvas(draw, title=_("Box labels"))


def transit_day(transfers: Sequence[Transfer]) -> dt.date | None:
    """The day of a transit slip: the latest shipping (or request) of the copies it lists, in
    Vietnam; None for an empty slip."""
    moments = [transfer.shipped_at or transfer.requested_at for transfer in transfers]
    return clock.local_date(max(moments)) if moments else None


def transit_slip_pdf(transfers: Sequence[Transfer], *, library: Library) -> bytes:
    """The copies leaving `library` in transit, by destination, to pack with them; dated by
    the transfers it lists (see `transit_day`)."""
    style = pdf.styles()
    width = pdf.content_width()
    day = transit_day(transfers)
    head = letterhead(library, on=day)
    columns = [
        pdf.Column(_("No."), 11 * mm, "RIGHT"),
        pdf.Column(_("To"), 42 * mm),
        pdf.Column(_("Barcode"), 27 * mm),
        pdf.Column(_("Title"), width - 124 * mm),
        pdf.Column(_("Reason"), 22 * mm),
        pdf.Column(_("Since"), 22 * mm, "CENTER"),
    ]
    rows = [
        (
            number,
            transfer.to_library.name,
            transfer.item.barcode,
            transfer.item.bib.title,
            transfer.get_reason_display(),
            clock.local_date(transfer.requested_at).strftime("%d/%m/%Y"),
        )
        for number, transfer in enumerate(transfers, start=1)
    ]
    story: list[Any] = [
        *pdf.heading(head, width=width, date_line=place_and_date(head.place, day)),
        Spacer(1, 5 * mm),
        pdf.para(_("TRANSIT SLIP — %(library)s") % {"library": library.name}, style["title"]),
        Spacer(1, 4 * mm),
        pdf.RowTable(
            columns, rows, max_lines=4, empty=_("Nothing is in transit from this library.")
        ),
    ]
    return pdf.render(story, title=_("Transit slip"), author=library.name, page_numbers=True)
