"""Holds follow a catalogue record merged into another (catalog.merged_records)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from libnet.catalog.models import BibRecord
from libnet.circulation.models import Hold, HoldStatus
from libnet.core import audit
from libnet.core.audit import Actor


def move_holds(*, merged: BibRecord, survivor: BibRecord, by: Actor, at: dt.datetime) -> int:
    """Give the holds on `merged` to `survivor`; returns how many moved.

    A reader waits once per title (one open hold per record and reader): one already waiting
    for the survivor keeps that hold, and the hold on `merged` is closed as cancelled.
    """
    waiting_for_survivor = Hold.objects.filter(
        bib=survivor, closed_at__isnull=True, patron__isnull=False
    ).values_list("patron_id", flat=True)
    Hold.objects.filter(
        bib=merged, closed_at__isnull=True, patron_id__in=list(waiting_for_survivor)
    ).update(
        status=HoldStatus.CANCELLED,
        closed_at=at,
        cancel_reason=audit.note(_("Its record was merged into one the reader already waits for.")),
    )
    return Hold.objects.filter(bib=merged).update(bib=survivor)
