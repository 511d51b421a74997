"""What the staff pages of every app do the same way: hand a posted form to a service, answer
htmx with a fragment, send a PDF or a Word document to the browser.

A page stays thin (parse → access getter → one service → render); these are the steps that
would otherwise be written out again in each app's views.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from libnet.core.errors import LibnetError
from libnet.core.pdf import PDF_CONTENT_TYPE


def submit(
    request: HttpRequest,
    form: forms.BaseForm,
    write: Callable[[dict[str, Any]], HttpResponse | None],
    *,
    refused: Callable[[LibnetError], None] | None = None,
) -> HttpResponse | None:
    """Hand the data of a posted, valid `form` to `write` (a service, a message, a redirect)
    and return its answer.

    None when the page is to show the form again: a GET, a form with errors, a refusal by
    the service (a LibnetError), whose message goes on top of the form unless `refused` puts
    it elsewhere (beside the field it is about), or None from `write` (it found the data
    wanting and said so on the form). A service that refuses has written nothing.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return write(form.cleaned_data)
    except LibnetError as error:
        if refused is None:
            form.add_error(None, error.message)
        else:
            refused(error)
        return None


def form_status(request: HttpRequest) -> int:
    """The status of a page that shows its form: 400 when a post has come back to it (the
    form has errors, or the service refused), 200 otherwise."""
    return 400 if request.method == "POST" else 200


def is_htmx(request: HttpRequest) -> bool:
    """Whether htmx sent the request: it swaps in a fragment where a form post gets a redirect."""
    return request.headers.get("HX-Request") == "true"


def inline_pdf(content: bytes, filename: str) -> HttpResponse:
    """A PDF shown in the browser's viewer, saved as `filename`."""
    response = HttpResponse(content, content_type=PDF_CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_download(content: bytes, filename: str) -> HttpResponse:
    """A Word document (core/word.py) saved as `filename`, to be edited before it is signed."""
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def service_worker(
    request: HttpRequest, *, scope: str, page_pattern: str, cache_prefix: str, offline_text: str
) -> HttpResponse:
    """The service worker of a tablet page that opens without a network
    (templates/staff/offline_worker.js): served from under `scope`, which it controls;
    `page_pattern` (a regular expression on the path below `scope`) names the pages it keeps.
    Public: it holds no data, and the browser fetches it again to check for a new version
    even when the session has ended."""
    response = render(
        request,
        "staff/offline_worker.js",
        {
            "scope": scope,
            "page_pattern": page_pattern,
            "cache_prefix": cache_prefix,
            "offline_title": _("No network"),
            "offline_text": offline_text,
        },
        content_type="text/javascript; charset=utf-8",
    )
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = scope
    return response
