"""Circulation staff pages: the desk, overdue loans and letters, the hold shelf, daily visits.

Thin: parse → access getter → one service → render. The desk answers htmx requests with its
workspace fragment and plain form posts with a redirect, so it works without JavaScript too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from libnet.catalog.models import Item, ItemStatus
from libnet.circulation import access, documents, selectors, services
from libnet.circulation.desk import DeskRefused, DeskState, EventLevel, Mode
from libnet.circulation.errors import (
    CheckinRefused,
    CheckoutRefused,
    HoldRefused,
    RenewalRefused,
    VisitRefused,
)
from libnet.circulation.forms import (
    MAX_USES_AT_ONCE,
    DeskLibraryForm,
    HoldCancelForm,
    InLibraryUseForm,
    OverdueFilterForm,
    ScanForm,
    VisitsForm,
)
from libnet.circulation.models import HoldStatus, Loan, VisitCount, VisitSource
from libnet.core import clock
from libnet.core.errors import LibnetError, NotFound
from libnet.core.text import identifier
from libnet.network import access as network_access
from libnet.network.models import Library
from libnet.patrons import access as patrons_access
from libnet.patrons import selectors as patrons_selectors
from libnet.patrons.errors import CardRefused
from libnet.patrons.models import Patron

VISIT_DAYS_SHOWN = 14


# ---------------------------------------------------------------- helpers


def _circulation_library_ids(user) -> frozenset[int]:
    """The libraries where `user` may lend; a user with none gets a 403 saying why."""
    return network_access.require_role(user, "circulation")


def _desk_libraries(user) -> QuerySet[Library]:
    return Library.objects.filter(
        pk__in=_circulation_library_ids(user), runs_libnet=True, is_active=True
    ).order_by("sort_key", "code")


def _desk_library(request: HttpRequest) -> Library | None:
    """The desk chosen in this session; a clerk of a single library needs not choose."""
    state = DeskState(request.session)
    library_ids = _circulation_library_ids(request.user)
    if state.library_id in library_ids:
        return Library.objects.filter(pk=state.library_id).first()
    libraries = list(_desk_libraries(request.user)[:2])
    if len(libraries) == 1:
        state.set_library(libraries[0].pk)
        return libraries[0]
    return None


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _now_text() -> str:
    return clock.now().astimezone(clock.VIETNAM).strftime("%H:%M")


def _date_text(day: dt.date) -> str:
    return formats.date_format(day, "d/m/Y")


def _desk_reader(request: HttpRequest, state: DeskState, desk: Library) -> Patron | None:
    """The reader whose card was scanned, or None; a card no longer valid here is closed.

    Found again by the card, as the scan found it (patrons.access.get_patron_for_lending):
    a reader on a joint card may never have used this library, and the staff getter, which
    asks exactly that, would drop them between the card and the first copy.
    """
    if state.reader_id is None:
        return None
    cached: Patron | None = getattr(request, "_desk_reader", None)
    if cached is not None and cached.pk == state.reader_id:
        return cached
    try:
        patron = patrons_access.get_patron_for_lending(request.user, state.reader_card, desk)
    except NotFound:
        patron = None
    if patron is None or patron.pk != state.reader_id:
        state.end_reader()
        return None
    request._desk_reader = patron  # type: ignore[attr-defined]  # one lookup per request
    return patron


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
    patron = _desk_reader(request, state, desk)
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
        "can_choose_desk": len(_circulation_library_ids(request.user)) > 1,
    }
    context.update(_reader_context(patron, desk, today, _circulation_library_ids(request.user)))
    return context


def _desk_response(request: HttpRequest, desk: Library) -> HttpResponse:
    """The workspace fragment for htmx, a redirect to the desk page for a plain form post."""
    if _is_htmx(request):
        context = _desk_context(request, desk)
        context["oob_status"] = True  # the live region sits outside the swapped workspace
        return render(request, "circulation/_desk_workspace.html", context)
    return redirect("circulation:desk")


def _require_desk(request: HttpRequest) -> Library:
    desk = _desk_library(request)
    if desk is None:
        raise NotFound("library_not_found")
    return desk


def _refused(state: DeskState, error: LibnetError) -> None:
    state.add_event(EventLevel.REFUSED, error.code, error.message, _now_text())


# ---------------------------------------------------------------- the desk


@login_required
@require_GET
def desk(request):
    desk_library = _desk_library(request)
    if desk_library is None:
        return render(
            request,
            "circulation/desk_choose.html",
            {"form": DeskLibraryForm(libraries=_desk_libraries(request.user))},
        )
    context = _desk_context(request, desk_library)
    return render(request, "circulation/desk.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def desk_library(request):
    """Choose (or change) the library whose counter this browser is."""
    form = DeskLibraryForm(request.POST or None, libraries=_desk_libraries(request.user))
    if request.method == "POST" and form.is_valid():
        DeskState(request.session).set_library(form.cleaned_data["library"].pk)
        return redirect("circulation:desk")
    status = 400 if request.method == "POST" else 200
    return render(request, "circulation/desk_choose.html", {"form": form}, status=status)


@login_required
@require_POST
def desk_mode(request):
    desk_library = _require_desk(request)
    DeskState(request.session).set_mode(request.POST.get("mode", ""))
    return _desk_response(request, desk_library)


@login_required
@require_POST
def desk_end(request):
    """End the reader's turn (Esc): the next card starts afresh."""
    desk_library = _require_desk(request)
    state = DeskState(request.session)
    state.end_reader()
    state.set_mode(Mode.LEND)
    return _desk_response(request, desk_library)


