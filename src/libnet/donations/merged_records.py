"""Donation lines follow a catalogue record merged into another (catalog.merged_records)."""

from __future__ import annotations

import datetime as dt

from libnet.catalog.models import BibRecord
from libnet.core.audit import Actor
from libnet.donations.models import DonationLine


def move_donation_lines(
    *, merged: BibRecord, survivor: BibRecord, by: Actor, at: dt.datetime
) -> int:
    """Point the donation lines of `merged` at `survivor`; returns how many moved."""
    return DonationLine.objects.filter(bib=merged).update(bib=survivor)
