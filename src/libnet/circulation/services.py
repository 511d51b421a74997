"""Every write of circulation: check → write → audit → daily figures, in one transaction.

Each service takes keyword arguments only and `at=` for the moment it happens (tests pass a
fixed one). A refusal raises a LibnetError subclass and leaves nothing written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from libnet.catalog import services as catalog_services
from libnet.catalog.models import BibRecord, Item, ItemStatus
from libnet.circulation import hot_sql, movements, policies, selectors, stats_sources
from libnet.circulation.errors import (
    CheckinRefused,
    CheckoutRefused,
    HoldRefused,
    RenewalRefused,
    VisitRefused,
)
from libnet.circulation.models import (
    Hold,
    HoldStatus,
    InLibraryUse,
    Loan,
    LoanStatus,
    VisitCount,
    VisitSource,
)
from libnet.core import audit, clock, inputs, plain_sql, text, validation
from libnet.core.audit import Actor
from libnet.core.validation import DateOutOfRange
from libnet.network.models import Library
from libnet.patrons import selectors as patrons_selectors
from libnet.patrons import services as patrons_services
from libnet.patrons.models import Patron


@dataclass(frozen=True)
class CheckinResult:
    """What a return at the desk did, for the clerk's screen and the slip.

    `loan` is the loan closed (None when the copy was not on loan); `transfer_to` the library
    the copy must be sent to (its status is then in transit); `hold` the hold it now fills
    (set aside here when the hold is ready, travelling when `transfer_to` is its pickup).
    """

    loan: Loan | None
    item: Item
    transfer_to: Library | None
    hold: Hold | None
    fine_vnd: int
    # An inter-library loan: the copy arrived for `hold`'s reader (set aside here), or
    # goes back to its lending library (`transfer_to`).
    ill: bool = False


def _user(by: Actor) -> Any:
    return by if by is not None and getattr(by, "is_authenticated", False) else None


def _day(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _card_refusal(*, patron: Patron | None, library: Library, today: dt.date) -> str | None:
    """Return the code of the card refusal for `patron` at `library`, or None."""
    if patron is None:  # a loan whose reader asked to be erased
        return "card_erased"
    # patrons' one rule for "is this card usable?" (blocked, a child's missing consents…).
    refusal = patrons_selectors.card_refusal(patron=patron, on=today)
    return refusal.code if refusal is not None else None


def _card_params(patron: Patron | None, library: Library) -> dict[str, Any]:
    if patron is None:
        return {}
    return {
        "expired_on": _day(patron.card_valid_until),
        "reason": patron.blocked_reason or "—",
        "home_library": patron.home_library.name,
        "library": library.name,
    }


def _item_params(item: Item) -> dict[str, Any]:
    return {"barcode": item.barcode, "status": ItemStatus(item.status).label}


def _move_item(
    *, item: Item, to: str, current_library: Library, by: Actor, at: dt.datetime, reason: str = ""
) -> None:
    """Put the copy in status `to` at `current_library`, through the catalogue's rules.

    `item` is the copy the service has locked and read in this transaction: it is changed in
    place, not read again. The catalogue refuses a change to the same status; a copy that
    keeps its status but is now somewhere else (in transit, passing another desk; a floating
    copy) is only moved.
    """
    if item.status != to:
        if to == ItemStatus.IN_TRANSIT and item.status in (ItemStatus.LOST, ItemStatus.MISSING):
            # A copy that turns up away from home is found first, then sent home.
            catalog_services.change_locked_item_status(
                item=item, to=ItemStatus.AVAILABLE, by=by, at=at, reason=reason
            )
        catalog_services.change_locked_item_status(
            item=item, to=to, by=by, at=at, reason=reason, current_library=current_library
        )
        return
    catalog_services.move_locked_item(
        item=item, current_library=current_library, by=by, at=at, reason=reason
    )


# --- checkout ---------------------------------------------------------------------------------


def checkout_item(
    *, item: Item, patron: Patron, desk: Library, by: Actor, at: dt.datetime | None = None
) -> Loan:
    """Lend `item` to `patron` over the counter of `desk` and return the open loan.

    A copy set aside for this reader's hold fulfils the hold. Raises CheckoutRefused with a
    stable code (policies.checkout_refusal); when it does, nothing has been written.
    """
    at = at or clock.now()
    today = clock.local_date(at)
    try:
        with transaction.atomic(), audit.batch():
            return _lend(item=item, patron=patron, desk=desk, by=by, at=at, today=today)
    except IntegrityError:
        # Another desk's loan of the copy committed between our read and our write, and the
        # partial unique index "one open loan per item" refused ours; our transaction (or
        # savepoint) is rolled back, so the database can be asked whose loan it is.
        # Any other integrity error is a bug, not a refusal.
        current = Item.objects.get(pk=item.pk)
        if selectors.open_loan_for_item(item=current) is None:
            raise
        raise _checkout_refused(
            "item_on_loan", {}, item=current, patron=patron, desk=desk
        ) from None


def _lend(
    *, item: Item, patron: Patron, desk: Library, by: Actor, at: dt.datetime, today: dt.date
) -> Loan:
    # Two desks may scan one barcode in the same second: the row lock makes the second
    # wait, then see the copy on loan. SQLite has no row locks, but its writers queue at
    # BEGIN IMMEDIATE; the partial unique index "one open loan per item" backs both up.
    # The same read counts the reader's loans (another desk may lend this reader another
    # copy at the same moment whichever way it is counted: the limit is a desk's rule, not
    # a constraint). The statements of a loan are plain SQL (hot_sql: the ORM's query
    # building cost more than the queries).
    item, open_loans, any_hold = hot_sql.copy_for_loan(item_id=item.pk, patron_id=patron.pk)
    holds = hot_sql.holds_at_checkout(item=item, patron_id=patron.pk) if any_hold else []
    held_for = next((hold for hold in holds if hold.item_id == item.pk), None)
    rules = selectors.loan_rules_for(library=desk, patron=patron, item=item)
    card_refusal = _card_refusal(patron=patron, library=desk, today=today)
    shelf = item.shelf_location
    refusal = policies.checkout_refusal(
        rules=rules,
        card_refusal=card_refusal,
        card_honoured=card_refusal is not None
        or patrons_selectors.card_honoured_at(patron=patron, library=desk, on=today),
        copy_here=item.current_library_id == desk.pk,
        item_status=_status_at_desk(item, desk),
        item_type=item.item_type,
        on_closed_stack=bool(shelf and shelf.is_closed_stack),
        on_reference_shelf=bool(shelf and shelf.is_reference),
        held_for_other_reader=held_for is not None and held_for.patron_id != patron.pk,
        open_loans=open_loans,
    )
    if refusal is not None:
        raise _checkout_refused(refusal.code, refusal.params, item=item, patron=patron, desk=desk)
    # A copy of another library set aside for this reader may be an inter-library loan: the
    # lending library set its due date (DOMAIN.md §2.5). Asked only for such copies.
    ill_due_on = (
        movements.ill_due_on(item=item, patron=patron, desk=desk)
        if held_for is not None
        and held_for.patron_id == patron.pk
        and item.home_library_id != desk.pk
        else None
    )
    clerk = _user(by)
    # By ids, the related objects cached as select_related would: assigning the objects
    # through their descriptors cost more than the INSERT.
    loan = Loan(
        item_id=item.pk,
        patron_id=patron.pk,
        library_id=desk.pk,
        loaned_at=at,
        due_on=ill_due_on or policies.due_date(rules=rules, start=today),
        lent_by_id=clerk.pk if clerk is not None else None,
    )
    plain_sql.cache_related(loan, item=item, patron=patron, library=desk, lent_by=clerk)
    plain_sql.insert(loan)
    if ill_due_on is not None:
        movements.ill_lent(loan=loan, by=by, at=at)
    _move_item(item=item, to=ItemStatus.ON_LOAN, current_library=desk, by=by, at=at)
    for hold in holds:
        if hold.patron_id == patron.pk:
            _close_hold(hold, status=HoldStatus.FULFILLED, by=by, at=at, today=today, lent=item)
    if patron.home_library_id != desk.pk:
        patrons_services.note_library_use(patron=patron, library=desk, at=at)
    audit.record(
        "loan.checkout",
        subject=loan,
        by=by,
        at=at,
        library_id=desk.pk,
        after={"item": item.pk, "patron": patron.pk, "due_on": loan.due_on.isoformat()},
    )
    stats_sources.count_loan(loan, day=today)
    return loan


def _status_at_desk(item: Item, desk: Library) -> str:
    """The copy's status as the desk's rules see it: a copy on rotation at this desk's
    library (a rotation point that runs libnet) is lent like one on its own shelf."""
    if item.status == ItemStatus.ON_ROTATION and item.current_library_id == desk.pk:
        return ItemStatus.AVAILABLE
    return item.status


def _checkout_refused(
    code: str, params: Any, *, item: Item, patron: Patron, desk: Library
) -> CheckoutRefused:
    context = {**_item_params(item), **_card_params(patron, desk), **dict(params)}
    if code == "item_on_loan":
        open_loan = selectors.open_loan_for_item(item=item)
        context["due_on"] = _day(open_loan.due_on) if open_loan else "?"
    return CheckoutRefused(code, **context)


# --- checkin ----------------------------------------------------------------------------------


def checkin_item(
    *, item: Item, desk: Library, by: Actor, at: dt.datetime | None = None
) -> CheckinResult:
    """Take back `item` at `desk`, anywhere in the network, and say where the copy goes now.

    What a desk takes back (policies.checkin_refusal): a copy on loan, wherever it was lent
    (a lost copy that turns up closes its lost loan as returned); a copy in transit to this
    desk; the desk's own copies. The loan (if any) is closed. Then, in this order: a hold
    the copy was travelling to fill is ready if this is its pickup library; a hold waiting
    here is filled (the copy is set aside); a copy away from home is sent home (in transit)
    unless the rules of this desk let it float; otherwise it goes back on this desk's shelf.
    A copy on this desk's shelf that was not on loan stays where it is: nothing moves.

    Raises CheckinRefused, with nothing written, for another library's copy that is not on
    loan, a copy in transit elsewhere or in a rotation batch, a copy on rotation, and a copy
    that does not circulate (withdrawn, damaged, being processed).
    """
    at = at or clock.now()
    today = clock.local_date(at)
    with transaction.atomic(), audit.batch():
        # The owner is read only when the copy must go home (rarely: most returns are made
        # where the copy was lent). Plain SQL, as for a loan (hot_sql).
        item, loan, any_hold = hot_sql.copy_for_return(item_id=item.pk, desk_id=desk.pk)
        if loan is None and item.status == ItemStatus.LOST:
            loan = (
                Loan.objects.filter(item=item, status=LoanStatus.LOST)
                .order_by("-closed_at")
                .first()
            )
        if loan is None:
            _check_return_without_loan(item=item, desk=desk)
            if item.status == ItemStatus.AVAILABLE and item.current_library_id == desk.pk:
                # On this desk's shelf already (a second scan, a copy read in place): it stays.
                return CheckinResult(loan=None, item=item, transfer_to=None, hold=None, fine_vnd=0)
        if item.status == ItemStatus.IN_TRANSIT:
            # Its journey (a transfer) ends here, wherever it goes next. An inter-library
            # loan arriving at its reader's home library is set aside for that reader.
            ill_reader = movements.copy_arrived(item=item, desk=desk, by=by, at=at)
            if ill_reader is not None and loan is None:
                ill_hold = _set_aside_for_reader(
                    item=item, patron=ill_reader, desk=desk, by=by, at=at, today=today
                )
                return CheckinResult(
                    loan=None, item=item, transfer_to=None, hold=ill_hold, fine_vnd=0, ill=True
                )
        # A copy lent away from home may be a rotation copy lent at its rotation point: it
        # goes back on the point's shelf, not home. Asked only for copies away from home.
        on_rotation_here = (
            loan is not None
            and item.home_library_id != desk.pk
            and movements.rotation_point_of(item_id=item.pk) == desk.pk
        )
        # The desk's rules for this reader and copy: where the copy goes, and the fine when
        # it was lent here (a copy lent elsewhere is fined by the lending library's rules).
        desk_rules = selectors.loan_rules_for(
            library=desk, patron=loan.patron if loan else None, item=item
        )
        fine = 0
        if loan is not None:
            lending_rules = (
                desk_rules
                if loan.library_id == desk.pk
                else selectors.loan_rules_for(library=loan.library, patron=loan.patron, item=item)
            )
            fine = _close_loan(loan=loan, rules=lending_rules, desk=desk, by=by, at=at, today=today)
        if on_rotation_here:
            _move_item(item=item, to=ItemStatus.ON_ROTATION, current_library=desk, by=by, at=at)
            return CheckinResult(loan=loan, item=item, transfer_to=None, hold=None, fine_vnd=fine)
        # An inter-library loan returned away from its lender goes back to the lender, whatever
        # this desk's rules (floating, holds) say; returned at the lender, its request closes.
        # Asked only for copies lent or returned away from home.
        lender = (
            movements.ill_returned(item=item, desk=desk, by=by, at=at)
            if loan is not None and (item.home_library_id != desk.pk or loan.library_id != desk.pk)
            else None
        )
        if lender is not None:
            _send(item=item, desk=desk, to=lender, reason="ill", hold=None, by=by, at=at)
            return CheckinResult(
                loan=loan, item=item, transfer_to=lender, hold=None, fine_vnd=fine, ill=True
            )
        transfer_to, hold = _route_returned_copy(
            item=item, rules=desk_rules, desk=desk, by=by, at=at, today=today, any_hold=any_hold
        )
        return CheckinResult(
            loan=loan, item=item, transfer_to=transfer_to, hold=hold, fine_vnd=fine
        )


def _check_return_without_loan(*, item: Item, desk: Library) -> None:
    """Raise CheckinRefused unless `desk` may take in `item`, which is not on loan."""
    journey = (
        movements.journey_of(item_id=item.pk) if item.status == ItemStatus.IN_TRANSIT else None
    )
    # A copy in transit with no journey on record (made before transfers were recorded, or
    # without the rotation app) is on its way home.
    destination_id = journey.to_library.pk if journey is not None else item.home_library_id
    refusal = policies.checkin_refusal(
        has_loan=False,
        item_status=item.status,
        owned_here=item.home_library_id == desk.pk,
        here=item.current_library_id == desk.pk,
        travelling_here=destination_id == desk.pk,
        in_batch=journey is not None and journey.batch_id is not None,
    )
    if refusal is None:
        return
    params: dict[str, Any] = {**_item_params(item), **dict(refusal.params)}
    if refusal.code == "copy_not_on_loan":
        params["home_library"] = item.home_library.name
    elif refusal.code == "in_transit_elsewhere":
        params["library"] = (
            journey.to_library.name if journey is not None else item.home_library.name
        )
    elif refusal.code == "item_in_batch" and journey is not None:
        params["batch"] = journey.batch_id
    raise CheckinRefused(refusal.code, **params)


def _close_loan(
    *,
    loan: Loan,
    rules: policies.LoanRules,
    desk: Library,
    by: Actor,
    at: dt.datetime,
    today: dt.date,
) -> int:
    """Close `loan` as returned at `desk` under the lending library's `rules`; return the fine."""
    state = policies.next_loan_state(loan.status, "checkin")
    if state is None:
        raise CheckinRefused("loan_not_open")
    fine = (
        policies.fine_vnd(rules=rules, due_on=loan.due_on, returned_on=today)
        if loan.status == LoanStatus.OPEN
        else 0
    )
    before = audit.snapshot(loan, ["status", "closed_at"])
    loan.status = state
    loan.closed_at = at
    loan.returned_at_library = desk
    loan.fine_vnd = fine
    plain_sql.update(
        Loan,
        loan.pk,
        {"status": state, "closed_at": at, "returned_at_library_id": desk.pk, "fine_vnd": fine},
    )
    audit.record(
        "loan.checkin",
        subject=loan,
        by=by,
        at=at,
        library_id=loan.library_id,
        before=before,
        after={"status": state, "returned_at_library": desk.pk, "fine_vnd": fine},
    )
    return fine


