"""An official statistics form as XLSX and PDF, in the layout of planning's report form.

The national heading, the reporting and receiving units, the period, the table STT | Chỉ tiêu
| Đơn vị tính | Thực hiện kỳ báo cáo | Lũy kế từ đầu năm, then what each figure counts and
where the figures come from, and the signatures. In Vietnamese whatever the user's language:
the form is sent. Dated by the period's last day, like a live report form; the layouts are
libnet's own (README "Official documents"), and the printed form carries no disclaimer.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation
from django.utils.text import capfirst
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from libnet.core import pdf, xlsx
from libnet.core.documents import place_and_date
from libnet.network import selectors as network_selectors
from libnet.network.documents import letterhead
from libnet.network.models import LibraryKind, Sector
from libnet.planning.documents import unit_text
from libnet.planning.official.layouts import DISTINCT, FLOW
from libnet.planning.official.sheets import OfficialForm, Value
from libnet.planning.periods import label

COLUMNS = ["STT", "Chỉ tiêu", "Đơn vị tính", "Thực hiện kỳ báo cáo", "Lũy kế từ đầu năm"]
_SIGNATURE_HINTS = ("(Ký, ghi rõ họ tên)", "(Ký, họ tên, đóng dấu)")


def _day(day: object) -> str:
    return f"{day.day}/{day.month}/{day.year}"  # type: ignore[attr-defined]  # a date


def number_text(value: Value) -> str:
    """A figure as Vietnamese write it: 12.345 and 0,45; empty for none."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"{value:,}".replace(",", ".")


def period_text(form: OfficialForm) -> str:
    with translation.override("vi"):
        return capfirst(label(form.period, dates=True))


def receiving_unit(form: OfficialForm) -> str:
    """Who the form goes to: a school's managing body, the library above, or the Department
    of Culture for the provincial library."""
    library = form.library
    end = form.period.end
    if library.sector == Sector.EDUCATION:
        body = network_selectors.body_on(library, end)
        return body.name if body is not None else "Sở Giáo dục và Đào tạo"
    parent = (
        None
        if library.kind == LibraryKind.PROVINCIAL
        else network_selectors.parent_on(library, end)
    )
    return parent.name if parent is not None else "Sở Văn hóa, Thể thao và Du lịch"


def explanation_lines(form: OfficialForm, *, rows: bool = True) -> list[str]:
    """Where the figures come from, what "since the start of the year" adds up, and what each
    figure counts (the rows that split another say so in their label)."""
    with translation.override("vi"):
        first = form.period.year_start
        scope = (
            f"Nguồn số liệu: sổ sách nghiệp vụ của {form.library.name}"
            + (
                f" và {form.library_count - 1} thư viện trực thuộc"
                if form.library_count > 1
                else ""
            )
            + (" (thư viện công cộng; không gồm thư viện trường học)" if form.public_only else "")
            + f" theo cây thư viện ngày {_day(form.period.end)}, tại thời điểm lập biểu; "
            "không phải báo cáo đã gửi."
        )
        lines = [
            scope,
            f"Lũy kế từ đầu năm: từ {_day(first)} đến {_day(form.period.end)}. Số tại một thời "
            "điểm (tài liệu hiện có, bạn đọc có thẻ, số thư viện, dân số, bình quân) là số ngày "
            "cuối kỳ và không cộng dồn.",
        ]
    lines.extend(form.notes)
    if rows:
        lines.extend(f"Dòng {row.number}: {row.counts}" for row in form.rows if not row.splits)
    return lines


def _rows(form: OfficialForm) -> list[list[object]]:
    return [
        [
            row.number,
            ("– " if row.depth else "") + row.label,
            row.unit,
            row.period,
            row.to_date if row.kind in (FLOW, DISTINCT) else None,
        ]
        for row in form.rows
    ]


def _head(form: OfficialForm) -> tuple[object, str, str]:
    head = letterhead(form.library, on=form.period.end)
    place = network_selectors.admin_unit_in_period(form.library, form.period.end)
    unit = unit_text(place)
    reporting = f"{form.library.name} — {unit}" if unit else form.library.name
    return head, place_and_date(head.place, form.period.end), reporting


def _signers(form: OfficialForm) -> tuple[str, str]:
    school = form.library.sector == Sector.EDUCATION
    return "NGƯỜI LẬP BIỂU", "HIỆU TRƯỞNG" if school else "THỦ TRƯỞNG ĐƠN VỊ"


