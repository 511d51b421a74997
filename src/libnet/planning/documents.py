"""The statistics report form as XLSX and PDF.

The usual layout of a Vietnamese statistical report: the library's letterhead and the
national motto, the place-and-date line, the receiving unit, the period, the table STT |
Chỉ tiêu | Đơn vị tính | Mã số | Kế hoạch năm | Thực hiện kỳ báo cáo | Lũy kế từ đầu năm | % so
với kế hoạch, and the signatures. School libraries get the variant addressed to the education
authorities. The form is in Vietnamese whatever the user's language: it is sent. It is dated
by the report itself (the day it was submitted, else the period's last day), never by the day
it is printed. The official forms of TT 16/2022/TT-BVHTTDL are not confirmed (DOMAIN §3.2);
README "Official documents" says so once, not the printed form.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from libnet.core import clock, pdf, xlsx
from libnet.core.documents import Letterhead, place_and_date
from libnet.network.documents import letterhead
from libnet.network.models import Sector
from libnet.network.selectors import UnitOfPeriod
from libnet.planning.models import ReportState
from libnet.planning.periods import PeriodKind
from libnet.planning.selectors import ReportSheet

COLUMNS = [
    "STT",
    "Chỉ tiêu",
    "Đơn vị tính",
    "Mã số",
    "Kế hoạch năm",
    "Thực hiện kỳ báo cáo",
    "Lũy kế từ đầu năm",
    "% so với kế hoạch",
]


@dataclass(frozen=True)
class FormText:
    title: str
    reporting_unit: str
    admin_unit: str
    receiving_unit: str
    period: str
    signer_left: str
    signer_right: str
    place_date: str
    letterhead: Letterhead


def period_text(sheet: ReportSheet) -> str:
    period = sheet.period
    if period.kind == PeriodKind.MONTH:
        return f"Tháng {period.start.month:02d} năm {period.year}"
    if period.kind == PeriodKind.QUARTER:
        return f"Quý {(period.start.month + 2) // 3} năm {period.year}"
    if period.kind == PeriodKind.YEAR:
        return f"Năm {period.year}"
    if period.kind == PeriodKind.EVALUATION_YEAR:
        return (
            f"Năm đánh giá {period.year} "
            f"({period.start.strftime('%d/%m/%Y')} – {period.end.strftime('%d/%m/%Y')})"
        )
    return f"Năm học {period.year - 1}–{period.year}"


def unit_text(place: UnitOfPeriod | None) -> str:
    """Return the administrative unit of a report in Vietnamese, e.g. "Xã Tân Lập, Huyện
    Hưng Lam" (before 1/7/2025) or "Xã Tân Lập (trước 1/7/2025: Xã Tân Lập, Xã Hưng Phúc —
    Huyện Hưng Lam)" for a period that spans the day it was formed."""
    if place is None:
        return ""
    text = place.unit.name
    if place.parent is not None and place.parent.parent_id is not None:
        text += f", {place.parent.name}"
    if not place.exact:
        text += " (một trong: " + ", ".join(unit.name for unit in place.candidates) + ")"
    if place.merged_from:
        day = place.unit.valid_from
        before = ", ".join(unit.name for unit in place.merged_from)
        if place.merged_from_parents:
            before += " — " + ", ".join(unit.name for unit in place.merged_from_parents)
        text += f" (trước {day.day}/{day.month}/{day.year}: {before})"
    return text


def report_day(sheet: ReportSheet) -> dt.date:
    """The day the form is dated: the day the report was sent (in Vietnam) once it has been,
    else the last day of its period."""
    report = sheet.report
    if (
        report is not None
        and report.submitted_at is not None
        and report.state in (ReportState.SUBMITTED, ReportState.ACCEPTED)
    ):
        return clock.local_date(report.submitted_at)
    return sheet.period.end


def form_text(sheet: ReportSheet) -> FormText:
    library = sheet.library
    day = report_day(sheet)
    head = letterhead(library, on=day)
    school = library.sector == Sector.EDUCATION
    if sheet.parent is not None:
        receiving = sheet.parent.name
    elif school:
        receiving = "Sở Giáo dục và Đào tạo"
    else:
        receiving = "Sở Văn hóa, Thể thao và Du lịch"
    return FormText(
        title=(
            "BÁO CÁO THỐNG KÊ HOẠT ĐỘNG THƯ VIỆN TRƯỜNG HỌC"
            if school
            else "BÁO CÁO THỐNG KÊ HOẠT ĐỘNG THƯ VIỆN"
        ),
        reporting_unit=library.name,
        admin_unit=unit_text(sheet.admin_unit),
        receiving_unit=receiving,
        period=period_text(sheet),
        signer_left="NGƯỜI LẬP BIỂU",
        signer_right="HIỆU TRƯỞNG" if school else "THỦ TRƯỞNG ĐƠN VỊ",
        place_date=place_and_date(head.place, day),
        letterhead=head,
    )


def reporting_line(text: FormText) -> str:
    """The reporting unit with its administrative unit of the period."""
    return f"{text.reporting_unit} — {text.admin_unit}" if text.admin_unit else text.reporting_unit


