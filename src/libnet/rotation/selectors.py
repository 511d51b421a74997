"""Reads of rotation and transfers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from libnet.catalog.models import BibRecord, Item, ItemStatus, ItemType
from libnet.circulation import policies as circulation_policies
from libnet.circulation import selectors as circulation_selectors
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

# Copies that do not count towards "the library holds ≥ 3 copies of the title": gone for
# good (withdrawn, lost) or not found (missing). The mobile library counts the same way.
NOT_HELD = (ItemStatus.WITHDRAWN, ItemStatus.LOST, ItemStatus.MISSING)


def copies_held(*, library_id: int, bib_ids: Iterable[int]) -> dict[int, int]:
    """Copies of each record owned by the library and still held (one query).

    Read by record (the index on bib) and counted here: a title has a few copies, a library
    tens of thousands, and SQLite would otherwise walk the library's index.
    """
    counts: dict[int, int] = {}
    rows = Item.objects.filter(bib_id__in=list(bib_ids)).values_list(
        "bib_id", "home_library_id", "status"
    )
    for bib_id, home_library_id, status in rows:
        if home_library_id == library_id and status not in NOT_HELD:
            counts[bib_id] = counts.get(bib_id, 0) + 1
    return counts


def _held_copies_of_title(library_id: int) -> Coalesce:
    """copies_held of each row's record, as an expression (a subquery on the bib index)."""
    return Coalesce(
        Subquery(
            Item.objects.filter(bib_id=OuterRef("bib_id"), home_library_id=library_id)
            .exclude(status__in=NOT_HELD)
            .order_by()
            .values("bib_id")
            .annotate(count=Count("pk"))
            .values("count"),
            output_field=IntegerField(),
        ),
        0,
    )


def read_in_place_types(desk: Library) -> frozenset[str]:
    """The item types the desk of `desk` lets any reader read in the library only: reference
    books, and the types its loan rules allow no home loan for (circulation's rules, read
    for a reader of any category; no query once the rules are in memory)."""
    types = set()
    for item_type in ItemType.values:
        rules = circulation_selectors.loan_rules_for(
            library=desk, patron=None, item=Item(item_type=item_type)
        )
        if circulation_policies.is_read_in_place(
            rules=rules, item_type=item_type, on_closed_stack=False, on_reference_shelf=False
        ):
            types.add(item_type)
    return frozenset(types)


def marc_tags(bib: BibRecord) -> frozenset[str]:
    return frozenset(tag for entry in bib.marc_json.get("fields", []) for tag in entry)


@dataclass(frozen=True)
class CopyFacts:
    """What the rules of TT 05/2022 Art. 5.1.b, 6.2.b ask about a copy going out."""

    copies_of_title: int
    restricted: bool
    read_in_place: bool
    in_mobile_stock: bool
    claim: ItemClaim | None


def copy_facts(items: Sequence[Item], *, owner_id: int, desk: Library) -> dict[int, CopyFacts]:
    """The facts of each copy leaving `owner_id` to be lent at `desk` (the rotation point, or
    the mobile library), in three queries whatever the number of copies.

    `items` come with their record and shelf location (select_related("bib", "shelf_location")).
    """
    held = copies_held(library_id=owner_id, bib_ids={item.bib_id for item in items})
    claims = claims_of(item.pk for item in items)
    mobile_owners = set(
        Library.objects.filter(
            pk__in={item.home_library_id for item in items}, kind=LibraryKind.MOBILE
        ).values_list("pk", flat=True)
    )
    in_place_types = read_in_place_types(desk)
    facts = {}
    for item in items:
        shelf = item.shelf_location
        on_closed_stack = bool(shelf and shelf.is_closed_stack)
        on_reference_shelf = bool(shelf and shelf.is_reference)
        claim = claims.get(item.pk)
        facts[item.pk] = CopyFacts(
            copies_of_title=held.get(item.bib_id, 0),
            restricted=policies.is_restricted(
                marc_tags=marc_tags(item.bib),
                on_closed_stack=on_closed_stack,
                on_reference_shelf=on_reference_shelf,
            ),
            read_in_place=item.item_type in in_place_types or on_closed_stack or on_reference_shelf,
            in_mobile_stock=(claim is not None and claim.kind == ClaimKind.MOBILE)
            or item.home_library_id in mobile_owners,
            claim=claim,
        )
    return facts


