"""Public pages of events: the upcoming events (by library, by month), an event's page, and
the iCalendar feeds of the network and of each library. Only published events, never a
cancelled one; nothing here writes."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from libnet.core import clock, pages
from libnet.events import access, feeds, policies, selectors, services
from libnet.events.errors import EventRefused
from libnet.events.forms import RegistrationForm
from libnet.events.models import Audience, Event
from libnet.network import selectors as network_selectors
from libnet.network.models import Library

# A feed holds the published events from a quarter ago to a year ahead, at most this many.
FEED_DAYS_BACK = 92
FEED_DAYS_AHEAD = 366
FEED_MAX = 500
UPCOMING_ON_PAGE = 50


def _in_subtree(events: QuerySet[Event], library: Library | None) -> QuerySet[Event]:
    if library is None:
        return events
    return events.filter(library_id__in=network_selectors.subtree_ids([library.pk]))


def _month(value: str) -> dt.date | None:
    try:
        year, month = (int(part) for part in value.split("-"))
        return dt.date(year, month, 1)
    except ValueError:
        return None


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    """The upcoming published events, or those of a month (`?month=2026-04`), of the network
    or of a library and the libraries below it (`?library=`)."""
    code = request.GET.get("library", "")
    library = access.get_public_library(code) if code else None
    month = _month(request.GET.get("month", ""))
    events = _in_subtree(selectors.public_events(), library)
    if month is not None:
        last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
        since = selectors.start_of_day(month)
        until = selectors.start_of_day(last + dt.timedelta(days=1))
        found = list(
            events.filter(starts_at__gte=since, starts_at__lt=until).order_by("starts_at", "pk")
        )
    else:
        found = list(
            events.filter(ends_at__gte=clock.now()).order_by("starts_at", "pk")[:UPCOMING_ON_PAGE]
        )
    this_month = clock.today().replace(day=1)
    months = []
    for step in range(0, 6):
        index = this_month.year * 12 + this_month.month - 1 + step
        months.append(dt.date(index // 12, index % 12 + 1, 1))
    return render(
        request,
        "events/public_list.html",
        {
            "events": found,
            "library": library,
            "month": month,
            "months": months,
            "libraries": Library.objects.filter(is_active=True).order_by("sort_key", "code"),
            "feed_url": reverse("public_events:library_feed", args=[library.code])
            if library
            else reverse("public_events:feed"),
        },
    )


def _event_page(
    request: HttpRequest, event: Event, form: RegistrationForm | None = None, status: int = 200
) -> HttpResponse:
    taken = event.registrations.count() if event.capacity else 0
    refusal = policies.registration_refusal(
        state=event.state,
        starts_at=event.starts_at,
        now=clock.now(),
        capacity=event.capacity,
        taken=taken,
    )
    return render(
        request,
        "events/public_event.html",
        {
            "event": event,
            "audiences": [
                Audience(code).label for code in event.audiences if code in Audience.values
            ],
            "places_left": (event.capacity or 0) - taken,
            "registration_open": refusal is None,
            "registration_closed": (
                EventRefused(refusal).message if refusal in ("registration_closed", "full") else ""
            ),
            "form": form or RegistrationForm(),
            "keep_days": policies.REGISTRATION_KEEP_DAYS,
        },
        status=status,
    )


@require_GET
def event_page(request: HttpRequest, event_id: int) -> HttpResponse:
    return _event_page(request, access.get_public_event(event_id))


@require_POST
def register(request: HttpRequest, event_id: int) -> HttpResponse:
    """Register for an event with a name and a phone; the answer says so on the page."""
    event = access.get_public_event(event_id)
    form = RegistrationForm(request.POST)

    def write(data: dict[str, Any]) -> HttpResponse:
        services.register_for_event(event=event, full_name=data["full_name"], phone=data["phone"])
        messages.success(
            request, _("You are registered. The library will call you if anything changes.")
        )
        return redirect("public_events:event", event.pk)

    done = pages.submit(request, form, write)
    if done is not None:
        return done
    return _event_page(request, event, form, status=400)


def _feed(request: HttpRequest, library: Library | None) -> HttpResponse:
    today = clock.today()
    since = selectors.start_of_day(today - dt.timedelta(days=FEED_DAYS_BACK))
    until = selectors.start_of_day(today + dt.timedelta(days=FEED_DAYS_AHEAD))
    events: list[Event] = list(
        _in_subtree(selectors.public_events(), library)
        .filter(starts_at__gte=since, starts_at__lt=until)
        .order_by("starts_at", "pk")[:FEED_MAX]
    )
    name = (
        _("Events of %(library)s") % {"library": library.name}
        if library
        else _("Events of the library network")
    )
    content = feeds.calendar_bytes(
        events,
        name=name,
        url_of={
            event.pk: request.build_absolute_uri(reverse("public_events:event", args=[event.pk]))
            for event in events
        },
        host=request.get_host().split(":")[0] or "libnet",
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    filename = f"{library.code.lower()}-events.ics" if library else "events.ics"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def network_feed(request: HttpRequest) -> HttpResponse:
    return _feed(request, None)


@require_GET
def library_feed(request: HttpRequest, code: str) -> HttpResponse:
    return _feed(request, access.get_public_library(code))
