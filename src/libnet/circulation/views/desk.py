"""The circulation desk: one scan field for cards and copies, a mode (lend, return, read in
place), the reader's loans and holds, a visit button and the day's slip.

The desk answers htmx requests with its workspace fragment and plain form posts with a
redirect, so it works without JavaScript too.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from libnet.circulation import access, selectors, services
from libnet.circulation.desk import DeskState, EventLevel, Mode
from libnet.circulation.errors import RenewalRefused
from libnet.circulation.forms import MAX_USES_AT_ONCE, DeskLibraryForm, InLibraryUseForm, ScanForm
from libnet.circulation.models import HoldStatus, Loan, VisitSource
from libnet.circulation.views.common import (
    chosen_desk,
    date_text,
    desk_libraries,
    require_circulation_role,
    require_desk,
)
from libnet.circulation.views.desk_scans import (
    desk_reader,
    lend,
    now_text,
    refuse,
    take_back,
    use_in_library,
)
from libnet.core import clock, pages
from libnet.core.errors import LibnetError, NotFound
from libnet.network.models import Library
from libnet.patrons import selectors as patrons_selectors
from libnet.patrons.errors import CardRefused
from libnet.patrons.models import Patron


def _start_of_day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=clock.VIETNAM)


def _todays_loans(patron: Patron, desk: Library, today: dt.date) -> QuerySet[Loan]:
    """Loans made today at `desk` to `patron`, open or already returned: the slip's lines."""
    return (
        Loan.objects.filter(
            patron=patron,
            library=desk,
            loaned_at__gte=_start_of_day(today),
            loaned_at__lt=_start_of_day(today + dt.timedelta(days=1)),
        )
        .select_related("item__bib")
        .order_by("loaned_at", "pk")
    )


def _reader_context(
    patron: Patron | None, desk: Library, today: dt.date, library_ids: frozenset[int]
) -> dict[str, object]:
    """What the desk shows of the reader: the card, and the loans and holds of the libraries
    the clerk works for. A library that issued the card sees every loan; any other desk sees
    the loans made at its libraries, and only counts the others (the loan limit is
    network-wide): what a reader borrows at another library is not this desk's to read
    (Luật Thư viện Art. 8), nor are the reader's contacts (patrons.access)."""
    if patron is None:
        return {"reader": None}
    all_loans = list(selectors.open_loans(patron=patron))
    personal = patron.home_library_id in library_ids
    loans = (
        all_loans if personal else [loan for loan in all_loans if loan.library_id in library_ids]
    )
    ready_holds = [
        hold
        for hold in selectors.open_holds(patron=patron)
        if hold.status == HoldStatus.READY and hold.pickup_library_id in library_ids
    ]
    card_refusal = patrons_selectors.card_refusal(patron=patron, on=today)
    return {
        "reader": patron,
        "card_problem": CardRefused(card_refusal.code, **card_refusal.params).message
        if card_refusal
        else "",
        "loans": loans,
        "loans_elsewhere": len(all_loans) - len(loans),
        "overdue_count": sum(1 for loan in loans if loan.due_on < today),
        "ready_holds": ready_holds,
        "lent_today_ids": {loan.pk for loan in loans if clock.local_date(loan.loaned_at) == today},
        "reader_personal": personal,
    }


def _desk_context(request: HttpRequest, desk: Library) -> dict[str, object]:
    state = DeskState(request.session)
    today = clock.today()
    patron = desk_reader(request, state, desk)
    events = state.events
    context: dict[str, object] = {
        "desk": desk,
        "mode": state.mode,
        "modes": Mode.choices,
        "events": events,
        "latest_events": state.latest_events,
        "latest_scan": events[0].scan if events else None,
        "today": today,
        "visits_today": selectors.visits_on(library=desk, day=today),
        "scan_form": ScanForm(),
        "use_form": InLibraryUseForm(),
        "can_choose_desk": len(require_circulation_role(request.user)) > 1,
    }
    context.update(_reader_context(patron, desk, today, require_circulation_role(request.user)))
    return context


def _desk_response(request: HttpRequest, desk: Library) -> HttpResponse:
    """The workspace fragment for htmx, a redirect to the desk page for a plain form post."""
    if pages.is_htmx(request):
        context = _desk_context(request, desk)
        context["oob_status"] = True  # the live region sits outside the swapped workspace
        return render(request, "circulation/_desk_workspace.html", context)
    return redirect("circulation:desk")


