"""Every write of the stocktake: open, scan (one at the desk, many from a file or the API),
close, and mark the missing copies as lost. Each audited.

Scans are inserts: several people scan at once, and a barcode scanned twice is counted as a
repeat (`times`), never an error. The unique constraint (stocktake, barcode) decides which
of two simultaneous scans of one barcode is the first.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from libnet.catalog import policies as catalog_policies
from libnet.catalog import services as catalog_services
from libnet.catalog.models import Item, ItemStatus, ShelfLocation, WeedingReason
from libnet.core import audit, bulk, clock, text, validation
from libnet.core.audit import Actor
from libnet.core.errors import LibnetError
from libnet.network.models import Library
from libnet.stock import policies, selectors
from libnet.stock.errors import StocktakeInvalid, StocktakeNotFound, StocktakeRefused
from libnet.stock.models import (
    CommitteeMember,
    Outcome,
    ScanSource,
    Stocktake,
    StocktakeLine,
    StocktakeReason,
    StocktakeScan,
    StocktakeState,
    TabletScan,
)

MAX_COMMITTEE = 15
# Barcodes per query when a file of scans is matched against the copies.
_CHUNK = 2_000


def _stocktake_note(stocktake: Stocktake) -> str:
    """What marked a copy lost, in its history and on the weeding list: "kiểm kê số 5"."""
    return audit.note(_("stocktake no. %(number)s"), number=stocktake.pk)


def _check_scope(
    library: Library, locations: Sequence[ShelfLocation], start: str, end: str
) -> None:
    refusal = policies.scope_refusal(locations=len(locations), start=start, end=end)
    if refusal is not None:
        raise StocktakeInvalid(refusal)
    if any(location.library_id != library.pk for location in locations):
        raise StocktakeNotFound("location_not_found")


def _committee(members: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    cleaned = [(text.clean(name), text.clean(role)) for name, role in members]
    cleaned = [(name, role) for name, role in cleaned if name or role]
    if len(cleaned) > MAX_COMMITTEE:
        raise StocktakeInvalid("too_many_members", count=MAX_COMMITTEE)
    if any(not name for name, _role in cleaned):
        raise StocktakeInvalid("member_name_required")
    return cleaned


@transaction.atomic
def open_stocktake(
    *,
    library: Library,
    reason: str,
    by: Actor,
    locations: Sequence[ShelfLocation] = (),
    call_number_from: str = "",
    call_number_to: str = "",
    committee: Iterable[tuple[str, str]] = (),
    note: str = "",
    at: dt.datetime | None = None,
) -> Stocktake:
    """Open a stocktake of `library` (all of it, some shelf locations, or a call-number range)
    and take the snapshot of the copies in scope: each with its shelf and status now.

    Raises StocktakeInvalid for a bad scope, reason or committee, StocktakeRefused when the
    library has a stocktake open already; nothing is written then.
    """
    at = at or clock.now()
    if reason not in StocktakeReason.values:
        raise StocktakeInvalid("bad_reason")
    start, end = text.clean(call_number_from), text.clean(call_number_to)
    _check_scope(library, locations, start, end)
    members = _committee(committee)
    # Lock the library's row: two clerks opening at once queue here; the partial unique
    # index backs it up on SQLite, which ignores the lock.
    Library.objects.select_for_update().filter(pk=library.pk).first()
    already = Stocktake.objects.filter(library=library, state=StocktakeState.OPEN).first()
    if already is not None:
        raise StocktakeRefused("already_open", number=already.pk)
    stocktake = Stocktake.objects.create(
        library=library,
        reason=reason,
        call_number_from=start,
        call_number_to=end,
        note=text.clean(note)[:500],
        opened_at=at,
        opened_by=audit.user_of(by),
    )
    if locations:
        stocktake.locations.set(locations)
    CommitteeMember.objects.bulk_create(
        CommitteeMember(stocktake=stocktake, name=name[:120], role=role[:120], position=number)
        for number, (name, role) in enumerate(members)
    )
    rows = [
        (stocktake.pk, item_id, location_id, status, "")
        for item_id, location_id, status, call_number in selectors.copies_in_scope(
            library=library,
            location_ids=[location.pk for location in locations],
            call_number_from=start,
            call_number_to=end,
        )
    ]
    bulk.insert_values(
        StocktakeLine, ("stocktake", "item", "expected_location", "status_at_open", "outcome"), rows
    )
    audit.record(
        "stocktake.open",
        subject=stocktake,
        by=by,
        at=at,
        library_id=library.pk,
        after={
            "reason": reason,
            "locations": [location.pk for location in locations],
            "call_number_from": start,
            "call_number_to": end,
            "copies": len(rows),
        },
    )
    return stocktake


def _require_open(stocktake: Stocktake) -> None:
    if stocktake.state != StocktakeState.OPEN:
        raise StocktakeRefused("not_open")


@dataclass(frozen=True)
class ScanResult:
    """What one scan at the desk found: `kind` is found, misplaced, out_of_scope, not_a_copy
    or repeated; `expected` the shelf the copy belongs on (for misplaced)."""

    barcode: str
    kind: str
    title: str = ""
    expected: str = ""


def _barcode(value: str) -> str:
    code = text.identifier(value)
    if not code or not catalog_services.BARCODE.match(code):
        raise StocktakeInvalid("no_barcode")
    return code


def record_scan(
    *,
    stocktake: Stocktake,
    barcode: str,
    by: Actor,
    location: ShelfLocation | None = None,
    source: str = ScanSource.DESK,
    at: dt.datetime | None = None,
) -> ScanResult:
    """Record one scanned barcode (the desk: a keyboard scanner, Enter submits).

    Two reads (the copy, its line) and one insert; a barcode already scanned adds to its
    count and answers "repeated". Raises StocktakeRefused("not_open") once closed, and
    StocktakeInvalid("no_barcode") for something that is not a barcode.
    """
    at = at or clock.now()
    _require_open(stocktake)
    code = _barcode(barcode)
    copy = Item.objects.filter(barcode=code).values_list("pk", "bib__title").first()
    line = None
    if copy is not None:
        line = (
            StocktakeLine.objects.filter(stocktake=stocktake, item_id=copy[0])
            .values_list("expected_location_id", "expected_location__name")
            .first()
        )
    try:
        # A savepoint: the conflict of a second scan of the barcode leaves the request's
        # transaction usable.
        with transaction.atomic():
            StocktakeScan.objects.create(
                stocktake=stocktake,
                barcode=code,
                item_id=copy[0] if copy else None,
                location=location,
                source=source,
                scanned_at=at,
                scanned_by=audit.user_of(by),
            )
    except IntegrityError:
        StocktakeScan.objects.filter(stocktake=stocktake, barcode=code).update(times=F("times") + 1)
        return ScanResult(code, "repeated", copy[1] if copy else "")
    if copy is None:
        return ScanResult(code, "not_a_copy")
    if line is None:
        return ScanResult(code, "out_of_scope", copy[1])
    if location is not None and location.pk != line[0]:
        return ScanResult(code, Outcome.MISPLACED, copy[1], line[1] or "—")
    return ScanResult(code, Outcome.FOUND, copy[1])


@dataclass
class ScansRecorded:
    """What a list of scans did: `accepted` new copies in scope, `unknown` new barcodes that
    are not copies in scope, `repeated` scans of a barcode scanned before (or twice here)."""

    accepted: int = 0
    unknown: list[str] = field(default_factory=list)
    repeated: int = 0


@transaction.atomic
def record_scans(
    *,
    stocktake: Stocktake,
    scans: Sequence[tuple[str, dt.datetime | None]],
    by: Actor,
    source: str,
    location: ShelfLocation | None = None,
    at: dt.datetime | None = None,
) -> ScansRecorded:
    """Record many scans at once (a handheld scanner's file, the API): (barcode, moment or
    None) each, the barcodes already in their normal form. Set-wise: the barcodes are
    de-duplicated, matched against the stocktake's earlier scans and its copies in scope
    (each read whole) and the rest of the copies (a chunk per query), and the new ones
    inserted together. Raises StocktakeRefused("not_open") once closed."""
    at = at or clock.now()
    _require_open(stocktake)
    counts: Counter[str] = Counter()
    first_at: dict[str, dt.datetime] = {}
    for code, moment in scans:
        counts[code] += 1
        first_at.setdefault(code, moment or at)
    # In barcode order: the rows then go into the (stocktake, barcode) index one after the
    # other instead of all over it.
    distinct = sorted(counts)
    result = ScansRecorded()
    # Set-wise: the stocktake's earlier scans and the barcodes of its copies in scope are read
    # whole (the database joins the snapshot with the copies); only the few barcodes that
    # are neither are looked up among all copies, a chunk per query.
    seen = set(StocktakeScan.objects.filter(stocktake=stocktake).values_list("barcode", flat=True))
    in_scope: dict[str, int] = dict(
        StocktakeLine.objects.filter(stocktake=stocktake).values_list("item__barcode", "item_id")
    )
    copies = dict(in_scope)
    others = [code for code in distinct if code not in in_scope and code not in seen]
    for chunk in bulk.chunks(others, _CHUNK):
        copies.update(Item.objects.filter(barcode__in=chunk).values_list("barcode", "pk"))
    scanner_id = getattr(audit.user_of(by), "pk", None)
    new: list[tuple[object, ...]] = []
    again: dict[int, list[str]] = {}
    location_id = location.pk if location is not None else None
    for code in distinct:
        if code in seen:
            again.setdefault(counts[code], []).append(code)
            result.repeated += counts[code]
            continue
        result.repeated += counts[code] - 1
        item_id = copies.get(code)
        if code in in_scope:
            result.accepted += 1
        else:
            result.unknown.append(code)
        new.append(
            (
                stocktake.pk,
                code,
                item_id,
                location_id,
                source,
                first_at[code],
                scanner_id,
                counts[code],
            )
        )
    # Rows, not model instances: a file has 100,000 of them. A scan of the same barcode at a
    # desk in the meantime wins; this one is then dropped.
    bulk.insert_values(
        StocktakeScan,
        ("stocktake", "barcode", "item", "location", "source", "scanned_at", "scanned_by", "times"),
        new,
        ignore_conflicts=True,
    )
    for times, codes in again.items():
        for chunk in bulk.chunks(codes, _CHUNK):
            StocktakeScan.objects.filter(stocktake=stocktake, barcode__in=chunk).update(
                times=F("times") + times
            )
    return result


def scan_message(result: ScanResult) -> str:
    """What a scan was, in a sentence for the person scanning (the desk's line, the tablet's
    result column)."""
    values = {"barcode": result.barcode, "title": result.title, "shelf": result.expected}
    if result.kind == "repeated":
        return _("%(barcode)s — already scanned") % values
    if result.kind == "not_a_copy":
        return _("%(barcode)s — not the barcode of any copy") % values
    if result.kind == "out_of_scope":
        return _("%(barcode)s — not in the scope of the stocktake (%(title)s)") % values
    if result.kind == Outcome.MISPLACED:
        return _("Scanned %(barcode)s — misplaced (right shelf: %(shelf)s): %(title)s") % values
    return _("Scanned %(barcode)s — on its shelf: %(title)s") % values


@dataclass(frozen=True)
class QueuedScan:
    """A scan from a tablet's queue: its UUID (as sent), barcode, the shelf being counted (an
    id or None) and the tablet's time."""

    uuid: str
    barcode: str
    location: int | None
    scanned_at: dt.datetime


