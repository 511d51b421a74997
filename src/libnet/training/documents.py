"""The certificates of a course (giấy chứng nhận) under its organiser's heading (NĐ 30/2020
Phụ lục I: the governing body and the organiser on the left, Quốc hiệu and Tiêu ngữ on the
right), one A4 landscape page each, in the embedded DejaVu font; with the list of them when
printed as a sheet.

A certificate is dated by the course's last day, never by the day it is printed: a reprint is
the same paper.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer

from libnet.core import pdf
from libnet.core.documents import Letterhead, place_and_date
from libnet.network.documents import letterhead, place_name
from libnet.network.models import ManagingBody
from libnet.training import selectors
from libnet.training.errors import TrainingRefused
from libnet.training.models import (
    Course,
    CourseState,
    Inspection,
    InspectionKind,
    Participant,
    Result,
)

BLANK = "……………………"

_PROVINCE = re.compile(r"\b(?:tỉnh|thành phố)\s+(.+)$", re.IGNORECASE)


def body_letterhead(body: ManagingBody) -> Letterhead:
    """A managing body's heading: the People's Committee above it, then the body."""
    unit_name = body.admin_unit.name if body.admin_unit_id and body.admin_unit else ""
    if not unit_name:
        found = _PROVINCE.search(body.name)
        unit_name = f"tỉnh {found.group(1)}" if found else ""
    governing = (_("People's Committee of %(unit)s") % {"unit": unit_name},) if unit_name else ()
    return Letterhead(governing=governing, issuer=body.name, place=place_name(unit_name))


def organiser_letterhead(course: Course) -> Letterhead:
    if course.library is not None:
        return letterhead(course.library, on=course.ends_on)
    assert course.body is not None  # a check constraint: one organiser
    return body_letterhead(course.body)


def certified(participant: Participant, course: Course | None = None) -> Participant:
    """`participant`, if they passed a finished course (`course`, or theirs); TrainingRefused
    otherwise."""
    course = course or participant.course
    if (
        course.state != CourseState.FINISHED
        or participant.result != Result.PASSED
        or participant.certificate_number is None
    ):
        raise TrainingRefused("no_certificate")
    return participant


def _dates(course: Course) -> str:
    if course.starts_on == course.ends_on:
        return _("on %(day)s") % {"day": course.starts_on.strftime("%d/%m/%Y")}
    return _("from %(start)s to %(end)s") % {
        "start": course.starts_on.strftime("%d/%m/%Y"),
        "end": course.ends_on.strftime("%d/%m/%Y"),
    }


def number_of(course: Course, participant: Participant) -> str:
    """The certificate's number as written on it: "05/GCN-2026"."""
    return f"{participant.certificate_number:02d}/GCN-{course.ends_on.year}"


def _certificate(course: Course, participant: Participant, head: Letterhead) -> list[Any]:
    style = pdf.styles(13)
    style["big"] = ParagraphStyle("big", parent=style["title"], fontSize=26, leading=34)
    style["name"] = ParagraphStyle("name", parent=style["title"], fontSize=18, leading=26)
    width = pdf.content_width(wide=True)

    def para(value: str, name: str = "body", *, bold: bool = False) -> Any:
        return pdf.para(value, style[name], bold=bold)

    return [
        *pdf.heading(head, width=width, date_line=place_and_date(head.place, course.ends_on)),
        para(_("No. %(number)s") % {"number": number_of(course, participant)}, "body"),
        Spacer(1, 12 * mm),
        para(_("CERTIFICATE"), "big"),
        Spacer(1, 8 * mm),
        para(_("%(organiser)s certifies that") % {"organiser": course.organiser_name}, "centre"),
        Spacer(1, 2 * mm),
        para(participant.full_name, "name"),
        para(_("Unit: %(unit)s") % {"unit": participant.unit}, "centre"),
        Spacer(1, 3 * mm),
        para(
            _("has completed the training course “%(title)s”, held %(dates)s%(place)s.")
            % {
                "title": course.title,
                "dates": _dates(course),
                "place": (_(" at %(place)s") % {"place": course.place}) if course.place else "",
            },
            "centre",
        ),
        para(_("Result: passed."), "centre", bold=True),
        Spacer(1, 8 * mm),
        pdf.signatures(
            [pdf.Signer(_("Head of the organiser"), _("(signature, full name, seal)"))],
            width=width / 2,
            align="RIGHT",
        ),
    ]


