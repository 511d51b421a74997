"""The OAI-PMH 2.0 protocol itself: verbs and their arguments, datestamps, resumption tokens.

No database here: a request's arguments are checked and turned into a `Request`, or refused
with an `OaiError` whose code is the protocol's (badVerb, badArgument, badResumptionToken…).

Resumption tokens are stateless: the list's arguments and the key of the last record sent,
(datestamp, record id), signed with the SECRET_KEY (django.core.signing). A token survives a
restart of the server and works on any of its workers; lists are ordered by that key, so a
record added or changed during a harvest comes after the key, and nothing is skipped or sent
twice. A token changed by hand fails its signature: badResumptionToken.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core import signing

from libnet.core.inputs import text_problem
from libnet.interop.oai.errors import OaiError

VERBS: dict[str, tuple[tuple[str, ...], tuple[str, ...], bool]] = {
    # verb: (required arguments, optional arguments, takes a resumptionToken)
    "Identify": ((), (), False),
    "ListMetadataFormats": ((), ("identifier",), False),
    "ListSets": ((), (), True),
    "GetRecord": (("identifier", "metadataPrefix"), (), False),
    "ListIdentifiers": (("metadataPrefix",), ("from", "until", "set"), True),
    "ListRecords": (("metadataPrefix",), ("from", "until", "set"), True),
}
LIST_VERBS = ("ListIdentifiers", "ListRecords")

GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_SECOND = re.compile(r"(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})Z")
# A finer time (fractions of a second, or a zone written as an offset) is refused by name.
_FINER = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+Z|[+-]\d{2}:?\d{2})")
# OAI-PMH.xsd metadataPrefixType and setSpecType.
PREFIX_PATTERN = re.compile(r"[A-Za-z0-9\-_.!~*'()]+")
SET_SPEC_PATTERN = re.compile(r"[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*")
_TOKEN_SALT = "libnet.interop.oai.resumption"
# What a request may echo in <request>: longer values are not echoed whole.
_ECHO_LIMIT = 300


@dataclass(frozen=True)
class Bound:
    """A `from` or `until` argument: as written, and the instant it stands for."""

    written: str
    at: dt.datetime
    day_only: bool


@dataclass(frozen=True)
class Key:
    """The position of an item in a list: its datestamp (to the microsecond), its kind and
    id. At one datestamp the catalogue's records come before the digital objects
    (interop/oai/digital.py), each in id order."""

    datestamp: dt.datetime
    record_id: int
    kind: str = "record"


@dataclass(frozen=True)
class Request:
    """A checked OAI-PMH request."""

    verb: str
    arguments: dict[str, str] = field(default_factory=dict)
    # Lists: what the list is, and where this page starts (after `after`).
    metadata_prefix: str = ""
    identifier: str = ""
    set_spec: str = ""
    from_: Bound | None = None
    until: Bound | None = None
    after: Key | None = None
    cursor: int = 0

    def until_exclusive(self) -> dt.datetime | None:
        """The first instant after `until` at its granularity: until=…T10:00:00Z takes every
        datestamp shown as 10:00:00 (they are kept to the microsecond)."""
        if self.until is None:
            return None
        step = dt.timedelta(days=1) if self.until.day_only else dt.timedelta(seconds=1)
        return self.until.at + step

    def next_token(self, last: Key, *, sent: int) -> str:
        """The resumption token of the page after the one that ends with `last`."""
        payload = {
            "v": self.verb,
            "m": self.metadata_prefix,
            "s": self.set_spec,
            "f": self.from_.written if self.from_ else "",
            "u": self.until.written if self.until else "",
            "d": last.datestamp.isoformat(),
            "i": last.record_id,
            "k": last.kind,
            "c": self.cursor + sent,
        }
        return signing.dumps(payload, salt=_TOKEN_SALT, compress=True)


def format_datestamp(moment: dt.datetime) -> str:
    """A datestamp as OAI-PMH writes it: UTC, to the second."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_bound(name: str, value: str) -> Bound:
    """A `from` or `until` argument; raises OaiError(badArgument) for anything else."""
    try:
        if _DAY.fullmatch(value):
            day = dt.date.fromisoformat(value)
            return Bound(value, dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC), True)
        second = _SECOND.fullmatch(value)
        if second:
            moment = dt.datetime.fromisoformat(value[:-1]).replace(tzinfo=dt.UTC)
            return Bound(value, moment, False)
    except ValueError:
        pass
    if _FINER.fullmatch(value):
        raise OaiError("finer_than_seconds", name=name)
    raise OaiError("bad_datestamp", name=name, value=value[:40])


