"""Label sheets as data: the A4 sheets sold in Vietnam (catalog/data/label_sheets.json) and the
ones the province or a library adds (catalog.LabelSheet), each with its margins and pitch."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.db.models import Q

from libnet.catalog.errors import CataloguingRefused
from libnet.catalog.models import LabelSheet
from libnet.core.errors import NotFound
from libnet.network.models import Library

CUSTOM = "custom"
DEFAULT = "a4-3x8"
_DATA = Path(__file__).parent / "data" / "label_sheets.json"


@dataclass(frozen=True)
class Sheet:
    """A sheet of labels, in millimetres: `columns` × `rows` labels of `label_width` ×
    `label_height`, the first one `margin_top` and `margin_left` from the page's corner, the
    next one `pitch_x` to the right and `pitch_y` below."""

    code: str
    name: str
    columns: int
    rows: int
    margin_top: Decimal
    margin_left: Decimal
    pitch_x: Decimal
    pitch_y: Decimal
    label_width: Decimal
    label_height: Decimal
    page_width: Decimal = Decimal(210)
    page_height: Decimal = Decimal(297)

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    def position(self, index: int) -> tuple[Decimal, Decimal]:
        """The top-left corner of label `index` (0 … per_page - 1) from the page's top-left."""
        column, row = index % self.columns, index // self.columns
        return (self.margin_left + column * self.pitch_x, self.margin_top + row * self.pitch_y)


def _sheet(entry: dict[str, object] | LabelSheet) -> Sheet:
    def value(name: str) -> object:
        return getattr(entry, name) if isinstance(entry, LabelSheet) else entry[name]

    return Sheet(
        code=str(value("code")),
        name=str(value("name")),
        columns=int(str(value("columns"))),
        rows=int(str(value("rows"))),
        margin_top=Decimal(str(value("margin_top"))),
        margin_left=Decimal(str(value("margin_left"))),
        pitch_x=Decimal(str(value("pitch_x"))),
        pitch_y=Decimal(str(value("pitch_y"))),
        label_width=Decimal(str(value("label_width"))),
        label_height=Decimal(str(value("label_height"))),
        page_width=Decimal(str(value("page_width"))),
        page_height=Decimal(str(value("page_height"))),
    )


@cache
def _shipped() -> tuple[Sheet, ...]:
    return tuple(_sheet(entry) for entry in json.loads(_DATA.read_text("utf-8"))["sheets"])


def sheets(library: Library | None = None) -> list[Sheet]:
    """The sheets `library` may print on: those shipped, then the province's and its own."""
    added = LabelSheet.objects.filter(Q(library__isnull=True) | Q(library=library)).order_by("code")
    by_code = {sheet.code: sheet for sheet in _shipped()}
    for row in added:
        by_code[row.code] = _sheet(row)
    return list(by_code.values())


def get_sheet(code: str, library: Library | None = None) -> Sheet:
    """The sheet of `code` for `library`; raises NotFound for another."""
    for sheet in sheets(library):
        if sheet.code == code:
            return sheet
    raise NotFound("not_found")


def check(sheet: Sheet) -> Sheet:
    """Raise CataloguingRefused("invalid_label_sheet") unless every label lies on the page and
    no two labels overlap."""
    right = sheet.margin_left + (sheet.columns - 1) * sheet.pitch_x + sheet.label_width
    bottom = sheet.margin_top + (sheet.rows - 1) * sheet.pitch_y + sheet.label_height
    if (
        right > sheet.page_width
        or bottom > sheet.page_height
        or sheet.pitch_x < sheet.label_width
        or sheet.pitch_y < sheet.label_height
    ):
        raise CataloguingRefused(
            "invalid_label_sheet",
            columns=sheet.columns,
            rows=sheet.rows,
            width=sheet.label_width,
            height=sheet.label_height,
        )
    return sheet
