"""Reads of rotation and transfers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from libnet.catalog.models import Item, ItemStatus
from libnet.circulation.models import Loan
from libnet.network.models import Library, LibraryKind
from libnet.rotation import policies
from libnet.rotation.models import (
    BatchItem,
    BatchItemState,
    BatchState,
    ClaimKind,
    DepositUsage,
    ItemClaim,
    PointArea,
    PointProfile,
    RotationBatch,
    Transfer,
    TransferState,
)

# Copies that count towards "the library holds ≥ 3 copies of the title".
_NOT_HELD = (ItemStatus.WITHDRAWN, ItemStatus.LOST)


def copies_held(*, library_id: int, bib_ids: Iterable[int]) -> dict[int, int]:
    """Copies of each record owned by the library, not withdrawn or lost (one query).

    Read by record (the index on bib) and counted here: a title has a few copies, a library
    tens of thousands, and SQLite would otherwise walk the library's index.
    """
    counts: dict[int, int] = {}
    rows = Item.objects.filter(bib_id__in=list(bib_ids)).values_list(
        "bib_id", "home_library_id", "status"
    )
    for bib_id, home_library_id, status in rows:
        if home_library_id == library_id and status not in _NOT_HELD:
            counts[bib_id] = counts.get(bib_id, 0) + 1
    return counts


def claims_of(item_ids: Iterable[int]) -> dict[int, ItemClaim]:
    return {claim.item_id: claim for claim in ItemClaim.objects.filter(item_id__in=list(item_ids))}


def point_area(library: Library) -> tuple[str, int | None]:
    """(area, max_months) of a rotation point; a point without a profile is a normal one."""
    profile = PointProfile.objects.filter(library=library).first()
    if profile is None:
        return PointArea.NORMAL, None
    return profile.area, profile.max_months


def is_mobile_library(library_id: int) -> bool:
    return Library.objects.filter(pk=library_id, kind=LibraryKind.MOBILE).exists()


def batch_lines(batch: RotationBatch) -> QuerySet[BatchItem]:
    return batch.lines.select_related("item__bib").order_by("box_number", "item__call_number", "pk")


def batch_counts(batch: RotationBatch) -> dict[str, int]:
    """How many copies of the batch are in each line state, and in all."""
    rows = batch.lines.values("state").annotate(count=Count("pk"))
    counts = {row["state"]: row["count"] for row in rows}
    counts["total"] = sum(counts.values())
    counts["arrival_scanned"] = batch.lines.filter(arrival_scanned=True).count()
    counts["return_scanned"] = batch.lines.filter(return_scanned=True).count()
    return counts


def loans_at_point(batch: RotationBatch) -> dict[int, tuple[int, set[int]]]:
    """Loans of the batch's copies made at its point while the batch was there:
    item id → (loans, reader ids). One query."""
    since = batch.received_at or batch.shipped_at
    if since is None:
        return {}
    loans = Loan.objects.filter(
        library_id=batch.to_library_id,
        item_id__in=batch.lines.values("item_id"),
        loaned_at__gte=since,
    )
    if batch.closed_at:
        loans = loans.filter(loaned_at__lte=batch.closed_at)
    result: dict[int, tuple[int, set[int]]] = {}
    for item_id, patron_id in loans.values_list("item_id", "patron_id"):
        count, readers = result.get(item_id, (0, set()))
        if patron_id is not None:
            readers.add(patron_id)
        result[item_id] = (count + 1, readers)
    return result


def open_loans_at_point(batch: RotationBatch) -> int:
    return Loan.objects.filter(
        item_id__in=batch.lines.values("item_id"),
        library_id=batch.to_library_id,
        closed_at__isnull=True,
    ).count()


def deposit_usage_between(point: Library, start: dt.date, end: dt.date) -> tuple[int, int]:
    """(loans, readers) typed in for a deposit point over the months touching start..end."""
    rows = DepositUsage.objects.filter(
        point=point, month__gte=policies.month_start(start), month__lte=end
    )
    loans = readers = 0
    for row in rows:
        loans += row.loans
        readers += row.readers
    return loans, readers


def free_copies_on_shelf(library: Library) -> QuerySet[Item]:
    """The library's own copies on its shelf, in no open batch, transfer or mobile trip."""
    return Item.objects.filter(
        home_library=library, current_library=library, status=ItemStatus.AVAILABLE
    ).exclude(pk__in=ItemClaim.objects.values("item_id"))


