"""Refusals of the staff shell."""

from __future__ import annotations

from typing import ClassVar

from django.utils.translation import gettext_lazy as _

from libnet.core.errors import LibnetError, Messages


class StaffSignInRefused(LibnetError):
    """Too many wrong passwords for an account, or from one address (core.throttle)."""

    status = 429
    messages: ClassVar[Messages] = {
        "too_many_attempts": _(
            "Too many wrong passwords for this account or from this computer. Wait %(minutes)s "
            "minutes and try again; if you forgot your password, ask the administrator."
        ),
    }