@dataclass(frozen=True)
class SyncedScan:
    """The answer to one queued scan: `result` is a ScanResult kind, or "refused" with the
    refusal's `code` and `message`."""

    uuid: str
    result: str
    code: str
    message: str


def _apply_queued(
    stocktake: Stocktake,
    scan: QueuedScan,
    locations: dict[int, ShelfLocation],
    now: dt.datetime,
    by: Actor,
) -> SyncedScan:
    try:
        key = uuid.UUID(scan.uuid)
    except ValueError:
        raise StocktakeInvalid("bad_uuid") from None
    code = _barcode(scan.barcode)
    location = None
    if scan.location is not None:
        location = locations.get(scan.location)
        if location is None:
            raise StocktakeNotFound("location_not_found")
    validation.check_date(
        clock.local_date(scan.scanned_at), field=str(_("Time of the scan")), window="operational"
    )
    # A tablet's clock a little ahead is not a scan from the future.
    at = min(scan.scanned_at, now)
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = TabletScan.objects.create(stocktake=stocktake, uuid=key, barcode=code)
        except IntegrityError:
            # Sent before and applied: answered as it was then, not counted again.
            kept = TabletScan.objects.get(stocktake=stocktake, uuid=key)
            result = ScanResult(kept.barcode, kept.kind, kept.title, kept.expected)
            return SyncedScan(scan.uuid, result.kind, "", scan_message(result))
        result = record_scan(
            stocktake=stocktake,
            barcode=code,
            by=by,
            location=location,
            source=ScanSource.TABLET,
            at=at,
        )
        row.kind, row.title, row.expected = result.kind, result.title, result.expected
        row.save(update_fields=["kind", "title", "expected"])
    return SyncedScan(scan.uuid, result.kind, "", scan_message(result))


