"""Turn a LibnetError raised in a staff page into a page with the message, never a traceback."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from libnet.core.errors import LibnetError


class LibnetErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, LibnetError):
            return render(
                request,
                "error.html",
                {"code": exception.code, "message": exception.message},
                status=exception.status,
            )
        return None