def form_xlsx(form: OfficialForm) -> bytes:
    """Return the form as an XLSX workbook."""
    head, date_line, reporting = _head(form)
    width = len(COLUMNS)
    left_signer, right_signer = _signers(form)
    top = [
        *xlsx.letterhead_rows(head, columns=width, left=2, date_line=date_line),  # type: ignore[arg-type]
        xlsx.Row([]),
        xlsx.Row([xlsx.Cell(form.title, "big_title", across=width)]),
        xlsx.Row([xlsx.Cell(f"Kỳ báo cáo: {period_text(form)}", "centre", across=width)]),
        xlsx.Row([xlsx.Cell(f"Đơn vị báo cáo: {reporting}", "centre", across=width)]),
        xlsx.Row(
            [xlsx.Cell(f"Đơn vị nhận báo cáo: {receiving_unit(form)}", "centre", across=width)]
        ),
        xlsx.Row(COLUMNS, "heading"),
    ]
    body = []
    for values, row in zip(_rows(form), form.rows, strict=True):
        number_style = "number" if not isinstance(row.period, Decimal) else "decimal"
        body.append(
            xlsx.Row(
                values,
                (
                    "cell_centre",
                    "cell" if row.depth else "cell_bold",
                    "cell_centre",
                    number_style,
                    "number",
                ),
            )
        )
    rows = [
        *top,
        *body,
        xlsx.Row([]),
        xlsx.Row(
            [
                xlsx.Cell(left_signer, "centre_bold", across=2),
                xlsx.Cell(None, "text"),
                xlsx.Cell(right_signer, "centre_bold", across=2),
            ]
        ),
        xlsx.Row(
            [
                xlsx.Cell(_SIGNATURE_HINTS[0], "centre_italic", across=2),
                xlsx.Cell(None, "text"),
                xlsx.Cell(_SIGNATURE_HINTS[1], "centre_italic", across=2),
            ]
        ),
        xlsx.Row([]),
        *(xlsx.Row([xlsx.Cell(line, "note", across=width)]) for line in explanation_lines(form)),
    ]
    with translation.override("vi"):
        title = f"{form.code} {label(form.period)}".replace("/", "-")[:31]
    layout = xlsx.Sheet(
        title=title,
        widths=(7, 60, 12, 20, 20),
        landscape=False,
        freeze_rows=len(top),
        repeat_row=len(top),
    )
    return xlsx.workbook(layout, rows)


def form_pdf(form: OfficialForm) -> bytes:
    """Return the form as an A4 PDF, what each figure counts and the signatures after it."""
    head, date_line, reporting = _head(form)
    left_signer, right_signer = _signers(form)
    style = pdf.styles(10)
    width = pdf.content_width()
    sizes = (12, 0, 20, 30, 30)
    aligns = ("CENTER", "LEFT", "CENTER", "RIGHT", "RIGHT")
    rest = width - sum(sizes) * mm
    columns = [
        pdf.Column(title, size * mm if size else rest, align)
        for title, size, align in zip(COLUMNS, sizes, aligns, strict=True)
    ]
    rows = [
        (number, name, unit, number_text(value), number_text(to_date))  # type: ignore[arg-type]
        for number, name, unit, value, to_date in _rows(form)
    ]
    notes = [pdf.para(line, style["small"]) for line in explanation_lines(form)]
    closing = [
        Spacer(1, 4 * mm),
        pdf.signatures(
            [
                pdf.Signer(left_signer, _SIGNATURE_HINTS[0]),
                pdf.Signer(right_signer, _SIGNATURE_HINTS[1]),
            ],
            width=width,
        ),
    ]
    story = [
        *pdf.heading(head, width=width, date_line=date_line),  # type: ignore[arg-type]
        Spacer(1, 4 * mm),
        pdf.para(form.title, style["title"]),
        pdf.para(f"Kỳ báo cáo: {period_text(form)}", style["centre"]),
        pdf.para(f"Đơn vị báo cáo: {reporting}", style["centre"]),
        pdf.para(f"Đơn vị nhận báo cáo: {receiving_unit(form)}", style["centre"]),
        Spacer(1, 3 * mm),
        pdf.RowTable(columns, rows, size=8.5, max_lines=3),
        Spacer(1, 3 * mm),
        *notes,
        *closing,
    ]
    return pdf.render(
        story,
        title=f"{form.title} — {form.library.name} — {period_text(form)}",
        author=form.library.name,
        margins=(12 * mm, 15 * mm, 12 * mm, 15 * mm),
        page_numbers=True,
    )