def _list(course: Course, participants: Sequence[Participant], head: Letterhead) -> list[Any]:
    style = pdf.styles()
    width = pdf.content_width(wide=True)
    rows: list[tuple[object, ...]] = [
        (str(index), participant.full_name, participant.unit, number_of(course, participant))
        for index, participant in enumerate(participants, start=1)
    ]
    return [
        *pdf.heading(head, width=width, date_line=place_and_date(head.place, course.ends_on)),
        Spacer(1, 5 * mm),
        pdf.para(_("LIST OF CERTIFICATES"), style["title"]),
        pdf.para(
            _("Training course: %(title)s, %(dates)s")
            % {"title": course.title, "dates": _dates(course)},
            style["centre"],
        ),
        Spacer(1, 4 * mm),
        pdf.RowTable(
            [
                pdf.Column(_("No."), 12 * mm, "RIGHT"),
                pdf.Column(_("Full name"), 70 * mm),
                pdf.Column(pgettext("workplace", "Unit"), width - 122 * mm),
                pdf.Column(_("Certificate"), 40 * mm),
            ],
            rows,
        ),
    ]


def certificates_pdf(
    course: Course, participants: Sequence[Participant], *, with_list: bool = False
) -> bytes:
    """The certificates of `participants` (each must have passed: `certified`), one a page;
    `with_list`: the list of them first."""
    head = organiser_letterhead(course)
    story: list[Any] = []
    if with_list:
        story += _list(course, participants, head)
    for participant in participants:
        certified(participant, course)
        if story:
            story.append(PageBreak())
        story += _certificate(course, participant, head)
    if not story:
        story = _list(course, participants, head)
    return pdf.render(
        story,
        title=_("Certificates: %(title)s") % {"title": course.title},
        wide=True,
    )


def _inspection_letterhead(inspection: Inspection) -> Letterhead:
    if inspection.by_library is not None:
        return letterhead(inspection.by_library, on=inspection.visited_on)
    assert inspection.body is not None  # a check constraint: one organiser
    return body_letterhead(inspection.body)


def minutes_pdf(inspection: Inspection) -> bytes:
    """The minutes (biên bản) of a survey or inspection visit: who came, when, each item of
    the checklist with its rating and note, the conclusion, the recommendations with their
    follow-up days; signed by the head of the visiting team and the library's representative.
    Dated by the day of the visit."""
    style = pdf.styles()
    width = pdf.content_width()
    head = _inspection_letterhead(inspection)
    lines = selectors.inspection_sheet(inspection)
    recommendations = list(inspection.recommendations.all())

    def para(value: str, name: str = "body", *, bold: bool = False) -> Any:
        return pdf.para(value, style[name], bold=bold)

    title = (
        _("MINUTES OF THE SURVEY")
        if inspection.kind == InspectionKind.SURVEY
        else _("MINUTES OF THE INSPECTION")
    )
    rows: list[tuple[object, ...]] = []
    section = None
    for index, line in enumerate(lines, start=1):
        if line.item.section and line.item.section != section:
            section = line.item.section
            rows.append(("", section.upper(), "", ""))
        rows.append(
            (
                str(index),
                line.item.text,
                line.finding.get_rating_display() if line.finding else "",
                line.finding.note if line.finding else "",
            )
        )
    story: list[Any] = [
        *pdf.heading(
            head, width=width, date_line=place_and_date(head.place, inspection.visited_on)
        ),
        Spacer(1, 6 * mm),
        para(title, "title"),
        para(_("Library: %(library)s") % {"library": inspection.library.name}, "centre", bold=True),
        Spacer(1, 4 * mm),
        para(
            _("On %(day)s, %(organiser)s visited %(library)s.")
            % {
                "day": inspection.visited_on.strftime("%d/%m/%Y"),
                "organiser": inspection.organiser_name,
                "library": inspection.library.name,
            }
        ),
        para(_("I. THE VISITING TEAM"), bold=True),
        para(inspection.inspectors or BLANK),
        para(_("II. FINDINGS"), bold=True),
        pdf.RowTable(
            [
                pdf.Column(_("No."), 10 * mm, "RIGHT"),
                pdf.Column(_("What is checked"), width - 100 * mm),
                pdf.Column(_("Rating"), 30 * mm),
                pdf.Column(_("Note"), 60 * mm),
            ],
            rows,
        ),
        Spacer(1, 2 * mm),
        para(_("III. CONCLUSION"), bold=True),
        para(inspection.summary or BLANK),
        para(_("IV. RECOMMENDATIONS"), bold=True),
    ]
    if recommendations:
        story.append(
            pdf.RowTable(
                [
                    pdf.Column(_("No."), 10 * mm, "RIGHT"),
                    pdf.Column(_("Recommendation"), width - 40 * mm),
                    pdf.Column(_("Follow up on"), 30 * mm),
                ],
                [
                    (
                        str(index),
                        recommendation.text,
                        recommendation.follow_up_on.strftime("%d/%m/%Y"),
                    )
                    for index, recommendation in enumerate(recommendations, start=1)
                ],
            )
        )
    else:
        story.append(para(BLANK))
    story += [
        Spacer(1, 6 * mm),
        pdf.signatures(
            [
                pdf.Signer(_("Representative of the library"), _("(signature, full name)")),
                pdf.Signer(_("Head of the visiting team"), _("(signature, full name)")),
            ],
            width=width,
        ),
    ]
    return pdf.render(story, title=f"{title}: {inspection.library.name}")
