"""OAI-PMH refusals: a reason of libnet's own, the protocol's error code, a Vietnamese message.

The answer is always an OAI-PMH document with `<error code="…">message</error>` (HTTP 200,
as the protocol says), never a page or a traceback. `OAI_CODES` gives each reason its code.
"""

from __future__ import annotations

from typing import ClassVar

from django.utils.translation import gettext_lazy as _

from libnet.core.errors import LibnetError, Messages

OAI_CODES = {
    "no_verb": "badVerb",
    "bad_verb": "badVerb",
    "repeated_verb": "badVerb",
    "unknown_argument": "badArgument",
    "repeated_argument": "badArgument",
    "missing_argument": "badArgument",
    "exclusive_argument": "badArgument",
    "bad_text": "badArgument",
    "bad_datestamp": "badArgument",
    "finer_than_seconds": "badArgument",
    "mixed_granularity": "badArgument",
    "from_after_until": "badArgument",
    "bad_prefix": "badArgument",
    "bad_set": "badArgument",
    "bad_token": "badResumptionToken",
    "token_of_other_verb": "badResumptionToken",
    "unknown_format": "cannotDisseminateFormat",
    "unknown_identifier": "idDoesNotExist",
    "no_records": "noRecordsMatch",
    "no_sets": "noSetHierarchy",
}


class OaiError(LibnetError):
    """A request the OAI-PMH provider cannot answer with records; `oai_code` is the protocol's."""

    messages: ClassVar[Messages] = {
        "no_verb": _(
            "The request has no verb: add verb=Identify, ListMetadataFormats, ListSets, GetRecord, ListIdentifiers or ListRecords."
        ),
        "bad_verb": _(
            "“%(verb)s” is not an OAI-PMH verb: use Identify, ListMetadataFormats, ListSets, GetRecord, ListIdentifiers or ListRecords."
        ),
        "repeated_verb": _("The verb is given more than once."),
        "unknown_argument": _("“%(name)s” is not an argument of %(verb)s."),
        "repeated_argument": _("The argument %(name)s is given more than once."),
        "missing_argument": _("%(verb)s needs the argument %(name)s."),
        "exclusive_argument": _(
            "resumptionToken is an exclusive argument: send it with the verb and nothing else."
        ),
        "bad_text": _("The argument %(name)s is not valid text."),
        "bad_datestamp": _(
            "%(name)s must be a date (YYYY-MM-DD) or a UTC time (YYYY-MM-DDThh:mm:ssZ), not “%(value)s”."
        ),
        "finer_than_seconds": _(
            "%(name)s is finer than this repository's granularity, which is seconds (YYYY-MM-DDThh:mm:ssZ)."
        ),
        "mixed_granularity": _("from and until must be written with the same granularity."),
        "from_after_until": _("from is later than until."),
        "bad_prefix": _("“%(prefix)s” is not a metadata prefix."),
        "bad_set": _("“%(set)s” is not a set specification."),
        "bad_token": _(
            "This resumption token was not given by this repository, or it was changed: start the list again."
        ),
        "token_of_other_verb": _("This resumption token continues a %(verb)s list, not this one."),
        "unknown_format": _(
            "This repository does not disseminate “%(prefix)s”: ask for oai_dc or marc21."
        ),
        "unknown_identifier": _(
            "No record has the identifier “%(identifier)s” in this repository."
        ),
        "no_records": _("No records match the request."),
        "no_sets": _("This repository does not organise its records in sets."),
    }

    @property
    def oai_code(self) -> str:
        return OAI_CODES[self.code]
