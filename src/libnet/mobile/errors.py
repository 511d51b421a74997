"""Refusals of the mobile library: a stable code and a sentence saying what to do next."""

from __future__ import annotations

from typing import ClassVar

from django.utils.translation import gettext_lazy as _

from libnet.core.errors import LibnetError, Messages, NotFound


class MobileNotFound(NotFound):
    """A trip, route, stop or vehicle that does not exist or belongs to another library."""

    messages: ClassVar[Messages] = {
        **NotFound.messages,
        "trip_not_found": _("No mobile-library trip with this number in your libraries."),
        "route_not_found": _("No route with this number in your libraries."),
        "stop_not_found": _("No stop with this number on this trip."),
        "vehicle_not_found": _("No vehicle with this number in your libraries."),
        "card_not_found": _("No reader with card %(card_number)s."),
    }


class TripRefused(LibnetError):
    status = 409
    messages: ClassVar[Messages] = {
        "invalid_transition": _("A trip that is %(state)s cannot be %(action)s."),
        "trip_not_loading": _(
            "Copies can be loaded only before the trip leaves; this trip is %(state)s."
        ),
        "crew_locked": _("The crew can be changed only before the trip leaves."),
        "crew_needs_driver": _(
            "The trip needs a driver or operator before it leaves (TT 05/2022, Điều 8)."
        ),
        "crew_needs_librarians": _(
            "The trip needs at least two library staff before it leaves (TT 05/2022, Điều 8)."
        ),
        "no_stock": _("Load at least one copy before the trip leaves."),
        "not_trip_day": _(
            "This trip is planned for %(date)s and can leave only on that day (today is %(today)s). If it leaves today, change its date first."
        ),
        "trip_date_past": _(
            "The date of the trip (%(date)s) has passed: a trip is planned for today or a later day."
        ),
        "date_locked": _(
            "The date can be changed only before the trip leaves; this trip is %(state)s."
        ),
        "losses_not_confirmed": _(
            "%(count)s copies are neither back nor on loan and would be recorded as lost: confirm to close the trip."
        ),
        "figures_locked": _(
            "Figures can be recorded only once the trip has left and until it is closed; this trip is %(state)s."
        ),
        "negative_figure": _("Figures cannot be negative."),
        "figure_too_large": _("A stop's figures cannot be more than %(maximum)s."),
        "uses_without_readers": _(
            "Loans or reading on the spot were recorded but no reader served: enter the readers served."
        ),
        "check_back_locked": _(
            "Copies are checked back once the trip is back; this trip is %(state)s."
        ),
        "not_on_trip": _("Copy %(barcode)s did not go out on this trip."),
        "already_back": _("Copy %(barcode)s is already checked back."),
        "copy_on_loan": _(
            "Copy %(barcode)s is on loan to a reader met at a stop; it comes back through the desk."
        ),
        "invalid_name": _("Enter a name."),
        "invalid_choice": _("%(value)s is not one of the values offered."),
        "duplicate_plate": _("This library already has a vehicle with plate %(plate)s."),
        "not_mobile_library": _("%(library)s is not a mobile library."),
        "vehicle_of_other_library": _("This vehicle belongs to another library."),
        "route_has_trips": _("This stop was visited by trips already and cannot be removed."),
    }


class LoadRefused(LibnetError):
    """A copy that may not go on the vehicle (TT 05/2022 Art. 5.1.b, 6.2.b)."""

    status = 409
    messages: ClassVar[Messages] = {
        "already_loaded": _("Copy %(barcode)s is already loaded on this trip."),
        "not_our_copy": _(
            "Copy %(barcode)s belongs to %(owner)s: the mobile library carries its own copies and those of its parent library."
        ),
        "copy_claimed": _(
            "Copy %(barcode)s is already in a rotation batch, transfer or another trip (TT 05/2022, Điều 6.2.b)."
        ),
        "copy_not_available": _(
            "Copy %(barcode)s is not on its library's shelf (status: %(status)s)."
        ),
        "copy_restricted": _(
            "Copy %(barcode)s is for reading in the library only and cannot go out (TT 05/2022, Điều 5)."
        ),
        "too_few_copies": _(
            "%(owner)s holds only %(count)s copies of this title; at least 3 are needed to take one out (TT 05/2022, Điều 5)."
        ),
    }


class StopScanRefused(LibnetError):
    """A scan at a stop that could not be applied (read back on the tablet)."""

    status = 409
    messages: ClassVar[Messages] = {
        "trip_not_lending": _(
            "Lending at stops is possible only while the trip is on the road or just back; this trip is %(state)s."
        ),
        "invalid_action": _("Unknown action %(action)s."),
        "invalid_time": _("The time of the scan is not valid."),
        "scan_time_out_of_range": _(
            "The scan is dated %(scanned)s, before the trip's day (%(day)s) or more than %(days)s days before it reached the server: check the tablet's clock. Nothing was lent or returned."
        ),
        "invalid_operation": _(
            "This scan is incomplete or damaged (trip, action or operation id missing) and cannot be applied."
        ),
        "duplicate_operation": _("This operation was sent twice with different content."),
    }
