"""Refusals about the text of digital pages: a stable code and a Vietnamese message each."""

from __future__ import annotations

from typing import ClassVar

from django.utils.translation import gettext_lazy as _

from libnet.core.errors import LibnetError, Messages, NotFound


class PageTextRefused(LibnetError):
    status = 400
    messages: ClassVar[Messages] = {
        "page_text_not_han_nom": _(
            "Only the pages of a Hán-Nôm object are typed by hand; the pages of other objects are read by OCR."
        ),
        "page_text_too_long": _(
            "The text of one page may be at most %(limit)s characters long. Shorten it, or split it between pages."
        ),
    }


class PageImageNotReady(NotFound):
    messages: ClassVar[Messages] = {
        "page_image_not_ready": _(
            "The image of this page is still being prepared. Try again in a few minutes."
        ),
    }