def copies_matching(
    *,
    library: Library,
    call_number_from: str = "",
    call_number_to: str = "",
    subject: str = "",
    acquired_since: dt.date | None = None,
    limit: int = 500,
) -> QuerySet[Item]:
    """Copies on the library's own shelf that match a list: a call-number range, a subject
    (words of the record's subjects) or the books acquired since a day ("new this quarter")."""
    copies = free_copies_on_shelf(library)
    if call_number_from:
        copies = copies.filter(call_number__gte=call_number_from)
    if call_number_to:
        # "to 400" includes 400.xxx: compare with the next possible string.
        copies = copies.filter(call_number__lte=call_number_to + "\uffff")
    if subject:
        copies = copies.filter(
            Q(bib__subjects__icontains=subject) | Q(bib__title__icontains=subject)
        )
    if acquired_since:
        copies = copies.filter(acquired_on__gte=acquired_since)
    return copies.select_related("bib").order_by("call_number", "pk")[:limit]


def previous_batch(batch: RotationBatch) -> RotationBatch | None:
    """The last closed batch sent to the same point before this one."""
    return (
        RotationBatch.objects.filter(to_library_id=batch.to_library_id, state=BatchState.CLOSED)
        .exclude(pk=batch.pk)
        .order_by("-closed_at", "-pk")
        .first()
    )


@dataclass(frozen=True)
class Proposal:
    """Copies proposed for a batch, and why: the classes the point used and the subjects it
    asked for last time (TT 05/2022 Art. 6.2: usage results plan the next batch)."""

    items: list[Item]
    classes: list[str]
    requests: list[str]
    previous: RotationBatch | None


def proposal_for(batch: RotationBatch, *, limit: int = 100) -> Proposal:
    """Propose copies of the sending library for `batch`, from the point's last batch: titles
    of the classes (first 3 characters of the class number) its used copies came from, and of
    the subjects it asked for; never a title the point had last time."""
    previous = previous_batch(batch)
    if previous is None:
        return Proposal(items=[], classes=[], requests=[], previous=None)
    used = previous.lines.filter(uses__gt=0).values_list("item__bib__class_number", flat=True)
    classes = sorted({number[:3] for number in used if number})
    requests = [line.strip() for line in previous.point_requests.splitlines() if line.strip()]
    if not classes and not requests:
        return Proposal(items=[], classes=[], requests=[], previous=previous)
    wanted = Q()
    for prefix in classes:
        wanted |= Q(bib__class_number__startswith=prefix)
    for request in requests:
        wanted |= Q(bib__subjects__icontains=request)
    seen_bibs = previous.lines.values("item__bib_id")
    in_batch = batch.lines.values("item_id")
    candidates = (
        Item.objects.filter(wanted)
        .filter(
            home_library_id=batch.from_library_id,
            current_library_id=batch.from_library_id,
            status=ItemStatus.AVAILABLE,
        )
        .exclude(bib_id__in=seen_bibs)
        .exclude(pk__in=in_batch)
        .exclude(pk__in=ItemClaim.objects.values("item_id"))
        .select_related("bib")
        .order_by("bib__class_number", "bib_id", "pk")
    )
    items: list[Item] = []
    bibs: set[int] = set()
    for item in candidates[: limit * 5]:
        if item.bib_id in bibs:  # one copy per title: the point gets variety
            continue
        bibs.add(item.bib_id)
        items.append(item)
        if len(items) >= limit:
            break
    return Proposal(items=items, classes=classes, requests=requests, previous=previous)


