"""Template helpers of the staff pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from libnet.catalog.documents import format_vnd
from libnet.catalog.models import ItemStatus
from libnet.core import audit
from libnet.network import services as network_services
from libnet.staff import menu as staff_menu_module
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


@register.simple_tag(takes_context=True)
def staff_menu(context: template.Context) -> staff_menu_module.Menu:
    """The menu of the logged-in user (staff/menu.py), worked out once per request."""
    request = context.get("request")
    if request is None:
        return staff_menu_module.Menu()
    cached: staff_menu_module.Menu | None = getattr(request, "_libnet_menu", None)
    if cached is None:
        match = getattr(request, "resolver_match", None)
        cached = staff_menu_module.menu_for(request.user, match.view_name if match else "")
        request._libnet_menu = cached
    return cached


@register.inclusion_tag("staff/_section_links.html", takes_context=True)
def section_links(context: template.Context, section: str) -> dict[str, Any]:
    """The other pages of `section` the user may open, as the buttons of a page's header."""
    links = staff_menu(context).links.get(section, [])
    return {"links": [link for link in links if not link.current]}


def _status_label(value: Any) -> str:
    return str(ItemStatus(value).label) if value in ItemStatus.values else str(value or "—")


@register.filter
def audit_action(entry: Any) -> str:
    """What an audit entry did, in words (core.audit.ACTION_LABELS), never its code; a status
    change says from what to what."""
    label = audit.action_label(entry.action)
    if entry.action == "item.status":
        before = (entry.before or {}).get("status")
        after = (entry.after or {}).get("status")
        if before != after:
            return _("%(change)s: %(before)s → %(after)s") % {
                "change": label,
                "before": _status_label(before),
                "after": _status_label(after),
            }
    return label


@register.filter
def vnd(amount: Any) -> str:
    """125000 → 125.000 (the Vietnamese thousands separator)."""
    return format_vnd(amount) if isinstance(amount, int) else ""


@register.filter
def person_name(user: Any) -> str:
    """A person's name in Vietnamese order, family name first: Nguyễn Văn Minh."""
    if user is None:
        return ""
    return network_services.display_name(user)
