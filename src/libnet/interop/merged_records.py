"""The records as received follow a catalogue record merged into another
(catalog.merged_records): the lossless copy of what another system sent is kept."""

from __future__ import annotations

import datetime as dt

from libnet.catalog.models import BibRecord
from libnet.core.audit import Actor
from libnet.interop.models import ReceivedRecord


def move_received_records(
    *, merged: BibRecord, survivor: BibRecord, by: Actor, at: dt.datetime
) -> int:
    """Give the records as received of `merged` to `survivor`; returns how many moved."""
    return ReceivedRecord.objects.filter(bib=merged).update(bib=survivor)