def _route_returned_copy(
    *,
    item: Item,
    rules: policies.LoanRules,
    desk: Library,
    by: Actor,
    at: dt.datetime,
    today: dt.date,
    any_hold: bool,
) -> tuple[Library | None, Hold | None]:
    """Shelve, set aside or send home a copy now at `desk` (under the desk's `rules`);
    return (transfer_to, hold). `any_hold`: whether a hold is open on the copy or waits for
    its title here (read with the copy; when not, the holds are not read)."""
    hold, waiting_here = (
        hot_sql.holds_for_returned_copy(item=item, desk_id=desk.pk) if any_hold else (None, None)
    )
    if hold is not None:
        if hold.pickup_library_id == desk.pk:
            _set_aside(hold=hold, item=item, desk=desk, by=by, at=at, today=today)
            return None, hold
        _send(item=item, desk=desk, to=hold.pickup_library, reason="hold", hold=hold, by=by, at=at)
        return hold.pickup_library, hold
    shelf = item.shelf_location
    fills_holds = not policies.is_read_in_place(
        rules=rules,
        item_type=item.item_type,
        on_closed_stack=bool(shelf and shelf.is_closed_stack),
        on_reference_shelf=bool(shelf and shelf.is_reference),
    )
    if fills_holds and waiting_here is not None:
        _set_aside(hold=waiting_here, item=item, desk=desk, by=by, at=at, today=today)
        return None, waiting_here
    if policies.returns_home(rules=rules, home_library_id=item.home_library_id, desk_id=desk.pk):
        home = item.home_library
        waiting = (
            selectors.next_waiting_hold(bib_id=item.bib_id, pickup_library_id=home.pk)
            if fills_holds
            else None
        )
        if waiting is not None:
            waiting.status = HoldStatus.IN_TRANSIT
            waiting.item = item
            waiting.save(update_fields=["status", "item"])
            audit.record(
                "hold.in_transit",
                subject=waiting,
                by=by,
                at=at,
                library_id=home.pk,
                after={"item": item.pk},
            )
        _send(
            item=item,
            desk=desk,
            to=home,
            reason="hold" if waiting is not None else "return_home",
            hold=waiting,
            by=by,
            at=at,
        )
        return home, waiting
    _move_item(item=item, to=ItemStatus.AVAILABLE, current_library=desk, by=by, at=at)
    return None, None


