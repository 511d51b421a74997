"""Template helpers of the label preview: where each label lies on the sheet, in percent."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.forms import BoundField, Form

from libnet.catalog.holdings import split_call_number
from libnet.catalog.label_sheets import Sheet

register = template.Library()


@register.filter
def index(values: list[Any], position: int) -> Any:
    return values[position]


@register.filter
def field(form: Form, name: str) -> BoundField:
    return form[name]


@register.filter
def spine_parts(call_number: str) -> list[str]:
    return split_call_number(call_number)[:3]


@register.simple_tag
def label_box(sheet: Sheet, cell: tuple[Decimal, Decimal]) -> str:
    """The label's place and size on the sheet, as percentages of the page (CSS)."""
    left, top = cell

    def percent(value: Decimal, whole: Decimal) -> str:
        return f"{value * 100 / whole:.3f}%"

    return (
        f"left: {percent(left, sheet.page_width)}; top: {percent(top, sheet.page_height)}; "
        f"width: {percent(sheet.label_width, sheet.page_width)}; "
        f"height: {percent(sheet.label_height, sheet.page_height)};"
    )
