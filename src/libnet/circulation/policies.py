"""Pure rules of circulation: plain values in, an answer out. No queries, settings or clock.

The services gather the facts (the copy's status and shelf, the card, the counts) and ask
these functions; the tests ask them with tables.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from libnet.catalog.models import ItemStatus, ItemType
from libnet.circulation.models import LoanStatus


@dataclass(frozen=True)
class LoanRules:
    """The loan rules that apply to one reader and one copy at one library.

    One CirculationPolicy row, whole (selectors.loan_rules_for picks it); the defaults are
    the model's and apply only when not even a network-wide row exists.
    """

    home_loan_allowed: bool = True
    loan_days: int = 14
    max_loans: int = 5
    max_renewals: int = 2
    holds_allowed: bool = True
    max_holds: int = 3
    hold_pickup_days: int = 7
    grace_days: int = 0
    fine_per_day_vnd: int = 0
    copies_float: bool = False


@dataclass(frozen=True)
class Refusal:
    """Why an action is refused: a code of the matching error class and its parameters."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


# --- checkout --------------------------------------------------------------------------------

# Only a copy on the shelf can be lent. A copy on rotation is lent at its rotation point only
# once the rotation app says how it comes back; until then the desk refuses it.
LENDABLE_STATUSES = frozenset({ItemStatus.AVAILABLE})


def is_read_in_place(
    *, rules: LoanRules, item_type: str, on_closed_stack: bool, on_reference_shelf: bool
) -> bool:
    """Return whether a copy may only be read in the library, never taken home.

    TT 18/2014 Art. 7: closed stacks are fetched by staff and reference works are read in
    place. A reference book stays in whatever rule a library writes for its other copies.
    """
    return (
        not rules.home_loan_allowed
        or item_type == ItemType.REFERENCE
        or on_closed_stack
        or on_reference_shelf
    )


def checkout_refusal(
    *,
    rules: LoanRules,
    card_refusal: str | None,
    card_honoured: bool,
    copy_here: bool,
    item_status: str,
    item_type: str,
    on_closed_stack: bool,
    on_reference_shelf: bool,
    held_for_other_reader: bool,
    open_loans: int,
    restricted: bool = False,
) -> Refusal | None:
    """Return why the copy cannot be lent to the reader at this desk, or None.

    `card_refusal` is the code patrons.policies.card_refusal gave for the card (blocked,
    expired, erased), or None. `copy_here`: the copy is at the desk's library now (on its
    shelf, set aside there for a hold, on rotation there, on the mobile library's vehicle):
    a desk lends what it holds, never another library's copy from that library's shelf,
    whoever scans its barcode. The order is the order the clerk acts on: the card first,
    then the copy, then the reader's count.
    """
    if card_refusal:
        return Refusal(card_refusal)
    if not card_honoured:
        return Refusal("card_not_valid_here")
    if not copy_here:
        return Refusal("copy_not_here")
    if item_status == ItemStatus.ON_LOAN:
        return Refusal("item_on_loan")
    if item_status not in LENDABLE_STATUSES:
        return Refusal("item_not_available")
    # Luật Thư viện Art. 7; TT 02/2020 Art. 31–32: a restricted copy (a rare or damaged
    # original…) is read on site only, never lent.
    if restricted:
        return Refusal("restricted_item")
    if is_read_in_place(
        rules=rules,
        item_type=item_type,
        on_closed_stack=on_closed_stack,
        on_reference_shelf=on_reference_shelf,
    ):
        return Refusal("reference_only")
    if held_for_other_reader:
        return Refusal("item_on_hold_for_other")
    if open_loans >= rules.max_loans:
        return Refusal("loan_limit_reached", {"count": open_loans, "limit": rules.max_loans})
    return None


def due_date(*, rules: LoanRules, start: dt.date) -> dt.date:
    """Return the day a loan starting on `start` is due: `loan_days` calendar days later."""
    return start + dt.timedelta(days=rules.loan_days)


# --- renewal ---------------------------------------------------------------------------------


def renewal_refusal(
    *,
    rules: LoanRules,
    loan_status: str,
    renewals: int,
    card_refusal: str | None,
    others_waiting: bool,
) -> Refusal | None:
    """Return why an open loan cannot be renewed, or None.

    An overdue loan may still be renewed: the copy is at the reader's home either way, and
    most libraries here charge no fine.
    """
    if loan_status == LoanStatus.LOST:
        return Refusal("loan_lost")
    if next_loan_state(loan_status, "renew") is None:
        return Refusal("loan_closed")
    if card_refusal:
        return Refusal(card_refusal)
    if renewals >= rules.max_renewals:
        return Refusal("renewal_limit_reached", {"count": renewals})
    if others_waiting:
        return Refusal("title_on_hold")
    return None


def renewed_due_date(*, rules: LoanRules, due_on: dt.date, today: dt.date) -> dt.date:
    """Return the new due day: `loan_days` from today, never earlier than the current one."""
    return max(due_on, today + dt.timedelta(days=rules.loan_days))


# --- fines -----------------------------------------------------------------------------------


def fine_vnd(*, rules: LoanRules, due_on: dt.date, returned_on: dt.date) -> int:
    """Return the fine for a copy returned on `returned_on`: days late beyond the grace days.

    Most public libraries here charge nothing (fine_per_day_vnd = 0, the default).
    """
    days_late = (returned_on - due_on).days
    if days_late <= rules.grace_days:
        return 0
    return (days_late - rules.grace_days) * rules.fine_per_day_vnd


