"""Refusals of the network app."""

from __future__ import annotations

from typing import ClassVar

from django.utils.translation import gettext_lazy as _

from libnet.core.errors import LibnetError, Messages, NotFound, PermissionDenied


class NetworkRefused(LibnetError):
    status = 400
    messages: ClassVar[Messages] = {
        "duplicate_code": _("A library with code %(code)s already exists."),
        "invalid_code": _(
            "A library code is 2 to 32 capital letters, digits, dots or hyphens (e.g. SL-TVT): %(code)s"
        ),
        "unknown_kind": _("Unknown kind of library: %(kind)s. Use one of: %(choices)s."),
        "unknown_sector": _("Unknown sector: %(sector)s. Use one of: %(choices)s."),
        "unknown_role": _("Unknown role: %(role)s. Use one of: %(choices)s."),
        "parent_cycle": _("%(parent)s is below %(library)s; a library cannot sit under itself."),
        "parent_date_order": _(
            "The new parent must start after %(since)s, when the current one started."
        ),
        "empty_name": _("A library needs a name."),
        "invalid_levels": _(
            "The school levels do not fit a library of this kind: %(levels)s. A multi-level school names at least two of: %(choices)s."
        ),
        "not_a_school": _(
            "%(library)s is not a school library; only schools report to a managing body."
        ),
        "duplicate_body_code": _("A managing body with code %(code)s already exists."),
        "invalid_body_code": _(
            "A body code is 2 to 32 capital letters, digits, dots or hyphens (e.g. SL-SGDDT): %(code)s"
        ),
        "unknown_body_kind": _("Unknown kind of managing body: %(kind)s. Use one of: %(choices)s."),
        "empty_body_name": _("A managing body needs a name."),
        "unknown_body_role": _(
            "Unknown role at a managing body: %(role)s. Use one of: %(choices)s."
        ),
        "body_closed": _("%(body)s no longer exists on %(on)s; choose a body that does."),
        "assignment_date_order": _(
            "The new reporting line must start after %(since)s, when the current one started."
        ),
    }


class BodyNotFound(NotFound):
    messages: ClassVar[Messages] = {
        "body_not_found": _("No managing body with this code, or not one you work for."),
    }


class RoleRequired(PermissionDenied):
    """A staff page the user's roles do not open: 403 with what the page is for.

    The code names the work the page is for; the menu hides the page for the same reason
    (staff/menu.py), so this is met only by typing or keeping an address.
    """

    messages: ClassVar[Messages] = {
        "membership": _(
            "You do not work for any library yet, so this page has nothing for you. Ask the administrator to add you to your library."
        ),
        "catalog": _(
            "This page is for cataloguers, and you do not catalogue at any library. Ask the administrator if your work needs it."
        ),
        "circulation": _(
            "This page is for the lending desk (loans, returns, reader cards), and you do not work the desk at any library. Ask the administrator if your work needs it."
        ),
        "reporting": _(
            "This page is for the staff who report figures, and you do not report for any library. Ask the administrator if your work needs it."
        ),
        "admin": _("This page is for a library's administrators, and you administer no library."),
        "rotation": _(
            "Rotation, transfers and inter-library loans are the work of a library's cataloguers and desk staff, and you are neither at any library."
        ),
        "mobile_crew": _(
            "This page is for the crew of a mobile library, and you do not work the desk of any mobile library."
        ),
        "mobile_report": _(
            "The Form 01 report is for the crew of a mobile library and the officers who report for it, and you are neither."
        ),
        "body": _(
            "This page is for the officers of a managing body (the Department of Education, the Department of Culture, a commune office), and you work for none. Ask the administrator if your work needs it."
        ),
        "events": _(
            "This page is for the staff who organise a library's events, and you organise events at no library. Ask the administrator if your work needs it."
        ),
        "training": _(
            "This page is for those who organise training courses and inspections, at a library or a managing body, and you do neither. Ask the administrator if your work needs it."
        ),
        "school_desk": _(
            "Class lists belong to school libraries, and you do not work the desk of any school library."
        ),
    }
