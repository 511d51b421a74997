"""`/oai`: the OAI-PMH 2.0 provider, public (no login), GET and POST.

Thin: the arguments are checked by `protocol`, the entries read by `selectors`, the XML
written by `responses` (the records themselves by interop.records). Every refusal is an
OAI-PMH error document (HTTP 200, as the protocol says); lists are streamed a record at a
time, a page of `LIBNET_OAI_PAGE_SIZE` records per request.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from libnet.core import clock
from libnet.core.middleware import guards_its_own_input
from libnet.interop.oai import digital, protocol, responses, selectors, sets
from libnet.interop.oai.errors import OaiError
from libnet.network.models import Library, LibraryKind

CONTENT_TYPE = "text/xml; charset=utf-8"
DEFAULT_PAGE_SIZE = 200
_RECORD_ID = re.compile(r"[1-9][0-9]{0,18}")


@csrf_exempt
@guards_its_own_input
def endpoint(request: HttpRequest) -> HttpResponseBase:
    """Answer one OAI-PMH request."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    arguments = request.POST if request.method == "POST" else request.GET
    repository = _repository(request)
    response_date = clock.now()
    parsed: protocol.Request | None = None
    try:
        parsed = protocol.parse(dict(arguments.lists()))
        body = _answer(parsed, repository)
    except OaiError as refusal:
        start = responses.start(
            response_date=response_date,
            repository=repository,
            echoed=protocol.echoed(parsed, refusal),
        )
        return HttpResponse(start + responses.error(refusal) + responses.END, CONTENT_TYPE)
    start = responses.start(
        response_date=response_date, repository=repository, echoed=protocol.echoed(parsed, None)
    )
    if isinstance(body, str):
        return HttpResponse(start + body + responses.END, CONTENT_TYPE)
    return StreamingHttpResponse(_streamed(start, body), content_type=CONTENT_TYPE)


def _streamed(start: str, body: Iterator[str]) -> Iterator[bytes]:
    yield start.encode("utf-8")
    for piece in body:
        yield piece.encode("utf-8")
    yield responses.END.encode("utf-8")


def _answer(request: protocol.Request, repository: responses.Repository) -> str | Iterator[str]:
    """The verb's element (a list: its pieces, to stream), or OaiError."""
    if request.verb == "Identify":
        earliest = selectors.earliest_datestamp() or clock.now()
        return responses.identify(repository, earliest=earliest)
    if request.verb == "ListMetadataFormats":
        if request.identifier and _entry(request.identifier, repository).kind == digital.OBJECT:
            return responses.metadata_formats(responses.FORMATS[:1])  # oai_dc only
        return responses.metadata_formats(responses.FORMATS)
    if request.verb == "ListSets":
        if not sets.enabled():
            raise OaiError("no_sets")
        return responses.list_sets(sets.all_sets())
    _check_prefix(request.metadata_prefix)
    if request.verb == "GetRecord":
        entry = _entry(request.identifier, repository)
        if entry.kind == digital.OBJECT and request.metadata_prefix != "oai_dc":
            raise OaiError("unknown_format", prefix=request.metadata_prefix)
        (item,) = selectors.describe(
            [entry],
            metadata_prefix=request.metadata_prefix,
            with_sets=sets.enabled(),
        )
        return (
            f"<GetRecord>{responses.record(item, repository, request.metadata_prefix)}</GetRecord>"
        )
    return _list(request, repository)


def _list(request: protocol.Request, repository: responses.Repository) -> Iterator[str]:
    """ListIdentifiers or ListRecords: a page from the request's key on, with the token of
    the next page. Raises OaiError (noRecordsMatch, noSetHierarchy) before anything is sent."""
    set_filter = None
    if request.set_spec:
        if not sets.enabled():
            raise OaiError("no_sets")
        set_filter = sets.resolve(request.set_spec)
        if set_filter is None:
            raise OaiError("no_records")
    size = page_size()
    page = selectors.entries(
        since=request.from_.at if request.from_ else None,
        before=request.until_exclusive(),
        after=request.after,
        set_filter=set_filter,
        limit=size + 1,
        # Digital objects are given in oai_dc only.
        with_objects=request.metadata_prefix == "oai_dc",
    )
    if not page:
        raise OaiError("no_records")
    more = len(page) > size
    page = page[:size]
    return _pieces(request, repository, page, more=more)


def _pieces(
    request: protocol.Request,
    repository: responses.Repository,
    page: list[selectors.Entry],
    *,
    more: bool,
) -> Iterator[str]:
    with_metadata = request.verb == "ListRecords"
    yield f"<{request.verb}>"
    described = selectors.describe(
        page,
        metadata_prefix=request.metadata_prefix if with_metadata else None,
        with_sets=sets.enabled(),
    )
    for item in described:
        if with_metadata:
            yield responses.record(item, repository, request.metadata_prefix)
        else:
            yield responses.header(item, repository)
    if more:
        token = request.next_token(page[-1].key, sent=len(page))
        yield responses.resumption_token(token, cursor=request.cursor)
    elif request.after is not None:  # the last page of a list that was split
        yield responses.resumption_token("", cursor=request.cursor)
    yield f"</{request.verb}>"


def _check_prefix(prefix: str) -> None:
    if prefix not in responses.PREFIXES:
        raise OaiError("unknown_format", prefix=prefix)


def _entry(identifier: str, repository: responses.Repository) -> selectors.Entry:
    """The entry an identifier names; raises OaiError(idDoesNotExist) for any other."""
    scheme, _, rest = identifier.partition(":")
    host, _, number = rest.rpartition(":")
    found = None
    if scheme == "oai" and host.lower() == repository.identifier_host:
        if _RECORD_ID.fullmatch(number):
            found = selectors.entry(int(number))
        elif (object_id := digital.object_id_of(number)) is not None:
            found = selectors.object_entry(object_id)
    if found is None:
        raise OaiError("unknown_identifier", identifier=identifier[:200])
    return found


def page_size() -> int:
    """Records or headers per page (LIBNET_OAI_PAGE_SIZE, default 200)."""
    return max(1, int(getattr(settings, "LIBNET_OAI_PAGE_SIZE", None) or DEFAULT_PAGE_SIZE))


def _repository(request: HttpRequest) -> responses.Repository:
    host = getattr(settings, "LIBNET_OAI_REPOSITORY_IDENTIFIER", "") or _host_name(request)
    name = getattr(settings, "LIBNET_OAI_REPOSITORY_NAME", "") or (
        Library.objects.filter(kind=LibraryKind.PROVINCIAL)
        .order_by("pk")
        .values_list("name", flat=True)
        .first()
        or "libnet"
    )
    emails = tuple(getattr(settings, "LIBNET_OAI_ADMIN_EMAILS", None) or ()) or tuple(
        email for _name, email in getattr(settings, "ADMINS", ())
    )
    if not emails:
        emails = (f"webmaster@{host if '.' in host else 'localhost.localdomain'}",)
    base_url = getattr(settings, "LIBNET_OAI_BASE_URL", "") or request.build_absolute_uri(
        reverse("oai")
    )
    record_url = request.build_absolute_uri(reverse("opac:record", args=[0]))
    return responses.Repository(
        base_url=base_url,
        identifier_host=host.lower(),
        name=name,
        admin_emails=emails,
        record_url=record_url,
        site_url=request.build_absolute_uri("/"),
    )


def _host_name(request: HttpRequest) -> str:
    host = request.get_host()
    if host.startswith("["):  # an IPv6 address, [::1]:8000
        return host.split("]")[0] + "]"
    return host.rsplit(":", 1)[0] if ":" in host else host
