"""Rotation staff pages under /staff/rotation/, by area: the planning view with the points'
plans and deposit usage (`points`), a batch's page and its filling (`batches`), its steps
and papers (`batch_steps`), transfers with transit slips (`transfers`) and inter-library
loan requests (`ill`).

Thin: parse → access getter → one service → render.
"""

from libnet.rotation.views.batch_steps import (
    batch_action,
    batch_handover,
    batch_labels,
    batch_packing_list,
    batch_receive,
    batch_send_back,
)
from libnet.rotation.views.batches import (
    batch_add_list,
    batch_add_proposal,
    batch_detail,
    batch_new,
    batch_plan,
    batch_remove,
    batch_scan,
)
from libnet.rotation.views.ill import ill_answer, ill_list
from libnet.rotation.views.points import batch_list, deposit_usage, point_plan, point_profile
from libnet.rotation.views.transfers import transfer_action, transfer_list, transit_slip

__all__ = [
    "batch_action",
    "batch_add_list",
    "batch_add_proposal",
    "batch_detail",
    "batch_handover",
    "batch_labels",
    "batch_list",
    "batch_new",
    "batch_packing_list",
    "batch_plan",
    "batch_receive",
    "batch_remove",
    "batch_scan",
    "batch_send_back",
    "deposit_usage",
    "ill_answer",
    "ill_list",
    "point_plan",
    "point_profile",
    "transfer_action",
    "transfer_list",
    "transit_slip",
]
