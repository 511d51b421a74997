"""Refusals of the search engine: a query it cannot read, a filter naming nothing."""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _

from libnet.core.errors import LibnetError, Messages


class QuerySyntaxError(LibnetError):
    """The search text cannot be read. The code is always `query_syntax`; `reason` says why.

    Clients match on the code; `reason` (e.g. `unbalanced_quote`) is stable too, for a client
    that wants to point at the problem.
    """

    status = 400
    messages: ClassVar[Messages] = {
        "unbalanced_quote": _(
            'A quotation mark is not closed. Put the exact words between two marks: "số đỏ".'
        ),
        "empty_field": _("Write what to look for right after %(field)s, e.g. %(field)skiều."),
        "bad_year": _(
            "%(value)s is not a year or a range of years. Write year:2015 or year:2010..2020."
        ),
        "bad_isbn": _("%(value)s is not a valid ISBN or ISSN. Check the digits and try again."),
        "short_prefix": _(
            "Give at least %(length)s letters before the asterisk (*), e.g. kiê* or truy*."
        ),
        "too_long": _("The search is too long. Use at most %(count)s words."),
        "nothing_to_search": _("The search has no words or numbers to look for."),
    }

    def __init__(self, reason: str, /, **params: Any) -> None:
        super().__init__("query_syntax", **params)
        self.reason = reason

    @property
    def message(self) -> str:
        template = str(self.messages[self.reason])
        return template % self.params if self.params else template

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "reason": self.reason, "message": self.message}


class SearchRefused(LibnetError):
    """A search filter or option that names nothing libnet knows."""

    status = 400
    messages: ClassVar[Messages] = {
        "unknown_library": _("There is no library with code %(code)s in the network."),
        "unknown_kind": _("%(kind)s is not a kind of library."),
        "unknown_sort": _(
            "Results can be sorted by relevance, title, year or newest, not by %(sort)s."
        ),
        "bad_year_range": _("The first year (%(year_from)s) comes after the last (%(year_to)s)."),
    }