def _find_item(request: HttpRequest, barcode: str, desk: Library) -> Item | None:
    """The copy with this barcode anywhere in the network, or None.

    Every mode looks the barcode up network-wide, as the API does: a copy is catalogue data,
    not a reader's. What the desk may do with another library's copy is the services' rule
    (lend: only a copy at this desk; return: only a copy on loan or travelling here; read in
    place: only a copy on this library's shelves), so the desk and the API refuse alike.
    """
    try:
        return access.get_item_at_desk(request.user, barcode, desk=desk)
    except NotFound:
        return None


def _open_reader(request: HttpRequest, state: DeskState, desk: Library, card: str) -> bool:
    """Open the reader with card number `card` at this desk; False if no such card.

    A reader the clerk serves whose card is not valid at this desk is not opened: the desk
    says why (card_not_valid_here), and True is returned (the scan was a card).
    """
    try:
        patron = access.get_reader_for_lending(request.user, card, desk=desk)
    except NotFound:
        return False
    except CheckoutRefused as error:
        state.end_reader()
        _refused(state, error)
        return True
    state.set_reader(patron.pk, card)
    state.set_mode(Mode.LEND)
    state.add_event(
        EventLevel.INFO,
        "reader_opened",
        _("Reader %(name)s (card %(card)s).") % {"name": patron.full_name, "card": card},
        _now_text(),
    )
    return True


def _lend(request: HttpRequest, state: DeskState, desk: Library, barcode: str) -> None:
    item = _find_item(request, barcode, desk)
    if item is None:
        if not _open_reader(request, state, desk, barcode):
            _refused(state, DeskRefused("unknown_barcode", barcode=barcode))
        return
    patron = _desk_reader(request, state, desk)
    if patron is None:
        _refused(state, DeskRefused("no_reader", barcode=barcode))
        return
    try:
        loan = services.checkout_item(item=item, patron=patron, desk=desk, by=request.user)
    except CheckoutRefused as error:
        _refused(state, error)
        return
    state.add_event(
        EventLevel.DONE,
        "lent",
        _("Lent: %(title)s (%(barcode)s), due back %(due_on)s.")
        % {"title": item.bib.title, "barcode": item.barcode, "due_on": _date_text(loan.due_on)},
        _now_text(),
    )


