"""Lockout after repeated failed sign-ins: staff passwords and readers' PINs.

A counter per (scope, key): a scope is what is counted ("staff-user", "staff-address",
"reader-card", "reader-address"), a key the value counted, in its one normal form
(text.identifier), so `Minh`, ` minh` and a look-alike letter count as one account. Failures
are counted in the database, so every worker process of a province's server sees the same
count (Django's default cache is per process). Only a SHA-256 of the key is stored: the table
holds no username, card number or address in clear, and an erased reader leaves nothing here.

After `limit` failures within the window the key is locked until `window` after the last
failure; a success clears the account's counter (not the address's: one right password from
a shared computer room does not clear the guesses of another).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest

from libnet.core import clock, net, text
from libnet.core.models import SignInFailure


@dataclass(frozen=True)
class Limit:
    """How many failures lock a key, and for how long the count and the lock last."""

    failures: int
    minutes: int


def limit(setting: str, *, failures: int, minutes: int) -> Limit:
    """Return the limit named by `setting` (a dict with "failures" and "minutes"), or the
    default; read at each call, so a test or an administrator may change it."""
    configured = getattr(settings, setting, None) or {}
    return Limit(
        failures=int(configured.get("failures", failures)),
        minutes=int(configured.get("minutes", minutes)),
    )


def client_address(request: HttpRequest) -> str:
    """Return the client's address as the server, or its trusted proxy, saw it (core.net)."""
    return net.client_address(request)


def _digest(scope: str, key: str) -> str:
    normal = text.identifier(key or "")
    return hashlib.sha256(f"{scope}\x1f{normal}".encode()).hexdigest()


def locked_until(
    scope: str, key: str, rule: Limit, *, at: dt.datetime | None = None
) -> dt.datetime | None:
    """Return until when `key` is locked in `scope`, or None when it may try again."""
    at = at or clock.now()
    row = SignInFailure.objects.filter(digest=_digest(scope, key)).first()
    if row is None or row.failures < rule.failures:
        return None
    until = row.last_at + dt.timedelta(minutes=rule.minutes)
    return until if until > at else None


def record_failure(scope: str, key: str, rule: Limit, *, at: dt.datetime | None = None) -> int:
    """Count one failure of `key` in `scope` and return the count in the current window.

    A count older than the window starts again from one.
    """
    at = at or clock.now()
    digest = _digest(scope, key)
    window_start = at - dt.timedelta(minutes=rule.minutes)
    with transaction.atomic():
        updated = SignInFailure.objects.filter(digest=digest, last_at__gte=window_start).update(
            failures=F("failures") + 1, last_at=at
        )
        if not updated:
            stale = SignInFailure.objects.filter(digest=digest).update(failures=1, last_at=at)
            if not stale:
                try:
                    with transaction.atomic():
                        SignInFailure.objects.create(digest=digest, failures=1, last_at=at)
                except IntegrityError:  # another request counted the first failure meanwhile
                    SignInFailure.objects.filter(digest=digest).update(
                        failures=F("failures") + 1, last_at=at
                    )
    row = SignInFailure.objects.filter(digest=digest).values_list("failures", flat=True).first()
    return int(row or 0)


def entry(scope: str, key: str) -> SignInFailure | None:
    """Return the counter of `key` in `scope` (to name it in the audit log), or None."""
    return SignInFailure.objects.filter(digest=_digest(scope, key)).first()


def clear(scope: str, key: str) -> None:
    """Forget the failures of `key` in `scope` (after a successful sign-in)."""
    SignInFailure.objects.filter(digest=_digest(scope, key)).delete()
