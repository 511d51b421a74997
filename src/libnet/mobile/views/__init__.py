"""Staff pages of the mobile library, under /staff/mobile/, by area: trips and the trip page
(`trips`), the tablet's stop page and its service worker (`tablet`), routes and vehicles
(`routes`), Mẫu 01 (`report`).

Thin: parse → access getter → one service → render or redirect.
"""

from libnet.mobile.views.report import report, report_pdf, report_xlsx
from libnet.mobile.views.routes import route, route_stop_remove, routes
from libnet.mobile.views.tablet import service_worker, stop
from libnet.mobile.views.trips import (
    trip,
    trip_action,
    trip_check_back,
    trip_crew,
    trip_crew_remove,
    trip_list,
    trip_reschedule,
    trip_stock,
    trip_stop_figures,
)

__all__ = [
    "report",
    "report_pdf",
    "report_xlsx",
    "route",
    "route_stop_remove",
    "routes",
    "service_worker",
    "stop",
    "trip",
    "trip_action",
    "trip_check_back",
    "trip_crew",
    "trip_crew_remove",
    "trip_list",
    "trip_reschedule",
    "trip_stock",
    "trip_stop_figures",
]
