"""Pure rules of the stocktake: what became of each copy, and what a scanned barcode that is
not a copy in scope is. Plain values in, an answer out; tested as tables."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from libnet.stock.models import Outcome

# Statuses that leave a copy out of the stock counted (catalog.ItemStatus values): withdrawn
# copies left it for good, lost ones were written off (and go to weeding, TT 02/2020 Art. 20).
OUT_OF_STOCK = frozenset({"withdrawn", "lost"})

# What a copy that is not on its shelf may be doing, as circulation and rotation say it
# (on loan, in transit, in a rotation batch, on a mobile-library trip): not missing.
MOVEMENTS = frozenset({"on_loan", "in_transit", "rotation", "transfer", "mobile"})


@dataclass(frozen=True)
class CopyAtCount:
    """What is known of one copy in scope when its outcome is worked out.

    `scanned`: its barcode was scanned in this stocktake; `scanned_location_id`: the shelf
    location being counted at the scan (None: not said); `expected_location_id`: its shelf at
    opening; `movement`: "" or one of MOVEMENTS, now; `moved_during`: lent or returned after
    the stocktake was opened; `at_library`: the catalogue has it at the counting library now.
    """

    scanned: bool
    scanned_location_id: int | None = None
    expected_location_id: int | None = None
    movement: str = ""
    moved_during: bool = False
    at_library: bool = True


def outcome(copy: CopyAtCount) -> str:
    """The outcome of one copy in scope: found, misplaced, not_missing or missing.

    - Scanned: found, or misplaced when it was scanned while counting another shelf location
      than the one it was expected on. Seen is seen: a copy scanned and then lent is found.
    - Not scanned but lent, in transit, in a rotation batch or on a trip: not missing.
    - Not scanned but lent or returned at the desk after opening (a copy returned during the
      count and not yet back on its shelf): not missing, the desk has had it in hand.
    - Not scanned and held by another library (the catalogue puts it there): misplaced.
    - Otherwise missing.
    """
    if copy.scanned:
        if (
            copy.scanned_location_id is not None
            and copy.scanned_location_id != copy.expected_location_id
        ):
            return Outcome.MISPLACED
        return Outcome.FOUND
    if copy.movement in MOVEMENTS or copy.moved_during:
        return Outcome.NOT_MISSING
    if not copy.at_library:
        return Outcome.MISPLACED
    return Outcome.MISSING


# Why a scanned barcode is not a copy in scope (the "unknown" list).
UNKNOWN_REASONS = ("not_a_copy", "withdrawn", "lost", "other_library", "out_of_scope")


def unknown_reason(*, is_copy: bool, status: str, owned_here: bool) -> str:
    """Why a scanned barcode counts as unknown, for a barcode that is not a copy in scope."""
    if not is_copy:
        return "not_a_copy"
    if status == "withdrawn":
        return "withdrawn"
    if status == "lost":
        return "lost"
    if not owned_here:
        return "other_library"
    return "out_of_scope"


def scope_refusal(*, locations: int, start: str, end: str) -> str | None:
    """Why a scope cannot be counted (bad_scope: shelf locations and a range at once;
    bad_range: one end of the range missing, or the start after the end), or None. No
    locations and no range is the whole library."""
    if locations and (start or end):
        return "bad_scope"
    if (start or end) and not (start and end and start.upper() <= end.upper()):
        return "bad_range"
    return None


def call_number_in_range(call_number: str, start: str, end: str) -> bool:
    """Whether `call_number` lies in the range (both ends included; `end` as a prefix too, so
    "399" takes in "399.1 NG-A"). An empty end leaves that side open."""
    value = call_number.strip().upper()
    if start and value < start.strip().upper():
        return False
    end = end.strip().upper()
    return not end or value <= end or value.startswith(end)


def missing_rate(*, missing: int, in_scope: int) -> float | None:
    """The share of copies in scope not found, in per cent (None for an empty stocktake)."""
    if in_scope <= 0:
        return None
    return round(100 * missing / in_scope, 2)


def compensation_vnd(*, price_vnd: int | None, factor: Decimal) -> int | None:
    """What a reader pays for a lost copy: its price times the library's factor, rounded to
    the đồng (half up); None when the copy has no price (the desk types the amount)."""
    if price_vnd is None:
        return None
    return int((Decimal(price_vnd) * factor).quantize(Decimal(1), rounding=ROUND_HALF_UP))