def item_refusal(batch: RotationBatch, item: Item, facts: CopyFacts) -> policies.Refusal | None:
    """Why `item` cannot join `batch`, from its facts (policies.item_refusal), or None."""
    return policies.item_refusal(
        batch_state=batch.state,
        owned_by_sender=item.home_library_id == batch.from_library_id,
        status=item.status,
        at_sender=item.current_library_id == batch.from_library_id,
        copies_of_title=facts.copies_of_title,
        restricted=facts.restricted,
        read_in_place=facts.read_in_place,
        in_mobile_stock=facts.in_mobile_stock,
        claimed=facts.claim is not None,
    )


def lendable_elsewhere(
    *, owner: Library, desk: Library, candidates: QuerySet[Item] | None = None
) -> QuerySet[Item]:
    """The copies of `owner` that may travel to be lent at `desk`, as far as SQL can tell: on
    the owner's shelf, in no open batch, transfer or trip, and not for reading in place (at
    `desk`: closed stacks, reference shelf or book, a type its rules lend in place only).
    Narrowed from `candidates` (all copies by default).

    A MARC 506 restriction is in the record's JSON: callers still ask the policy for each
    copy (copy_facts), so a copy this lets through may yet be refused, never the other way
    round.
    """
    copies = candidates if candidates is not None else Item.objects.all()
    return (
        copies.filter(
            home_library_id=owner.pk,
            current_library_id=owner.pk,
            status=ItemStatus.AVAILABLE,
        )
        .exclude(pk__in=ItemClaim.objects.values("item_id"))
        .exclude(item_type__in=read_in_place_types(desk))
        .exclude(shelf_location__is_closed_stack=True)
        .exclude(shelf_location__is_reference=True)
    )


def outgoing_candidates(
    *, owner: Library, desk: Library, candidates: QuerySet[Item] | None = None
) -> QuerySet[Item]:
    """lendable_elsewhere, of titles the owner holds at least 3 copies of: the copies that
    may go out on rotation or on the mobile library (TT 05/2022 Art. 5.1.b, 6.2.b)."""
    return (
        lendable_elsewhere(owner=owner, desk=desk, candidates=candidates)
        .alias(copies_of_title=_held_copies_of_title(owner.pk))
        .filter(copies_of_title__gte=policies.MIN_COPIES_TO_ROTATE)
    )


# Candidates are read and judged this many at a time.
_CHUNK = 200


def rotatable_copies(
    batch: RotationBatch,
    candidates: QuerySet[Item],
    *,
    limit: int,
    one_per_title: bool = False,
) -> list[Item]:
    """Up to `limit` of `candidates` (in their order) that the rules let join `batch`: the
    SQL narrowing of outgoing_candidates, then policies.item_refusal for each copy on facts
    gathered a chunk at a time (no query per copy). The scan, the list and the proposal ask
    the same rule, so a proposal holds only copies a scan would accept.
    """
    if batch.from_library.kind == LibraryKind.MOBILE or batch.state != BatchState.DRAFT:
        return []  # the mobile stock never rotates (TT 05/2022 Art. 6.2.b); a list is fixed
    copies = outgoing_candidates(
        owner=batch.from_library, desk=batch.to_library, candidates=candidates
    ).select_related("bib", "shelf_location")
    chosen: list[Item] = []
    titles: set[int] = set()
    offset = 0
    while len(chosen) < limit:
        chunk = list(copies[offset : offset + _CHUNK])
        facts = copy_facts(chunk, owner_id=batch.from_library_id, desk=batch.to_library)
        for item in chunk:
            if one_per_title and item.bib_id in titles:
                continue
            if item_refusal(batch, item, facts[item.pk]) is None:
                chosen.append(item)
                titles.add(item.bib_id)
                if len(chosen) >= limit:
                    break
        if len(chunk) < _CHUNK:
            break
        offset += _CHUNK
    return chosen