def _set_aside(
    *, hold: Hold, item: Item, desk: Library, by: Actor, at: dt.datetime, today: dt.date
) -> None:
    """Put the copy on the hold shelf of `desk` for `hold`, to collect by the rules' deadline."""
    _move_item(item=item, to=ItemStatus.AVAILABLE, current_library=desk, by=by, at=at)
    if hold.status == HoldStatus.READY and hold.item_id == item.pk:
        return
    patron = hold.patron
    rules = selectors.loan_rules_for(library=desk, patron=patron, item=item)
    hold.status = HoldStatus.READY
    hold.item = item
    hold.ready_at = at
    hold.pickup_until = policies.pickup_until(rules=rules, ready_on=today)
    hold.save(update_fields=["status", "item", "ready_at", "pickup_until"])
    audit.record(
        "hold.ready",
        subject=hold,
        by=by,
        at=at,
        library_id=desk.pk,
        after={"item": item.pk, "pickup_until": hold.pickup_until.isoformat()},
    )


def set_aside_for_reader(
    *, item: Item, patron: Patron, desk: Library, by: Actor, at: dt.datetime | None = None
) -> Hold:
    """Set a copy that came to `desk` for `patron` (an inter-library loan) aside for them.

    It is a hold ready at `desk`, as for a copy a reader asked for here (the hold shelf, the
    collect-by date of this desk's rules); a hold the reader already had on the title is used.
    """
    at = at or clock.now()
    with transaction.atomic():
        item = Item.objects.select_for_update(of=("self",)).get(pk=item.pk)
        return _set_aside_for_reader(
            item=item, patron=patron, desk=desk, by=by, at=at, today=clock.local_date(at)
        )