@dataclass(frozen=True)
class PlanRow:
    batch: RotationBatch
    copies: int
    is_overdue: bool
    where: str


def planning_rows(
    *, library_ids: Iterable[int], today: dt.date, year: int | None = None
) -> list[PlanRow]:
    """Batches sent or received by the libraries, by point then start: where the box is now,
    what is due back, which returns are overdue. Two queries: the batches, their counts."""
    ids = list(library_ids)
    wanted = Q(from_library_id__in=ids) | Q(to_library_id__in=ids)
    if year is not None:
        wanted &= Q(planned_start__year__lte=year, planned_end__year__gte=year)
    batches = list(
        RotationBatch.objects.filter(wanted)
        .select_related("from_library", "to_library")
        .order_by("to_library__sort_key", "to_library__code", "planned_start", "pk")
    )
    # Counted apart: a JOIN with GROUP BY over every line of the year cost most of the page.
    copies = dict(
        BatchItem.objects.filter(batch_id__in=[batch.pk for batch in batches])
        .values("batch_id")
        .annotate(count=Count("pk"))
        .values_list("batch_id", "count")
    )
    rows = []
    for batch in batches:
        if batch.state in (BatchState.SHIPPED, BatchState.RETURNING):
            where = "transit"
        elif batch.state in (BatchState.RECEIVED, BatchState.IN_USE):
            where = "point"
        else:
            where = "home"
        rows.append(
            PlanRow(
                batch=batch,
                copies=copies.get(batch.pk, 0),
                is_overdue=policies.is_overdue(
                    state=batch.state, planned_end=batch.planned_end, today=today
                ),
                where=where,
            )
        )
    return rows


def open_transfers_from(library_ids: Iterable[int]) -> QuerySet[Transfer]:
    """Transfers shipped (or to ship) from the libraries: the transit slip's lines."""
    return (
        Transfer.objects.filter(
            from_library_id__in=list(library_ids),
            state__in=(TransferState.REQUESTED, TransferState.SHIPPED),
        )
        .select_related("item__bib", "from_library", "to_library", "hold")
        .order_by("to_library__code", "requested_at", "pk")
    )


def claim_holder_text(claim: ItemClaim) -> str:
    return f"{ClaimKind(claim.kind).label} #{claim.holder_id}"


def journey_of_item(item_id: int) -> tuple[Library, int | None] | None:
    """Where a copy in transit is going, as (library, batch id or None), or None.

    Its open transfer's destination; else its rotation batch's: the point while the batch is
    shipped, the sending library while it is returning (a copy that was received there).
    """
    transfer = (
        Transfer.objects.filter(item_id=item_id, state=TransferState.SHIPPED)
        .select_related("to_library")
        .first()
    )
    if transfer is not None:
        return transfer.to_library, None
    line = (
        BatchItem.objects.filter(
            Q(batch__state=BatchState.SHIPPED, state=BatchItemState.PACKED)
            | Q(batch__state=BatchState.RETURNING, state=BatchItemState.RECEIVED),
            item_id=item_id,
        )
        .select_related("batch__to_library", "batch__from_library")
        .first()
    )
    if line is None:
        return None
    batch = line.batch
    destination = batch.to_library if batch.state == BatchState.SHIPPED else batch.from_library
    return destination, batch.pk


def batch_point_of_item(item_id: int) -> int | None:
    """The point the copy is on rotation at: its batch has been received there."""
    row = (
        BatchItem.objects.filter(
            item_id=item_id,
            state=BatchItemState.RECEIVED,
            batch__state__in=(BatchState.RECEIVED, BatchState.IN_USE),
        )
        .values_list("batch__to_library_id", flat=True)
        .first()
    )
    return row
