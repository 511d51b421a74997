"""Staff pages of events, under /staff/events/: the calendar (a month, or a list) of a
library and the libraries below it, planning an event, its page with holding, reporting and
cancelling, and the national days suggested for a year."""

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
from libnet.core.errors import LibnetError
from libnet.events import access, documents, selectors, services
from libnet.events.forms import CancelForm, EventForm, ReportForm
from libnet.events.models import Audience, Event, EventState
from libnet.network import access as network_access
from libnet.network import selectors as network_selectors
from libnet.network.models import Library


def _my_libraries(request: HttpRequest) -> Any:
    ids = access.require_events_role(request.user)
    return Library.objects.filter(pk__in=ids, is_active=True).order_by("sort_key", "code")


def _chosen_library(request: HttpRequest, libraries: Any) -> Library:
    code = request.GET.get("library", "")
    if code:
        return access.get_library_for_events(request.user, code)
    own = network_access.own_library(request.user, access.PERMISSION)
    return own if own is not None else libraries.first()


def _month(request: HttpRequest) -> dt.date:
    try:
        year, month = (int(part) for part in request.GET.get("month", "").split("-"))
        return dt.date(year, month, 1)
    except ValueError:
        return clock.today().replace(day=1)


def _shift(month: dt.date, by: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + by
    return dt.date(index // 12, index % 12 + 1, 1)


@login_required
@require_GET
def event_calendar(request: HttpRequest) -> HttpResponse:
    """A month of events of a library and every library below it that the user sees: as a
    calendar, or as a list (`?view=list`), with how many are planned and held."""
    libraries = _my_libraries(request)
    library = _chosen_library(request, libraries)
    month = _month(request)
    last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    visible = network_access.visible_library_ids(request.user)
    library_ids = network_selectors.subtree_ids([library.pk]) & visible
    events = list(selectors.events_between(library_ids, start=month, end=last))
    by_day: dict[dt.date, list[Event]] = {}
    for event in events:
        by_day.setdefault(clock.local_date(event.starts_at), []).append(event)
    weeks = [
        [(day, by_day.get(day, [])) if day.month == month.month else (None, []) for day in week]
        for week in calendar.Calendar().monthdatescalendar(month.year, month.month)
    ]
    counts = dict.fromkeys(EventState.values, 0)
    for event in events:
        counts[event.state] += 1
    return render(
        request,
        "events/calendar.html",
        {
            "libraries": libraries,
            "library": library,
            "month": month,
            "previous": _shift(month, -1).strftime("%Y-%m"),
            "next": _shift(month, 1).strftime("%Y-%m"),
            "view": "list" if request.GET.get("view") == "list" else "month",
            "events": events,
            "weeks": weeks,
            "counts": counts,
            "below": len(library_ids) > 1,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_new(request: HttpRequest) -> HttpResponse:
    libraries = _my_libraries(request)
    initial = {}
    own = network_access.own_library(request.user, access.PERMISSION)
    if own is not None:
        initial["library"] = own.code
    form = EventForm(request.POST or None, libraries=libraries, initial=initial)

    def create(data: dict[str, Any]) -> HttpResponse:
        starts_at, ends_at = form.moments()
        library = data["library"]
        event = services.plan_event(
            library=library,
            kind_code=data["kind"].code,
            title=data["title"],
            starts_at=starts_at,
            ends_at=ends_at,
            venue_library=None if data["venue"] else library,
            venue_address=data["venue"],
            audiences=data["audiences"],
            planned_adults=data["planned_adults"],
            planned_children=data["planned_children"],
            co_organisers=list(data["co_organisers"]),
            partners=data["partners"],
            notes=data["notes"],
            is_published=data["is_published"],
            repeat=data["repeat"],
            repeat_until=data["repeat_until"],
            capacity=data["capacity"],
            by=request.user,
        )
        messages.success(request, _("The event is planned."))
        return redirect("events:detail", event.pk)

    done = pages.submit(request, form, create)
    if done is not None:
        return done
    return render(request, "events/new.html", {"form": form}, status=pages.form_status(request))


def _detail(request: HttpRequest, event: Event, **extra: Any) -> HttpResponse:
    context = {
        "event": event,
        "co_organisers": list(event.co_organisers.all()),
        "audiences": [Audience(code).label for code in event.audiences if code in Audience.values],
        "groups": [
            (Audience(code).label, count)
            for code, count in event.attended_groups.items()
            if code in Audience.values
        ],
        "partner_bodies": list(event.partner_bodies.all()),
        "can_hold": event.state == EventState.PLANNED,
        "can_report": event.state != EventState.CANCELLED,
        "can_cancel": event.state == EventState.PLANNED,
        "report_form": extra.pop("report_form", None)
        or ReportForm(
            initial={
                "adults": event.attended_adults or None,
                "children": event.attended_children or None,
                **event.attended_groups,
                "results": event.results,
            }
        ),
        "cancel_form": extra.pop("cancel_form", None) or CancelForm(),
        "registrations": list(event.registrations.all()),
        **extra,
    }
    return render(request, "events/detail.html", context, status=extra.get("status", 200))


@login_required
@require_GET
def event_detail(request: HttpRequest, event_id: int) -> HttpResponse:
    return _detail(request, access.get_event_for_staff(request.user, event_id))


@login_required
@require_POST
def event_hold(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access.get_event_for_staff(request.user, event_id)
    try:
        services.hold_event(event=event, by=request.user)
    except LibnetError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The event is recorded as held."))
    return redirect("events:detail", event.pk)


@login_required
@require_POST
def event_report(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access.get_event_for_staff(request.user, event_id)
    form = ReportForm(request.POST)

    def report(data: dict[str, Any]) -> HttpResponse:
        services.report_event(
            event=event,
            adults=data["adults"],
            children=data["children"],
            groups=form.groups(),
            results=data["results"],
            by=request.user,
        )
        messages.success(request, _("The attendance is reported."))
        return redirect("events:detail", event.pk)

    done = pages.submit(request, form, report)
    if done is not None:
        return done
    return _detail(request, event, report_form=form, status=400)


@login_required
@require_POST
def event_cancel(request: HttpRequest, event_id: int) -> HttpResponse:
    event = access.get_event_for_staff(request.user, event_id)
    form = CancelForm(request.POST)

    def cancel(data: dict[str, Any]) -> HttpResponse:
        services.cancel_event(event=event, reason=data["reason"], by=request.user)
        messages.success(request, _("The event is cancelled."))
        return redirect("events:detail", event.pk)

    done = pages.submit(request, form, cancel)
    if done is not None:
        return done
    return _detail(request, event, cancel_form=form, status=400)


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or 0)
    except ValueError:
        year = 0
    today = clock.today()
    return year if today.year - 1 <= year <= today.year + 1 else today.year


@login_required
@require_http_methods(["GET", "POST"])
def suggestions(request: HttpRequest) -> HttpResponse:
    """The national days suggested to a library for a year; each made into the library's
    event in one step, or into the event of every library below it."""
    libraries = _my_libraries(request)
    code = request.POST.get("library") or request.GET.get("library", "")
    library = (
        access.get_library_for_events(request.user, code)
        if code
        else _chosen_library(request, libraries)
    )
    year = _year(request)
    if request.method == "POST":
        national_day = access.get_national_day(request.POST.get("national_day", ""))
        try:
            if request.POST.get("scope") == "subtree":
                made = services.plan_from_suggestion_for_subtree(
                    root=library,
                    national_day=national_day,
                    year=year,
                    by=request.user,
                    within=access.event_library_ids(request.user),
                )
                messages.success(
                    request,
                    _("%(count)s events planned for %(name)s.")
                    % {"count": len(made), "name": national_day.name},
                )
            else:
                event = services.plan_from_suggestion(
                    library=library, national_day=national_day, year=year, by=request.user
                )
                messages.success(request, _("The event is planned."))
                return redirect("events:detail", event.pk)
        except LibnetError as error:
            messages.error(request, error.message)
        return redirect(f"{request.path}?library={library.code}&year={year}")
    below = network_selectors.subtree_ids([library.pk]) - {library.pk}
    return render(
        request,
        "events/suggestions.html",
        {
            "libraries": libraries,
            "library": library,
            "year": year,
            "years": [year - 1, year, year + 1],
            "suggestions": selectors.suggestions(library, year),
            "covers_below": bool(below & access.event_library_ids(request.user)),
        },
    )


@login_required
@require_GET
def plan_pdf(request: HttpRequest, event_id: int) -> HttpResponse:
    """The event's plan (kế hoạch tổ chức) as a PDF."""
    event = access.get_event_for_staff(request.user, event_id)
    return pages.inline_pdf(documents.plan_pdf(event), f"ke-hoach-su-kien-{event.pk}.pdf")


@login_required
@require_GET
def results_pdf(request: HttpRequest, event_id: int) -> HttpResponse:
    """The event's results report (báo cáo kết quả) as a PDF."""
    event = access.get_event_for_staff(request.user, event_id)
    return pages.inline_pdf(documents.results_pdf(event), f"bao-cao-su-kien-{event.pk}.pdf")


@login_required
@require_POST
def registration_erase(request: HttpRequest, event_id: int, registration_id: int) -> HttpResponse:
    """Erase a registration on the person's request (organisers only)."""
    registration = access.get_registration_for_staff(request.user, event_id, registration_id)
    services.erase_registration(registration=registration, by=request.user)
    messages.success(request, _("The registration is erased."))
    return redirect("events:detail", event_id)