def _set_aside_for_reader(
    *, item: Item, patron: Patron, desk: Library, by: Actor, at: dt.datetime, today: dt.date
) -> Hold:
    hold = (
        Hold.objects.select_for_update(of=("self",))
        .select_related("patron", "pickup_library")
        .filter(bib_id=item.bib_id, patron=patron, closed_at__isnull=True)
        .first()
    )
    if hold is None:
        hold = Hold(bib_id=item.bib_id, patron=patron, pickup_library=desk, placed_at=at)
        hold.save(force_insert=True)
        audit.record(
            "hold.place",
            subject=hold,
            by=by,
            at=at,
            library_id=desk.pk,
            after={"bib": item.bib_id, "patron": patron.pk},
            note=audit.note(_("inter-library loan")),
        )
        _set_aside(hold=hold, item=item, desk=desk, by=by, at=at, today=today)
        return hold
    # The reader's own hold on the title is filled by this copy here; a copy it had set
    # aside (or that travels to it) is passed on at the library where it is.
    other_copy = hold.item_id if hold.item_id not in (None, item.pk) else None
    other_copy_at = hold.pickup_library
    before = audit.snapshot(hold, ["status", "item", "pickup_library"])
    hold.status = HoldStatus.WAITING
    hold.item = None
    hold.pickup_library = desk
    hold.save(update_fields=["status", "item", "pickup_library"])
    audit.record(
        "hold.waiting",
        subject=hold,
        by=by,
        at=at,
        library_id=desk.pk,
        before=before,
        note=audit.note(_("inter-library loan")),
    )
    _set_aside(hold=hold, item=item, desk=desk, by=by, at=at, today=today)
    if other_copy is not None:
        _pass_on_copy(item_id=other_copy, library=other_copy_at, by=by, at=at, today=today)
    return hold


