"""A mobile library's trips: the list and a new trip, then the trip's page and what is done
on it: the crew, the stock loaded by scan, the date, leaving and coming back, each stop's
figures, the count of the stock after the trip."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from libnet.core import clock, pages, text
from libnet.core.errors import LibnetError, NotFound
from libnet.mobile import access, policies, selectors, services
from libnet.mobile.errors import TripRefused
from libnet.mobile.forms import (
    BarcodesForm,
    CheckBackForm,
    CrewForm,
    FiguresForm,
    RescheduleForm,
    TripForm,
)
from libnet.mobile.models import TripState
from libnet.mobile.views.common import mobile_libraries, refused, trip_url


@login_required
@require_http_methods(["GET", "POST"])
def trip_list(request: HttpRequest) -> HttpResponse:
    """The trips of the user's mobile libraries, and a form to plan one."""
    libraries = mobile_libraries(request.user)
    routes = access.routes_for_staff(request.user).filter(library__in=libraries, is_active=True)
    vehicles = access.vehicles_for_staff(request.user).filter(is_active=True)
    form = TripForm(
        request.POST or None,
        routes=routes,
        vehicles=vehicles,
        initial={"date": clock.today()},
    )

    def plan(data: dict[str, Any]) -> HttpResponse:
        trip = services.plan_trip(
            route=data["route"], vehicle=data["vehicle"], date=data["date"], by=request.user
        )
        messages.success(request, _("Trip planned."))
        return redirect(trip_url(trip))

    done = pages.submit(request, form, plan)
    if done is not None:
        return done
    trips = (
        access.trips_for_staff(request.user)
        .select_related("route__library", "vehicle")
        .order_by("-date", "-pk")[:100]
    )
    return render(
        request,
        "mobile/trip_list.html",
        {"trips": trips, "form": form, "has_routes": routes.exists()},
        status=pages.form_status(request),
    )


@login_required
@require_GET
def trip(request: HttpRequest, trip_id: int) -> HttpResponse:
    """A trip: crew, stock loading by scan, state, stop figures, the count after the trip."""
    trip = access.get_trip_for_staff(request.user, trip_id)
    stops = list(trip.stops.select_related("route_stop"))
    libnet_loans = selectors.libnet_loans_by_stop([trip.pk])
    for stop in stops:
        stop.libnet_loans = libnet_loans.get(stop.pk, 0)  # type: ignore[attr-defined]  # shown on the page
        stop.form = FiguresForm(  # type: ignore[attr-defined]  # one form per stop
            initial={
                "readers_served": stop.readers_served,
                "in_place_uses": stop.in_place_uses,
                "loans_on_paper": stop.loans_on_paper,
                "new_cards": stop.new_cards,
                "activities": stop.activities,
            },
            prefix=f"stop{stop.pk}",
        )
    return render(
        request,
        "mobile/trip.html",
        {
            "trip": trip,
            "crew": trip.crew.all(),
            "crew_form": CrewForm(),
            "stock_form": BarcodesForm(),
            "reschedule_form": RescheduleForm(initial={"date": trip.date}),
            "today": clock.today(),
            "loadable": selectors.loadable_copies(trip=trip)
            if trip.state in policies.LOADING_STATES
            else [],
            "check_back_form": CheckBackForm(),
            "stops": stops,
            "check": selectors.trip_check(trip),
            "totals": selectors.trip_totals(trip),
            "can_load": trip.state in policies.LOADING_STATES,
            "can_change_crew": trip.state in policies.CREW_STATES,
            "can_record": trip.state in policies.FIGURE_STATES,
            "can_check_back": trip.state in policies.CHECK_BACK_STATES,
            "can_lend": trip.state in policies.LENDING_STATES,
            # The count after the trip makes sense once the vehicle is back.
            "show_check": trip.state in policies.DONE_STATES,
            "actions": [
                action
                for (state, action) in policies.TRIP_TRANSITIONS
                if state == trip.state and action != "load"
            ],
            "states": TripState,
        },
    )


@login_required
@require_POST
def trip_crew(request: HttpRequest, trip_id: int) -> HttpResponse:
    trip = access.get_trip_for_staff(request.user, trip_id)
    form = CrewForm(request.POST)
    if form.is_valid():
        try:
            services.add_crew_member(
                trip=trip,
                person_name=form.cleaned_data["person_name"],
                role=form.cleaned_data["role"],
                by=request.user,
            )
        except LibnetError as error:
            refused(request, error)
    else:
        messages.error(request, _("Enter a name and a role."))
    return redirect(trip_url(trip, "crew"))


