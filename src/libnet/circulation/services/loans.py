"""Loans at the desk: lending, returns anywhere in the network, renewals, lost and damaged
copies."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from libnet.catalog import services as catalog_services
from libnet.catalog.models import Item, ItemStatus
from libnet.circulation import hot_sql, movements, policies, selectors, stats_sources
from libnet.circulation.errors import CheckinRefused, CheckoutRefused, RenewalRefused
from libnet.circulation.models import Hold, HoldStatus, Loan, LoanStatus
from libnet.circulation.services._common import (
    card_facts,
    card_params,
    card_refusal_code,
    day_text,
    item_params,
    move_item,
    note_use_away_from_home,
    send,
    user_or_none,
)
from libnet.circulation.services._hold_shelf import (
    close_hold,
    set_aside,
    set_aside_locked_for_reader,
)
from libnet.core import audit, clock, plain_sql
from libnet.core.audit import Actor
from libnet.network.models import Library
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
    card_refusal, card_honoured = card_facts(patron=patron, library=desk, today=today)
    shelf = item.shelf_location
    refusal = policies.checkout_refusal(
        rules=rules,
        card_refusal=card_refusal,
        card_honoured=card_honoured,
        copy_here=item.current_library_id == desk.pk,
        item_status=_status_at_desk(item, desk),
        item_type=item.item_type,
        on_closed_stack=bool(shelf and shelf.is_closed_stack),
        on_reference_shelf=bool(shelf and shelf.is_reference),
        held_for_other_reader=held_for is not None and held_for.patron_id != patron.pk,
        open_loans=open_loans,
        restricted=bool(item.restriction),
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
    clerk = user_or_none(by)
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
    move_item(item=item, to=ItemStatus.ON_LOAN, current_library=desk, by=by, at=at)
    for hold in holds:
        if hold.patron_id == patron.pk:
            close_hold(hold, status=HoldStatus.FULFILLED, by=by, at=at, today=today, lent=item)
    note_use_away_from_home(patron=patron, library=desk, at=at)
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
    context = {**item_params(item), **card_params(patron, desk), **dict(params)}
    if code == "item_on_loan":
        open_loan = selectors.open_loan_for_item(item=item)
        context["due_on"] = day_text(open_loan.due_on) if open_loan else "?"
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
            loan = _lost_loan(item)
        if loan is None:
            _check_return_without_loan(item=item, desk=desk)
            if item.status == ItemStatus.AVAILABLE and item.current_library_id == desk.pk:
                # On this desk's shelf already (a second scan, a copy read in place): it stays.
                return CheckinResult(loan=None, item=item, transfer_to=None, hold=None, fine_vnd=0)
        if item.status == ItemStatus.IN_TRANSIT:
            ill_hold = _end_journey(
                item=item, desk=desk, on_loan=loan is not None, by=by, at=at, today=today
            )
            if ill_hold is not None:
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
        # it was lent here.
        desk_rules = selectors.loan_rules_for(
            library=desk, patron=loan.patron if loan else None, item=item
        )
        fine = 0
        if loan is not None:
            fine = _close_loan(
                loan=loan, item=item, desk=desk, desk_rules=desk_rules, by=by, at=at, today=today
            )
        if on_rotation_here:
            move_item(item=item, to=ItemStatus.ON_ROTATION, current_library=desk, by=by, at=at)
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
            send(item=item, desk=desk, to=lender, reason="ill", hold=None, by=by, at=at)
            return CheckinResult(
                loan=loan, item=item, transfer_to=lender, hold=None, fine_vnd=fine, ill=True
            )
        transfer_to, hold = _route_returned_copy(
            item=item, rules=desk_rules, desk=desk, by=by, at=at, today=today, any_hold=any_hold
        )
        return CheckinResult(
            loan=loan, item=item, transfer_to=transfer_to, hold=hold, fine_vnd=fine
        )


def _lost_loan(item: Item) -> Loan | None:
    """The loan a lost copy was lost on, the latest: the copy turned up, the loan is returned."""
    return Loan.objects.filter(item=item, status=LoanStatus.LOST).order_by("-closed_at").first()


def _end_journey(
    *, item: Item, desk: Library, on_loan: bool, by: Actor, at: dt.datetime, today: dt.date
) -> Hold | None:
    """End the journey (a transfer) of a copy in transit here, wherever it goes next.

    An inter-library loan arriving at its reader's home library, not on loan, is set aside
    for that reader: return the hold it now fills, else None.
    """
    ill_reader = movements.copy_arrived(item=item, desk=desk, by=by, at=at)
    if ill_reader is None or on_loan:
        return None
    return set_aside_locked_for_reader(
        item=item, patron=ill_reader, desk=desk, by=by, at=at, today=today
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
    params: dict[str, Any] = {**item_params(item), **dict(refusal.params)}
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
    item: Item,
    desk: Library,
    desk_rules: policies.LoanRules,
    by: Actor,
    at: dt.datetime,
    today: dt.date,
) -> int:
    """Close `loan` of `item` as returned at `desk`; return the fine.

    The fine is the lending library's: `desk_rules` when the copy was lent here, the rules of
    the library that lent it otherwise.
    """
    rules = (
        desk_rules
        if loan.library_id == desk.pk
        else selectors.loan_rules_for(library=loan.library, patron=loan.patron, item=item)
    )
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
            set_aside(hold=hold, item=item, desk=desk, by=by, at=at, today=today)
            return None, hold
        send(item=item, desk=desk, to=hold.pickup_library, reason="hold", hold=hold, by=by, at=at)
        return hold.pickup_library, hold
    shelf = item.shelf_location
    fills_holds = not policies.is_read_in_place(
        rules=rules,
        item_type=item.item_type,
        on_closed_stack=bool(shelf and shelf.is_closed_stack),
        on_reference_shelf=bool(shelf and shelf.is_reference),
    )
    if fills_holds and waiting_here is not None:
        set_aside(hold=waiting_here, item=item, desk=desk, by=by, at=at, today=today)
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
        send(
            item=item,
            desk=desk,
            to=home,
            reason="hold" if waiting is not None else "return_home",
            hold=waiting,
            by=by,
            at=at,
        )
        return home, waiting
    move_item(item=item, to=ItemStatus.AVAILABLE, current_library=desk, by=by, at=at)
    return None, None


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
            raise RenewalRefused("ill_loan", library=lender.name, due_on=day_text(loan.due_on))
        rules = selectors.loan_rules_for(library=loan.library, patron=patron, item=loan.item)
        refusal = policies.renewal_refusal(
            rules=rules,
            loan_status=loan.status,
            renewals=loan.renewals,
            card_refusal=card_refusal_code(patron=patron, library=loan.library, today=today),
            others_waiting=selectors.others_waiting_for_title(
                bib_id=loan.item.bib_id, patron=patron
            ),
        )
        if refusal is not None:
            raise RenewalRefused(
                refusal.code,
                **card_params(patron, loan.library),
                due_on=day_text(loan.due_on),
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
        move_item(item=item, to=ItemStatus.LOST, current_library=item.current_library, by=by, at=at)
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
            raise CheckinRefused("item_on_loan", **item_params(item))
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
