"""The general register as a page, a workbook and a PDF: the three parts laid out once as
tables (`tables`), which the page, `register_xlsx` and `register_pdf` print, under the
library's letterhead (dated the last day of the year, or today for the current year)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from libnet.catalog.languages import language_name
from libnet.catalog.models import ItemSource, ItemType, WithdrawalReason
from libnet.core import pdf, xlsx
from libnet.core.documents import format_number, place_and_date
from libnet.network.documents import letterhead
from libnet.stock.register import NO_LANGUAGE, OTHER, Figures, Register, StockRow

# The kinds of column that hold numbers (right-aligned, numbers in the workbook).
NUMERIC = ("no", "number", "money")


@dataclass(frozen=True)
class Table:
    """One part of the register: its title, column headings, rows and totals row (if any).
    Numbers stay numbers (the workbook keeps them as such)."""

    key: str
    title: str
    headings: list[str]
    # Per column: "no" (the running number), "date", "text", "number" or "money".
    kinds: list[str]
    rows: list[list[Any]]
    total: list[Any] | None
    note: str = ""

    def page_headings(self) -> list[tuple[str, bool]]:
        """(heading, whether the column holds numbers), for the page."""
        return [
            (heading, kind in NUMERIC)
            for heading, kind in zip(self.headings, self.kinds, strict=True)
        ]

    def page_rows(self) -> list[list[tuple[str, bool]]]:
        """Each row's (text, whether a number), for the page."""
        numbers = [kind in NUMERIC for kind in self.kinds]
        return [list(zip(row, numbers, strict=True)) for row in self.text_rows()]

    def text_rows(self) -> list[list[str]]:
        """The rows as printed (numbers with dots between thousands), the totals row last."""
        rows = [*self.rows, *([self.total] if self.total and self.rows else [])]
        return [
            [_cell_text(value, kind) for value, kind in zip(row, self.kinds, strict=True)]
            for row in rows
        ]


def kind_name(kind: str) -> str:
    return str(ItemType(kind).label) if kind in ItemType.values else kind


def source_name(source: str) -> str:
    if source == OTHER:
        return _("Other (added without a batch)")
    return str(ItemSource(source).label) if source in ItemSource.values else source


def reason_name(reason: str) -> str:
    return str(WithdrawalReason(reason).label) if reason in WithdrawalReason.values else reason


def _language_heading(code: str) -> str:
    return _("Language not stated") if code == NO_LANGUAGE else language_name(code)


