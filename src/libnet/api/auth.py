"""Authentication for /api/v1: a bearer token from `libnet create_api_token`, or the staff session."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, django_auth

from libnet.core import tokens


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = tokens.user_for_token(token)
        if user is None:
            return None
        request.user = user  # type: ignore[assignment]  # a token's user is a full User
        return user


# Staff endpoints accept either; public ones (the library directory, later the OPAC) need none.
STAFF_AUTH = [BearerToken(), django_auth]
