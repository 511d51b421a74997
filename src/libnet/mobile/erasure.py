"""What the mobile library keeps about a reader who asks to be erased (patrons.erasure's port).

The tablet's scan log (MobileOperation) keeps the card number typed at a stop, and a refusal
message that may quote it or a block reason: both are blanked on the reader's scans (found by
their loan, or by the card number typed in any case); the audit entries of those scans are
scrubbed. The scans stay, for the trip's figures.
"""

from __future__ import annotations

from django.db.models import Q

from libnet.mobile.models import MobileOperation
from libnet.patrons import erasure


def scrub_reader(reader: erasure.ErasedReader) -> None:
    """Blank the card number and message of the reader's scans and scrub their audit entries."""
    scans = MobileOperation.objects.filter(
        Q(loan__patron_id=reader.patron_id) | Q(card_number__iexact=reader.card_number)
    )
    ids = list(scans.values_list("pk", flat=True))
    MobileOperation.objects.filter(pk__in=ids).update(card_number="", message="")
    erasure.scrub_audit(model=MobileOperation, ids=ids, reader=reader)