def _close_hold(
    hold: Hold,
    *,
    status: str,
    by: Actor,
    at: dt.datetime,
    today: dt.date,
    reason: str = "",
    lent: Item | None = None,
) -> None:
    """Close `hold` as fulfilled, cancelled or expired.

    A copy it had set aside is passed on, unless it is the copy `lent` to the reader now.
    """
    before = audit.snapshot(hold, ["status", "item"])
    copy_set_aside = hold.item_id if hold.status == HoldStatus.READY else None
    hold.status = status
    hold.closed_at = at
    hold.cancel_reason = inputs.check_column(Hold, "cancel_reason", text.clean(reason))
    hold.save(update_fields=["status", "closed_at", "cancel_reason"])
    audit.record(
        f"hold.{status}",
        subject=hold,
        by=by,
        at=at,
        library_id=hold.pickup_library_id,
        before=before,
        after={"status": status},
        note=hold.cancel_reason,
    )
    if copy_set_aside is not None and (lent is None or copy_set_aside != lent.pk):
        _pass_on_copy(
            item_id=copy_set_aside, library=hold.pickup_library, by=by, at=at, today=today
        )


def _pass_on_copy(
    *, item_id: int, library: Library, by: Actor, at: dt.datetime, today: dt.date
) -> Hold | None:
    """A copy left the hold shelf of `library` unclaimed: the next reader waiting there gets it,
    else it goes home (or stays, if it floats). Returns the hold it now fills, if any."""
    item = Item.objects.select_for_update(of=("self",)).get(pk=item_id)
    if item.status != ItemStatus.AVAILABLE or item.current_library_id != library.pk:
        return None  # already lent, moved or marked damaged: nothing is waiting on the shelf
    waiting = selectors.next_waiting_hold(bib_id=item.bib_id, pickup_library_id=library.pk)
    if waiting is not None:
        _set_aside(hold=waiting, item=item, desk=library, by=by, at=at, today=today)
        return waiting
    rules = selectors.loan_rules_for(library=library, patron=None, item=item)
    if policies.returns_home(rules=rules, home_library_id=item.home_library_id, desk_id=library.pk):
        _send(
            item=item,
            desk=library,
            to=item.home_library,
            reason="return_home",
            hold=None,
            by=by,
            at=at,
        )
    return None


