"""JSON endpoints of the planning app."""

from __future__ import annotations

from ninja import Router

from libnet.api.auth import STAFF_AUTH

router = Router(tags=["planning"], auth=STAFF_AUTH)