# --- checkin ---------------------------------------------------------------------------------

# Copies that do not circulate: a return of one that is not on loan is refused.
NOT_CIRCULATING_STATUSES = frozenset(
    {ItemStatus.WITHDRAWN, ItemStatus.DAMAGED, ItemStatus.PROCESSING}
)


def checkin_refusal(
    *,
    has_loan: bool,
    item_status: str,
    owned_here: bool,
    here: bool,
    travelling_here: bool,
    in_batch: bool,
) -> Refusal | None:
    """Return why a copy scanned for return at a desk cannot be taken back there, or None.

    A return is of a copy on loan (`has_loan`: open, or declared lost and now brought back),
    wherever in the network the reader brings it. Without a loan, only a copy in transit to
    this desk (`travelling_here`) is taken in; and the desk's own copies (`owned_here`, or
    `here`: recorded at this library now) are put back on the shelf or stay there. A copy
    travelling in a rotation batch is received on the batch's page, which counts it.
    Anything else is refused and nothing moves: barcodes are sequential, and a desk that
    took in any barcode could pull the network's stock to itself, one scan at a time.
    """
    if has_loan:
        return None
    if item_status == ItemStatus.IN_TRANSIT:
        if not travelling_here:
            return Refusal("in_transit_elsewhere")
        if in_batch:
            return Refusal("item_in_batch")
        return None
    if item_status == ItemStatus.ON_ROTATION:
        return Refusal("item_on_rotation")
    if not (owned_here or here):
        return Refusal("copy_not_on_loan")
    if item_status in NOT_CIRCULATING_STATUSES:
        return Refusal("item_not_circulating")
    return None


# --- the loan's life -------------------------------------------------------------------------

# (state, action) → next state. A pair not in the table is refused.
LOAN_TRANSITIONS: dict[tuple[str, str], str] = {
    (LoanStatus.OPEN, "renew"): LoanStatus.OPEN,
    (LoanStatus.OPEN, "checkin"): LoanStatus.RETURNED,
    (LoanStatus.OPEN, "declare_lost"): LoanStatus.LOST,
    # The copy turned up: the loan ends as returned; any charge is reviewed by hand.
    (LoanStatus.LOST, "checkin"): LoanStatus.RETURNED,
}


def next_loan_state(state: str, action: str) -> str | None:
    """Return the loan's state after `action`, or None when the action does not apply."""
    return LOAN_TRANSITIONS.get((state, action))


# --- visits and uses in the library ----------------------------------------------------------

# A commune library rarely sees more than a few hundred people a day; a school at most its
# pupils. Far more is a typing slip (an extra zero) or a broken gate counter: refused.
MAX_VISITS_PER_DAY = 10_000
# Copies read in place counted at once (a table of newspapers); more is a slip of the keyboard.
MAX_USES_AT_ONCE = 500


def is_whole_number(value: object) -> bool:
    """Return whether `value` is an int and not a bool (True is an int to Python)."""
    return isinstance(value, int) and not isinstance(value, bool)


# --- holds -----------------------------------------------------------------------------------


def hold_refusal(
    *,
    rules: LoanRules,
    card_refusal: str | None,
    card_honoured: bool,
    open_holds: int,
    has_open_hold_on_title: bool,
    has_title_on_loan: bool,
    copies_owned_at_pickup: int,
    copies_on_shelf_at_pickup: int,
) -> Refusal | None:
    """Return why the reader cannot place a hold on a title for pickup at a library, or None.

    A hold is refused when a copy is on the shelf at the pickup library: the reader (or the
    clerk, for a phone call) takes it from the shelf. Holding a copy that is on the shelf
    would need someone to pull it and a list to pull from; commune libraries have one clerk,
    so the queue is only for titles whose copies are all out.

    A hold is filled by a copy returned at the pickup library or travelling home to it, so
    the pickup library must own a copy that circulates.
    """
    if card_refusal:
        return Refusal(card_refusal)
    if not card_honoured:
        return Refusal("card_not_valid_here")
    if not rules.holds_allowed:
        return Refusal("holds_not_allowed")
    if has_open_hold_on_title:
        return Refusal("already_on_hold")
    if has_title_on_loan:
        return Refusal("already_on_loan")
    if copies_owned_at_pickup == 0:
        return Refusal("no_copy_here")
    if copies_on_shelf_at_pickup > 0:
        return Refusal("copy_on_shelf")
    if open_holds >= rules.max_holds:
        return Refusal("hold_limit_reached", {"count": open_holds, "limit": rules.max_holds})
    return None


def pickup_until(*, rules: LoanRules, ready_on: dt.date) -> dt.date:
    """Return the last day a reader may collect a copy set aside on `ready_on`."""
    return ready_on + dt.timedelta(days=rules.hold_pickup_days)


# --- where a returned copy goes ---------------------------------------------------------------


def returns_home(*, rules: LoanRules, home_library_id: int, desk_id: int) -> bool:
    """Return whether a copy returned at `desk_id` must travel to its home library.

    A floating copy (the rule of the desk where it is returned says so) stays where it was
    returned and is shelved there; any other copy goes home.
    """
    return home_library_id != desk_id and not rules.copies_float
