"""What one scan at the desk does, mode by mode: a reader's card opens the reader; a copy is
lent, taken back or counted as read in place. Each outcome is a line on the desk's screen
(circulation.desk.DeskState), never an error page: the next reader is waiting.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from libnet.catalog.models import Item, ItemStatus
from libnet.circulation import access, services
from libnet.circulation.desk import DeskRefused, DeskState, EventLevel, Mode
from libnet.circulation.errors import CheckinRefused, CheckoutRefused, VisitRefused
from libnet.circulation.models import Hold
from libnet.circulation.services import CheckinResult
from libnet.circulation.views.common import date_text
from libnet.core import clock
from libnet.core.errors import LibnetError, NotFound
from libnet.network.models import Library
from libnet.patrons import access as patrons_access
from libnet.patrons.models import Patron


def now_text() -> str:
    return clock.now().astimezone(clock.VIETNAM).strftime("%H:%M")


def refuse(state: DeskState, error: LibnetError) -> None:
    """Show the refusal on the desk's screen."""
    state.add_event(EventLevel.REFUSED, error.code, error.message, now_text())


def desk_reader(request: HttpRequest, state: DeskState, desk: Library) -> Patron | None:
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
        refuse(state, error)
        return True
    state.set_reader(patron.pk, card)
    state.set_mode(Mode.LEND)
    state.add_event(
        EventLevel.INFO,
        "reader_opened",
        _("Reader %(name)s (card %(card)s).") % {"name": patron.full_name, "card": card},
        now_text(),
    )
    return True


def lend(request: HttpRequest, state: DeskState, desk: Library, barcode: str) -> None:
    item = _find_item(request, barcode, desk)
    if item is None:
        if not _open_reader(request, state, desk, barcode):
            refuse(state, DeskRefused("unknown_barcode", barcode=barcode))
        return
    patron = desk_reader(request, state, desk)
    if patron is None:
        refuse(state, DeskRefused("no_reader", barcode=barcode))
        return
    try:
        loan = services.checkout_item(item=item, patron=patron, desk=desk, by=request.user)
    except CheckoutRefused as error:
        refuse(state, error)
        return
    state.add_event(
        EventLevel.DONE,
        "lent",
        _("Lent: %(title)s (%(barcode)s), due back %(due_on)s.")
        % {"title": item.bib.title, "barcode": item.barcode, "due_on": date_text(loan.due_on)},
        now_text(),
    )


def take_back(request: HttpRequest, state: DeskState, desk: Library, barcode: str) -> None:
    """Return the copy (a card scanned in this mode opens its reader), then say what was done
    and where the copy goes next."""
    item = _find_item(request, barcode, desk)
    if item is None:
        if not _open_reader(request, state, desk, barcode):
            refuse(state, DeskRefused("unknown_barcode", barcode=barcode))
        return
    try:
        result = services.checkin_item(item=item, desk=desk, by=request.user)
    except CheckinRefused as error:
        refuse(state, error)
        return
    now = now_text()
    if result.ill and result.hold is not None:
        _say_ill_arrived(state, result.hold, item, now)
        return
    _say_returned(state, result, desk, item, now)
    if result.fine_vnd:
        state.add_event(
            EventLevel.ACTION,
            "fine",
            _("Late fee to collect: %(amount)s đồng.")
            % {"amount": f"{result.fine_vnd:,}".replace(",", ".")},
            now,
        )
    _say_where_it_goes(state, result, desk, now)


def _collect_by(hold: Hold) -> str:
    return date_text(hold.pickup_until) if hold.pickup_until else "—"


def _say_ill_arrived(state: DeskState, hold: Hold, item: Item, now: str) -> None:
    """An inter-library loan's copy arrived for a reader of this desk: set it aside."""
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
            "until": _collect_by(hold),
        },
        now,
    )


def _say_returned(
    state: DeskState, result: CheckinResult, desk: Library, item: Item, now: str
) -> None:
    """The return itself: the loan closed (and how late), or nothing was on loan."""
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
        return
    late_days = (clock.local_date(result.loan.closed_at) - result.loan.due_on).days
    text = _("Returned: %(title)s (%(barcode)s).") % {
        "title": item.bib.title,
        "barcode": item.barcode,
    }
    if late_days > 0:
        text += " " + _("%(days)s days late.") % {"days": late_days}
    state.add_event(EventLevel.DONE, "returned", text, now)


def _say_where_it_goes(state: DeskState, result: CheckinResult, desk: Library, now: str) -> None:
    """Where the returned copy goes: the hold shelf here, the library where a reader will
    collect it, the lending library of an inter-library loan, or home."""
    if result.hold is not None:
        hold = result.hold
        reader_name = hold.patron.full_name if hold.patron else "—"
        if hold.pickup_library_id == desk.pk:
            text = _(
                "Hold for %(reader)s: put the copy on the hold shelf (collect by %(until)s)."
            ) % {"reader": reader_name, "until": _collect_by(hold)}
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


def use_in_library(request: HttpRequest, state: DeskState, desk: Library, barcode: str) -> None:
    item = _find_item(request, barcode, desk)
    if item is None:
        refuse(state, DeskRefused("unknown_barcode", barcode=barcode))
        return
    try:
        services.record_in_library_use(library=desk, by=request.user, item=item)
    except VisitRefused as error:
        refuse(state, error)
        return
    state.add_event(
        EventLevel.DONE,
        "used_in_library",
        _("Read in place: %(title)s (%(barcode)s).")
        % {"title": item.bib.title, "barcode": item.barcode},
        now_text(),
    )
