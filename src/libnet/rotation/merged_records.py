"""Inter-library loan requests follow a catalogue record merged into another
(catalog.merged_records)."""

from __future__ import annotations

import datetime as dt

from libnet.catalog.models import BibRecord
from libnet.core.audit import Actor
from libnet.rotation.models import IllRequest


def move_ill_requests(*, merged: BibRecord, survivor: BibRecord, by: Actor, at: dt.datetime) -> int:
    """Point the requests for `merged` at `survivor`; returns how many moved."""
    return IllRequest.objects.filter(bib=merged).update(bib=survivor)
