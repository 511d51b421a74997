"""Every write of the mobile library: check → write → audit → daily figures, one transaction.

Keyword-only arguments, `at=` for the moment it happens. A refusal raises a LibnetError
subclass and leaves nothing written. A copy on a trip is claimed (rotation.ItemClaim) from
loading until it is back, lost or the trip is cancelled, so it cannot be in a rotation
batch or transfer at the same time (TT 05/2022 Art. 6.2.b).

By area: `routes` (vehicles, routes and their stops), `trips` (plan, move to another day,
crew, depart, return, close, cancel), `stock` (loading and counting back), `figures` (a
stop's hand-counted figures), `lending` (lending at a stop: the tablet's queue). `_common`
holds the steps they share.
"""

from libnet.mobile.services.figures import record_stop_figures
from libnet.mobile.services.lending import (
    OperationOutcome,
    StopOperation,
    apply_stop_operation,
    parse_operation,
    sync_operations,
)
from libnet.mobile.services.routes import (
    add_route_stop,
    create_route,
    create_vehicle,
    remove_route_stop,
)
from libnet.mobile.services.stock import LoadOutcome, check_back_copy, load_copies, load_copy
from libnet.mobile.services.trips import (
    add_crew_member,
    change_trip_state,
    plan_trip,
    remove_crew_member,
    reschedule_trip,
)

__all__ = [
    "LoadOutcome",
    "OperationOutcome",
    "StopOperation",
    "add_crew_member",
    "add_route_stop",
    "apply_stop_operation",
    "change_trip_state",
    "check_back_copy",
    "create_route",
    "create_vehicle",
    "load_copies",
    "load_copy",
    "parse_operation",
    "plan_trip",
    "record_stop_figures",
    "remove_crew_member",
    "remove_route_stop",
    "reschedule_trip",
    "sync_operations",
]
