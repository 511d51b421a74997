"""Who is asking: the client's address as the server, or the proxy in front of it, saw it."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """Return the address of the client that sent `request`.

    Behind `NINJA_NUM_PROXIES` trusted proxies (production behind nginx: 1), the address the
    nearest of them appended to X-Forwarded-For; gunicorn on a Unix socket sees no address of
    its own. Without a proxy, the connection's address only: the header is then whatever the
    client wrote, and a client could escape its counts by writing a new one each time. The
    staff sign-in lock and the API's rates both count by this address.
    """
    proxies = int(getattr(settings, "NINJA_NUM_PROXIES", 0) or 0)
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    if proxies > 0 and forwarded:
        addresses = [address.strip() for address in forwarded.split(",") if address.strip()]
        if addresses:
            return addresses[-min(proxies, len(addresses))]
    return str(request.META.get("REMOTE_ADDR", ""))