def sync_tablet_scans(
    *, stocktake: Stocktake, scans: Sequence[QueuedScan], by: Actor
) -> list[SyncedScan]:
    """Apply a tablet's queue of scans in order, each once by its UUID, each answered.

    A UUID applied before is answered as it was then and not counted again (the tablet sends
    its queue again when an answer never arrived). A scan with a bad barcode, a shelf location
    of another library or a time outside the operational window is refused on its own (result
    "refused", nothing written for it); the others are applied. Raises
    StocktakeRefused("not_open") once the stocktake is closed: nothing is applied.
    """
    _require_open(stocktake)
    now = clock.now()
    wanted = {scan.location for scan in scans if scan.location is not None}
    locations = {
        location.pk: location
        for location in ShelfLocation.objects.filter(library=stocktake.library, pk__in=wanted)
    }
    answers = []
    for scan in scans:
        try:
            answers.append(_apply_queued(stocktake, scan, locations, now, by))
        except LibnetError as error:
            answers.append(SyncedScan(scan.uuid, "refused", error.code, str(error.message)))
    return answers


@transaction.atomic
def close_stocktake(
    *, stocktake: Stocktake, by: Actor, at: dt.datetime | None = None
) -> dict[str, int]:
    """Close the stocktake: work out each copy's outcome from the snapshot, the scans and
    where circulation and rotation say the copy is now (policies.outcome), store it with the
    counts, in one transaction. Returns the counts (found, misplaced, not_missing, missing:
    the copies in scope; unknown: barcodes scanned that are not copies in scope).

    Raises StocktakeRefused("not_open") for a closed stocktake.
    """
    at = at or clock.now()
    stocktake = Stocktake.objects.select_for_update().get(pk=stocktake.pk)
    _require_open(stocktake)
    outcomes = selectors.live_outcomes(stocktake)
    by_outcome: dict[str, list[int]] = {}
    for item_id, outcome in outcomes.items():
        by_outcome.setdefault(outcome, []).append(item_id)
    # Most copies are found: one statement marks them all, then the others by their ids.
    StocktakeLine.objects.filter(stocktake=stocktake).update(outcome=Outcome.FOUND)
    for outcome, item_ids in by_outcome.items():
        if outcome == Outcome.FOUND:
            continue
        for chunk in bulk.chunks(item_ids, _CHUNK):
            StocktakeLine.objects.filter(stocktake=stocktake, item_id__in=chunk).update(
                outcome=outcome
            )
    counts = {
        name: len(by_outcome.get(name, ()))
        for name in (Outcome.FOUND, Outcome.MISPLACED, Outcome.NOT_MISSING, Outcome.MISSING)
    }
    counts[Outcome.UNKNOWN] = selectors.unknown_scans(stocktake).count()
    for name, count in counts.items():
        setattr(stocktake, name, count)
    stocktake.state = StocktakeState.CLOSED
    stocktake.closed_at = at
    stocktake.closed_by = audit.user_of(by)
    stocktake.save(
        update_fields=["state", "closed_at", "closed_by", *[str(name) for name in counts]]
    )
    audit.record(
        "stocktake.close",
        subject=stocktake,
        by=by,
        at=at,
        library_id=stocktake.library_id,
        after={str(name): count for name, count in counts.items()},
    )
    return {str(name): count for name, count in counts.items()}


