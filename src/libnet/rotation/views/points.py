"""The planning view (every batch by point), a point's year plan and area profile, and the
monthly figures of deposit points that do not run libnet."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from libnet.core import clock, pages
from libnet.core.errors import NotFound
from libnet.network.models import Library
from libnet.rotation import access, selectors, services
from libnet.rotation.forms import DepositUsageForm, PointProfileForm
from libnet.rotation.models import BatchState, DepositUsage, PointArea, PointProfile
from libnet.rotation.views.common import require_rotation_role

# Years a plan page can show: a date is built from the year (Python's dates end at 9999).
MIN_PLAN_YEAR, MAX_PLAN_YEAR = 1900, 9999


def _plan_year(value: str | None) -> int | None:
    """The year asked for in the query string, or None when it is missing, not a number or
    outside 1900..9999 (a date cannot be built from it): the page then shows its default."""
    value = (value or "").strip()
    if not value.isascii() or not value.isdigit():
        return None
    year = int(value)
    return year if MIN_PLAN_YEAR <= year <= MAX_PLAN_YEAR else None


@login_required
@require_GET
def batch_list(request: HttpRequest) -> HttpResponse:
    """All batches of my libraries by point: where each box is now, what is due back."""
    library_ids = require_rotation_role(request.user)
    today = clock.today()
    year_number = _plan_year(request.GET.get("year"))
    rows = selectors.planning_rows(library_ids=library_ids, today=today, year=year_number)
    state = request.GET.get("state", "")
    if state == "open":
        rows = [row for row in rows if row.batch.is_open]
    elif state == "overdue":
        rows = [row for row in rows if row.is_overdue]
    points: list[dict[str, Any]] = []
    for row in rows:
        if not points or points[-1]["point"].pk != row.batch.to_library_id:
            points.append({"point": row.batch.to_library, "rows": []})
        points[-1]["rows"].append(row)
    return render(
        request,
        "rotation/batch_list.html",
        {
            "points": points,
            "overdue_count": sum(row.is_overdue for row in rows),
            "open_count": sum(row.batch.is_open for row in rows),
            "year": year_number,
            "years": range(today.year - 2, today.year + 2),
            "state": state,
            "today": today,
        },
    )


@login_required
@require_GET
def point_plan(request: HttpRequest, code: str) -> HttpResponse:
    """The year plan of one point: its batches month by month, and its area profile."""
    library_ids = require_rotation_role(request.user)
    point = Library.objects.filter(code=code).first()
    if point is None:
        raise NotFound("library_not_found")
    today = clock.today()
    year = _plan_year(request.GET.get("year")) or today.year
    batches = list(
        access.batches_for_staff(request.user)
        .filter(to_library=point, planned_start__year__lte=year, planned_end__year__gte=year)
        .exclude(state=BatchState.CANCELLED)
        .select_related("from_library")
        .order_by("planned_start", "pk")
    )
    if not batches and point.pk not in library_ids:
        raise NotFound("library_not_found")
    months = [dt.date(year, month, 1) for month in range(1, 13)]
    plan = []
    for batch in batches:
        cells = []
        for first in months:
            last = first.replace(day=calendar.monthrange(year, first.month)[1])
            cells.append(batch.planned_start <= last and batch.planned_end >= first)
        plan.append({"batch": batch, "cells": cells})
    profile = PointProfile.objects.filter(library=point).first()
    usage = DepositUsage.objects.filter(point=point, month__year=year).order_by("month")
    return render(
        request,
        "rotation/point_plan.html",
        {
            "point": point,
            "year": year,
            "months": months,
            "plan": plan,
            "profile": profile,
            "profile_form": PointProfileForm(
                initial={
                    "area": profile.area if profile else PointArea.NORMAL,
                    "max_months": profile.max_months if profile else None,
                }
            ),
            "can_set_profile": bool(library_ids & {point.pk, point.parent_id or 0}),
            "usage": usage,
        },
    )


@login_required
@require_POST
def point_profile(request: HttpRequest, code: str) -> HttpResponse:
    """Mark a point remote, border or island, with the longest stay the library sets."""
    library_ids = require_rotation_role(request.user)
    point = Library.objects.filter(code=code).first()
    if point is None or not library_ids & {point.pk, point.parent_id or 0}:
        raise NotFound("library_not_found")
    form = PointProfileForm(request.POST)
    if form.is_valid():
        services.set_point_profile(
            library=point,
            area=form.cleaned_data["area"],
            max_months=form.cleaned_data["max_months"],
            by=request.user,
        )
        messages.success(request, _("Rotation point profile saved."))
    else:
        messages.error(request, _("The profile was not saved: check the fields."))
    return redirect("rotation:point_plan", point.code)


@login_required
@require_http_methods(["GET", "POST"])
def deposit_usage(request: HttpRequest) -> HttpResponse:
    """Monthly loans and readers of deposit points that do not run libnet, from their forms.

    Staff enter the points of their libraries and the direct children, not running libnet,
    of a library where they work at the desk or report (access.deposit_point_ids)."""
    point_ids = access.deposit_point_ids(request.user)
    if not point_ids:
        require_rotation_role(request.user)  # a user who moves no copies gets a 403
    code = request.POST.get("point") or request.GET.get("point")
    chosen = access.get_deposit_point_for_staff(request.user, code) if code else None
    points = Library.objects.filter(pk__in=point_ids, is_active=True).order_by("sort_key", "code")
    today = clock.today()
    form = DepositUsageForm(
        request.POST or None,
        points=points,
        initial={
            "point": chosen or points.first(),
            "month": (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1),
        },
    )

    def record(data: dict[str, Any]) -> HttpResponse:
        row = services.record_deposit_usage(
            point=data["point"],
            month=data["month"],
            loans=data["loans"],
            readers=data["readers"],
            note=data["note"],
            by=request.user,
        )
        messages.success(
            request,
            _("Usage of %(month)s at %(point)s saved.")
            % {"month": row.month.strftime("%m/%Y"), "point": row.point.name},
        )
        return redirect("rotation:deposit_usage")

    done = pages.submit(request, form, record)
    if done is not None:
        return done
    rows = (
        DepositUsage.objects.filter(point__in=points)
        .select_related("point", "entered_by")
        .order_by("-month", "point__sort_key")[:60]
    )
    return render(
        request,
        "rotation/deposit_usage.html",
        {"form": form, "rows": rows, "has_points": points.exists()},
        status=pages.form_status(request),
    )
