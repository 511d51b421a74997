"""Pure rules of the catalogue: which status changes are allowed."""

from __future__ import annotations

from libnet.catalog.models import ItemStatus

S = ItemStatus
# From → the statuses a service may move a copy to. Loans, transfers and rotation move copies
# through their own services, which call change_item_status with these same rules.
ALLOWED_STATUS_CHANGES: dict[str, frozenset[str]] = {
    S.PROCESSING: frozenset({S.AVAILABLE, S.DAMAGED, S.LOST, S.WITHDRAWN, S.MISSING}),
    S.AVAILABLE: frozenset(
        {
            S.PROCESSING,
            S.ON_LOAN,
            S.IN_TRANSIT,
            S.ON_ROTATION,
            S.LOST,
            S.DAMAGED,
            S.WITHDRAWN,
            S.MISSING,
        }
    ),
    # A rotation copy lent at its point goes back on the point's shelf when returned there.
    S.ON_LOAN: frozenset({S.AVAILABLE, S.IN_TRANSIT, S.ON_ROTATION, S.LOST, S.DAMAGED, S.MISSING}),
    S.IN_TRANSIT: frozenset({S.AVAILABLE, S.ON_ROTATION, S.LOST, S.DAMAGED, S.MISSING}),
    S.ON_ROTATION: frozenset({S.AVAILABLE, S.ON_LOAN, S.IN_TRANSIT, S.LOST, S.DAMAGED, S.MISSING}),
    # A lost or missing copy that turns up goes back on the shelf; damaged ones get repaired.
    S.LOST: frozenset({S.AVAILABLE, S.WITHDRAWN}),
    S.MISSING: frozenset({S.AVAILABLE, S.LOST, S.WITHDRAWN}),
    S.DAMAGED: frozenset({S.AVAILABLE, S.PROCESSING, S.WITHDRAWN}),
    # Withdrawal is final (TT 02/2020): the copy leaves the stock and the register says so.
    S.WITHDRAWN: frozenset(),
}


def status_change_refusal(current: str, target: str, withdrawal_reference: str) -> str | None:
    """Return the refusal code for moving a copy from `current` to `target`, or None."""
    if current == target:
        return "same_status"
    if target not in ALLOWED_STATUS_CHANGES.get(current, frozenset()):
        return "invalid_status_change"
    if target == S.WITHDRAWN and not withdrawal_reference.strip():
        return "withdrawal_needs_decision"
    return None
