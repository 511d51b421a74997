"""Routes with their stops, and the vehicles, of the user's mobile libraries."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from libnet.core import pages
from libnet.core.errors import LibnetError, NotFound
from libnet.mobile import access, services
from libnet.mobile.forms import RouteForm, RouteStopForm, VehicleForm
from libnet.mobile.views.common import mobile_libraries, refused


@login_required
@require_http_methods(["GET", "POST"])
def routes(request: HttpRequest) -> HttpResponse:
    """Routes and vehicles of the user's mobile libraries; forms to add one of each."""
    libraries = mobile_libraries(request.user)
    route_form = RouteForm(
        request.POST if request.POST.get("form") == "route" else None, libraries=libraries
    )
    vehicle_form = VehicleForm(
        request.POST if request.POST.get("form") == "vehicle" else None, libraries=libraries
    )
    form = route_form if request.POST.get("form") == "route" else vehicle_form

    def add(data: dict[str, Any]) -> HttpResponse:
        if form is route_form:
            route = services.create_route(
                library=data["library"], name=data["name"], by=request.user
            )
            return redirect("mobile:route", route_id=route.pk)
        services.create_vehicle(
            library=data["library"], plate=data["plate"], name=data["name"], by=request.user
        )
        messages.success(request, _("Vehicle added."))
        return redirect("mobile:routes")

    done = pages.submit(request, form, add)
    if done is not None:
        return done
    return render(
        request,
        "mobile/routes.html",
        {
            "routes": access.routes_for_staff(request.user).prefetch_related("stops"),
            "vehicles": access.vehicles_for_staff(request.user).select_related("library"),
            "route_form": route_form,
            "vehicle_form": vehicle_form,
        },
        status=pages.form_status(request),
    )


@login_required
@require_http_methods(["GET", "POST"])
def route(request: HttpRequest, route_id: int) -> HttpResponse:
    """The route editor: stops in order; add one at the end, remove one never visited."""
    route = access.get_route_for_staff(request.user, route_id)
    form = RouteStopForm(request.POST or None)

    def add_stop(data: dict[str, Any]) -> HttpResponse:
        services.add_route_stop(route=route, by=request.user, **data)
        return redirect("mobile:route", route_id=route.pk)

    done = pages.submit(request, form, add_stop)
    if done is not None:
        return done
    return render(
        request,
        "mobile/route.html",
        {"route": route, "stops": route.stops.all(), "form": form},
        status=pages.form_status(request),
    )


@login_required
@require_POST
def route_stop_remove(request: HttpRequest, route_id: int, stop_id: int) -> HttpResponse:
    route = access.get_route_for_staff(request.user, route_id)
    route_stop = access.get_route_stop_for_staff(request.user, stop_id)
    if route_stop.route_id != route.pk:
        raise NotFound("stop_not_found")
    try:
        services.remove_route_stop(stop=route_stop, by=request.user)
    except LibnetError as error:
        refused(request, error)
    return redirect("mobile:route", route_id=route.pk)
