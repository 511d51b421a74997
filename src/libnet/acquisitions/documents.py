"""The order as sent to the supplier (đơn đặt hàng), as PDF under the ordering library's
letterhead, dated by the order's date: a reprint is the same order."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from libnet.acquisitions.models import Order
from libnet.acquisitions.selectors import LineRow
from libnet.core import pdf
from libnet.core.documents import format_number, place_and_date
from libnet.network.documents import letterhead


def _columns(width: float) -> list[pdf.Column]:
    sizes = (10, 30, 40, 16, 24, 28)
    return [
        pdf.Column(_("No."), sizes[0] * mm, "RIGHT"),
        pdf.Column(_("Title"), width - sum(sizes) * mm),
        pdf.Column(_("ISBN"), sizes[1] * mm),
        pdf.Column(_("For"), sizes[2] * mm),
        pdf.Column(_("Copies"), sizes[3] * mm, "RIGHT"),
        pdf.Column(_("Unit price"), sizes[4] * mm, "RIGHT"),
        pdf.Column(_("Amount"), sizes[5] * mm, "RIGHT"),
    ]


def _rows(rows: Sequence[LineRow]) -> list[tuple[object, ...]]:
    lines: list[tuple[object, ...]] = [
        (
            number,
            row.line.title,
            row.line.isbn,
            "; ".join(
                f"{destination.library_code}: {destination.ordered}"
                for destination in row.destinations
            ),
            format_number(row.ordered),
            format_number(row.line.unit_price_vnd),
            format_number(row.amount),
        )
        for number, row in enumerate(rows, start=1)
    ]
    lines.append(
        (
            "",
            _("Total"),
            "",
            "",
            format_number(sum(row.ordered for row in rows)),
            "",
            format_number(sum(row.amount for row in rows)),
        )
    )
    return lines


def order_pdf(order: Order, rows: Sequence[LineRow]) -> bytes:
    """The order: the library, the supplier (name, address, tax code), each title with its
    ISBN, the libraries its copies are for, copies, unit price and amount, the total in đồng,
    and the signatures of the person who drew it up and the head of the library."""
    style = pdf.styles()
    width = pdf.content_width()
    head = letterhead(order.library, on=order.ordered_on)
    supplier = order.supplier

    def para(value: str, name: str = "body", *, bold: bool = False) -> Any:
        return pdf.para(value, style[name], bold=bold)

    story: list[Any] = [
        *pdf.heading(head, width=width, date_line=place_and_date(head.place, order.ordered_on)),
        Spacer(1, 5 * mm),
        para(_("PURCHASE ORDER"), "title"),
        para(_("No. %(number)s") % {"number": order.number}, "centre"),
        Spacer(1, 4 * mm),
        para(_("To: %(supplier)s") % {"supplier": supplier.name}, bold=True),
    ]
    if supplier.address:
        story.append(para(_("Address: %(address)s") % {"address": supplier.address}))
    if supplier.tax_code:
        story.append(para(_("Tax code: %(code)s") % {"code": supplier.tax_code}))
    story += [
        para(
            _("%(library)s orders the following books, to be delivered with their invoice:")
            % {"library": order.library.name}
        ),
        Spacer(1, 2 * mm),
        pdf.RowTable(
            _columns(width),
            _rows(rows),
            size=8.5,
            max_lines=4,
            total=True,
            keep_with=[
                Spacer(1, 3 * mm),
                *([para(order.note)] if order.note else []),
                Spacer(1, 4 * mm),
                pdf.signatures(
                    [
                        pdf.Signer(_("Drawn up by"), _("(signature and full name)")),
                        pdf.Signer(_("Head of the library"), _("(signature, full name and seal)")),
                    ],
                    width=width,
                ),
            ],
        ),
    ]
    return pdf.render(
        story,
        title=_("Purchase order %(number)s") % {"number": order.number},
        author=order.library.name,
        page_numbers=True,
    )
