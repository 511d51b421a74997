"""Who calls the JSON API: a bearer token from `libnet create_api_token`, or a staff session.

Every app's staff router says `auth=STAFF_AUTH`; public routers (the library directory, the
catalogue search) say `auth=None`. A caller with neither a valid token nor a session gets
401 `{"code": "unauthorized", "message"}` (the API's handler of AuthenticationError).

A token is sent by a program (a tablet, a script), not by a browser, so it needs no CSRF
token. A session is the browser's cookie, which any other site can make a browser send: a
request that changes something (POST, PATCH…) on a session must carry the CSRF token, as the
staff pages' forms do, or it is refused with 403 `csrf_failed`. The check comes after the
session is known: a request with no session at all is a 401, not a CSRF refusal.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from libnet.core import tokens
from libnet.core.errors import PermissionDenied


class BearerToken(HttpBearer):
    """`Authorization: Bearer lnt_…`: the token's active user, or nobody."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = tokens.user_for_token(token)
        if user is None:
            return None
        request.user = user  # type: ignore[assignment]  # a token's user is a full User
        return user


class StaffSession(APIKeyCookie):
    """The signed-in user of the staff pages' session; CSRF checked only once one is found."""

    def __init__(self) -> None:
        # The cookie's name, for the OpenAPI schema's security scheme.
        self.param_name = settings.SESSION_COOKIE_NAME
        super().__init__(csrf=True)

    def _get_key(self, request: HttpRequest) -> str | None:
        # APIKeyCookie checks CSRF here, before it knows whether anyone is signed in: a client
        # with no session at all would get a CSRF refusal instead of a 401.
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if not user.is_authenticated:
            return None
        # check_csrf lets safe methods (GET, HEAD) through, as Django's middleware does; an
        # operation marked csrf_exempt skips it, as ninja's own session auth would.
        exempt = getattr(request, "_ninja_csrf_exempt", False)
        if not exempt and check_csrf(request) is not None:
            raise PermissionDenied("csrf_failed")
        return user


# Staff endpoints accept either; a token is tried first (a program may also hold a cookie).
STAFF_AUTH = [BearerToken(), StaffSession()]
