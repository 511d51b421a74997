"""Staff pages of the mobile library: trips, routes, the trip page, the tablet's stop page and
Mẫu 01. Thin: parse → access getter → one service → render or redirect.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from libnet.core import clock, text
from libnet.core.errors import LibnetError, NotFound
from libnet.mobile import access, documents, policies, selectors, services
from libnet.mobile.errors import TripRefused
from libnet.mobile.forms import (
    BarcodesForm,
    CheckBackForm,
    CrewForm,
    FiguresForm,
    ReportForm,
    RescheduleForm,
    RouteForm,
    RouteStopForm,
    TripForm,
    VehicleForm,
)
from libnet.mobile.models import MobileTrip, TripState
from libnet.network.errors import RoleRequired

# ---------------------------------------------------------------- helpers


def _mobile_libraries(user):
    """The user's mobile libraries; a user with none gets a 403 saying why."""
    libraries = access.mobile_libraries_for_staff(user).order_by("sort_key", "code")
    if not libraries.exists():
        raise RoleRequired("mobile_crew")
    return libraries


def _trip_url(trip: MobileTrip, anchor: str = "") -> str:
    url = reverse("mobile:trip", args=[trip.pk])
    return f"{url}#{anchor}" if anchor else url


def _refused(request: HttpRequest, error: LibnetError) -> None:
    messages.error(request, error.message)


# ---------------------------------------------------------------- trips


