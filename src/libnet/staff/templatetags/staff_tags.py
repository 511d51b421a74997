"""Template helpers of the staff pages."""

from __future__ import annotations

from typing import Any

from django import template

from libnet.catalog.documents import format_vnd
from libnet.staff import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def user_workplaces(context: template.Context) -> list[selectors.Workplace]:
    """The libraries the logged-in user works for, read once per request."""
    request = context.get("request")
    if request is None:
        return []
    cached: list[selectors.Workplace] | None = getattr(request, "_libnet_workplaces", None)
    if cached is None:
        cached = selectors.workplaces(request.user)
        request._libnet_workplaces = cached
    return cached


@register.filter
def vnd(amount: Any) -> str:
    """125000 → 125.000 (the Vietnamese thousands separator)."""
    return format_vnd(amount) if isinstance(amount, int) else ""


@register.filter
def person_name(user: Any) -> str:
    """A person's name in Vietnamese order, family name first: Nguyễn Văn Minh."""
    if user is None:
        return ""
    parts = (getattr(user, "last_name", ""), getattr(user, "first_name", ""))
    full_name = " ".join(part for part in parts if part)
    return full_name or str(user.get_username())
