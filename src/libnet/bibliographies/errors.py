"""Refusals of bibliographies: a stable code and a Vietnamese message each."""

from __future__ import annotations

from typing import ClassVar

from django.utils.translation import gettext_lazy as _

from libnet.core.errors import LibnetError, Messages, NotFound


class BibliographyNotFound(NotFound):
    messages: ClassVar[Messages] = {
        "bibliography_not_found": _("No bibliography with this number in your libraries."),
        "library_not_found": _(
            "No library with this code, or not one whose bibliographies you compile."
        ),
        "serial_not_found": _("No serial title with this number."),
    }


class BibliographyRefused(LibnetError):
    status = 400
    messages: ClassVar[Messages] = {
        "unknown_kind": _("Choose the kind of bibliography from the list."),
        "unknown_grouping": _("Choose how the entries are grouped from the list."),
        "month_required": _("A list of new acquisitions is for a month: give it as 2026-03."),
        "no_query": _("Write what to look for (words, subject:…, class:…)."),
        "query_too_long": _("A query is at most 500 characters."),
        "published": _("A published bibliography is not changed: withdraw its publication first."),
        "empty": _("A bibliography without entries is not published."),
        "not_published": _("This bibliography is not published."),
        "articles_only": _("Articles are added to an article index or a press digest."),
        "article_title_required": _("Give the article's title, in at most 500 characters."),
        "host_required": _(
            "Say which newspaper or journal the article is in (at most 300 characters)."
        ),
        "issue_required": _("Give the issue the article is in (e.g. Số 12, ngày 5/3/2026)."),
        "field_too_long": _("%(field)s is at most %(limit)s characters."),
        "bad_year": _("The year is a whole number from 1900 to next year."),
    }
