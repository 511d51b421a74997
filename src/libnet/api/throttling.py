"""How often a client may call the JSON API (docs/operations.md, "API rates").

Two rates, read from the settings at each request (so an administrator's change, or a test's,
applies at once): `LIBNET_API_RATE_ANONYMOUS` per client address for callers nobody signed in
(the catalogue search, the library directory), `LIBNET_API_RATE_STAFF` per staff user, whether
the user came with a token or a session (a tablet and the desk's browser share one). A rate is
"<requests>/<period>", the period one of s, m, h, d (e.g. "120/m").

Past the rate the answer is 429 `{"code": "rate_limited", "message"}` with Retry-After: the
seconds until the oldest counted request leaves the window.

The moments of the last period's requests are kept per client in the cache `api-rates`
(settings.py says where): on a server, a file per client that every worker process shares
(CountsCache; Django's default cache lives in one process, and four gunicorn workers would
each allow the full rate). Two workers may count the same client's requests at the same instant and one
count is lost; a client then gets one request more, which does not matter here.
"""

from __future__ import annotations

import contextlib
import math
import random
import threading
import time
from typing import Any, ClassVar

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache
from django.http import HttpRequest
from ninja.throttling import SimpleRateThrottle

from libnet.core import net

CACHE = "api-rates"
# One write in this many also deletes the files of clients whose window has passed.
SWEEP_EVERY = 200


class CountsCache(FileBasedCache):
    """Django's file-based cache, without a listing of its folder at every write.

    FileBasedCache lists every file of the folder at each `set`, to cull it past
    MAX_ENTRIES: with a file per client that cost more than the count itself. Here one write
    in SWEEP_EVERY deletes the files that have expired instead (a client's count expires
    with its period), so the folder holds about the clients of the last period.
    """

    def _cull(self) -> None:
        if random.randrange(SWEEP_EVERY):  # spreads the work; nothing secret is drawn
            return
        # FileBasedCache's own methods (Django 5.2); _is_expired deletes an expired file.
        for name in self._list_cache_files():  # type: ignore[attr-defined]  # not in django-stubs
            with contextlib.suppress(OSError), open(name, "rb") as handle:
                self._is_expired(handle)  # type: ignore[attr-defined]  # not in django-stubs


def signed_in_user(request: HttpRequest) -> Any:
    """The user a token or the session names, or None. A public endpoint runs no
    authentication, so a signed-in user is the session's there."""
    auth = getattr(request, "auth", None)
    if auth is not None:
        return auth
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


class _Rate(SimpleRateThrottle):
    """A sliding window of the last period's requests per client, at the rate of `setting`."""

    setting: ClassVar[str]
    default: ClassVar[str]

    def __init__(self) -> None:
        # ninja keeps one throttle object for every request of an operation; what one request
        # learns (how long to wait) is kept per thread, as runserver serves several at once.
        self._request = threading.local()
        super().__init__(rate=self.default)

    def rate_now(self) -> tuple[int, int]:
        """(requests, seconds) as the settings say now."""
        count, seconds = self.parse_rate(str(getattr(settings, self.setting, self.default)))
        return int(count or 0), int(seconds or 1)

    def client(self, request: HttpRequest) -> str | None:
        """Whom the request is counted for, or None when this rate does not apply to it."""
        raise NotImplementedError

    def get_cache_key(self, request: HttpRequest) -> str | None:
        client = self.client(request)
        return None if client is None else f"{self.scope}:{client}"

    def allow_request(self, request: HttpRequest) -> bool:
        self._request.wait = None
        key = self.get_cache_key(request)
        if key is None:
            return True
        count, seconds = self.rate_now()
        store = caches[CACHE]
        now = time.time()
        # Newest first, as ninja keeps it.
        history = [moment for moment in store.get(key, []) if moment > now - seconds]
        if len(history) >= count:
            # Once the count-th newest request leaves the window, one more fits.
            oldest_to_leave = history[count - 1] if count > 0 else now
            self._request.wait = max(1.0, seconds - (now - oldest_to_leave))
            return False
        history.insert(0, now)
        store.set(key, history, seconds)
        return True

    def wait(self) -> float | None:
        wait: float | None = getattr(self._request, "wait", None)
        return wait


class AnonymousRate(_Rate):
    """Callers nobody signed in, per client address (as the server, or its proxy, saw it)."""

    scope = "anonymous"
    setting = "LIBNET_API_RATE_ANONYMOUS"
    default = "120/m"

    def client(self, request: HttpRequest) -> str | None:
        if signed_in_user(request) is not None:
            return None
        return net.client_address(request)


class StaffRate(_Rate):
    """Each staff user, whatever client (token or session) they call from."""

    scope = "staff"
    setting = "LIBNET_API_RATE_STAFF"
    default = "1200/m"

    def client(self, request: HttpRequest) -> str | None:
        user = signed_in_user(request)
        return None if user is None else str(user.pk)


def retry_after(wait: float | None) -> int:
    """Whole seconds to wait, as Retry-After says them (at least one)."""
    return max(1, math.ceil(wait or 1))