@login_required
@require_http_methods(["GET", "POST"])
def trip_list(request):
    """The trips of the user's mobile libraries, and a form to plan one."""
    libraries = _mobile_libraries(request.user)
    routes = access.routes_for_staff(request.user).filter(library__in=libraries, is_active=True)
    vehicles = access.vehicles_for_staff(request.user).filter(is_active=True)
    form = TripForm(
        request.POST or None,
        routes=routes,
        vehicles=vehicles,
        initial={"date": clock.today()},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                trip = services.plan_trip(
                    route=form.cleaned_data["route"],
                    vehicle=form.cleaned_data["vehicle"],
                    date=form.cleaned_data["date"],
                    by=request.user,
                )
            except LibnetError as error:
                form.add_error(None, error.message)
                status = 400
            else:
                messages.success(request, _("Trip planned."))
                return redirect(_trip_url(trip))
        else:
            status = 400
    trips = (
        access.trips_for_staff(request.user)
        .select_related("route__library", "vehicle")
        .order_by("-date", "-pk")[:100]
    )
    return render(
        request,
        "mobile/trip_list.html",
        {"trips": trips, "form": form, "has_routes": routes.exists()},
        status=status,
    )


@login_required
@require_GET
def trip(request, trip_id: int):
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
def trip_crew(request, trip_id: int):
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
            _refused(request, error)
    else:
        messages.error(request, _("Enter a name and a role."))
    return redirect(_trip_url(trip, "crew"))


@login_required
@require_POST
def trip_crew_remove(request, trip_id: int, member_id: int):
    trip = access.get_trip_for_staff(request.user, trip_id)
    member = trip.crew.filter(pk=member_id).first()
    if member is None:
        raise NotFound("not_found")
    try:
        services.remove_crew_member(member=member, by=request.user)
    except LibnetError as error:
        _refused(request, error)
    return redirect(_trip_url(trip, "crew"))


@login_required
@require_POST
def trip_stock(request, trip_id: int):
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
    return redirect(_trip_url(trip, "stock"))


@login_required
@require_POST
def trip_reschedule(request, trip_id: int):
    """Move a trip that has not left to another day (to leave today, say)."""
    trip = access.get_trip_for_staff(request.user, trip_id)
    form = RescheduleForm(request.POST)
    if form.is_valid():
        try:
            services.reschedule_trip(trip=trip, date=form.cleaned_data["date"], by=request.user)
        except LibnetError as error:
            _refused(request, error)
        else:
            messages.success(
                request,
                _("The trip is now planned for %(date)s.")
                % {"date": form.cleaned_data["date"].strftime("%d/%m/%Y")},
            )
    else:
        messages.error(request, _("Enter the new date of the trip."))
    return redirect(_trip_url(trip))


@login_required
@require_POST
def trip_action(request, trip_id: int, action: str):
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
            _refused(request, error)
            return redirect(_trip_url(trip))
        return render(
            request,
            "mobile/trip_confirm.html",
            {"trip": trip, "check": selectors.trip_check(trip)},
        )
    except LibnetError as error:
        _refused(request, error)
    return redirect(_trip_url(trip))


@login_required
@require_POST
def trip_stop_figures(request, trip_id: int, stop_id: int):
    trip = access.get_trip_for_staff(request.user, trip_id)
    stop = access.get_trip_stop(trip, stop_id)
    form = FiguresForm(request.POST, prefix=f"stop{stop.pk}")
    if form.is_valid():
        try:
            services.record_stop_figures(stop=stop, by=request.user, **form.cleaned_data)
        except LibnetError as error:
            _refused(request, error)
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
    return redirect(_trip_url(trip, f"stop-{stop.pk}"))


@login_required
@require_POST
def trip_check_back(request, trip_id: int):
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
            _refused(request, error)
        else:
            messages.success(request, _("Copy %(barcode)s is back.") % {"barcode": barcode})
    return redirect(_trip_url(trip, "check"))


@login_required
@require_GET
def stop(request, trip_id: int, stop_id: int):
    """The tablet's page at a stop: scans are queued on the tablet and synced when online."""
    trip = access.get_trip_for_staff(request.user, trip_id)
    trip_stop = access.get_trip_stop(trip, stop_id)
    return render(
        request,
        "mobile/stop.html",
        {
            "trip": trip,
            "stop": trip_stop,
            "stock": trip.stock.select_related("item__bib").order_by("item__barcode"),
            "can_lend": trip.state in policies.LENDING_STATES,
        },
    )


@require_GET
def service_worker(request):
    """The tablet's service worker (templates/mobile/service_worker.js), served from here so
    that its scope is /staff/mobile/: a stop page reloaded without a network is shown from
    the tablet's copy. Public: it holds no data, and the browser fetches it again to check
    for a new version even when the session has ended."""
    response = render(
        request,
        "mobile/service_worker.js",
        {
            "offline_title": _("No network"),
            "offline_text": _(
                "This stop page was never opened on this tablet while it had a network, so it cannot be shown now. Scans waiting on other stop pages are kept; open this page again when the network is back."
            ),
        },
        content_type="text/javascript; charset=utf-8",
    )
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = reverse("mobile:trip_list")
    return response


# ---------------------------------------------------------------- routes and vehicles


@login_required
@require_http_methods(["GET", "POST"])
def routes(request):
    """Routes and vehicles of the user's mobile libraries; forms to add one of each."""
    libraries = _mobile_libraries(request.user)
    route_form = RouteForm(
        request.POST if request.POST.get("form") == "route" else None, libraries=libraries
    )
    vehicle_form = VehicleForm(
        request.POST if request.POST.get("form") == "vehicle" else None, libraries=libraries
    )
    status = 200
    if request.method == "POST":
        form = route_form if request.POST.get("form") == "route" else vehicle_form
        if form.is_valid():
            try:
                if form is route_form:
                    route = services.create_route(
                        library=form.cleaned_data["library"],
                        name=form.cleaned_data["name"],
                        by=request.user,
                    )
                    return redirect("mobile:route", route_id=route.pk)
                services.create_vehicle(
                    library=form.cleaned_data["library"],
                    plate=form.cleaned_data["plate"],
                    name=form.cleaned_data["name"],
                    by=request.user,
                )
                messages.success(request, _("Vehicle added."))
                return redirect("mobile:routes")
            except LibnetError as error:
                form.add_error(None, error.message)
        status = 400
    return render(
        request,
        "mobile/routes.html",
        {
            "routes": access.routes_for_staff(request.user).prefetch_related("stops"),
            "vehicles": access.vehicles_for_staff(request.user).select_related("library"),
            "route_form": route_form,
            "vehicle_form": vehicle_form,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def route(request, route_id: int):
    """The route editor: stops in order; add one at the end, remove one never visited."""
    route = access.get_route_for_staff(request.user, route_id)
    form = RouteStopForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.add_route_stop(route=route, by=request.user, **form.cleaned_data)
            except LibnetError as error:
                form.add_error(None, error.message)
            else:
                return redirect("mobile:route", route_id=route.pk)
        status = 400
    return render(
        request,
        "mobile/route.html",
        {"route": route, "stops": route.stops.all(), "form": form},
        status=status,
    )


@login_required
@require_POST
def route_stop_remove(request, route_id: int, stop_id: int):
    route = access.get_route_for_staff(request.user, route_id)
    route_stop = access.get_route_stop_for_staff(request.user, stop_id)
    if route_stop.route_id != route.pk:
        raise NotFound("stop_not_found")
    try:
        services.remove_route_stop(stop=route_stop, by=request.user)
    except LibnetError as error:
        _refused(request, error)
    return redirect("mobile:route", route_id=route.pk)


# ---------------------------------------------------------------- Mẫu 01


def _report_from(request: HttpRequest):
    libraries = access.report_libraries_for_staff(request.user)
    if not libraries.exists():
        raise RoleRequired("mobile_report")
    today = clock.today()
    data = request.GET if "library" in request.GET else None
    form = ReportForm(
        data,
        libraries=libraries,
        initial={
            "library": libraries.first(),
            "period": "month",
            "year": today.year,
            "number": today.month,
        },
    )
    if data is None or not form.is_valid():
        return form, None
    bounds = policies.period_bounds(
        form.cleaned_data["period"], form.cleaned_data["year"], form.cleaned_data["number"] or 1
    )
    if bounds is None:
        return form, None
    report = selectors.mobile_report(
        library=form.cleaned_data["library"], start=bounds[0], end=bounds[1]
    )
    return form, report


@login_required
@require_GET
def report(request):
    """Mẫu 01 for a month, quarter or year, on screen with PDF and XLSX downloads."""
    form, mobile_report = _report_from(request)
    return render(
        request,
        "mobile/report.html",
        {
            "form": form,
            "report": mobile_report,
            "title": documents.report_title(),
            "period": documents.report_period(mobile_report) if mobile_report else "",
            "query": request.GET.urlencode(),
        },
        status=400 if form.is_bound and mobile_report is None else 200,
    )


def _download(request: HttpRequest, kind: str) -> HttpResponse:
    _form, mobile_report = _report_from(request)
    if mobile_report is None:
        raise NotFound("not_found")
    name = f"mau01-{mobile_report.library.code}-{mobile_report.start:%Y%m%d}-{mobile_report.end:%Y%m%d}"
    if kind == "pdf":
        response = HttpResponse(
            documents.report_pdf(mobile_report), content_type=documents.PDF_CONTENT_TYPE
        )
    else:
        response = HttpResponse(
            documents.report_workbook(mobile_report), content_type=documents.XLSX_CONTENT_TYPE
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


@login_required
@require_GET
def report_pdf(request):
    return _download(request, "pdf")


@login_required
@require_GET
def report_xlsx(request):
    return _download(request, "xlsx")
