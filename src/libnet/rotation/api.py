"""JSON endpoints of the rotation app."""

from __future__ import annotations

from ninja import Router

from libnet.api.auth import STAFF_AUTH

router = Router(tags=["rotation"], auth=STAFF_AUTH)