def _send(
    *,
    item: Item,
    desk: Library,
    to: Library,
    reason: str,
    hold: Hold | None,
    by: Actor,
    at: dt.datetime,
) -> None:
    """Put the copy in transit from `desk` to `to` and record the transfer (for the slip)."""
    _move_item(item=item, to=ItemStatus.IN_TRANSIT, current_library=desk, by=by, at=at)
    movements.copy_sent(
        item=item, from_library=desk, to_library=to, reason=reason, hold=hold, by=by, at=at
    )


# --- renewal ----------------------------------------------------------------------------------


def renew_loan(*, loan: Loan, by: Actor, at: dt.datetime | None = None) -> Loan:
    """Extend an open loan by the loan period from today; returns the loan.

    Raises RenewalRefused (loan closed or lost, renewals used up, another reader waiting for
    the title, card expired or blocked).
    """
    at = at or clock.now()
    today = clock.local_date(at)
    with transaction.atomic():
        loan = (
            Loan.objects.select_for_update(of=("self",))
            .select_related("item", "library", "patron__home_library")
            .get(pk=loan.pk)
        )
        patron = loan.patron
        # The lending library set an inter-library loan's due date (DOMAIN.md §2.5).
        lender = (
            movements.ill_lender_of(loan=loan)
            if loan.item.home_library_id != loan.library_id
            else None
        )
        if lender is not None and loan.status == LoanStatus.OPEN:
            raise RenewalRefused("ill_loan", library=lender.name, due_on=_day(loan.due_on))
        rules = selectors.loan_rules_for(library=loan.library, patron=patron, item=loan.item)
        refusal = policies.renewal_refusal(
            rules=rules,
            loan_status=loan.status,
            renewals=loan.renewals,
            card_refusal=_card_refusal(patron=patron, library=loan.library, today=today),
            others_waiting=selectors.others_waiting_for_title(
                bib_id=loan.item.bib_id, patron=patron
            ),
        )
        if refusal is not None:
            raise RenewalRefused(
                refusal.code,
                **_card_params(patron, loan.library),
                due_on=_day(loan.due_on),
                **dict(refusal.params),
            )
        before = audit.snapshot(loan, ["due_on", "renewals"])
        loan.due_on = policies.renewed_due_date(rules=rules, due_on=loan.due_on, today=today)
        loan.renewals += 1
        loan.save(update_fields=["due_on", "renewals"])
        audit.record(
            "loan.renew",
            subject=loan,
            by=by,
            at=at,
            library_id=loan.library_id,
            before=before,
            after=audit.snapshot(loan, ["due_on", "renewals"]),
        )
        stats_sources.count_renewal(loan, day=today)
        return loan


# --- lost and damaged -------------------------------------------------------------------------


def declare_lost(*, loan: Loan, by: Actor, at: dt.datetime | None = None) -> Loan:
    """Close an open loan as lost and mark the copy lost. Raises CheckinRefused("loan_not_open")."""
    at = at or clock.now()
    with transaction.atomic():
        loan = (
            Loan.objects.select_for_update(of=("self",))
            .select_related("item", "library")
            .get(pk=loan.pk)
        )
        state = policies.next_loan_state(loan.status, "declare_lost")
        if state is None:
            raise CheckinRefused("loan_not_open")
        item = Item.objects.select_for_update().get(pk=loan.item_id)
        before = audit.snapshot(loan, ["status", "closed_at"])
        loan.status = state
        loan.closed_at = at
        loan.save(update_fields=["status", "closed_at"])
        _move_item(
            item=item, to=ItemStatus.LOST, current_library=item.current_library, by=by, at=at
        )
        audit.record(
            "loan.lost",
            subject=loan,
            by=by,
            at=at,
            library_id=loan.library_id,
            before=before,
            after={"status": state},
        )
        return loan


def mark_damaged(*, item: Item, by: Actor, at: dt.datetime | None = None, note: str = "") -> Item:
    """Take a damaged copy out of circulation; a hold it was set aside for waits again.

    Raises CheckinRefused("item_on_loan") for a copy still on loan: check it in first.
    """
    at = at or clock.now()
    with transaction.atomic():
        item = Item.objects.select_for_update().get(pk=item.pk)
        if selectors.open_loan_for_item(item=item) is not None:
            raise CheckinRefused("item_on_loan", **_item_params(item))
        hold = selectors.hold_for_item(item=item)
        if hold is not None:
            hold.status = HoldStatus.WAITING
            hold.item = None
            hold.ready_at = None
            hold.pickup_until = None
            hold.save(update_fields=["status", "item", "ready_at", "pickup_until"])
            audit.record(
                "hold.waiting",
                subject=hold,
                by=by,
                at=at,
                library_id=hold.pickup_library_id,
                note=audit.note(_("copy damaged")),
            )
        return catalog_services.change_item_status(
            item=item, to=ItemStatus.DAMAGED, by=by, at=at, reason=note
        )


# --- holds ------------------------------------------------------------------------------------


