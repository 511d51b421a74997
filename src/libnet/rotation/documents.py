"""Rotation papers as PDF: the handover record (Mẫu 02), packing lists per box, box labels
and the transit slip.

The layout of Mẫu 02 (TT 05/2022) is not confirmed (DOMAIN.md §2.6): this record carries what
the circular asks for — both parties, the list of items handed over, the period, and room for
signatures — under the usual national heading. Text is set in the DejaVu TrueType font of
settings (the built-in PDF fonts have no ơ, ư or đ).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.fonts import addMapping
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
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
from libnet.network import services as network_services
from libnet.network.models import Library
from libnet.rotation.models import BatchItem, BatchItemState, RotationBatch, Transfer


def _styles() -> tuple[str, str, dict[str, ParagraphStyle]]:
    regular, bold = pdf_fonts()
    # <b> picks the bold face; no italic face is configured, so <i> stays upright.
    addMapping(regular, 0, 0, regular)
    addMapping(regular, 1, 0, bold)
    addMapping(regular, 0, 1, regular)
    addMapping(regular, 1, 1, bold)
    base = ParagraphStyle("body", fontName=regular, fontSize=10.5, leading=14)
    return (
        regular,
        bold,
        {
            "body": base,
            "head": ParagraphStyle("head", parent=base, fontSize=10, leading=13, alignment=1),
            "title": ParagraphStyle("title", parent=base, fontSize=14, leading=18, alignment=1),
            "center": ParagraphStyle("center", parent=base, alignment=1),
            "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=11),
            "sign": ParagraphStyle("sign", parent=base, alignment=1),
        },
    )


def _person(user: Any) -> str:
    """A Vietnamese name reads family name first."""
    return network_services.display_name(user) if user is not None else ""


def _day(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "…/…/……"


def _heading(library: Library, styles: dict[str, ParagraphStyle]) -> Table:
    left = []
    if library.parent_id and library.parent:
        left.append(Paragraph(escape(library.parent.name.upper()), styles["head"]))
    left.append(Paragraph(f"<b>{escape(library.name.upper())}</b>", styles["head"]))
    right = [
        Paragraph("<b>" + escape(_("SOCIALIST REPUBLIC OF VIET NAM")) + "</b>", styles["head"]),
        Paragraph(
            "<b><u>" + escape(_("Independence – Freedom – Happiness")) + "</u></b>", styles["head"]
        ),
    ]
    table = Table([[left, right]], colWidths=[80 * mm, 100 * mm])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), pdf_fonts()[0]),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _item_table(
    lines: Sequence[BatchItem], styles: dict[str, ParagraphStyle], *, with_state: bool
) -> Table:
    header = [_("No."), _("Accession no."), _("Barcode"), _("Title"), _("Call number"), _("Box")]
    widths = [11 * mm, 24 * mm, 26 * mm, 63 * mm, 36 * mm, 16 * mm]
    if with_state:
        header.append(_("Difference"))
        widths = [11 * mm, 22 * mm, 22 * mm, 46 * mm, 30 * mm, 16 * mm, 29 * mm]
    rows: list[list[Any]] = [
        [Paragraph(f"<b>{escape(text)}</b>", styles["cell"]) for text in header]
    ]
    for number, line in enumerate(lines, start=1):
        item = line.item
        row = [
            str(number),
            item.accession_number,
            item.barcode,
            item.bib.title,
            item.call_number,
            str(line.box_number),
        ]
        if with_state:
            row.append(
                str(BatchItemState(line.state).label)
                if line.state
                not in (BatchItemState.PACKED, BatchItemState.RECEIVED, BatchItemState.RETURNED)
                else ""
            )
        rows.append([Paragraph(escape(value), styles["cell"]) for value in row])
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("FONTNAME", (0, 0), (-1, -1), pdf_fonts()[0]),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef3")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _document(output: io.BytesIO, *, title: str, author: str, regular: str) -> SimpleDocTemplate:
    return SimpleDocTemplate(
        output,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=title,
        author=author,
        initialFontName=regular,
    )


def handover_pdf(batch: RotationBatch, lines: Sequence[BatchItem], *, on: dt.date) -> bytes:
    """The handover record (biên bản bàn giao, Mẫu 02, TT 05/2022 Art. 6.2) of a batch."""
    regular, _bold, styles = _styles()

    def para(value: str, style: str = "body") -> Paragraph:
        return Paragraph(value, styles[style])

    sender, point = batch.from_library, batch.to_library
    differences = [
        line
        for line in lines
        if line.state
        in (BatchItemState.MISSING_ON_ARRIVAL, BatchItemState.LOST, BatchItemState.DAMAGED)
    ]
    story: list[Any] = [
        _heading(sender, styles),
        Spacer(1, 6 * mm),
        para("<b>" + escape(_("HANDOVER RECORD OF ROTATED LIBRARY ITEMS")) + "</b>", "title"),
        para(escape(_("(Form No. 02, Circular 05/2022/TT-BVHTTDL)")), "center"),
        para(escape(_("Batch no. %(number)s") % {"number": batch.pk}), "center"),
        Spacer(1, 5 * mm),
        para(escape(_("Today, %(date)s, we, the undersigned:") % {"date": _day(on)})),
        Spacer(1, 2 * mm),
        para(
            "<b>"
            + escape(_("Handing over (party A): %(library)s") % {"library": sender.name})
            + "</b>"
        ),
        para(escape(_("Address: %(address)s") % {"address": sender.address or "……………………"})),
        para(escape(_("Represented by: ……………………………… Position: ……………………"))),
        Spacer(1, 2 * mm),
        para(
            "<b>" + escape(_("Receiving (party B): %(library)s") % {"library": point.name}) + "</b>"
        ),
        para(escape(_("Address: %(address)s") % {"address": point.address or "……………………"})),
        para(
            escape(
                _("Person in charge of the point: %(name)s, phone %(phone)s")
                % {"name": batch.keeper_name or "……………………", "phone": batch.keeper_phone or "……………"}
            )
        ),
        Spacer(1, 3 * mm),
        para(
            escape(
                _(
                    "Party A hands over to party B %(count)s items in %(boxes)s boxes, listed below, for use by readers from %(start)s to %(end)s. Party B keeps the items, lends them to readers, records their use and the readers' requests, and returns them to party A at the end of the period."
                )
                % {
                    "count": len(lines),
                    "boxes": batch.boxes,
                    "start": _day(batch.planned_start),
                    "end": _day(batch.planned_end),
                }
            )
        ),
    ]
    if batch.purpose:
        story.append(para(escape(_("Purpose: %(purpose)s") % {"purpose": batch.purpose})))
    story += [Spacer(1, 3 * mm), _item_table(lines, styles, with_state=bool(differences))]
    if differences:
        story += [
            Spacer(1, 3 * mm),
            para(
                escape(
                    _("Differences recorded: %(count)s items (see the last column).")
                    % {"count": len(differences)}
                )
            ),
        ]
    story += [
        Spacer(1, 4 * mm),
        para(escape(_("This record is made in two copies; each party keeps one."))),
        Spacer(1, 8 * mm),
        KeepTogether(
            [
                Table(
                    [
                        [
                            para("<b>" + escape(_("PARTY B (RECEIVING)")) + "</b>", "sign"),
                            para("<b>" + escape(_("PARTY A (HANDING OVER)")) + "</b>", "sign"),
                        ],
                        [
                            para(escape(_("(signature and full name)")), "sign"),
                            para(escape(_("(signature and full name)")), "sign"),
                        ],
                        [Spacer(1, 20 * mm), Spacer(1, 20 * mm)],
                        [
                            para(escape(batch.keeper_name), "sign"),
                            para(
                                escape(_person(batch.created_by)),
                                "sign",
                            ),
                        ],
                    ],
                    colWidths=[90 * mm, 90 * mm],
                    style=[("FONTNAME", (0, 0), (-1, -1), regular)],
                )
            ]
        ),
    ]
    output = io.BytesIO()
    _document(output, title=_("Handover record"), author=sender.name, regular=regular).build(story)
    return output.getvalue()


def packing_list_pdf(batch: RotationBatch, lines: Sequence[BatchItem]) -> bytes:
    """One page per box: what goes in it, to tick when packing and unpacking."""
    regular, _bold, styles = _styles()
    story: list[Any] = []
    for box in range(1, batch.boxes + 1):
        in_box = [line for line in lines if line.box_number == box]
        if story:
            story.append(PageBreak())
        story += [
            Paragraph(
                "<b>"
                + escape(
                    _("Packing list — batch %(number)s, box %(box)s of %(boxes)s")
                    % {"number": batch.pk, "box": box, "boxes": batch.boxes}
                )
                + "</b>",
                styles["title"],
            ),
            Paragraph(
                escape(
                    _("From %(from)s to %(to)s — %(count)s items")
                    % {
                        "from": batch.from_library.name,
                        "to": batch.to_library.name,
                        "count": len(in_box),
                    }
                ),
                styles["center"],
            ),
            Spacer(1, 4 * mm),
            _item_table(in_box, styles, with_state=False),
        ]
    output = io.BytesIO()
    _document(
        output, title=_("Packing list"), author=batch.from_library.name, regular=regular
    ).build(story)
    return output.getvalue()


def box_labels_pdf(batch: RotationBatch, counts: dict[int, int]) -> bytes:
    """A4 sheet of labels, two per page, one per box: where it goes and what it holds."""
    regular, bold = pdf_fonts()
    output = io.BytesIO()
    canvas = Canvas(output, pagesize=A4, initialFontName=regular)  # type: ignore[arg-type]  # the stubs say float
    canvas.setTitle(_("Box labels"))
    width, height = A4
    label_height = height / 2
    for box in range(1, batch.boxes + 1):
        slot = (box - 1) % 2
        if box > 1 and slot == 0:
            canvas.showPage()
        top = height - slot * label_height
        canvas.setStrokeColor(colors.grey)
        canvas.setDash(3, 3)
        canvas.rect(12 * mm, top - label_height + 10 * mm, width - 24 * mm, label_height - 20 * mm)
        canvas.setDash()
        lines = [
            (bold, 16, batch.from_library.name.upper()),
            (regular, 13, _("ROTATION BATCH %(number)s") % {"number": batch.pk}),
            (bold, 28, _("BOX %(box)s / %(boxes)s") % {"box": box, "boxes": batch.boxes}),
            (regular, 13, _("To:")),
            (bold, 20, batch.to_library.name),
            (regular, 13, batch.to_library.address),
            (
                regular,
                13,
                _("Person in charge: %(name)s %(phone)s")
                % {"name": batch.keeper_name, "phone": batch.keeper_phone},
            ),
            (
                regular,
                13,
                _("%(count)s items — back by %(end)s")
                % {"count": counts.get(box, 0), "end": _day(batch.planned_end)},
            ),
        ]
        y = top - 22 * mm
        for font, size, value in lines:
            if not value.strip():
                continue
            y -= size * 0.3 * mm  # room above the tall lines
            canvas.setFont(font, size)
            canvas.drawCentredString(width / 2, y, value)
            y -= size * 0.2 * mm + 6 * mm
    canvas.showPage()
    canvas.save()
    return output.getvalue()


def transit_slip_pdf(transfers: Sequence[Transfer], *, library: Library, on: dt.date) -> bytes:
    """The copies leaving `library` in transit, by destination, to pack with them."""
    regular, _bold, styles = _styles()
    story: list[Any] = [
        Paragraph(
            "<b>" + escape(_("TRANSIT SLIP — %(library)s") % {"library": library.name}) + "</b>",
            styles["title"],
        ),
        Paragraph(escape(_day(on)), styles["center"]),
        Spacer(1, 4 * mm),
    ]
    rows: list[list[Any]] = [
        [
            Paragraph(f"<b>{escape(text)}</b>", styles["cell"])
            for text in (_("No."), _("To"), _("Barcode"), _("Title"), _("Reason"), _("Since"))
        ]
    ]
    for number, transfer in enumerate(transfers, start=1):
        rows.append(
            [
                Paragraph(escape(value), styles["cell"])
                for value in (
                    str(number),
                    transfer.to_library.name,
                    transfer.item.barcode,
                    transfer.item.bib.title,
                    transfer.get_reason_display(),
                    transfer.requested_at.strftime("%d/%m/%Y"),
                )
            ]
        )
    table = Table(
        rows, colWidths=[11 * mm, 42 * mm, 27 * mm, 56 * mm, 22 * mm, 22 * mm], repeatRows=1
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("FONTNAME", (0, 0), (-1, -1), pdf_fonts()[0]),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef3")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story.append(table)
    if not transfers:
        story.append(
            Paragraph(escape(_("Nothing is in transit from this library.")), styles["body"])
        )
    output = io.BytesIO()
    _document(output, title=_("Transit slip"), author=library.name, regular=regular).build(story)
    return output.getvalue()
