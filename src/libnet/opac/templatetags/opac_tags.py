"""Template helpers of the public catalogue."""

from __future__ import annotations

from django import template

from libnet.opac import labels

register = template.Library()


@register.filter
def language_name(code: str) -> str:
    return labels.language_name(code or "")


@register.filter
def material_type_name(code: str) -> str:
    return labels.material_type_name(code or "")
