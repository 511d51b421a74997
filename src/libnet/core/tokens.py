"""API tokens: created once, shown once, stored as a hash."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from libnet.core import audit, clock
from libnet.core.models import ApiToken


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@transaction.atomic
def create_api_token(*, user: AbstractBaseUser, by: AbstractBaseUser | None = None) -> str:
    """Create a bearer token for `user` and return it; only its hash is kept."""
    token = "lnt_" + secrets.token_urlsafe(32)
    owner: Any = user
    api_token = ApiToken.objects.create(user=owner, key_hash=_hash(token), prefix=token[:12])
    audit.record("api_token.create", subject=api_token, by=by, after={"user": user.pk})
    return token


def user_for_token(token: str) -> AbstractBaseUser | None:
    """Return the active user owning `token`, or None."""
    api_token = (
        ApiToken.objects.filter(key_hash=_hash(token), revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    if api_token is None or not api_token.user.is_active:
        return None
    ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=clock.now())
    return api_token.user
