"""Pure rules of the catalogue: status changes, who may change a shared record, and the
ranges of the numbers cataloguers type."""

from __future__ import annotations

from dataclasses import dataclass

from libnet.catalog.models import (
    MAX_ACCESSION_SEQUENCE,
    MAX_PRICE_VND,
    ItemStatus,
)

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


# ---------------------------------------------------------------- shared records


@dataclass(frozen=True)
class RecordEditor:
    """Who asks to change a shared record, as the rule needs it: where they catalogue.

    `catalog_library_ids` are the libraries where the person (or, for the command line, the
    library named by --library) holds the catalogue permission, subtrees included.
    """

    catalog_library_ids: frozenset[int]
    is_provincial_cataloguer: bool = False
    is_superuser: bool = False


def record_change_refusal(*, created_at_library_id: int | None, editor: RecordEditor) -> str | None:
    """Return why `editor` may not change (replace, merge into, delete) a shared record, or None.

    A record is the whole network's (NĐ 93/2020 Art. 26: the lead library controls the
    quality and consistency of the shared records). Its creating library keeps it up to
    date, and the provincial library's cataloguers, who lead the union catalogue, may change
    any record. Everyone else catalogues their copies on it as it is.
    """
    if editor.is_superuser or editor.is_provincial_cataloguer:
        return None
    if created_at_library_id is None:
        return "record_without_library"
    if created_at_library_id in editor.catalog_library_ids:
        return None
    return "record_of_another_library"


# ---------------------------------------------------------------- numbers people type

# A typed accession number more than this far past the register's next free number is
# more often a slip (TN.999993 for TN.000093) than a box of books numbered ahead: the
# cataloguer confirms it before the register continues from there. A hundred covers the
# usual batch of pre-stamped copies.
ACCESSION_JUMP_LIMIT = 100


def price_refusal(price_vnd: int | None) -> str | None:
    """Return "invalid_price" for a price outside 0 … MAX_PRICE_VND đồng, else None."""
    if price_vnd is not None and not 0 <= price_vnd <= MAX_PRICE_VND:
        return "invalid_price"
    return None


def accession_sequence_refusal(sequence: int) -> str | None:
    """Return "accession_number_too_large" past the largest number a register holds."""
    return "accession_number_too_large" if sequence > MAX_ACCESSION_SEQUENCE else None


def is_accession_jump(*, sequence: int, next_free: int) -> bool:
    """Whether a typed number lies so far past the register's next free one that it needs a
    confirmation before the register continues from it."""
    return sequence - next_free > ACCESSION_JUMP_LIMIT