def place_hold(
    *,
    bib: BibRecord,
    patron: Patron,
    pickup_library: Library,
    by: Actor,
    at: dt.datetime | None = None,
) -> Hold:
    """Queue `patron` for a copy of `bib` to collect at `pickup_library`; returns the hold.

    Raises HoldRefused (policies.hold_refusal: card, holds not allowed, limit, already on
    loan or on hold, no copy owned there, a copy on the shelf there).
    """
    at = at or clock.now()
    today = clock.local_date(at)
    with transaction.atomic():
        owned, on_shelf, sample = selectors.copies_at_pickup(bib=bib, library=pickup_library)
        rules = (
            selectors.loan_rules_for(library=pickup_library, patron=patron, item=sample)
            if sample is not None
            else policies.LoanRules()
        )
        card_refusal = _card_refusal(patron=patron, library=pickup_library, today=today)
        refusal = policies.hold_refusal(
            rules=rules,
            card_refusal=card_refusal,
            card_honoured=card_refusal is not None
            or patrons_selectors.card_honoured_at(patron=patron, library=pickup_library, on=today),
            open_holds=selectors.open_hold_count(patron=patron),
            has_open_hold_on_title=Hold.objects.filter(
                patron=patron, bib=bib, closed_at__isnull=True
            ).exists(),
            has_title_on_loan=selectors.has_title_on_loan(patron=patron, bib=bib),
            copies_owned_at_pickup=owned,
            copies_on_shelf_at_pickup=on_shelf,
        )
        if refusal is not None:
            raise HoldRefused(
                refusal.code, **_card_params(patron, pickup_library), **dict(refusal.params)
            )
        hold = Hold(bib=bib, patron=patron, pickup_library=pickup_library, placed_at=at)
        try:
            with transaction.atomic():
                hold.save(force_insert=True)
        except IntegrityError:
            raise HoldRefused("already_on_hold") from None
        if patron.home_library_id != pickup_library.pk:
            patrons_services.note_library_use(patron=patron, library=pickup_library, at=at)
        audit.record(
            "hold.place",
            subject=hold,
            by=by,
            at=at,
            library_id=pickup_library.pk,
            after={"bib": bib.pk, "patron": patron.pk},
        )
        stats_sources.count_hold(hold, day=today)
        return hold


def cancel_hold(*, hold: Hold, by: Actor, reason: str = "", at: dt.datetime | None = None) -> Hold:
    """Cancel an open hold; a copy set aside for it goes to the next reader or home.

    Raises HoldRefused("hold_closed") for a hold already collected, cancelled or expired.
    """
    at = at or clock.now()
    with transaction.atomic():
        hold = (
            Hold.objects.select_for_update(of=("self",))
            .select_related("pickup_library")
            .get(pk=hold.pk)
        )
        if hold.closed_at is not None:
            raise HoldRefused("hold_closed")
        _close_hold(
            hold,
            status=HoldStatus.CANCELLED,
            by=by,
            at=at,
            today=clock.local_date(at),
            reason=reason,
        )
        return hold


def expire_holds(*, on: dt.date, by: Actor = None) -> int:
    """Close the ready holds whose last day to collect was before `on`; return how many.

    Each hold is its own transaction: one that fails leaves the others expired.
    """
    expired = 0
    at = clock.now()
    overdue_ids = list(
        Hold.objects.filter(
            status=HoldStatus.READY, closed_at__isnull=True, pickup_until__lt=on
        ).values_list("pk", flat=True)
    )
    for hold_id in overdue_ids:
        with transaction.atomic():
            hold = (
                Hold.objects.select_for_update(of=("self",))
                .select_related("pickup_library", "item")
                .filter(pk=hold_id, status=HoldStatus.READY, closed_at__isnull=True)
                .first()
            )
            if hold is None:
                continue
            _close_hold(hold, status=HoldStatus.EXPIRED, by=by, at=at, today=on)
            expired += 1
    return expired


# --- in-library use and visits ----------------------------------------------------------------


def record_in_library_use(
    *,
    library: Library,
    by: Actor,
    item: Item | None = None,
    count: int = 1,
    at: dt.datetime | None = None,
) -> InLibraryUse:
    """Count `count` readings in place at `library` (of `item`, when the copy was scanned).

    Raises VisitRefused: "invalid_use_count" for a count that is not a whole number from 1
    to policies.MAX_USES_AT_ONCE; "use_copy_not_here" for a copy that is not on the
    library's shelves now (another library's copy, or one on loan or travelling).
    """
    if not policies.is_whole_number(count) or not 1 <= count <= policies.MAX_USES_AT_ONCE:
        raise VisitRefused("invalid_use_count", limit=policies.MAX_USES_AT_ONCE)
    if item is not None and (
        item.current_library_id != library.pk
        or item.status not in (ItemStatus.AVAILABLE, ItemStatus.ON_ROTATION)
    ):
        raise VisitRefused("use_copy_not_here", barcode=item.barcode, library=library.name)
    at = at or clock.now()
    with transaction.atomic():
        use = InLibraryUse.objects.create(
            library=library, item=item, used_at=at, count=count, recorded_by=_user(by)
        )
        audit.record(
            "circulation.in_library_use",
            subject=use,
            by=by,
            at=at,
            library_id=library.pk,
            after={"item": item.pk if item else None, "count": count},
        )
        stats_sources.count_in_library_use(use)
        return use


