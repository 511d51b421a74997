"""Refusals of the SRU server: each one a diagnostic of the standard list
(info:srw/diagnostic/1/…), with a stable code and a sentence saying what to do next.

The standard fixes the number and what `details` holds (the index, the relation, the
parameter's name…); the message is libnet's, in Vietnamese unless the client chose English.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils.translation import gettext_lazy as _

from libnet.core.errors import LibnetError, Messages

DIAGNOSTIC_SET = "info:srw/diagnostic/1/"

# Stable code → number in the SRU diagnostics list (loc.gov/standards/sru/diagnostics).
NUMBERS: dict[str, int] = {
    "general_error": 1,
    "unsupported_operation": 4,
    "unsupported_version": 5,
    "unsupported_parameter_value": 6,
    "missing_parameter": 7,
    "unsupported_parameter": 8,
    "query_syntax": 10,
    "query_too_long": 12,
    "parentheses": 13,
    "quotes": 14,
    "unsupported_context_set": 15,
    "unsupported_index": 16,
    "unsupported_relation": 19,
    "unsupported_relation_modifier": 20,
    "unsupported_relation_for_index": 22,
    "term_too_long": 23,
    "empty_term": 27,
    "masking_not_supported": 28,
    "masked_word_too_short": 29,
    "anchoring_not_supported": 31,
    "bad_term": 36,
    "too_many_terms": 38,
    "proximity_not_supported": 39,
    "unsupported_boolean_modifier": 46,
    "query_feature_unsupported": 48,
    "masking_position": 49,
    "first_record_out_of_range": 61,
    "unknown_schema": 66,
    "unsupported_record_packing": 71,
    "sort_not_supported": 80,
    "stylesheets_not_supported": 110,
}


class SruDiagnostic(LibnetError):
    """A request the SRU server cannot answer with records: a diagnostic in the answer.

    `details` is what the standard asks for with this diagnostic (the index, the parameter's
    name, the highest version…). Nothing has been written when it is raised.
    """

    status = 200  # SRU answers a diagnostic in a normal response, never an HTTP error
    messages: ClassVar[Messages] = {
        "general_error": _("The catalogue could not answer this request. Try again later."),
        "unsupported_operation": _(
            "The operation %(details)s is not offered here. Use explain or searchRetrieve."
        ),
        "unsupported_version": _(
            "SRU version %(version)s is not spoken here. Ask for version 2.0 or 1.2."
        ),
        "unsupported_parameter_value": _("The value of %(details)s cannot be used: %(reason)s"),
        "missing_parameter": _("The request needs the parameter %(details)s."),
        "unsupported_parameter": _(
            "The parameter %(details)s is not known here. Leave it out, or start an extension's name with x-."
        ),
        "query_syntax": _(
            'The query cannot be read as CQL. Put several words in quotation marks, e.g. dc.title = "truyện kiều".'
        ),
        "query_too_long": _("The query is too long. Use at most %(details)s characters."),
        "parentheses": _("A parenthesis is not closed, or closes nothing."),
        "quotes": _('A quotation mark is not closed. Put the words between two marks: "số đỏ".'),
        "unsupported_context_set": _(
            "The context set %(details)s is not known here. Use the cql, dc and bath sets."
        ),
        "unsupported_index": _(
            "The index %(details)s is not searched here. Use cql.anywhere, dc.title, dc.creator, dc.subject, dc.date, dc.publisher or bath.isbn, and put several words in quotation marks."
        ),
        "unsupported_relation": _(
            "The relation %(details)s is not supported. Use =, all, any, adj or ==, and <, >, <=, >=, within for dc.date."
        ),
        "unsupported_relation_modifier": _(
            "The relation modifier %(details)s is not supported here. Leave it out."
        ),
        "unsupported_relation_for_index": _(
            "This relation cannot be used with this index (%(details)s)."
        ),
        "term_too_long": _("A search term is too long. Use at most %(details)s characters."),
        "empty_term": _("A search term is empty. Write what to look for."),
        "masking_not_supported": _(
            "The masking character in %(term)s cannot be used with this index or relation."
        ),
        "masked_word_too_short": _(
            "Give at least %(details)s letters before the asterisk (*), e.g. kiê* or truy*."
        ),
        "anchoring_not_supported": _("The anchoring character ^ is not supported here."),
        "bad_term": _("%(term)s cannot be searched in %(index)s: %(reason)s"),
        "too_many_terms": _(
            "The query has too many terms. Use at most %(details)s words and conditions."
        ),
        "proximity_not_supported": _(
            "PROX is not supported. Use adj for words next to each other, or AND."
        ),
        "unsupported_boolean_modifier": _(
            "Modifiers of AND, OR and NOT (%(details)s) are not supported here. Leave them out."
        ),
        "query_feature_unsupported": _("This part of the query cannot be searched: %(reason)s"),
        "masking_position": _(
            "An asterisk (*) can only end a word, as in truy*; %(term)s has one elsewhere."
        ),
        "first_record_out_of_range": _(
            "startRecord %(details)s is past the last of the %(count)s records found."
        ),
        "unknown_schema": _(
            "Records are not given in the schema %(details)s. Ask for marcxml or dc."
        ),
        "unsupported_record_packing": _(
            "Records cannot be packed as %(details)s. Ask for xml or string."
        ),
        "sort_not_supported": _(
            "Sorting is not supported: records come best match first, as in the public catalogue."
        ),
        "stylesheets_not_supported": _("Stylesheets are not supported here. Leave out stylesheet."),
    }

    def __init__(self, code: str, /, *, details: str = "", **params: Any) -> None:
        super().__init__(code, details=details, **params)
        self.details = details

    @property
    def number(self) -> int:
        return NUMBERS[self.code]

    @property
    def uri(self) -> str:
        return f"{DIAGNOSTIC_SET}{self.number}"