@login_required
@require_POST
def trip_crew_remove(request: HttpRequest, trip_id: int, member_id: int) -> HttpResponse:
    trip = access.get_trip_for_staff(request.user, trip_id)
    member = trip.crew.filter(pk=member_id).first()
    if member is None:
        raise NotFound("not_found")
    try:
        services.remove_crew_member(member=member, by=request.user)
    except LibnetError as error:
        refused(request, error)
    return redirect(trip_url(trip, "crew"))


@login_required
@require_POST
def trip_stock(request: HttpRequest, trip_id: int) -> HttpResponse:
    """Load the scanned copies; each one is loaded or refused with its reason."""
    trip = access.get_trip_for_staff(request.user, trip_id)
    form = BarcodesForm(request.POST)
    if form.is_valid():
        outcome = services.load_copies(trip=trip, barcodes=form.barcode_list(), by=request.user)
        if outcome.loaded:
            messages.success(
                request, _("%(count)s copies loaded.") % {"count": len(outcome.loaded)}
            )
        for barcode, error in outcome.refused:
            messages.error(request, f"{barcode}: {error.message}")
    else:
        messages.error(request, _("Scan or type at least one barcode, or tick a copy."))
    return redirect(trip_url(trip, "stock"))


@login_required
@require_POST
def trip_reschedule(request: HttpRequest, trip_id: int) -> HttpResponse:
    """Move a trip that has not left to another day (to leave today, say)."""
    trip = access.get_trip_for_staff(request.user, trip_id)
    form = RescheduleForm(request.POST)
    if form.is_valid():
        try:
            services.reschedule_trip(trip=trip, date=form.cleaned_data["date"], by=request.user)
        except LibnetError as error:
            refused(request, error)
        else:
            messages.success(
                request,
                _("The trip is now planned for %(date)s.")
                % {"date": form.cleaned_data["date"].strftime("%d/%m/%Y")},
            )
    else:
        messages.error(request, _("Enter the new date of the trip."))
    return redirect(trip_url(trip))


@login_required
@require_POST
def trip_action(request: HttpRequest, trip_id: int, action: str) -> HttpResponse:
    """Depart, come back, close or cancel. Closing with copies neither back nor on loan first
    shows them (they will be recorded as lost) and asks to confirm."""
    trip = access.get_trip_for_staff(request.user, trip_id)
    try:
        services.change_trip_state(
            trip=trip,
            action=action,
            confirm=request.POST.get("confirm") == "yes",
            by=request.user,
        )
    except TripRefused as error:
        if error.code != "losses_not_confirmed":
            refused(request, error)
            return redirect(trip_url(trip))
        return render(
            request,
            "mobile/trip_confirm.html",
            {"trip": trip, "check": selectors.trip_check(trip)},
        )
    except LibnetError as error:
        refused(request, error)
    return redirect(trip_url(trip))


@login_required
@require_POST
def trip_stop_figures(request: HttpRequest, trip_id: int, stop_id: int) -> HttpResponse:
    trip = access.get_trip_for_staff(request.user, trip_id)
    stop = access.get_trip_stop(trip, stop_id)
    form = FiguresForm(request.POST, prefix=f"stop{stop.pk}")
    if form.is_valid():
        try:
            services.record_stop_figures(stop=stop, by=request.user, **form.cleaned_data)
        except LibnetError as error:
            refused(request, error)
        else:
            messages.success(
                request, _("Figures of %(place)s saved.") % {"place": stop.route_stop.name}
            )
    else:
        messages.error(
            request,
            _("The figures must be whole numbers from 0 to %(maximum)s.")
            % {"maximum": policies.MAX_FIGURE},
        )
    return redirect(trip_url(trip, f"stop-{stop.pk}"))


@login_required
@require_POST
def trip_check_back(request: HttpRequest, trip_id: int) -> HttpResponse:
    trip = access.get_trip_for_staff(request.user, trip_id)
    form = CheckBackForm(request.POST)
    if form.is_valid():
        barcode = text.identifier(form.cleaned_data["barcode"])
        item = trip.stock.filter(item__barcode=barcode).select_related("item").first()
        try:
            if item is None:
                raise TripRefused("not_on_trip", barcode=barcode)
            services.check_back_copy(
                trip=trip, item=item.item, damaged=form.cleaned_data["damaged"], by=request.user
            )
        except LibnetError as error:
            refused(request, error)
        else:
            messages.success(request, _("Copy %(barcode)s is back.") % {"barcode": barcode})
    return redirect(trip_url(trip, "check"))
