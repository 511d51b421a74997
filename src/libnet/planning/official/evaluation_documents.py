"""The TT 05/2020 evaluation documents as PDF: the library's self-assessment report (Mẫu
01) and the managing body's result (Mẫu 02). The forms' columns are not confirmed (DOMAIN
§3.4, §8): the layout is libnet's own, in the usual shape of an official report. In
Vietnamese whatever the user's language; dated by the day it was sent or evaluated (else the
deadline), never by the day it is printed."""

from __future__ import annotations

import datetime as dt

from django.utils import translation
from django.utils.text import capfirst
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from libnet.core import clock, pdf
from libnet.core.documents import Letterhead, place_and_date
from libnet.network.documents import letterhead
from libnet.network.models import Sector
from libnet.planning.models import PerformanceEvaluation
from libnet.planning.official import evaluation
from libnet.planning.official.documents import number_text
from libnet.planning.periods import Period, label

SELF_RATING_TEXT = {"met": "Đạt", "not_met": "Chưa đạt", "": ""}


def _period_text(period: Period) -> str:
    with translation.override("vi"):
        return capfirst(label(period, dates=True))


def _recipient(found: PerformanceEvaluation) -> str:
    if found.body is not None:
        return found.body.name
    if found.parent is not None:
        return found.parent.name
    return "Cơ quan quản lý"


def _criteria_rows(
    found: PerformanceEvaluation, criteria: list[evaluation.Criterion]
) -> list[tuple[object, ...]]:
    return [
        (
            index,
            criterion.label,
            criterion.unit,
            number_text(criterion.value),
            SELF_RATING_TEXT.get(found.self_ratings.get(criterion.code, ""), ""),
        )
        for index, criterion in enumerate(criteria, start=1)
    ]


def _table(
    found: PerformanceEvaluation, criteria: list[evaluation.Criterion], width: float
) -> pdf.RowTable:
    sizes = (10, 0, 22, 28, 24)
    titles = ("STT", "Tiêu chí", "Đơn vị tính", "Kết quả", "Tự đánh giá")
    aligns = ("CENTER", "LEFT", "CENTER", "RIGHT", "CENTER")
    rest = width - sum(sizes) * mm
    columns = [
        pdf.Column(title, size * mm if size else rest, align)
        for title, size, align in zip(titles, sizes, aligns, strict=True)
    ]
    return pdf.RowTable(columns, _criteria_rows(found, criteria), size=9, max_lines=3)


def _paragraphs(value: str, style: ParagraphStyle) -> list[Flowable]:
    lines = [line for line in (value or "").splitlines() if line.strip()] or ["(Không có)"]
    return [pdf.para(line, style) for line in lines]


def self_assessment_pdf(
    found: PerformanceEvaluation, period: Period, criteria: list[evaluation.Criterion]
) -> bytes:
    """Mẫu 01: the library's self-assessment report."""
    library = found.library
    day = clock.local_date(found.submitted_at) if found.submitted_at else found.due_on
    head = letterhead(library, on=day)
    style = pdf.styles(10.5)
    width = pdf.content_width()
    school = library.sector == Sector.EDUCATION
    story: list[Flowable] = [
        *pdf.heading(
            head, width=width, date_line=place_and_date(head.place, day), form_label="Mẫu số 01"
        ),
        Spacer(1, 4 * mm),
        pdf.para("BÁO CÁO TỰ ĐÁNH GIÁ HOẠT ĐỘNG THƯ VIỆN", style["title"]),
        pdf.para(f"Kỳ đánh giá: {_period_text(period)}", style["centre"]),
        pdf.para(f"Kính gửi: {_recipient(found)}", style["centre"]),
        Spacer(1, 3 * mm),
        pdf.para("I. KẾT QUẢ THỰC HIỆN CÁC TIÊU CHÍ", style["body"], bold=True),
        _table(found, criteria, width),
        Spacer(1, 2 * mm),
        *(
            pdf.para(f"{index}. {c.label}: {c.counts}", style["small"])
            for index, c in enumerate(criteria, start=1)
        ),
        Spacer(1, 3 * mm),
        pdf.para("II. ƯU ĐIỂM", style["body"], bold=True),
        *_paragraphs(found.strengths, style["body"]),
        pdf.para("III. HẠN CHẾ", style["body"], bold=True),
        *_paragraphs(found.weaknesses, style["body"]),
        pdf.para("IV. KIẾN NGHỊ, ĐỀ XUẤT", style["body"], bold=True),
        *_paragraphs(found.proposals, style["body"]),
        Spacer(1, 5 * mm),
        pdf.signatures(
            [
                pdf.Signer("NGƯỜI LẬP BÁO CÁO", "(Ký, ghi rõ họ tên)"),
                pdf.Signer(
                    "HIỆU TRƯỞNG" if school else "THỦ TRƯỞNG ĐƠN VỊ", "(Ký, họ tên, đóng dấu)"
                ),
            ],
            width=width,
        ),
    ]
    return pdf.render(
        story,
        title=f"Báo cáo tự đánh giá — {library.name} — {_period_text(period)}",
        author=library.name,
        page_numbers=True,
    )


def _evaluator_head(found: PerformanceEvaluation, day: dt.date) -> Letterhead:
    own = letterhead(found.library, on=day)
    if found.parent is not None:
        return letterhead(found.parent, on=day)
    name = found.body.name if found.body is not None else "CƠ QUAN QUẢN LÝ"
    return Letterhead(governing=(), issuer=name, place=own.place)


def result_pdf(
    found: PerformanceEvaluation, period: Period, criteria: list[evaluation.Criterion]
) -> bytes:
    """Mẫu 02: the managing body's result of the evaluation."""
    day = clock.local_date(found.evaluated_at) if found.evaluated_at else found.due_on
    head = _evaluator_head(found, day)
    style = pdf.styles(10.5)
    width = pdf.content_width()
    rating = evaluation.ratings().get(found.rating, "")
    method = evaluation.methods().get(found.method, "")
    story: list[Flowable] = [
        *pdf.heading(
            head, width=width, date_line=place_and_date(head.place, day), form_label="Mẫu số 02"
        ),
        Spacer(1, 4 * mm),
        pdf.para("KẾT QUẢ ĐÁNH GIÁ HOẠT ĐỘNG THƯ VIỆN", style["title"]),
        pdf.para(f"Kỳ đánh giá: {_period_text(period)}", style["centre"]),
        pdf.para(f"Thư viện được đánh giá: {found.library.name}", style["centre"]),
        Spacer(1, 3 * mm),
        pdf.para(f"Hình thức đánh giá: {method}", style["body"]),
        pdf.para(
            "Kết quả các tiêu chí (theo báo cáo tự đánh giá của thư viện):",
            style["body"],
            bold=True,
        ),
        _table(found, criteria, width),
        Spacer(1, 3 * mm),
        pdf.para(f"Kết quả đánh giá: {rating}", style["body"], bold=True),
        pdf.para("Kết luận:", style["body"], bold=True),
        *_paragraphs(found.conclusion, style["body"]),
        Spacer(1, 5 * mm),
        pdf.signatures(
            [pdf.Signer("THỦ TRƯỞNG CƠ QUAN", "(Ký, họ tên, đóng dấu)")], width=width, align="RIGHT"
        ),
    ]
    return pdf.render(
        story,
        title=f"Kết quả đánh giá — {found.library.name} — {_period_text(period)}",
        author=head.issuer,
        page_numbers=True,
    )
