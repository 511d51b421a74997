"""JSON endpoints of the circulation app."""

from __future__ import annotations

from ninja import Router

from libnet.api.auth import STAFF_AUTH

router = Router(tags=["circulation"], auth=STAFF_AUTH)
