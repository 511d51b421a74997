"""The claim letter for missing serial issues: one A4 letter from a library to one supplier.

In the shape of a Vietnamese administrative letter (the library under its governing body on
the left, the national motto on the right, place and date, title, addressee, body, the list
of issues, signature kept with the end of the list). The layout is libnet's own: no official
form exists for it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from libnet.catalog.models import SerialClaim
from libnet.catalog.services.serials import issue_label
from libnet.core import clock, pdf
from libnet.core.documents import place_and_date
from libnet.network.documents import letterhead
from libnet.network.models import Library


def claim_letter_pdf(
    claims: Sequence[SerialClaim], *, library: Library, supplier: str, on: dt.date
) -> bytes:
    """Return the letter claiming the issues of `claims` from `supplier`, dated `on`."""
    head = letterhead(library, on=on)
    style = pdf.styles(11)
    width = pdf.content_width()
    addressee = supplier or _("the supplier")
    columns = [
        pdf.Column(_("No."), 11 * mm, "RIGHT"),
        pdf.Column(_("Newspaper or magazine"), width - 131 * mm),
        pdf.Column(_("ISSN"), 22 * mm, "CENTER"),
        pdf.Column(_("Issue"), 48 * mm),
        pdf.Column(_("Number of copies"), 16 * mm, "RIGHT"),
        pdf.Column(_("Claimed on"), 24 * mm, "CENTER"),
    ]
    rows = [
        (
            number,
            claim.issue.subscription.title.bib.title,
            claim.issue.subscription.title.issn,
            issue_label(claim.issue),
            claim.issue.subscription.copies,
            clock.local_date(claim.raised_at).strftime("%d/%m/%Y"),
        )
        for number, claim in enumerate(claims, start=1)
    ]
    closing = [
        Spacer(1, 3 * mm),
        pdf.para(
            _(
                "We kindly ask you to send the missing issues, or to let us know if they were "
                "not published. Thank you for your cooperation."
            ),
            style["body"],
        ),
        Spacer(1, 4 * mm),
        pdf.signatures(
            [pdf.Signer(_("DIRECTOR"), _("(signature, full name and seal)"))],
            width=width / 2,
            align="RIGHT",
        ),
    ]
    story: list[Any] = [
        *pdf.heading(head, width=width, date_line=place_and_date(head.place, on)),
        Spacer(1, 6 * mm),
        pdf.para(_("CLAIM FOR MISSING ISSUES OF NEWSPAPERS AND MAGAZINES"), style["title"]),
        Spacer(1, 4 * mm),
        pdf.para(_("To: %(supplier)s") % {"supplier": addressee}, style["body"], bold=True),
        Spacer(1, 3 * mm),
        pdf.para(
            _(
                "Under its subscriptions with %(supplier)s, %(library)s has not yet received "
                "the following issues, past their expected date:"
            )
            % {"supplier": addressee, "library": library.name},
            style["body"],
        ),
        Spacer(1, 3 * mm),
        pdf.RowTable(columns, rows, size=9.5, max_lines=3, keep_with=closing),
    ]
    return pdf.render(story, title=_("Claim for missing issues"), author=library.name)
