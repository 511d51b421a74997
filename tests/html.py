"""What a person reads on a page: its text without tags, attributes or hidden tokens."""

from __future__ import annotations

import html
import re

_TAG = re.compile(r"<[^>]*>")


def visible_text(page: str | bytes) -> str:
    """The page's text with every tag (and so every attribute, such as a CSRF token that
    may by chance contain "7A") replaced by a space, entities read."""
    if isinstance(page, bytes):
        page = page.decode()
    return html.unescape(_TAG.sub(" ", page))
