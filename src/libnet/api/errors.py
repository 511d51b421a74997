"""The refusals of the API's door, before any endpoint runs: each a code and a message."""

from __future__ import annotations

from typing import ClassVar

from django.utils.translation import gettext_lazy as _

from libnet.core.errors import LibnetError, Messages


class Unauthorized(LibnetError):
    """A staff operation called with no valid token and no signed-in session."""

    status = 401
    messages: ClassVar[Messages] = {
        "unauthorized": _("Log in, or send a valid token: Authorization: Bearer <token>."),
    }


class BodyRefused(LibnetError):
    """A body the API could not read at all."""

    status = 400
    messages: ClassVar[Messages] = {
        "invalid_json": _("The request body is not valid JSON."),
    }


class RequestTooLarge(LibnetError):
    """A body over DATA_UPLOAD_MAX_MEMORY_SIZE, which Django refuses to read."""

    status = 413
    messages: ClassVar[Messages] = {
        "request_too_large": _("The request is too large."),
    }


class RateLimited(LibnetError):
    """A client past its rate (libnet/api/throttling.py)."""

    status = 429
    messages: ClassVar[Messages] = {
        "rate_limited": _(
            "Too many requests from this client. Wait %(seconds)s seconds, then try again."
        ),
    }
