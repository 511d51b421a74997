"""Order lines follow a catalogue record merged into another (catalog.merged_records)."""

from __future__ import annotations

import datetime as dt

from libnet.acquisitions.models import OrderLine
from libnet.catalog.models import BibRecord
from libnet.core.audit import Actor


def move_order_lines(*, merged: BibRecord, survivor: BibRecord, by: Actor, at: dt.datetime) -> int:
    """Point the order lines of `merged` at `survivor`; returns how many moved."""
    return OrderLine.objects.filter(bib=merged).update(bib=survivor)
