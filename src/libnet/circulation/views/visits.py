"""A day's visit count entered by hand (from a paper tally), and the last two weeks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from libnet.circulation import services
from libnet.circulation.forms import VisitsForm
from libnet.circulation.models import VisitCount, VisitSource
from libnet.circulation.views.common import chosen_desk, date_text, desk_libraries
from libnet.core import clock, pages
from libnet.core.errors import LibnetError, NotFound
from libnet.core.text import identifier
from libnet.network.models import Library

VISIT_DAYS_SHOWN = 14

# The service's refusals, beside the field each is about.
REFUSAL_FIELDS = {"future_day": "day", "date_out_of_range": "day", "invalid_count": "count"}


def _recent_visits(library: Library, today: dt.date) -> list[dict[str, Any]]:
    """Visits of the last days at `library`, one row per day with a column per source."""
    first_day = today - dt.timedelta(days=VISIT_DAYS_SHOWN - 1)
    counts = VisitCount.objects.filter(library=library, day__gte=first_day, day__lte=today)
    by_day: dict[dt.date, dict[str, int]] = {}
    for row in counts:
        by_day.setdefault(row.day, {})[row.source] = row.count
    rows = []
    for offset in range(VISIT_DAYS_SHOWN):
        day = today - dt.timedelta(days=offset)
        sources = by_day.get(day, {})
        rows.append(
            {
                "day": day,
                "desk": sources.get(VisitSource.DESK),
                "gate": sources.get(VisitSource.GATE),
                "manual": sources.get(VisitSource.MANUAL),
                "total": sum(sources.values()),
            }
        )
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def visits(request: HttpRequest) -> HttpResponse:
    """Enter a day's visit count by hand (from a paper tally), and see the last two weeks."""
    libraries = desk_libraries(request.user)
    today = clock.today()
    initial_library = chosen_desk(request) or libraries.first()
    form = VisitsForm(
        request.POST or None,
        libraries=libraries,
        today=today,
        initial={"library": initial_library, "day": today},
    )

    def record(data: dict[str, Any]) -> HttpResponse:
        library = data["library"]
        services.record_visits(
            library=library,
            day=data["day"],
            count=data["count"],
            source=VisitSource.MANUAL,
            by=request.user,
        )
        messages.success(
            request,
            _("%(count)s visits recorded for %(day)s at %(library)s.")
            % {"count": data["count"], "day": date_text(data["day"]), "library": library.name},
        )
        return redirect(f"{reverse('circulation:visits')}?library={library.code}")

    def refused(error: LibnetError) -> None:
        form.add_error(REFUSAL_FIELDS.get(error.code), error.message)

    done = pages.submit(request, form, record, refused=refused)
    if done is not None:
        return done
    shown = initial_library
    wanted = request.GET.get("library") or (
        form.data.get("library") if request.method == "POST" else ""
    )
    if wanted:
        shown = libraries.filter(code=identifier(wanted)).first()
        if shown is None:
            raise NotFound("library_not_found")  # another library's counts do not exist for you
    return render(
        request,
        "circulation/visits.html",
        {
            "form": form,
            "library": shown,
            "rows": _recent_visits(shown, today) if shown else [],
            "libraries": libraries,
        },
        status=pages.form_status(request),
    )
