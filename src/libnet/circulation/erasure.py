"""What circulation keeps about a reader who asks to be erased (patrons.erasure's port).

Loans stay, pointing at the emptied reader row, because the figures count them (active
readers are distinct readers). Hold cancel reasons are free text a clerk or the reader
typed: blanked. The audit entries of the reader's loans and holds lose their notes and any
personal value (patrons.erasure.scrub_audit).
"""

from __future__ import annotations

from libnet.circulation.models import Hold, Loan
from libnet.patrons import erasure


def scrub_reader(reader: erasure.ErasedReader) -> None:
    """Blank the reader's hold notes and scrub the audit entries of their loans and holds."""
    holds = Hold.objects.filter(patron_id=reader.patron_id)
    holds.exclude(cancel_reason="").update(cancel_reason="")
    erasure.scrub_audit(model=Hold, ids=holds.values_list("pk", flat=True), reader=reader)
    loans = Loan.objects.filter(patron_id=reader.patron_id).values_list("pk", flat=True)
    erasure.scrub_audit(model=Loan, ids=loans, reader=reader)
