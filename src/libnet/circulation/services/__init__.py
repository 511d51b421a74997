"""Every write of circulation: check → write → audit → daily figures, in one transaction.

Each service takes keyword arguments only and `at=` for the moment it happens (tests pass a
fixed one). A refusal raises a LibnetError subclass and leaves nothing written.

By area: `loans` (lend, take back anywhere, renew, lost and damaged), `holds` (place,
cancel, expire, set aside for a reader's inter-library loan), `visits` (visits and reading in
place, the gate counter's figures). `_hold_shelf` and `_common` are the steps they share.
"""

from libnet.circulation.services.holds import (
    cancel_hold,
    expire_holds,
    place_hold,
    set_aside_for_reader,
)
from libnet.circulation.services.loans import (
    CheckinResult,
    checkin_item,
    checkout_item,
    declare_lost,
    mark_damaged,
    renew_loan,
)
from libnet.circulation.services.visits import (
    VisitImport,
    import_visit_counts,
    record_in_library_use,
    record_visits,
)

__all__ = [
    "CheckinResult",
    "VisitImport",
    "cancel_hold",
    "checkin_item",
    "checkout_item",
    "declare_lost",
    "expire_holds",
    "import_visit_counts",
    "mark_damaged",
    "place_hold",
    "record_in_library_use",
    "record_visits",
    "renew_loan",
    "set_aside_for_reader",
]