def _day(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _month(day: dt.date) -> str:
    return day.strftime("%m/%Y")


def _value(figures: Figures) -> list[Any]:
    return [figures.value_vnd, figures.without_price]


def _intake(register: Register, kinds: Sequence[str], languages: Sequence[str]) -> Table:
    headings = [
        _("No."),
        _("Date"),
        _("Source"),
        _("Document no."),
        _("Supplier or donor"),
        _("Titles"),
        _("Copies"),
        *[kind_name(kind) for kind in kinds],
        *[_language_heading(code) for code in languages],
        _("Value (VND)"),
        _("Copies without a price"),
    ]
    kinds_of_columns = ["no", "date", "text", "text", "text", *["number"] * (len(headings) - 7)]
    kinds_of_columns += ["money", "number"]

    def counts(figures: Figures) -> list[Any]:
        return [
            figures.titles,
            figures.copies,
            *[figures.by_kind.get(kind, 0) for kind in kinds],
            *[figures.by_language.get(code, 0) for code in languages],
            *_value(figures),
        ]

    rows = [
        [
            row.number,
            _day(row.received_on) if row.batch else _month(row.received_on),
            source_name(row.source),
            row.document_number,
            row.supplier,
            *counts(row.figures),
        ]
        for row in register.intake
    ]
    total = [_("Total"), "", "", "", "", *counts(register.intake_total)]
    return Table(
        key="intake",
        title=_("Part I. Intake"),
        headings=headings,
        kinds=kinds_of_columns,
        rows=rows,
        total=total,
        note=_(
            "One line per intake batch; the copies added without a batch are one line per month, dated by their acquisition date (or the day they were catalogued). Titles are counted per line."
        ),
    )


def _withdrawals(register: Register, kinds: Sequence[str]) -> Table:
    reasons = register.reasons()
    headings = [
        _("No."),
        _("Date"),
        _("Withdrawal decision"),
        _("Copies"),
        *[reason_name(reason) for reason in reasons],
        *[kind_name(kind) for kind in kinds],
        _("Value (VND)"),
        _("Copies without a price"),
    ]
    kinds_of_columns = ["no", "date", "text", *["number"] * (len(headings) - 5), "money", "number"]

    def counts(figures: Figures) -> list[Any]:
        return [
            figures.copies,
            *[figures.by_reason.get(reason, 0) for reason in reasons],
            *[figures.by_kind.get(kind, 0) for kind in kinds],
            *_value(figures),
        ]

    rows = [
        [
            row.number,
            _day(row.decided_on) if row.decision else _month(row.decided_on),
            row.decision_number or _("(no decision recorded)"),
            *counts(row.figures),
        ]
        for row in register.withdrawals
    ]
    return Table(
        key="withdrawals",
        title=_("Part II. Withdrawals"),
        headings=headings,
        kinds=kinds_of_columns,
        rows=rows,
        total=[_("Total"), "", "", *counts(register.withdrawal_total)],
        note=_(
            "One line per withdrawal decision; copies withdrawn without a decision on record are one line per month."
        ),
    )


def stock_label(row: StockRow) -> str:
    if row.stocktake is not None:
        stocktake = row.stocktake
        return _(
            "Stocktake no. %(number)s: %(counted)s copies in its scope, %(missing)s not found"
        ) % {
            "number": stocktake.pk,
            "counted": format_number(stocktake.in_scope),
            "missing": format_number(stocktake.missing),
        }
    return _("End of %(year)s") % {"year": row.on.year}


def _stock(register: Register, kinds: Sequence[str]) -> Table:
    headings = [
        _("Date"),
        _("Stock at"),
        _("Copies"),
        *[kind_name(kind) for kind in kinds],
        _("Value (VND)"),
        _("Copies without a price"),
    ]
    kinds_of_columns = ["date", "text", *["number"] * (len(headings) - 4), "money", "number"]
    rows = [
        [
            _day(row.on),
            stock_label(row),
            row.figures.copies,
            *[row.figures.by_kind.get(kind, 0) for kind in kinds],
            *_value(row.figures),
        ]
        for row in register.stock
    ]
    return Table(
        key="stock",
        title=_("Part III. Stock at each year's end and at each stocktake"),
        headings=headings,
        kinds=kinds_of_columns,
        rows=rows,
        total=None,
        note=_(
            "The copies added up to the day less those withdrawn up to the day: the end of the year before, plus Part I, less Part II, is the end of this year."
        ),
    )


def tables(register: Register) -> list[Table]:
    """The three parts of `register` as tables, with the same columns in every format."""
    kinds = register.kinds() or [ItemType.BOOK.value]
    return [
        _intake(register, kinds, register.languages()),
        _withdrawals(register, kinds),
        _stock(register, kinds),
    ]


def document_day(register: Register, today: dt.date) -> dt.date:
    """The register is dated the last day of its year, or today while the year runs."""
    return min(dt.date(register.year, 12, 31), today)


def title(register: Register) -> str:
    return _("General register %(year)s") % {"year": register.year}


def _cell_text(value: Any, kind: str) -> str:
    if kind in ("number", "money") and isinstance(value, int):
        return format_number(value)
    return str(value)


def register_pdf(register: Register, *, today: dt.date) -> bytes:
    """The register on landscape A4: the letterhead, then the three parts."""
    style = pdf.styles()
    width = pdf.content_width(wide=True)
    day = document_day(register, today)
    head = letterhead(register.library, on=day)
    story: list[Any] = [
        *pdf.heading(head, width=width, date_line=place_and_date(head.place, day)),
        Spacer(1, 4 * mm),
        pdf.para(_("GENERAL REGISTER"), style["title"]),
        pdf.para(
            _("%(library)s — year %(year)s")
            % {"library": register.library.name, "year": register.year},
            style["centre"],
        ),
    ]
    for table in tables(register):
        columns = _pdf_columns(table, width)
        rows = table.text_rows()
        story += [
            Spacer(1, 5 * mm),
            pdf.para(table.title, style["body"], bold=True),
            pdf.para(table.note, style["small"]),
            Spacer(1, 2 * mm),
            pdf.RowTable(
                columns,
                rows,
                size=7.5,
                max_lines=4,
                empty=_("Nothing in this part this year."),
                total=bool(table.total and table.rows),
            ),
        ]
    return pdf.render(
        story,
        title=title(register),
        author=register.library.name,
        wide=True,
        page_numbers=True,
    )


# Money with thousands separators; counts as plain integers.
XLSX_STYLES = {"no": "integer", "number": "integer", "money": "number"}

# Millimetres of the columns of fixed width; text columns share what they leave.
_PDF_WIDTHS = {"no": 9, "date": 18, "number": 16, "money": 24}


def _pdf_columns(table: Table, width: float) -> list[pdf.Column]:
    fixed = sum(_PDF_WIDTHS.get(kind, 0) for kind in table.kinds) * mm
    texts = table.kinds.count("text") or 1
    text_width = max((width - fixed) / texts, 20 * mm)
    return [
        pdf.Column(
            heading,
            _PDF_WIDTHS[kind] * mm if kind in _PDF_WIDTHS else text_width,
            "LEFT" if kind in ("text", "date") else "RIGHT",
        )
        for heading, kind in zip(table.headings, table.kinds, strict=True)
    ]


def register_xlsx(register: Register, *, today: dt.date) -> bytes:
    """The register as one sheet: the letterhead, then the three parts one under another."""
    parts = tables(register)
    columns = max(len(table.headings) for table in parts)
    day = document_day(register, today)
    head = letterhead(register.library, on=day)
    rows: list[xlsx.Row] = [
        *xlsx.letterhead_rows(
            head, columns=columns, left=4, date_line=place_and_date(head.place, day)
        ),
        xlsx.Row([]),
        xlsx.Row([xlsx.Cell(_("GENERAL REGISTER"), "centre_bold", across=columns)]),
        xlsx.Row(
            [
                xlsx.Cell(
                    _("%(library)s — year %(year)s")
                    % {"library": register.library.name, "year": register.year},
                    "centre",
                    across=columns,
                )
            ]
        ),
    ]
    for table in parts:
        styles = [XLSX_STYLES.get(kind, "cell") for kind in table.kinds]
        rows += [
            xlsx.Row([]),
            xlsx.Row([table.title], "bold"),
            xlsx.Row([table.note], "italic"),
            xlsx.Row(table.headings, "heading"),
            *[xlsx.Row(row, styles) for row in table.rows],
        ]
        if table.total is not None:
            rows.append(
                xlsx.Row(
                    table.total,
                    [
                        "number_bold" if kind in ("number", "money") else "cell_bold"
                        for kind in table.kinds
                    ],
                )
            )
    sheet = xlsx.Sheet(
        title=title(register), widths=(6, 12, 22, 16, 24, *[12] * (columns - 5)), landscape=True
    )
    return xlsx.workbook(sheet, rows)
