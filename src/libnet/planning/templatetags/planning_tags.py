"""Numbers on the planning pages, grouped the Vietnamese way (750.000)."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def figure(value: int | str | None) -> str:
    """Return `value` with dots between thousands, or "—" when there is none."""
    if value is None or value == "":
        return "—"
    return f"{int(value):,}".replace(",", ".")


@register.filter
def signed(value: int | str | None) -> str:
    """Return a change with its sign and dots between thousands: "+1.250", "−35"."""
    if value is None or value == "":
        return ""
    number = int(value)
    sign = "+" if number >= 0 else "−"
    return sign + f"{abs(number):,}".replace(",", ".")
