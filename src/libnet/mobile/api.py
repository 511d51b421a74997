"""JSON endpoints of the mobile app."""

from __future__ import annotations

from ninja import Router

from libnet.api.auth import STAFF_AUTH

router = Router(tags=["mobile"], auth=STAFF_AUTH)
