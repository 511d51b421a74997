"""Every write of rotation: batches, deposit usage, transfers and ILL requests.

Each service is one transaction: check → write → audit → daily figures. Keyword arguments
only, `at=` for the moment it happens. A refusal raises a LibnetError subclass and leaves
nothing written; the list operations (add by list, proposal) give each copy its own
savepoint and report the copies refused.

By area: `batches` (plan a batch, add and remove its copies), `batch_steps` (pack, ship,
receive, put in use, send back, close with the losses handed to weeding, cancel), `points`
(a point's profile, a deposit point's monthly figures), `transfers` (and `DeskMovements`,
what the circulation desk tells rotation), `ill` (inter-library loan requests). `_common`
holds the steps they share.
"""

from libnet.rotation.services.batch_steps import (
    cancel_batch,
    close_batch,
    pack_batch,
    receive_batch,
    scan_arrival,
    scan_return,
    send_back,
    ship_batch,
    start_use,
    unpack_batch,
)
from libnet.rotation.services.batches import (
    AddResult,
    add_item,
    add_items,
    create_batch,
    remove_item,
    update_batch,
)
from libnet.rotation.services.ill import fulfil_ill, refuse_ill, request_ill
from libnet.rotation.services.points import record_deposit_usage, set_point_profile
from libnet.rotation.services.transfers import (
    DeskMovements,
    cancel_transfer,
    receive_transfer,
    request_transfer,
    ship_transfer,
)

__all__ = [
    "AddResult",
    "DeskMovements",
    "add_item",
    "add_items",
    "cancel_batch",
    "cancel_transfer",
    "close_batch",
    "create_batch",
    "fulfil_ill",
    "pack_batch",
    "receive_batch",
    "receive_transfer",
    "record_deposit_usage",
    "refuse_ill",
    "remove_item",
    "request_ill",
    "request_transfer",
    "scan_arrival",
    "scan_return",
    "send_back",
    "set_point_profile",
    "ship_batch",
    "ship_transfer",
    "start_use",
    "unpack_batch",
    "update_batch",
]
