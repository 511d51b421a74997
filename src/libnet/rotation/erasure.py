"""What rotation keeps about a reader who asks to be erased (patrons.erasure's port).

An inter-library loan request is the reader's: its note, and the notes of the transfers that
carried its copy, are free text about them (blanked); the audit entries of both lose their
notes and any personal value. The requests stay, without a name, for the lenders' figures.
"""

from __future__ import annotations

from libnet.patrons import erasure
from libnet.rotation.models import IllRequest, Transfer


def scrub_reader(reader: erasure.ErasedReader) -> None:
    """Blank the notes of the reader's inter-library loans and their transfers, and scrub
    the audit entries of both."""
    requests = IllRequest.objects.filter(patron_id=reader.patron_id)
    request_ids = list(requests.values_list("pk", flat=True))
    requests.exclude(note="").update(note="")
    transfers = Transfer.objects.filter(ill_request_id__in=request_ids)
    transfers.exclude(note="").update(note="")
    erasure.scrub_audit(model=IllRequest, ids=request_ids, reader=reader)
    erasure.scrub_audit(model=Transfer, ids=transfers.values_list("pk", flat=True), reader=reader)