@transaction.atomic
def mark_missing_as_lost(
    *, stocktake: Stocktake, by: Actor, confirm: bool = False, at: dt.datetime | None = None
) -> int:
    """The committee's one step after closing: each copy not found becomes lost and goes on
    its library's weeding list (TT 02/2020 Art. 20, 25), audited; returns how many.

    A copy whose status has moved on since closing (it turned up, was lent or withdrawn) is
    left as it is. Raises StocktakeRefused: not_closed, already_marked, nothing_missing, and
    lost_not_confirmed without `confirm` (the page lists the copies first); nothing written.
    """
    at = at or clock.now()
    stocktake = Stocktake.objects.select_for_update().get(pk=stocktake.pk)
    if stocktake.state != StocktakeState.CLOSED:
        raise StocktakeRefused("not_closed")
    if stocktake.lost_marked_at is not None:
        raise StocktakeRefused("already_marked")
    missing_ids = list(
        StocktakeLine.objects.filter(stocktake=stocktake, outcome=Outcome.MISSING)
        .order_by("item_id")
        .values_list("item_id", flat=True)
    )
    if not missing_ids:
        raise StocktakeRefused("nothing_missing")
    if not confirm:
        raise StocktakeRefused("lost_not_confirmed", count=len(missing_ids))
    copies = list(
        Item.objects.select_for_update(of=("self",)).filter(pk__in=missing_ids).order_by("pk")
    )
    losing = [
        item
        for item in copies
        if catalog_policies.status_change_refusal(item.status, ItemStatus.LOST, "") is None
        and item.status not in (ItemStatus.ON_LOAN, ItemStatus.IN_TRANSIT, ItemStatus.ON_ROTATION)
    ]
    note = _stocktake_note(stocktake)
    with audit.batch():
        catalog_services.move_items(items=losing, to=ItemStatus.LOST, by=by, at=at, reason=note)
        for item in losing:
            catalog_services.note_weeding_candidate(
                item=item, reason=WeedingReason.LOST, source=note, by=by, at=at
            )
        stocktake.lost_marked_at = at
        stocktake.save(update_fields=["lost_marked_at"])
        audit.record(
            "stocktake.mark_lost",
            subject=stocktake,
            by=by,
            at=at,
            library_id=stocktake.library_id,
            after={"lost": len(losing), "left": len(copies) - len(losing)},
        )
    return len(losing)