@login_required
@require_GET
def desk(request: HttpRequest) -> HttpResponse:
    desk_library = chosen_desk(request)
    if desk_library is None:
        return render(
            request,
            "circulation/desk_choose.html",
            {"form": DeskLibraryForm(libraries=desk_libraries(request.user))},
        )
    context = _desk_context(request, desk_library)
    return render(request, "circulation/desk.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def desk_library(request: HttpRequest) -> HttpResponse:
    """Choose (or change) the library whose counter this browser is."""
    form = DeskLibraryForm(request.POST or None, libraries=desk_libraries(request.user))
    if request.method == "POST" and form.is_valid():
        DeskState(request.session).set_library(form.cleaned_data["library"].pk)
        return redirect("circulation:desk")
    status = 400 if request.method == "POST" else 200
    return render(request, "circulation/desk_choose.html", {"form": form}, status=status)


@login_required
@require_POST
def desk_mode(request: HttpRequest) -> HttpResponse:
    desk_library = require_desk(request)
    DeskState(request.session).set_mode(request.POST.get("mode", ""))
    return _desk_response(request, desk_library)


@login_required
@require_POST
def desk_end(request: HttpRequest) -> HttpResponse:
    """End the reader's turn (Esc): the next card starts afresh."""
    desk_library = require_desk(request)
    state = DeskState(request.session)
    state.end_reader()
    state.set_mode(Mode.LEND)
    return _desk_response(request, desk_library)


@login_required
@require_POST
def desk_scan(request: HttpRequest) -> HttpResponse:
    """One scan: a reader's card, or a copy to lend, return or count as read in place."""
    desk_library = require_desk(request)
    state = DeskState(request.session)
    form = ScanForm(request.POST)
    if form.is_valid():
        barcode = form.cleaned_data["barcode"]
        state.begin_action()
        if state.mode == Mode.RETURN:
            take_back(request, state, desk_library, barcode)
        elif state.mode == Mode.IN_LIBRARY_USE:
            use_in_library(request, state, desk_library, barcode)
        else:
            lend(request, state, desk_library, barcode)
    return _desk_response(request, desk_library)


@login_required
@require_POST
def desk_renew(request: HttpRequest, loan_id: int) -> HttpResponse:
    desk_library = require_desk(request)
    loan = access.get_loan_for_staff(request.user, loan_id)
    state = DeskState(request.session)
    state.begin_action()
    try:
        loan = services.renew_loan(loan=loan, by=request.user)
    except RenewalRefused as error:
        refuse(state, error)
    else:
        state.add_event(
            EventLevel.DONE,
            "renewed",
            _("Renewed: %(title)s, now due back %(due_on)s.")
            % {"title": loan.item.bib.title, "due_on": date_text(loan.due_on)},
            now_text(),
        )
    return _desk_response(request, desk_library)


@login_required
@require_POST
def desk_visit(request: HttpRequest) -> HttpResponse:
    """+1 visit (lượt bạn đọc) at this desk, today."""
    desk_library = require_desk(request)
    state = DeskState(request.session)
    state.begin_action()
    try:
        services.record_visits(
            library=desk_library,
            day=clock.today(),
            count=1,
            source=VisitSource.DESK,
            by=request.user,
        )
    except LibnetError as error:
        refuse(state, error)
    else:
        state.add_event(EventLevel.DONE, "visit", _("One visit counted."), now_text())
    return _desk_response(request, desk_library)


@login_required
@require_POST
def desk_use(request: HttpRequest) -> HttpResponse:
    """Count copies read in place without scanning them (newspapers, a table of books), or
    one copy by its barcode (the button of a "not on loan" return)."""
    desk_library = require_desk(request)
    state = DeskState(request.session)
    state.begin_action()
    barcode_form = ScanForm(request.POST)
    if "barcode" in request.POST:
        if barcode_form.is_valid():
            use_in_library(request, state, desk_library, barcode_form.cleaned_data["barcode"])
        else:
            state.add_event(
                EventLevel.REFUSED,
                "invalid",
                _("Scan or type the barcode of the copy read in place."),
                now_text(),
            )
        return _desk_response(request, desk_library)
    form = InLibraryUseForm(request.POST)
    if form.is_valid():
        count = form.cleaned_data["count"]
        services.record_in_library_use(library=desk_library, by=request.user, count=count)
        state.add_event(
            EventLevel.DONE,
            "used_in_library",
            _("%(count)s uses in the library counted.") % {"count": count},
            now_text(),
        )
    else:
        state.add_event(
            EventLevel.REFUSED,
            "invalid",
            _("Enter how many copies were read in the library, from 1 to %(limit)s.")
            % {"limit": MAX_USES_AT_ONCE},
            now_text(),
        )
    return _desk_response(request, desk_library)


@login_required
@require_GET
def desk_slip(request: HttpRequest) -> HttpResponse:
    """Today's loans of the reader at the desk, on a page made to print."""
    desk_library = require_desk(request)
    state = DeskState(request.session)
    patron = desk_reader(request, state, desk_library)
    if patron is None:
        raise NotFound("patron_not_found")
    today = clock.today()
    return render(
        request,
        "circulation/slip.html",
        {
            "desk": desk_library,
            "reader": patron,
            "loans": _todays_loans(patron, desk_library, today),
            "today": today,
            "printed_at": clock.now(),
        },
    )