def _return(request: HttpRequest, state: DeskState, desk: Library, barcode: str) -> None:
    item = _find_item(request, barcode, desk)
    if item is None:
        if _open_reader(request, state, desk, barcode):
            return
        _refused(state, DeskRefused("unknown_barcode", barcode=barcode))
        return
    try:
        result = services.checkin_item(item=item, desk=desk, by=request.user)
    except CheckinRefused as error:
        _refused(state, error)
        return
    now = _now_text()
    if result.ill and result.hold is not None:
        hold = result.hold
        state.add_event(
            EventLevel.ACTION,
            "ill_set_aside",
            _(
                "Inter-library loan for reader %(reader)s: %(title)s (%(barcode)s) arrived; "
                "set it aside on the hold shelf (collect by %(until)s)."
            )
            % {
                "reader": hold.patron.full_name if hold.patron else "—",
                "title": item.bib.title,
                "barcode": item.barcode,
                "until": _date_text(hold.pickup_until) if hold.pickup_until else "—",
            },
            now,
        )
        return
    if result.loan is None:
        on_shelf_here = (
            result.item.status == ItemStatus.AVAILABLE
            and result.item.current_library_id == desk.pk
            and result.hold is None
        )
        state.add_event(
            EventLevel.INFO,
            "not_on_loan",
            _("%(title)s (%(barcode)s) was not on loan; nothing to return.")
            % {"title": item.bib.title, "barcode": item.barcode},
            now,
            # A copy of this shelf scanned at the return desk has usually been read in place:
            # the event offers to count it so.
            barcode=item.barcode if on_shelf_here else "",
        )
    else:
        late_days = (clock.local_date(result.loan.closed_at) - result.loan.due_on).days
        text = _("Returned: %(title)s (%(barcode)s).") % {
            "title": item.bib.title,
            "barcode": item.barcode,
        }
        if late_days > 0:
            text += " " + _("%(days)s days late.") % {"days": late_days}
        state.add_event(EventLevel.DONE, "returned", text, now)
    if result.fine_vnd:
        state.add_event(
            EventLevel.ACTION,
            "fine",
            _("Late fee to collect: %(amount)s đồng.")
            % {"amount": f"{result.fine_vnd:,}".replace(",", ".")},
            now,
        )
    if result.hold is not None:
        hold = result.hold
        reader_name = hold.patron.full_name if hold.patron else "—"
        if hold.pickup_library_id == desk.pk:
            text = _(
                "Hold for %(reader)s: put the copy on the hold shelf (collect by %(until)s)."
            ) % {
                "reader": reader_name,
                "until": _date_text(hold.pickup_until) if hold.pickup_until else "—",
            }
        else:
            text = _("Hold: send the copy to %(library)s, where a reader will collect it.") % {
                "library": hold.pickup_library.name
            }
        state.add_event(EventLevel.ACTION, "hold_shelf", text, now)
    elif result.ill and result.transfer_to is not None:
        state.add_event(
            EventLevel.ACTION,
            "ill_send_back",
            _("Inter-library loan: send the copy back to the lending library, %(library)s.")
            % {"library": result.transfer_to.name},
            now,
        )
    elif result.transfer_to is not None:
        state.add_event(
            EventLevel.ACTION,
            "send_home",
            _("Send the copy home to %(library)s.") % {"library": result.transfer_to.name},
            now,
        )


def _use_in_library(request: HttpRequest, state: DeskState, desk: Library, barcode: str) -> None:
    item = _find_item(request, barcode, desk)
    if item is None:
        _refused(state, DeskRefused("unknown_barcode", barcode=barcode))
        return
    try:
        services.record_in_library_use(library=desk, by=request.user, item=item)
    except VisitRefused as error:
        _refused(state, error)
        return
    state.add_event(
        EventLevel.DONE,
        "used_in_library",
        _("Read in place: %(title)s (%(barcode)s).")
        % {"title": item.bib.title, "barcode": item.barcode},
        _now_text(),
    )


@login_required
@require_POST
def desk_scan(request):
    """One scan: a reader's card, or a copy to lend, return or count as read in place."""
    desk_library = _require_desk(request)
    state = DeskState(request.session)
    form = ScanForm(request.POST)
    if form.is_valid():
        barcode = form.cleaned_data["barcode"]
        state.begin_action()
        if state.mode == Mode.RETURN:
            _return(request, state, desk_library, barcode)
        elif state.mode == Mode.IN_LIBRARY_USE:
            _use_in_library(request, state, desk_library, barcode)
        else:
            _lend(request, state, desk_library, barcode)
    return _desk_response(request, desk_library)


