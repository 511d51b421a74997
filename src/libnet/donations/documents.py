"""The receipt and thank-you letter of a donation (giấy biên nhận và thư cảm ơn) as PDF, with
the official heading of the library that received the books (core.documents)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from libnet.core import pdf
from libnet.core.documents import format_number, place_and_date
from libnet.donations.models import Condition, Donation, DonationLine, DonorKind
from libnet.network.documents import letterhead


def receipt_pdf(donation: Donation, lines: Sequence[DonationLine]) -> bytes:
    """One page for the donor: the receipt (what was received, when, under which number, for
    which drive) and the library's thanks, signed by the library and the donor."""
    style = pdf.styles()
    width = pdf.content_width()
    head = letterhead(donation.library, on=donation.received_on)
    donor = donation.donor

    def para(value: str, name: str = "body", *, bold: bool = False) -> Any:
        return pdf.para(value, style[name], bold=bold)

    copies = sum(line.copies for line in lines)
    values = [line.value_vnd for line in lines if line.value_vnd is not None]
    story: list[Any] = [
        *pdf.heading(head, width=width, date_line=place_and_date(head.place, donation.received_on)),
        Spacer(1, 6 * mm),
        para(_("RECEIPT AND LETTER OF THANKS"), "title"),
        para(_("For books donated to the library"), "subtitle"),
        para(_("No. %(number)s") % {"number": donation.receipt_number}, "centre"),
        Spacer(1, 4 * mm),
        para(_("Donor: %(name)s") % {"name": donor.name}, bold=True),
        para(_("Kind of donor: %(kind)s") % {"kind": DonorKind(donor.kind).label}),
    ]
    if donor.school_class:
        story.append(para(_("Class or school: %(name)s") % {"name": donor.school_class}))
    if donation.drive is not None:
        story.append(para(_("For the drive: %(title)s") % {"title": donation.drive.title}))
    story += [
        para(
            _("%(library)s received on %(day)s the following books:")
            % {
                "library": donation.library.name,
                "day": donation.received_on.strftime("%d/%m/%Y"),
            }
        ),
        Spacer(1, 2 * mm),
        pdf.RowTable(
            [
                pdf.Column(_("No."), 10 * mm, "CENTER"),
                pdf.Column(_("Title"), width - 122 * mm),
                pdf.Column(_("ISBN"), 32 * mm),
                pdf.Column(_("Copies"), 18 * mm, "RIGHT"),
                pdf.Column(_("Condition"), 30 * mm),
                pdf.Column(_("Estimated value (đồng)"), 32 * mm, "RIGHT"),
            ],
            [
                *[
                    (
                        str(number),
                        line.title,
                        line.isbn,
                        format_number(line.copies),
                        str(Condition(line.condition).label),
                        format_number(line.value_vnd),
                    )
                    for number, line in enumerate(lines, start=1)
                ],
                (
                    "",
                    _("Total"),
                    "",
                    format_number(copies),
                    "",
                    format_number(sum(values)) if values else "",
                ),
            ],
            total=True,
        ),
        Spacer(1, 3 * mm),
    ]
    if donation.money_vnd:
        story.append(
            para(_("Money given: %(amount)s đồng.") % {"amount": format_number(donation.money_vnd)})
        )
    story += [
        para(
            _(
                "%(library)s sincerely thanks %(donor)s for this gift. The books will be added to the library's collection, or given on to the commune and school libraries of the network, for readers to use."
            )
            % {"library": donation.library.name, "donor": donor.name}
        ),
        Spacer(1, 6 * mm),
        pdf.signatures(
            [
                pdf.Signer(_("Donor"), _("(signature, full name)"), donor.name),
                pdf.Signer(_("For the library"), _("(signature, full name, stamp)")),
            ],
            width=width,
        ),
    ]
    return pdf.render(
        story,
        title=_("Receipt %(number)s") % {"number": donation.receipt_number},
        author=donation.library.name,
    )