def claims_of(item_ids: Iterable[int]) -> dict[int, ItemClaim]:
    return {claim.item_id: claim for claim in ItemClaim.objects.filter(item_id__in=list(item_ids))}


def claim_kinds(item_ids: QuerySet[Any]) -> dict[int, str]:
    """copy id → the kind of movement that holds it (batch, transfer, mobile), for the
    copies among `item_ids` (a query of copy ids, read as a subquery) that one holds."""
    return dict(ItemClaim.objects.filter(item_id__in=item_ids).values_list("item_id", "kind"))


def point_area(library: Library) -> tuple[str, int | None]:
    """(area, max_months) of a rotation point; a point without a profile is a normal one."""
    profile = PointProfile.objects.filter(library=library).first()
    if profile is None:
        return PointArea.NORMAL, None
    return profile.area, profile.max_months


def batch_lines(batch: RotationBatch) -> QuerySet[BatchItem]:
    return batch.lines.select_related("item__bib").order_by("box_number", "item__call_number", "pk")


def missing_on_arrival(
    batch: RotationBatch, *, arrived_item_ids: Iterable[int] | None = None
) -> list[BatchItem]:
    """The lines receive_batch would record as missing on arrival, with their copies: what
    the point confirms before the receipt is recorded (policies.arrived_ids)."""
    lines = list(batch_lines(batch))
    arrived = policies.arrived_ids(
        line_ids=[(line.item_id, line.arrival_scanned) for line in lines],
        ticked=arrived_item_ids,
    )
    return [line for line in lines if line.item_id not in arrived]


def lost_at_close(batch: RotationBatch) -> list[BatchItem]:
    """The lines close_batch would record as lost (not scanned back), with their copies:
    what the sending library confirms before the batch closes (policies.state_at_close)."""
    return [
        line
        for line in batch_lines(batch)
        if state_at_close(batch, line, line.item) == BatchItemState.LOST
    ]


def state_at_close(batch: RotationBatch, line: BatchItem, item: Item) -> str:
    """The state `line` takes when `batch` closes (policies.state_at_close)."""
    return policies.state_at_close(
        return_scanned=line.return_scanned,
        return_damaged=line.return_damaged,
        back_on_shelf=item.status == ItemStatus.AVAILABLE
        and item.current_library_id == batch.from_library_id,
    )


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
    batch: RotationBatch,
    call_number_from: str = "",
    call_number_to: str = "",
    subject: str = "",
    acquired_since: dt.date | None = None,
    limit: int = 500,
) -> list[Item]:
    """Copies of the sending library that may join `batch` and match a list: a call-number
    range, a subject (words of the record's subjects) or the books acquired since a day
    ("new this quarter"). Only copies the rules accept (rotatable_copies)."""
    copies = Item.objects.all()
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
    return rotatable_copies(batch, copies.order_by("call_number", "pk"), limit=limit)


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
    the subjects it asked for; never a title the point had last time, and only copies the
    rules let join the batch (rotatable_copies)."""
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
    candidates = (
        Item.objects.filter(wanted)
        .exclude(bib_id__in=previous.lines.values("item__bib_id"))
        .exclude(bib_id__in=batch.lines.values("item__bib_id"))
        .order_by("bib__class_number", "bib_id", "pk")
    )
    # One copy per title, none of a title the batch has already: the point gets variety.
    items = rotatable_copies(batch, candidates, limit=limit, one_per_title=True)
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


def batches_with_copies(
    *, batch_ids: Iterable[int] = (), to_library_ids: Iterable[int] = ()
) -> QuerySet[RotationBatch]:
    """The batches `batch_ids`, or those going to `to_library_ids`, each with `copies` (its
    lines), newest first; for the cooperation programme's activities and reviews."""
    ids, destinations = list(batch_ids), list(to_library_ids)
    batches = RotationBatch.objects.filter(Q(pk__in=ids) | Q(to_library_id__in=destinations))
    return (
        batches.select_related("from_library", "to_library")
        .annotate(copies=Count("lines"))
        .order_by("-planned_start", "-pk")
    )