@login_required
@require_POST
def desk_renew(request, loan_id: int):
    desk_library = _require_desk(request)
    loan = access.get_loan_for_staff(request.user, loan_id)
    state = DeskState(request.session)
    state.begin_action()
    try:
        loan = services.renew_loan(loan=loan, by=request.user)
    except RenewalRefused as error:
        _refused(state, error)
    else:
        state.add_event(
            EventLevel.DONE,
            "renewed",
            _("Renewed: %(title)s, now due back %(due_on)s.")
            % {"title": loan.item.bib.title, "due_on": _date_text(loan.due_on)},
            _now_text(),
        )
    return _desk_response(request, desk_library)


@login_required
@require_POST
def desk_visit(request):
    """+1 visit (lượt bạn đọc) at this desk, today."""
    desk_library = _require_desk(request)
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
        _refused(state, error)
    else:
        state.add_event(EventLevel.DONE, "visit", _("One visit counted."), _now_text())
    return _desk_response(request, desk_library)


@login_required
@require_POST
def desk_use(request):
    """Count copies read in place without scanning them (newspapers, a table of books), or
    one copy by its barcode (the button of a "not on loan" return)."""
    desk_library = _require_desk(request)
    state = DeskState(request.session)
    state.begin_action()
    barcode_form = ScanForm(request.POST)
    if "barcode" in request.POST:
        if barcode_form.is_valid():
            _use_in_library(request, state, desk_library, barcode_form.cleaned_data["barcode"])
        else:
            state.add_event(
                EventLevel.REFUSED,
                "invalid",
                _("Scan or type the barcode of the copy read in place."),
                _now_text(),
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
            _now_text(),
        )
    else:
        state.add_event(
            EventLevel.REFUSED,
            "invalid",
            _("Enter how many copies were read in the library, from 1 to %(limit)s.")
            % {"limit": MAX_USES_AT_ONCE},
            _now_text(),
        )
    return _desk_response(request, desk_library)


@login_required
@require_GET
def desk_slip(request):
    """Today's loans of the reader at the desk, on a page made to print."""
    desk_library = _require_desk(request)
    state = DeskState(request.session)
    patron = _desk_reader(request, state, desk_library)
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


# ---------------------------------------------------------------- overdue loans


def _overdue_filter(request: HttpRequest) -> tuple[OverdueFilterForm, Library, dt.date]:
    """The filters of the overdue list and the library it is for.

    Another library's list does not exist for the user (NotFound, as for any of its
    objects). Other filters that cannot be read (`?min_days=-5`) leave the form invalid,
    with a sentence for the field; the page shows it with status 400 (_overdue_page).
    """
    libraries = _desk_libraries(request.user)
    form = OverdueFilterForm(request.GET or None, libraries=libraries)
    if form.is_bound and not form.is_valid() and "library" in form.errors:
        raise NotFound("library_not_found")
    library = form.cleaned_data.get("library") if form.is_bound and form.is_valid() else None
    if library is None:
        library = _desk_library(request) or libraries.first()
    if library is None:
        raise NotFound("library_not_found")
    return form, library, clock.today()


def _overdue_loans(form: OverdueFilterForm, library: Library, today: dt.date) -> QuerySet[Loan]:
    loans = selectors.overdue_loans(library_ids=[library.pk], on=today)
    cleaned = form.cleaned_data if form.is_bound else {}
    min_days = cleaned.get("min_days") or 1
    loans = loans.filter(due_on__lte=today - dt.timedelta(days=min_days))
    if cleaned.get("school_class"):
        loans = loans.filter(patron__school_class=cleaned["school_class"])
    return loans.select_related("item__bib", "patron").order_by(
        "patron__school_class", "patron__name_sort_key", "patron_id", "due_on", "pk"
    )


