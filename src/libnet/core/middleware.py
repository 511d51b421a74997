"""Turn a LibnetError raised in a page into a page with the message, never a traceback."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.text import capfirst
from django.utils.translation import gettext

from libnet.core.errors import LibnetError
from libnet.core.inputs import ANY_VALUE_MAX_LENGTH, InputRefused, format_number, text_problem

View = TypeVar("View", bound=Callable[..., Any])


def guards_its_own_input(view: View) -> View:
    """Mark a protocol door (OAI-PMH, SRU) that answers bad parameters in its protocol's own
    words (an XML error or diagnostic), so InputGuardMiddleware leaves its request to it."""
    view.guards_its_own_input = True  # type: ignore[attr-defined]  # a marker read below
    return view


def render_refusal(request: HttpRequest, error: LibnetError) -> HttpResponse:
    """The page that shows a refusal: its message, its code, its status."""
    # An app with its own look (the public catalogue) has its own error page.
    match = getattr(request, "resolver_match", None)
    app_name = match.app_name if match is not None else ""
    templates = [f"{app_name}/error.html", "error.html"] if app_name else ["error.html"]
    return render(
        request,
        templates,
        {"code": error.code, "message": error.message, "status": error.status},
        status=error.status,
    )


class LibnetErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, LibnetError):
            return render_refusal(request, exception)
        return None


class InputGuardMiddleware:
    """Refuse a page request whose parameters cannot be text, before any view reads them.

    Django decodes a query string and a form body as UTF-8 with replacement: bytes that are not
    UTF-8 reach the view as U+FFFD, and would be stored as a reader named "�����". The same
    rules as every form's (core/inputs.py) apply to every parameter, including those a view
    reads without a form: no U+FFFD, no control character other than tab and line breaks,
    nothing longer than ANY_VALUE_MAX_LENGTH. The answer is a 400 page naming the parameter.
    The JSON API has its own door (libnet/api/guard.py) and is left to it, and so are the
    views marked `guards_its_own_input`.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is not None and "api" in match.namespaces:
            return None
        if getattr(view, "guards_its_own_input", False):
            return None
        refusal = parameters_refusal(request, kwargs)
        return render_refusal(request, refusal) if refusal is not None else None


def parameters_refusal(request: HttpRequest, path_values: dict[str, Any]) -> InputRefused | None:
    """Why the address, query string, form body or a file name of `request` cannot be taken
    as text (a code in the address and a file name are one line), or None."""
    for name, value in path_values.items():
        problem = text_problem(value, multiline=False) if isinstance(value, str) else None
        if problem is not None:
            code, params = problem
            return InputRefused(code, field=_shown(name), **params)
    sources = [request.GET]
    if request.method == "POST":
        sources.append(request.POST)
        # An uploaded file's name is stored with its import (and shown back).
        for name, uploads in request.FILES.lists():
            for upload in uploads:
                problem = text_problem(upload.name or "", multiline=False)
                if problem is not None:
                    code, params = problem
                    return InputRefused(code, field=_shown(name), **params)
    for parameters in sources:
        for name, values in parameters.lists():
            for text in (name, *values):
                problem = text_problem(text, multiline=True)
                if problem is not None:
                    code, params = problem
                    return InputRefused(code, field=_shown(name), **params)
                if len(text) > ANY_VALUE_MAX_LENGTH:
                    return InputRefused(
                        "too_long",
                        field=_shown(name),
                        max_length=format_number(ANY_VALUE_MAX_LENGTH),
                        length=format_number(len(text)),
                    )
    return None


def _shown(name: str) -> str:
    """A parameter as the page names it: «The field “q”» (a name that is itself broken, "?")."""
    shown = name[:60] if text_problem(name, multiline=False) is None else "?"
    return capfirst(gettext("the field “%(name)s”") % {"name": shown})


class VietnameseFirstLocaleMiddleware:
    """Vietnamese unless the user chose another language with the switch (a cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many browsers in
    Vietnam are set to English; libnet's staff and readers get Vietnamese unless they ask.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language  # as LocaleMiddleware does
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])
        return response
