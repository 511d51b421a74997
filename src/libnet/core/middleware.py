"""Turn a LibnetError raised in a page into a page with the message, never a traceback."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers

from libnet.core.errors import LibnetError


class LibnetErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, LibnetError):
            # An app with its own look (the public catalogue) has its own error page.
            match = getattr(request, "resolver_match", None)
            app_name = match.app_name if match is not None else ""
            templates = [f"{app_name}/error.html", "error.html"] if app_name else ["error.html"]
            return render(
                request,
                templates,
                {"code": exception.code, "message": exception.message, "status": exception.status},
                status=exception.status,
            )
        return None


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