def _number(value: int | None) -> str:
    if value is None:
        return ""
    return f"{value:,}".replace(",", ".")


def _percent(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.1f}".replace(".", ",") + "%"


def table_rows(sheet: ReportSheet) -> list[list[object]]:
    return [
        [
            index,
            row.indicator.name_vi,
            row.indicator.unit_vi,
            row.indicator.form_code,
            row.target,
            row.value,
            row.cumulative,
            None if row.percent is None else round(row.percent, 1),
        ]
        for index, row in enumerate(sheet.rows, start=1)
    ]


_XLSX_STYLES = (
    "integer",
    "cell",
    "cell_centre",
    "cell_centre",
    "number",
    "number",
    "number",
    "decimal",
)
_SIGNATURE_HINTS = ("(Ký, ghi rõ họ tên)", "(Ký, họ tên, đóng dấu)")


def report_xlsx(sheet: ReportSheet) -> bytes:
    """Return the report form as an XLSX workbook."""
    text = form_text(sheet)
    width = len(COLUMNS)
    top = [
        *xlsx.letterhead_rows(text.letterhead, columns=width, left=3, date_line=text.place_date),
        xlsx.Row([]),
        xlsx.Row([xlsx.Cell(text.title, "big_title", across=width)]),
        xlsx.Row([xlsx.Cell(f"Kỳ báo cáo: {text.period}", "centre", across=width)]),
        xlsx.Row([xlsx.Cell(f"Đơn vị báo cáo: {reporting_line(text)}", "centre", across=width)]),
        xlsx.Row(
            [xlsx.Cell(f"Đơn vị nhận báo cáo: {text.receiving_unit}", "centre", across=width)]
        ),
        xlsx.Row(COLUMNS, "heading"),
    ]
    rows = [
        *top,
        *(xlsx.Row(values, _XLSX_STYLES) for values in table_rows(sheet)),
        xlsx.Row([]),
        xlsx.Row(
            [
                xlsx.Cell(text.signer_left, "centre_bold", across=3),
                xlsx.Cell(None, "text", across=2),
                xlsx.Cell(text.signer_right, "centre_bold", across=3),
            ]
        ),
        xlsx.Row(
            [
                xlsx.Cell(_SIGNATURE_HINTS[0], "centre_italic", across=3),
                xlsx.Cell(None, "text", across=2),
                xlsx.Cell(_SIGNATURE_HINTS[1], "centre_italic", across=3),
            ]
        ),
    ]
    layout = xlsx.Sheet(
        title="Báo cáo",
        widths=(6, 46, 12, 8, 16, 18, 18, 12),
        landscape=True,
        freeze_rows=len(top),
        repeat_row=len(top),
    )
    return xlsx.workbook(layout, rows)


def report_pdf(sheet: ReportSheet) -> bytes:
    """Return the report form as an A4 landscape PDF, the signatures kept with the table's end."""
    text = form_text(sheet)
    style = pdf.styles(10)
    width = pdf.content_width(wide=True)
    sizes = (12, 0, 22, 16, 30, 32, 32, 24)
    aligns = ("CENTER", "LEFT", "CENTER", "CENTER", "RIGHT", "RIGHT", "RIGHT", "RIGHT")
    rest = width - sum(sizes) * mm
    columns = [
        pdf.Column(title, size * mm if size else rest, align)
        for title, size, align in zip(COLUMNS, sizes, aligns, strict=True)
    ]
    rows = [
        (
            index,
            name,
            unit,
            code,
            _number(target),  # type: ignore[arg-type]  # int or None
            _number(value),  # type: ignore[arg-type]
            _number(cumulative),  # type: ignore[arg-type]
            _percent(percent),  # type: ignore[arg-type]
        )
        for index, name, unit, code, target, value, cumulative, percent in table_rows(sheet)
    ]
    signatures = [
        Spacer(1, 5 * mm),
        pdf.signatures(
            [
                pdf.Signer(text.signer_left, _SIGNATURE_HINTS[0]),
                pdf.Signer(text.signer_right, _SIGNATURE_HINTS[1]),
            ],
            width=width,
        ),
    ]
    story = [
        *pdf.heading(text.letterhead, width=width, date_line=text.place_date),
        Spacer(1, 4 * mm),
        pdf.para(text.title, style["title"]),
        pdf.para(f"Kỳ báo cáo: {text.period}", style["centre"]),
        pdf.para(f"Đơn vị báo cáo: {reporting_line(text)}", style["centre"]),
        pdf.para(f"Đơn vị nhận báo cáo: {text.receiving_unit}", style["centre"]),
        Spacer(1, 3 * mm),
        pdf.RowTable(columns, rows, size=9, max_lines=4, keep_with=signatures),
    ]
    return pdf.render(
        story,
        title=f"{text.title} — {text.reporting_unit} — {text.period}",
        author=text.reporting_unit,
        wide=True,
        margins=(10 * mm, 15 * mm, 12 * mm, 15 * mm),
        page_numbers=True,
    )
