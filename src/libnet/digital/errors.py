"""Refusals of the digital library: a stable code and a Vietnamese message each."""

from __future__ import annotations

from typing import ClassVar

from django.utils.translation import gettext_lazy as _

from libnet.core.errors import Messages, NotFound


class DigitalObjectNotFound(NotFound):
    # An object the asker may not see does not exist for them (no probing of drafts or of
    # what is read only in the library).
    messages: ClassVar[Messages] = {
        "digital_object_not_found": _("No digital object with this number is open to you."),
        "digital_page_not_found": _("This digital object has no such page."),
    }
