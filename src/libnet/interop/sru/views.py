"""`/sru`: the catalogue for other catalogues, union catalogues and their clients, over SRU.

Public (the catalogue is public), GET or a POSTed form. Every answer is an SRU response with
status 200, a refusal too: a diagnostic of the standard list, in the version the client
speaks, never an HTML page or a traceback. A failure of libnet itself is diagnostic 1,
logged with its traceback for the administrator.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from libnet.core.middleware import guards_its_own_input
from libnet.interop.sru import explain, protocol, responses, searching
from libnet.interop.sru.errors import SruDiagnostic

logger = logging.getLogger(__name__)

CONTENT_TYPE = "text/xml; charset=utf-8"


@csrf_exempt  # a public read, as GET is: SRU clients POST forms without a session or a token
@require_http_methods(["GET", "POST", "HEAD"])
@guards_its_own_input
def sru(request: HttpRequest) -> HttpResponse:
    parameters = request.POST if request.method == "POST" else request.GET
    values = {name: parameters.getlist(name) for name in parameters}
    try:
        sru_request = protocol.read_request(values)
        if sru_request.operation == "explain":
            body = responses.explain(sru_request, _explain_record(request))
        else:
            body = _search_retrieve(request, sru_request)
    except SruDiagnostic as diagnostic:
        body = _refusal(request, values, diagnostic)
    except Exception:
        logger.exception("SRU request failed: %s", request.get_full_path()[:500])
        body = _refusal(request, values, SruDiagnostic("general_error"))
    return HttpResponse(body.encode("utf-8"), content_type=CONTENT_TYPE)


def _search_retrieve(request: HttpRequest, sru_request: protocol.SruRequest) -> str:
    try:
        page = searching.search(
            sru_request,
            record_url=lambda record_id: request.build_absolute_uri(
                reverse("opac:record", args=[record_id])
            ),
        )
    except searching.PastTheEnd as past:
        return responses.diagnostic_after_records(sru_request, past.page, past)
    return responses.search_retrieve(sru_request, page)


def _refusal(request: HttpRequest, values: dict[str, list[str]], diagnostic: SruDiagnostic) -> str:
    given = {name: found[-1] for name, found in values.items() if found}
    operation = protocol.answer_operation(values)
    # An explain response carries the explain record, unless libnet itself failed (the
    # record reads the database, which may be what failed).
    record = (
        _explain_record(request)
        if operation == "explain" and diagnostic.code != "general_error"
        else ""
    )
    return responses.refusal(
        version=protocol.answer_version(values),
        operation=operation,
        given=given,
        diagnostic=diagnostic,
        explain_record=record,
    )


def _explain_record(request: HttpRequest) -> str:
    host, _colon, port = request.get_host().rpartition(":")
    if not host:  # no port in the Host header
        host, port = request.get_host(), request.get_port()
    return explain.explain_record(host=host, port=port, database=request.path.strip("/"))
