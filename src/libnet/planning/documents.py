"""The statistics report form as XLSX and PDF.

The exact forms of TT 16/2022/TT-BVHTTDL are not confirmed (DOMAIN §3.2): this is a faithful-
looking form in the usual layout of Vietnamese statistical reports: the reporting unit and
the national motto at the top, the receiving unit, the period, the table STT | Chỉ tiêu |
Đơn vị tính | Mã số | Kế hoạch năm | Thực hiện kỳ báo cáo | Lũy kế từ đầu năm | % so với kế
hoạch, and the signatures. School libraries get the variant addressed to the education
authorities (TT 16/2022/TT-BGDĐT asks software to export the library's figures; its form is
not confirmed either). The form is in Vietnamese whatever the user's language: it is sent.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.utils import timezone, translation
from django.utils.text import capfirst
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from libnet.catalog.documents import pdf_fonts
from libnet.network.models import Sector
from libnet.network.selectors import UnitOfPeriod
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
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


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
    note: str


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
            f"Nguồn số liệu: số liệu của {sheet.library.name} (kể cả điểm gửi sách không dùng "
            "libnet) theo sổ sách nghiệp vụ"
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


def form_text(sheet: ReportSheet) -> FormText:
    library = sheet.library
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
        place_date="……, ngày …… tháng …… năm ……",
        note=(
            "Số liệu do phần mềm libnet tổng hợp từ sổ sách nghiệp vụ; mẫu biểu theo cách trình "
            "bày thông dụng, chưa đối chiếu với biểu mẫu chính thức."
        ),
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


def report_xlsx(sheet: ReportSheet) -> bytes:
    """Return the report form as an XLSX workbook."""
    text = form_text(sheet)
    workbook = Workbook()
    worksheet = workbook.active
    assert worksheet is not None  # a new workbook always has a sheet
    worksheet.title = sheet_title(sheet)
    bold = Font(bold=True)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    worksheet.merge_cells("A1:C1")
    worksheet["A1"] = text.reporting_unit
    worksheet["A1"].font = bold
    worksheet.merge_cells("E1:H1")
    worksheet["E1"] = NATION
    worksheet["E1"].font = bold
    worksheet["E1"].alignment = centre
    worksheet.merge_cells("E2:H2")
    worksheet["E2"] = MOTTO
    worksheet["E2"].alignment = centre
    worksheet.merge_cells("A4:H4")
    worksheet["A4"] = text.title
    worksheet["A4"].font = Font(bold=True, size=14)
    worksheet["A4"].alignment = centre
    worksheet.merge_cells("A5:H5")
    worksheet["A5"] = f"Kỳ báo cáo: {text.period}"
    worksheet["A5"].alignment = centre
    worksheet.merge_cells("A6:H6")
    worksheet["A6"] = f"Đơn vị báo cáo: {reporting_line(text)}"
    worksheet["A6"].alignment = centre
    worksheet.merge_cells("A7:H7")
    worksheet["A7"] = f"Đơn vị nhận báo cáo: {text.receiving_unit}"
    worksheet["A7"].alignment = centre
    header_row = 8
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for column, title in enumerate(COLUMNS, start=1):
        cell = worksheet.cell(row=header_row, column=column, value=title)
        cell.font = bold
        cell.alignment = centre
        cell.border = border
    for offset, values in enumerate(table_rows(sheet), start=1):
        for column, value in enumerate(values, start=1):
            cell = worksheet.cell(row=header_row + offset, column=column, value=value)  # type: ignore[call-overload]  # ints, strs and None
            cell.border = border
            if column >= 5:
                cell.number_format = "#,##0" if column < 8 else "0.0"
    last = header_row + len(sheet.rows) + 2
    worksheet.cell(row=last - 1, column=6, value=text.place_date)
    worksheet.cell(row=last, column=2, value=text.signer_left).font = bold
    worksheet.cell(row=last, column=6, value=text.signer_right).font = bold
    worksheet.cell(row=last + 1, column=2, value="(Ký, ghi rõ họ tên)")
    worksheet.cell(row=last + 1, column=6, value="(Ký, họ tên, đóng dấu)")
    worksheet.cell(row=last + 6, column=1, value=text.note).font = Font(italic=True, size=9)
    for offset, line in enumerate(source_lines(sheet), start=7):
        worksheet.cell(row=last + offset, column=1, value=line).font = Font(italic=True, size=9)
    for column, width in enumerate([6, 46, 12, 8, 16, 18, 18, 12], start=1):
        worksheet.column_dimensions[get_column_letter(column)].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def report_pdf(sheet: ReportSheet) -> bytes:
    """Return the report form as an A4 landscape PDF (DejaVu: the built-in fonts lack ơ, ư, đ)."""
    text = form_text(sheet)
    regular, bold = pdf_fonts()
    styles = {
        "normal": ParagraphStyle("normal", fontName=regular, fontSize=10, leading=13),
        "bold": ParagraphStyle("bold", fontName=bold, fontSize=10, leading=13),
        "centre": ParagraphStyle("centre", fontName=regular, fontSize=10, leading=13, alignment=1),
        "centre_bold": ParagraphStyle(
            "centre_bold", fontName=bold, fontSize=10, leading=13, alignment=1
        ),
        "title": ParagraphStyle("title", fontName=bold, fontSize=14, leading=18, alignment=1),
        "cell": ParagraphStyle("cell", fontName=regular, fontSize=8.5, leading=10),
        "note": ParagraphStyle(
            "note", fontName=regular, fontSize=8, leading=10, textColor=colors.grey
        ),
    }

    def paragraph(value: str, style: str) -> Paragraph:
        return Paragraph(escape(value), styles[style])

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=10 * mm,
        bottomMargin=8 * mm,
        title=f"{text.title} — {text.reporting_unit} — {text.period}",
    )
    heading = Table(
        [
            [
                paragraph(text.reporting_unit.upper(), "centre_bold"),
                paragraph(NATION, "centre_bold"),
            ],
            [paragraph("", "centre"), paragraph(MOTTO, "centre_bold")],
        ],
        colWidths=[110 * mm, 150 * mm],
    )
    body = [
        heading,
        Spacer(1, 6 * mm),
        paragraph(text.title, "title"),
        paragraph(f"Kỳ báo cáo: {text.period}", "centre"),
        paragraph(f"Đơn vị báo cáo: {reporting_line(text)}", "centre"),
        paragraph(f"Đơn vị nhận báo cáo: {text.receiving_unit}", "centre"),
        Spacer(1, 4 * mm),
    ]
    data: list[list[object]] = [[paragraph(title, "centre_bold") for title in COLUMNS]]
    for values in table_rows(sheet):
        index, name, unit, code, target, value, cumulative, percent = values
        data.append(
            [
                str(index),
                paragraph(str(name), "cell"),
                str(unit),
                str(code),
                _number(target),  # type: ignore[arg-type]  # int or None
                _number(value),  # type: ignore[arg-type]
                _number(cumulative),  # type: ignore[arg-type]
                _percent(percent),  # type: ignore[arg-type]
            ]
        )
    table = Table(
        data,
        colWidths=[12 * mm, 84 * mm, 22 * mm, 16 * mm, 30 * mm, 32 * mm, 32 * mm, 24 * mm],
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), regular),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
                ("ALIGN", (4, 1), (-1, -1), "RIGHT"),
                ("ALIGN", (0, 1), (0, -1), "CENTER"),
                ("ALIGN", (2, 1), (3, -1), "CENTER"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 1.2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
            ]
        )
    )
    body += [table, Spacer(1, 1 * mm)]
    body += [paragraph(line, "note") for line in source_lines(sheet)] + [Spacer(1, 2 * mm)]
    signatures = Table(
        [
            [paragraph("", "centre"), paragraph(text.place_date, "centre")],
            [
                paragraph(text.signer_left, "centre_bold"),
                paragraph(text.signer_right, "centre_bold"),
            ],
            [
                paragraph("(Ký, ghi rõ họ tên)", "centre"),
                paragraph("(Ký, họ tên, đóng dấu)", "centre"),
            ],
        ],
        colWidths=[130 * mm, 130 * mm],
    )
    body += [signatures, Spacer(1, 14 * mm), paragraph(text.note, "note")]
    document.build(body)
    return buffer.getvalue()