def record_visits(
    *,
    library: Library,
    day: dt.date,
    count: int,
    source: str,
    by: Actor,
    at: dt.datetime | None = None,
) -> VisitCount:
    """Record visits to `library` on `day`; returns the row of that source and day.

    The desk button ADDS `count` to the desk row; the daily entry and the gate-counter
    import SET their row (entering a day again corrects it). The daily "visits" figure
    moves by the difference. Raises VisitRefused for a count that is not a whole number from
    0 to policies.MAX_VISITS_PER_DAY, a day still to come or an unknown source, and
    core.validation.DateOutOfRange for a day before the operational window (visits are
    counted for the last two years, not for 1990).
    """
    at = at or clock.now()
    today = clock.local_date(at)
    if source not in VisitSource.values:
        raise VisitRefused("invalid_source", source=source)
    if not policies.is_whole_number(count) or not 0 <= count <= policies.MAX_VISITS_PER_DAY:
        raise VisitRefused("invalid_count", limit=policies.MAX_VISITS_PER_DAY, value=count)
    if source == VisitSource.DESK and count < 1:
        raise VisitRefused("desk_count_positive")
    _check_visit_day(day, today=today)
    with transaction.atomic():
        row, _created = VisitCount.objects.select_for_update().get_or_create(
            library=library, day=day, source=source, defaults={"count": 0, "updated_at": at}
        )
        before = row.count
        if source == VisitSource.DESK:
            VisitCount.objects.filter(pk=row.pk).update(count=F("count") + count, updated_at=at)
            row.refresh_from_db(fields=["count", "updated_at"])
        else:
            row.count = count
            row.updated_at = at
            row.save(update_fields=["count", "updated_at"])
        difference = row.count - before
        audit.record(
            "circulation.visits",
            subject=row,
            by=by,
            at=at,
            library_id=library.pk,
            before={"count": before},
            after={"count": row.count, "source": source, "day": day.isoformat()},
        )
        stats_sources.count_visits(row, difference=difference)
        return row


def _check_visit_day(day: dt.date, *, today: dt.date) -> None:
    """Raise unless visits may be entered for `day`: VisitRefused("future_day") for a day
    still to come; DateOutOfRange (core.validation) for a day before the operational window,
    its message naming the field and the days allowed, which end today for visits."""
    if day > today:
        raise VisitRefused("future_day", day=_day(day))
    earliest, _latest = validation.date_window("operational", today=today)
    if day < earliest:
        raise DateOutOfRange(
            "date_out_of_range",
            field=translation.gettext("Day of the visits"),
            earliest=_day(earliest),
            latest=_day(today),
            value=_day(day),
        )


@dataclass
class VisitImport:
    """What an import of gate-counter figures did."""

    imported: int = 0
    failed: int = 0


_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


def _parse_day(value: str) -> dt.date | None:
    for date_format in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(value.strip(), date_format).date()  # noqa: DTZ007  # a calendar day, no time
        except ValueError:
            continue
    return None


def import_visit_counts(
    *,
    library: Library,
    rows: Iterable[Sequence[str]],
    by: Actor,
    on_failure: Callable[[str], None],
    at: dt.datetime | None = None,
) -> VisitImport:
    """Set the gate-counter visits of `library` from CSV rows `date,count`, one day a row.

    A date is YYYY-MM-DD or DD/MM/YYYY. A first row that is not a date is taken for a header.
    Each row is its own transaction: a bad row is reported through `on_failure` ("line 7:
    …") and skipped; the others are kept. Importing a day again replaces its figure.
    """
    result = VisitImport()
    for line_number, row in enumerate(rows, start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        day = _parse_day(cells[0]) if cells else None
        if day is None and line_number == 1:
            continue  # a header: "date,count", "ngày,lượt"
        try:
            if day is None:
                raise VisitRefused("invalid_day", value=cells[0])
            # "²".isdigit() is true and int("²") raises: ASCII digits only.
            if len(cells) < 2 or not (cells[1].isascii() and cells[1].isdigit()):
                raise VisitRefused(
                    "invalid_count",
                    limit=policies.MAX_VISITS_PER_DAY,
                    value=cells[1] if len(cells) > 1 else "—",
                )
            record_visits(
                library=library, day=day, count=int(cells[1]), source=VisitSource.GATE, by=by, at=at
            )
        except (VisitRefused, DateOutOfRange) as error:
            result.failed += 1
            on_failure(
                translation.gettext("line %(line)s: %(reason)s")
                % {"line": line_number, "reason": error.message}
            )
            continue
        result.imported += 1
    return result
