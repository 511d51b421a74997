"""An event's papers under its library's letterhead (NĐ 30/2020 Phụ lục I heading): the plan
(kế hoạch tổ chức) and the results report (báo cáo kết quả), as PDF.

The plan is dated by the day the event was planned, the report by the day it was reported
(Vietnam's days), never by the day they are printed: a reprint is the same paper. A report
not made yet leaves its date and figures to be written by hand.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from libnet.core import clock, pdf
from libnet.core.documents import format_number, place_and_date
from libnet.events.models import Audience, Event, EventState
from libnet.network.documents import letterhead

BLANK = "……………………"


def _when(event: Event) -> str:
    starts = event.starts_at.astimezone(clock.VIETNAM)
    ends = event.ends_at.astimezone(clock.VIETNAM)
    if starts.date() == ends.date():
        return _("from %(start)s to %(end)s on %(day)s") % {
            "start": starts.strftime("%H:%M"),
            "end": ends.strftime("%H:%M"),
            "day": starts.strftime("%d/%m/%Y"),
        }
    return _("from %(start)s to %(end)s") % {
        "start": starts.strftime("%H:%M %d/%m/%Y"),
        "end": ends.strftime("%H:%M %d/%m/%Y"),
    }


def _partners(event: Event) -> str:
    names = [library.name for library in event.co_organisers.all()]
    names += [body.name for body in event.partner_bodies.all()]
    if event.partners:
        names.append(event.partners)
    return "; ".join(names)


def _audiences(event: Event) -> str:
    return ", ".join(
        str(Audience(code).label) for code in event.audiences if code in Audience.values
    )


def _signers(event: Event) -> list[pdf.Signer]:
    return [pdf.Signer(_("Head of the library"), _("(signature, full name, seal)"))]


def plan_pdf(event: Event) -> bytes:
    """The plan of an event (kế hoạch tổ chức): purpose, time, venue, organisers and
    partners, audiences and the numbers expected, then the signature of the head."""
    style = pdf.styles()
    width = pdf.content_width()
    day = clock.local_date(event.created_at)
    head = letterhead(event.library, on=day)

    def para(value: str, name: str = "body", *, bold: bool = False) -> Any:
        return pdf.para(value, style[name], bold=bold)

    story: list[Any] = [
        *pdf.heading(head, width=width, date_line=place_and_date(head.place, day)),
        Spacer(1, 6 * mm),
        para(_("PLAN"), "title"),
        para(_("Organising: %(title)s") % {"title": event.title}, "centre", bold=True),
        Spacer(1, 4 * mm),
        para(_("I. PURPOSE AND REQUIREMENTS"), bold=True),
        para(event.notes or BLANK),
        para(_("II. CONTENT"), bold=True),
        para(_("1. Kind of event: %(kind)s.") % {"kind": event.kind.name_vi}),
        para(_("2. Time: %(when)s.") % {"when": _when(event)}),
        para(_("3. Venue: %(venue)s.") % {"venue": event.venue or event.library.name}),
        para(_("4. Organiser: %(library)s.") % {"library": event.library.name}),
        para(_("5. In cooperation with: %(partners)s.") % {"partners": _partners(event) or BLANK}),
        para(_("6. Audiences: %(audiences)s.") % {"audiences": _audiences(event) or BLANK}),
        para(
            _("7. Expected: %(adults)s adults and %(children)s children (under 16).")
            % {
                "adults": format_number(event.planned_adults),
                "children": format_number(event.planned_children),
            }
        ),
        para(_("III. ORGANISATION"), bold=True),
        para(
            _(
                "The library assigns its staff to prepare the venue, the books and the materials, and reports the results after the event."
            )
        ),
        Spacer(1, 6 * mm),
        pdf.signatures(_signers(event), width=width / 2, align="RIGHT"),
    ]
    return pdf.render(story, title=_("Plan: %(title)s") % {"title": event.title})


def results_pdf(event: Event) -> bytes:
    """The results report of an event (báo cáo kết quả): when and where it was held, who
    organised it, the attendance (adults + children; finer groups beside, not added again)
    and the results."""
    style = pdf.styles()
    width = pdf.content_width()
    reported = event.state == EventState.REPORTED
    day = clock.local_date(event.reported_at) if reported and event.reported_at else None
    head = letterhead(event.library, on=day or clock.local_date(event.starts_at))

    def para(value: str, name: str = "body", *, bold: bool = False) -> Any:
        return pdf.para(value, style[name], bold=bold)

    def figure(value: int) -> str:
        return format_number(value) if reported else ""

    rows: list[tuple[object, ...]] = [
        (_("Adults"), figure(event.attended_adults)),
        (_("Children (under 16)"), figure(event.attended_children)),
        (_("Total attendance"), figure(event.attendance)),
    ]
    groups = [
        (_("Of whom %(group)s") % {"group": str(Audience(code).label).lower()}, figure(count))
        for code, count in event.attended_groups.items()
        if code in Audience.values
    ]
    story: list[Any] = [
        *pdf.heading(head, width=width, date_line=place_and_date(head.place, day)),
        Spacer(1, 6 * mm),
        para(_("REPORT"), "title"),
        para(_("Results of: %(title)s") % {"title": event.title}, "centre", bold=True),
        Spacer(1, 4 * mm),
        para(_("1. Kind of event: %(kind)s.") % {"kind": event.kind.name_vi}),
        para(_("2. Time: %(when)s.") % {"when": _when(event)}),
        para(_("3. Venue: %(venue)s.") % {"venue": event.venue or event.library.name}),
        para(_("4. Organiser: %(library)s.") % {"library": event.library.name}),
        para(_("5. In cooperation with: %(partners)s.") % {"partners": _partners(event) or BLANK}),
        para(_("6. Attendance:"), bold=True),
        pdf.RowTable(
            [pdf.Column(_("Audience"), width - 45 * mm), pdf.Column(_("People"), 45 * mm, "RIGHT")],
            rows,
        ),
    ]
    if groups:
        story.append(
            pdf.RowTable(
                [
                    pdf.Column(_("Among them (shown, not added again)"), width - 45 * mm),
                    pdf.Column(_("People"), 45 * mm, "RIGHT"),
                ],
                groups,
            )
        )
    story += [
        Spacer(1, 2 * mm),
        para(_("7. Results:"), bold=True),
        para(event.results or BLANK),
        Spacer(1, 6 * mm),
        pdf.signatures(_signers(event), width=width / 2, align="RIGHT"),
    ]
    return pdf.render(story, title=_("Results report: %(title)s") % {"title": event.title})