def parse(arguments: Mapping[str, Sequence[str]]) -> Request:
    """Check the arguments of one request (each name with all the values sent for it).

    Raises OaiError: badVerb for a missing, repeated or unknown verb; badArgument for a
    missing, repeated, unknown or malformed argument; badResumptionToken for a token this
    repository did not give for this verb.
    """
    for name, values in arguments.items():
        for value in (name, *values):
            if text_problem(value, multiline=False) is not None:
                if name == "verb":
                    raise OaiError("bad_verb", verb="?")
                raise OaiError("bad_text", name=_shown(name))
    verbs = arguments.get("verb", [])
    if not verbs:
        raise OaiError("no_verb")
    if len(verbs) > 1:
        raise OaiError("repeated_verb")
    verb = verbs[0]
    if verb not in VERBS:
        raise OaiError("bad_verb", verb=verb[:60])
    required, optional, resumable = VERBS[verb]
    given: dict[str, str] = {}
    for name, values in arguments.items():
        if name == "verb":
            continue
        if name not in required + optional and not (resumable and name == "resumptionToken"):
            raise OaiError("unknown_argument", name=_shown(name), verb=verb)
        if len(values) > 1:
            raise OaiError("repeated_argument", name=name)
        given[name] = values[0]
    if "resumptionToken" in given:
        if len(given) > 1:
            raise OaiError("exclusive_argument")
        return _resume(verb, given["resumptionToken"])
    for name in required:
        if name not in given:
            raise OaiError("missing_argument", verb=verb, name=name)
    prefix = given.get("metadataPrefix", "")
    if prefix and not PREFIX_PATTERN.fullmatch(prefix):
        raise OaiError("bad_prefix", prefix=prefix[:60])
    set_spec = given.get("set", "")
    if "set" in given and not SET_SPEC_PATTERN.fullmatch(set_spec):
        raise OaiError("bad_set", set=set_spec[:60])
    from_ = parse_bound("from", given["from"]) if "from" in given else None
    until = parse_bound("until", given["until"]) if "until" in given else None
    if from_ and until:
        if from_.day_only != until.day_only:
            raise OaiError("mixed_granularity")
        if from_.at > until.at:
            raise OaiError("from_after_until")
    return Request(
        verb=verb,
        arguments=given,
        metadata_prefix=prefix,
        identifier=given.get("identifier", ""),
        set_spec=set_spec,
        from_=from_,
        until=until,
    )


def _resume(verb: str, token: str) -> Request:
    if verb not in LIST_VERBS:  # ListSets answers in one page: none of its tokens exist
        raise OaiError("bad_token")
    try:
        payload: dict[str, Any] = signing.loads(token, salt=_TOKEN_SALT)
        if payload["v"] != verb:
            raise OaiError("token_of_other_verb", verb=payload["v"])
        from_ = parse_bound("from", payload["f"]) if payload["f"] else None
        until = parse_bound("until", payload["u"]) if payload["u"] else None
        after = Key(
            dt.datetime.fromisoformat(payload["d"]),
            int(payload["i"]),
            str(payload.get("k", "record")),
        )
        cursor = int(payload["c"])
        prefix, set_spec = str(payload["m"]), str(payload["s"])
    except OaiError as error:
        if error.code == "token_of_other_verb":
            raise
        raise OaiError("bad_token") from error
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise OaiError("bad_token") from error
    return Request(
        verb=verb,
        arguments={"resumptionToken": token},
        metadata_prefix=prefix,
        set_spec=set_spec,
        from_=from_,
        until=until,
        after=after,
        cursor=cursor,
    )


def _shown(name: str) -> str:
    return name[:60]


def echoed(request: Request | None, error: OaiError | None) -> dict[str, str]:
    """The attributes of <request>: the arguments as sent, except after badVerb or
    badArgument (the protocol echoes only the base URL then), and except a value its
    schema type would not accept (an identifier with spaces, a very long token)."""
    if request is None or (error is not None and error.oai_code in ("badVerb", "badArgument")):
        return {}
    echoed = {"verb": request.verb}
    for name, value in request.arguments.items():
        if len(value) > _ECHO_LIMIT:
            continue
        if name == "identifier" and (not value or re.search(r"\s", value)):
            continue
        echoed[name] = value
    return echoed
