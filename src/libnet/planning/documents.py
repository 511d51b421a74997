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

from django.utils import timezone, translation
from django.utils.text import capfirst
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from libnet.core import clock, pdf, xlsx
from libnet.core.documents import Letterhead, place_and_date
from libnet.network.documents import letterhead
from libnet.network.models import Sector
from libnet.network.selectors import UnitOfPeriod
from libnet.planning.models import ReportState
from libnet.planning.periods import label
from libnet.planning.selectors import BASIS_LIVE, ReportSheet

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
    """The period in words, in Vietnamese whatever the user's language: "Tháng 3/2026"."""
    with translation.override("vi"):
        return capfirst(label(sheet.period, dates=True))


def sheet_title(sheet: ReportSheet) -> str:
    """The XLSX sheet's name: "Báo cáo tháng 3-2026" (a sheet name has no "/", at most 31
    characters)."""
    with translation.override("vi"):
        text = f"Báo cáo {label(sheet.period)}"
    return text.replace("/", "-")[:31]


def source_lines(sheet: ReportSheet) -> list[str]:
    """Where the figures of the form come from, and each adjustment with its reason."""
    if sheet.basis == BASIS_LIVE:
        scope = "và mọi thư viện trực thuộc" if sheet.rollup else "(riêng thư viện)"
        return [
            f"Nguồn số liệu: số liệu trực tiếp của {sheet.library.name} {scope}, theo sổ sách "
            "nghiệp vụ tại thời điểm in; không phải báo cáo đã gửi."
        ]
    with translation.override("vi"):
        first, last = sheet.periods_to_date[0], sheet.period
        source = (
            f"Nguồn số liệu: số liệu của {sheet.library.name} (kể cả các điểm gửi sách trực thuộc) "
            "theo sổ sách nghiệp vụ"
        )
        if sheet.children:
            source += (
                f", cộng báo cáo đã được tiếp nhận của {len(sheet.included_children)}/"
                f"{len(sheet.children)} thư viện trực thuộc"
            )
            missing = sheet.missing_children
            if len(missing) > 5:
                source += f" (chưa gồm {len(missing)} thư viện chưa gửi hoặc chưa được tiếp nhận)"
            elif missing:
                names = ", ".join(child.library.name for child in missing)
                source += f" (chưa gồm: {names})"
        if sheet.is_sent and sheet.report is not None and sheet.report.submitted_at:
            sent = timezone.localtime(sheet.report.submitted_at).strftime("%d/%m/%Y")
            source += f"; như khi gửi báo cáo ngày {sent}"
        lines = [source + "."]
        if len(sheet.periods_to_date) > 1:
            lines.append(
                f"Lũy kế từ đầu năm: tổng các báo cáo từ {label(first)} đến {label(last)} của "
                "đơn vị, mỗi kỳ tính theo cùng cách; bạn đọc thường xuyên không cộng dồn giữa "
                "các kỳ."
            )
    for adjustment in sheet.adjustments:
        lines.append(
            f"Điều chỉnh {adjustment.indicator.name_vi} {adjustment.delta:+d}: {adjustment.reason}"
        )
    return lines


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
    if sheet.recipient is not None:
        receiving = sheet.recipient.name
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
        xlsx.Row([]),
        *(xlsx.Row([xlsx.Cell(line, "text", across=width)]) for line in source_lines(sheet)),
    ]
    layout = xlsx.Sheet(
        title=sheet_title(sheet),
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
    # Where the figures come from, under the table and kept with it and the signatures.
    sources = [pdf.para(line, style["small"]) for line in source_lines(sheet)]
    signatures = [
        Spacer(1, 1 * mm),
        *sources,
        Spacer(1, 4 * mm),
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
