"""Content flags follow a catalogue record merged into another (catalog.merged_records)."""

from __future__ import annotations

import datetime as dt

from libnet.catalog.models import BibRecord
from libnet.core.audit import Actor
from libnet.weeding.models import ContentFlag


def move_content_flags(
    *, merged: BibRecord, survivor: BibRecord, by: Actor, at: dt.datetime
) -> int:
    """Give the content flags of `merged` to `survivor`; returns how many moved.

    A library flags a record once while the flag is open: where it flagged both, the
    survivor's flag stays and the other is cleared.
    """
    flagged_survivor = ContentFlag.objects.filter(
        bib=survivor, cleared_at__isnull=True
    ).values_list("library_id", flat=True)
    ContentFlag.objects.filter(
        bib=merged, cleared_at__isnull=True, library_id__in=list(flagged_survivor)
    ).update(cleared_at=at)
    return ContentFlag.objects.filter(bib=merged).update(bib=survivor)
