"""JSON endpoints of the patrons app."""

from __future__ import annotations

from ninja import Router

from libnet.api.auth import STAFF_AUTH

router = Router(tags=["patrons"], auth=STAFF_AUTH)