def _overdue_page(
    request: HttpRequest, form: OverdueFilterForm, library: Library, today: dt.date
) -> HttpResponse:
    """The overdue list; with filters that cannot be read, the form and its errors (400)."""
    valid = not form.is_bound or form.is_valid()
    loans = list(_overdue_loans(form, library, today)) if valid else []
    classes = sorted(
        set(
            selectors.overdue_loans(library_ids=[library.pk], on=today)
            .filter(patron__home_library_id__in=patrons_access.staff_library_ids(request.user))
            .exclude(patron__school_class="")
            .values_list("patron__school_class", flat=True)
        )
    )
    for loan in loans:
        loan.days_overdue = (today - loan.due_on).days  # type: ignore[attr-defined]  # for the template
    return render(
        request,
        "circulation/overdue.html",
        {
            "form": form,
            "library": library,
            "loans": loans,
            "classes": classes,
            "reader_count": len({loan.patron_id for loan in loans}),
            # Phone and class only of readers whose card this library issued (patrons.access).
            "issuer_ids": patrons_access.staff_library_ids(request.user),
            "today": today,
            "letters_query": request.GET.urlencode(),
        },
        status=200 if valid else 400,
    )


@login_required
@require_GET
def overdue(request):
    form, library, today = _overdue_filter(request)
    return _overdue_page(request, form, library, today)


@login_required
@require_GET
def overdue_letters(request):
    """Reminder letters as a PDF, one page per reader, for the filters of the overdue list."""
    form, library, today = _overdue_filter(request)
    if form.is_bound and not form.is_valid():
        return _overdue_page(request, form, library, today)
    issuer_ids = patrons_access.staff_library_ids(request.user)
    letters = documents.overdue_letters(
        _overdue_loans(form, library, today),
        on=today,
        personal=lambda patron: patron.home_library_id in issuer_ids,
    )
    content = documents.overdue_letters_pdf(letters, library=library, on=today)
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"{library.code}-overdue-{today.isoformat()}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# ---------------------------------------------------------------- hold shelf


@login_required
@require_GET
def hold_shelf(request):
    """Copies set aside at my libraries, waiting for their readers."""
    library_ids = _circulation_library_ids(request.user)
    today = clock.today()
    holds = list(selectors.ready_holds(library_ids=library_ids))
    return render(
        request,
        "circulation/hold_shelf.html",
        {"holds": holds, "today": today, "cancel_form": HoldCancelForm()},
    )


@login_required
@require_POST
def hold_cancel(request, hold_id: int):
    _circulation_library_ids(request.user)
    hold = access.get_hold_for_staff(request.user, hold_id)
    form = HoldCancelForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.cancel_hold(hold=hold, by=request.user, reason=reason)
    except HoldRefused as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Hold cancelled: %(title)s for %(reader)s.")
            % {"title": hold.bib.title, "reader": hold.patron.full_name if hold.patron else "—"},
        )
    wanted = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        wanted = reverse("circulation:hold_shelf")
    return redirect(wanted)


# ---------------------------------------------------------------- visits


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
def visits(request):
    """Enter a day's visit count by hand (from a paper tally), and see the last two weeks."""
    libraries = _desk_libraries(request.user)
    today = clock.today()
    initial_library = _desk_library(request) or libraries.first()
    form = VisitsForm(
        request.POST or None,
        libraries=libraries,
        today=today,
        initial={"library": initial_library, "day": today},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            library = form.cleaned_data["library"]
            try:
                services.record_visits(
                    library=library,
                    day=form.cleaned_data["day"],
                    count=form.cleaned_data["count"],
                    source=VisitSource.MANUAL,
                    by=request.user,
                )
            except LibnetError as error:
                # The service's refusal, beside the field it is about.
                field = {"future_day": "day", "date_out_of_range": "day", "invalid_count": "count"}
                form.add_error(field.get(error.code), error.message)
                status = 400
            else:
                messages.success(
                    request,
                    _("%(count)s visits recorded for %(day)s at %(library)s.")
                    % {
                        "count": form.cleaned_data["count"],
                        "day": _date_text(form.cleaned_data["day"]),
                        "library": library.name,
                    },
                )
                return redirect(f"{reverse('circulation:visits')}?library={library.code}")
        else:
            status = 400
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
        status=status,
    )
