"""Circulation staff pages under /staff/circulation/, by area: the desk (`desk`, and what one
scan does in `desk_scans`), overdue loans and letters (`overdue`), the hold shelf (`holds`)
and daily visits (`visits`).

Thin: parse → access getter → one service → render.
"""

from libnet.circulation.views.desk import (
    desk,
    desk_end,
    desk_library,
    desk_mode,
    desk_renew,
    desk_scan,
    desk_slip,
    desk_use,
    desk_visit,
)
from libnet.circulation.views.holds import hold_cancel, hold_shelf
from libnet.circulation.views.overdue import overdue, overdue_letters
from libnet.circulation.views.visits import visits

__all__ = [
    "desk",
    "desk_end",
    "desk_library",
    "desk_mode",
    "desk_renew",
    "desk_scan",
    "desk_slip",
    "desk_use",
    "desk_visit",
    "hold_cancel",
    "hold_shelf",
    "overdue",
    "overdue_letters",
    "visits",
]
