"""One error hierarchy: every refusal has a stable code and a message in Vietnamese.

Views, the API and the CLI turn a `LibnetError` into a 4xx and `{"code", "message"}`;
nothing else catches it. Source messages are English; locale/vi translates them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Messages = Mapping[str, "str | Promise"]


class LibnetError(Exception):
    """A refusal a user can act on. `code` never changes; `message` may."""

    status: ClassVar[int] = 400
    messages: ClassVar[Messages] = {}

    def __init__(self, code: str, /, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    @property
    def message(self) -> str:
        template = self.messages.get(self.code)
        if template is None:
            return str(self.params.get("detail", self.code))
        text = str(template)
        try:
            return text % self.params if self.params else text
        except (KeyError, TypeError, ValueError):
            return text

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message}

    def __str__(self) -> str:
        return self.message


class NotFound(LibnetError):
    """The object does not exist, or belongs to a library the user does not work for."""

    status = 404
    messages: ClassVar[Messages] = {
        "not_found": _("Not found."),
        "library_not_found": _("No library with this code, or not one you work for."),
        "item_not_found": _("No copy with this identifier in your libraries."),
        "record_not_found": _("No catalogue record with this identifier."),
        "register_not_found": _("No accession register with this identifier in your libraries."),
        "job_not_found": _("No import job with this identifier in your libraries."),
        "document_not_found": _(
            "No document with this identifier among the ones you asked for, or it is no longer kept."
        ),
        "user_not_found": _("No user with this name."),
        "serial_not_found": _("No serial title with this identifier."),
        "subscription_not_found": _(
            "No serial subscription with this identifier in your libraries."
        ),
        "issue_not_found": _("No serial issue with this identifier in your libraries."),
        "claim_not_found": _("No claim with this identifier in your libraries."),
    }


class ValidationFailed(LibnetError):
    """Input that breaks a rule; `detail` carries a sentence for the user."""

    status = 400
    messages: ClassVar[Messages] = {
        "invalid": _("The data is not valid: %(detail)s"),
    }


class PermissionDenied(LibnetError):
    """The user may see the object but not do this to it."""

    status = 403
    messages: ClassVar[Messages] = {
        "forbidden": _("Your role does not allow this action."),
        "login_required": _("Please log in."),
        # A change sent with the staff session's cookie but without the page's CSRF token:
        # another site may have made the browser send it.
        "csrf_failed": _(
            "The request came without the form's security token (CSRF). Reload the page and "
            "try again; a program should send its token: Authorization: Bearer <token>."
        ),
    }
