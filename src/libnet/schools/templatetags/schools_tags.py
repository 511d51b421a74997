"""Words for the standard's results on the pages (the PDF says them in documents.py)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def level_label(level: int | None) -> str:
    """2 → "Level 2", 1 → "Level 1", 0 → "Level 1 not reached", None → "Cannot be assessed yet"."""
    if level is None:
        return _("Cannot be assessed yet")
    return {2: _("Level 2"), 1: _("Level 1")}.get(level, _("Level 1 not reached"))


@register.filter
def met_label(met: bool | None) -> str:
    if met is None:
        return _("Cannot be assessed yet")
    return _("Met") if met else _("Not met")


@register.filter
def met_class(met: bool | None) -> str:
    return {True: "met", False: "not-met"}.get(met, "waiting") if met is not None else "waiting"


@register.filter
def figure(value: Any) -> str:
    """A figure with a decimal comma, no trailing zeros: 3,9; 4; —."""
    if value is None:
        return "—"
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


@register.filter
def lookup(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key, key)
