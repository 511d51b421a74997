"""The self-assessment report of a school library (TT 16/2022/TT-BGDĐT Art. 25) as a PDF
and as a Word document:
per school level and group, each criterion with its value, threshold and result, the level
of each group and the level reached. Always Vietnamese (an official paper); the layout is
libnet's own (the Ministry's form is not confirmed, DOMAIN §1.5)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import translation
from django.utils.text import capfirst
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from libnet.core import clock, pdf, word
from libnet.core.documents import place_and_date
from libnet.network.documents import letterhead
from libnet.network.models import Library, SchoolLevel
from libnet.planning.periods import Period, label
from libnet.schools.models import CriteriaGroup, SelfAssessment

COLUMNS = ("Mã", "Tiêu chí", "Mức", "Giá trị", "Ngưỡng", "Kết quả")
TITLE = "BÁO CÁO TỰ ĐÁNH GIÁ THƯ VIỆN THEO TIÊU CHUẨN TT 16/2022/TT-BGDĐT"
NOT_CONFIRMED_NOTE = (
    'Tiêu chí "Chưa xác nhận": ngưỡng chưa được xác nhận trong văn bản, chờ tỉnh quy định; '
    "tiêu chí chưa có minh chứng hoặc chưa có ngưỡng thì chưa đánh giá được."
)


def level_text(level: int | None) -> str:
    """A level in words, as the pages and the PDF say it."""
    return (
        {
            2: "Mức độ 2",
            1: "Mức độ 1",
            0: "Chưa đạt mức độ 1",
        }.get(level, "Chưa đánh giá được")
        if level is not None
        else "Chưa đánh giá được"
    )


def met_text(met: bool | None) -> str:
    return (
        {True: "Đạt", False: "Chưa đạt"}.get(met, "Chưa đánh giá được")
        if met is not None
        else "Chưa đánh giá được"
    )


def _figure(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    text = f"{value:,.2f}".rstrip("0").rstrip(".").replace(",", " ").replace(".", ",")
    return f"{text} {unit}".strip()


def _threshold(row: dict[str, Any]) -> str:
    if row["measure"] == "statement":
        return "" if row["confirmed"] else "Chưa xác nhận"
    if row["threshold"] is None:
        return "Chưa xác nhận"
    return f"≥ {_figure(row['threshold'], row['unit'])}"


def _value(row: dict[str, Any]) -> str:
    if row["measure"] == "statement":
        return (
            {True: "Có", False: "Không"}.get(row["answer"], "—")
            if row["answer"] is not None
            else "—"
        )
    return _figure(row["value"], row["unit"])


def _summary(result: dict[str, Any]) -> str:
    return (
        f"Sĩ số: {result['pupils']} học sinh, {result['teachers']} giáo viên, "
        f"{result['classes']} lớp. Vốn tài liệu: {result['copies']} bản "
        f"({_figure(result['copies_per_pupil'])} bản/học sinh). "
        f"Lượt mượn trong năm học: {result['loans']}."
    )


def assessment_pdf(
    library: Library, period: Period, result: dict[str, Any], sent: SelfAssessment | None
) -> bytes:
    """Return the self-assessment report, dated the day it was sent (else today)."""
    day: dt.date = clock.local_date(sent.submitted_at) if sent else clock.today()
    head = letterhead(library, on=day)
    width = pdf.content_width()
    style = pdf.styles(10)
    with translation.override("vi"):
        level_names = {level: str(SchoolLevel(level).label) for level in SchoolLevel.values}
        group_names = {group: str(CriteriaGroup(group).label) for group in CriteriaGroup.values}
        title = TITLE
        story: list[Any] = [
            *pdf.heading(head, width=width, date_line=place_and_date(head.place, day)),
            Spacer(1, 4 * mm),
            pdf.para(title, style["title"]),
            pdf.para(capfirst(label(period)), style["centre"]),
            pdf.para(f"Thư viện: {library.name}", style["centre"]),
        ]
        if sent is not None:
            story.append(pdf.para(f"Nơi nhận: {sent.body.name}", style["centre"]))
        story += [
            Spacer(1, 3 * mm),
            pdf.para(_summary(result), style["body"]),
            Spacer(1, 2 * mm),
        ]
        sizes = (34, 0, 11, 24, 24, 26)
        rest = width - sum(sizes) * mm
        columns = [
            pdf.Column(heading, size * mm if size else rest, align)
            for heading, size, align in zip(
                COLUMNS, sizes, ("LEFT", "LEFT", "CENTER", "RIGHT", "RIGHT", "LEFT"), strict=True
            )
        ]
        rows: list[tuple[object, ...]] = []
        for group in result["groups"]:
            rows.append(
                (
                    "",
                    f"{level_names[group['school_level']]} — {group_names[group['code']]}: "
                    f"{level_text(group['level'])}",
                    "",
                    "",
                    "",
                    "",
                )
            )
            for row in group["criteria"]:
                rows.append(
                    (
                        row["code"],
                        row["name"],
                        row["grade"],
                        _value(row),
                        _threshold(row),
                        met_text(row["met"]),
                    )
                )
        closing = [
            Spacer(1, 3 * mm),
            pdf.para(
                f"Kết quả tự đánh giá: {level_text(result['level'])}", style["body"], bold=True
            ),
            pdf.para(NOT_CONFIRMED_NOTE, style["small"]),
            Spacer(1, 4 * mm),
            pdf.signatures(
                [
                    pdf.Signer("NGƯỜI LÀM CÔNG TÁC THƯ VIỆN", "(Ký, ghi rõ họ tên)"),
                    pdf.Signer("HIỆU TRƯỞNG", "(Ký, họ tên, đóng dấu)"),
                ],
                width=width,
            ),
        ]
        story.append(pdf.RowTable(columns, rows, size=8.5, max_lines=6, keep_with=closing))
        return pdf.render(
            story,
            title=f"{title} — {library.name} — {label(period)}",
            author=library.name,
            page_numbers=True,
        )


def assessment_docx(
    library: Library, period: Period, result: dict[str, Any], sent: SelfAssessment | None
) -> bytes:
    """Return the self-assessment report as a Word document, the same paper as the PDF, for
    the school to add its own remarks before the principal signs it."""
    day: dt.date = clock.local_date(sent.submitted_at) if sent else clock.today()
    paper = word.WordDocument()
    paper.heading(letterhead(library, on=day), day=day)
    with translation.override("vi"):
        level_names = {level: str(SchoolLevel(level).label) for level in SchoolLevel.values}
        group_names = {group: str(CriteriaGroup(group).label) for group in CriteriaGroup.values}
    lines = [capfirst(label(period)), f"Thư viện: {library.name}"]
    if sent is not None:
        lines.append(f"Nơi nhận: {sent.body.name}")
    paper.title(TITLE, *lines)
    paper.paragraph(_summary(result))
    for group in result["groups"]:
        paper.section(
            f"{level_names[group['school_level']]} — {group_names[group['code']]}: "
            f"{level_text(group['level'])}"
        )
        paper.table(
            COLUMNS,
            [
                (
                    row["code"],
                    row["name"],
                    row["grade"],
                    _value(row),
                    _threshold(row),
                    met_text(row["met"]),
                )
                for row in group["criteria"]
            ],
            size=10,
        )
    paper.paragraph(f"Kết quả tự đánh giá: {level_text(result['level'])}", bold=True)
    paper.paragraph(NOT_CONFIRMED_NOTE, italic=True)
    paper.section("Nhận xét, kiến nghị của nhà trường:")
    paper.paragraph("…" * 40)
    paper.signatures(
        [
            word.Signer("Người làm công tác thư viện"),
            word.Signer("Hiệu trưởng", "(Ký, họ tên, đóng dấu)"),
        ]
    )
    return paper.content()
