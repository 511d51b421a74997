"""Reads of the catalogue."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from django.db.models import Count, F, Max, Q, QuerySet

from libnet.catalog import marc, policies
from libnet.catalog.models import (
    OPEN_CLAIM_STATES,
    BibIsbn,
    BibRecord,
    IntakeBatch,
    IssueState,
    Item,
    ItemStatus,
    ItemType,
    RecordList,
    RecordListEntry,
    SerialClaim,
    SerialIssue,
    SerialSubscription,
    SerialTitle,
    WeedingCandidate,
    WithdrawalDecision,
)
from libnet.core import clock, text


def simple_search(query: str, *, library_ids: frozenset[int] | None = None) -> QuerySet[BibRecord]:
    """Find records by ISBN, copy barcode, or words of the title (a stopgap until search/).

    Title words match folded (case, diacritics and đ ignored) through the match key, whose
    first part is the folded title; author words match case-insensitively. search/ replaces
    this with a ranked full-text index.
    With `library_ids`, the barcode lookup is limited to copies of those libraries.
    """
    query = text.clean(query)
    records = BibRecord.objects.all()
    if not query:
        return records.none()
    isbn13 = marc.normalise_isbn(query)
    if isbn13:
        return records.filter(pk__in=BibIsbn.objects.filter(isbn13=isbn13).values("bib_id"))
    copies = Item.objects.filter(barcode=text.identifier(query))
    if library_ids is not None:
        copies = copies.filter(home_library_id__in=library_ids)
    by_barcode = copies.values("bib_id")
    by_accession = Item.objects.filter(accession_number__in={query, text.identifier(query)})
    if library_ids is not None:
        by_accession = by_accession.filter(home_library_id__in=library_ids)
    condition = Q(pk__in=by_barcode) | Q(pk__in=by_accession.values("bib_id"))
    words = query.split()
    word_condition = Q()
    for word in words:
        word_condition &= (
            Q(match_key__contains=" ".join(re.findall(r"\w+", text.fold(word))))
            | Q(title__icontains=word)
            | Q(authors__icontains=word)
        )
    return records.filter(condition | word_condition).distinct()


def copy_counts(library_ids: frozenset[int]) -> dict[str, int]:
    """Return copies by status, held by the given libraries."""
    rows = (
        Item.objects.filter(home_library_id__in=library_ids)
        .values("status")
        .annotate(n=Count("id"))
    )
    counts = dict.fromkeys(ItemStatus.values, 0)
    for row in rows:
        counts[row["status"]] = row["n"]
    return counts


def titles_held(library_ids: frozenset[int]) -> int:
    return Item.objects.filter(home_library_id__in=library_ids).values("bib_id").distinct().count()


def open_weeding_candidates(library_ids: Iterable[int]) -> QuerySet[WeedingCandidate]:
    """Copies on the weeding lists of the libraries, not yet withdrawn or found."""
    return (
        WeedingCandidate.objects.filter(library_id__in=list(library_ids), resolved_at__isnull=True)
        .select_related("item__bib", "library")
        .order_by("library__sort_key", "library__code", "-noted_at", "pk")
    )


def intake_batches(library_ids: Iterable[int]) -> QuerySet[IntakeBatch]:
    """The intake batches of the libraries, newest first (the general register's Part I)."""
    return IntakeBatch.objects.filter(library_id__in=list(library_ids)).select_related("library")


def withdrawal_decisions(library_ids: Iterable[int]) -> QuerySet[WithdrawalDecision]:
    """The withdrawal decisions of the libraries, newest first (the register's Part II)."""
    return WithdrawalDecision.objects.filter(library_id__in=list(library_ids)).select_related(
        "library"
    )


# ---------------------------------------------------------------- serials


def serial_titles() -> QuerySet[SerialTitle]:
    """The network's serial titles (shared, like the records they are), by title."""
    return SerialTitle.objects.select_related("bib").order_by("bib__title_sort_key", "pk")


def serial_subscriptions(
    library_ids: Iterable[int], *, on: dt.date | None = None
) -> QuerySet[SerialSubscription]:
    """The serial subscriptions of the libraries; with `on`, those running that day."""
    rows = SerialSubscription.objects.filter(library_id__in=list(library_ids))
    if on is not None:
        rows = rows.filter(starts_on__lte=on, ends_on__gte=on)
    return rows.select_related("title__bib", "library", "shelf_location").order_by(
        "library__sort_key", "title__bib__title_sort_key", "-starts_on", "pk"
    )


def serial_titles_held(library_ids: Iterable[int], *, on: dt.date | None = None) -> int:
    """How many serial titles the libraries take on `on` (today by default): titles with a
    subscription running that day, each title once per library."""
    on = on or clock.today()
    return (
        SerialSubscription.objects.filter(
            library_id__in=list(library_ids), starts_on__lte=on, ends_on__gte=on
        )
        .values("library_id", "title_id")
        .distinct()
        .count()
    )


def _issues(library_ids: Iterable[int]) -> QuerySet[SerialIssue]:
    return SerialIssue.objects.filter(
        subscription__library_id__in=list(library_ids)
    ).select_related("subscription__title__bib", "subscription__library")


def issues_due(library_ids: Iterable[int], *, until: dt.date) -> QuerySet[SerialIssue]:
    """Issues expected up to `until` and not yet received, oldest first: the check-in list."""
    return (
        _issues(library_ids)
        .filter(state=IssueState.EXPECTED, expected_on__lte=until)
        .order_by("expected_on", "subscription__title__bib__title_sort_key", "number", "pk")
    )


def late_issues(library_ids: Iterable[int], *, today: dt.date | None = None) -> list[SerialIssue]:
    """Issues still expected past their subscription's days of grace and not claimed yet:
    what to claim from the suppliers (catalog.policies.is_late)."""
    today = today or clock.today()
    claimed = SerialClaim.objects.filter(state__in=OPEN_CLAIM_STATES).values("issue_id")
    candidates = (
        issues_due(library_ids, until=today - dt.timedelta(days=1))
        .exclude(pk__in=claimed)
        .select_related("subscription")
    )
    return [
        issue
        for issue in candidates
        if policies.is_late(
            expected_on=issue.expected_on,
            grace_days=issue.subscription.grace_days,
            today=today,
        )
    ]


def serial_claims(library_ids: Iterable[int], *, open_only: bool = True) -> QuerySet[SerialClaim]:
    """Claims for late issues at the libraries (the open ones: to send, or sent), by supplier."""
    rows = SerialClaim.objects.filter(issue__subscription__library_id__in=list(library_ids))
    if open_only:
        rows = rows.filter(state__in=OPEN_CLAIM_STATES)
    return rows.select_related(
        "issue__subscription__title__bib", "issue__subscription__library"
    ).order_by(
        "issue__subscription__library__sort_key",
        "issue__subscription__supplier",
        "issue__expected_on",
        "pk",
    )


def received_issues_of_year(
    subscription: SerialSubscription, year: int, *, month: int | None = None
) -> QuerySet[SerialIssue]:
    """Received issues of the subscription's title at its library dated in `year` (and
    `month`), whatever the subscription they came under, not yet bound or discarded: what
    may be bound."""
    issues = _issues([subscription.library_id]).filter(
        subscription__title_id=subscription.title_id,
        state=IssueState.RECEIVED,
        expected_on__year=year,
    )
    if month is not None:
        issues = issues.filter(expected_on__month=month)
    return issues.order_by("expected_on", "number")


def serial_issues_older_than(
    library_ids: Iterable[int], years: int, *, today: dt.date | None = None
) -> QuerySet[SerialIssue]:
    """Received issues of popular serials at the libraries published more than `years`
    before `today`, still on the shelf (not bound or discarded): weeding's old-serial
    criterion (TT 02/2020 Art. 19: 2 years, catalog.policies.OLD_SERIAL_YEARS).

    Each issue's catalogue copies, for subscriptions that barcode their issues, are in
    `issue.copies` (prefetched); issues without copies are discarded with
    catalog.services.serials.discard_issues.
    """
    today = today or clock.today()
    return (
        _issues(library_ids)
        .filter(
            state=IssueState.RECEIVED,
            subscription__title__is_popular=True,
            expected_on__lt=policies.years_before(today, years),
        )
        .prefetch_related("copies")
        .order_by("subscription__library_id", "subscription__title_id", "expected_on", "pk")
    )


def serial_issue_dates(item_ids: Iterable[int]) -> dict[int, dt.date]:
    """The publication day of each copy among `item_ids` that is a serial issue or a bound
    volume of issues (its latest issue), for the 2-year rule on copies; other copies are
    left out. Two queries."""
    ids = list(item_ids)
    dates: dict[int, dt.date] = dict(
        SerialIssue.copies.through.objects.filter(item_id__in=ids).values_list(
            "item_id", "serialissue__expected_on"
        )
    )
    bound = (
        SerialIssue.objects.filter(bound_into_id__in=ids)
        .values("bound_into_id")
        .annotate(latest=Max("expected_on"))
        .values_list("bound_into_id", "latest")
    )
    dates.update({item_id: latest for item_id, latest in bound if item_id is not None})
    return dates


def record_list_entries(record_list: RecordList) -> QuerySet[RecordListEntry]:
    """A list's entries in their order, with their records and copies (and where the copies
    are)."""
    return (
        RecordListEntry.objects.filter(record_list=record_list)
        .select_related("bib", "item", "item__home_library", "item__current_library")
        .order_by("position", "pk")
    )


def record_lists(library_ids: Iterable[int], *, kind: str | None = None) -> QuerySet[RecordList]:
    """The saved lists of `library_ids`, the latest changed first."""
    found = RecordList.objects.filter(library_id__in=list(library_ids)).select_related("library")
    if kind is not None:
        found = found.filter(kind=kind)
    return found.order_by("-updated_at", "pk")


def shelf_copies_of(
    bib_ids: Sequence[int], library_ids: Iterable[int], *, per_record: int = 1
) -> list[Item]:
    """Copies on a shelf (available, at their home library) of the records `bib_ids` held by
    `library_ids`: at most `per_record` of each record, in the order of `bib_ids`."""
    found: dict[int, list[Item]] = {}
    rows = (
        Item.objects.filter(
            bib_id__in=list(bib_ids),
            home_library_id__in=list(library_ids),
            status=ItemStatus.AVAILABLE,
            current_library_id=F("home_library_id"),
        )
        .select_related("bib", "home_library")
        .order_by("bib_id", "pk")
    )
    for item in rows:
        copies = found.setdefault(item.bib_id, [])
        if len(copies) < per_record:
            copies.append(item)
    return [item for bib_id in bib_ids for item in found.get(bib_id, [])]


# --- holdings and additions in the statistics (TT 18/2014 Art. 13) --------------------------


def _day_after(day: dt.date) -> dt.datetime:
    """The first moment after Vietnam's calendar day `day` (copies are dated by moment)."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=clock.VIETNAM)


def _held_on(library_ids: Iterable[int], on: dt.date) -> QuerySet[Item]:
    """Copies owned by `library_ids` at the end of `on`: acquired by then (a copy carried
    over from an older system was held from the day it was acquired, not the day libnet
    recorded it; a copy without that date from the day it was recorded) and not withdrawn by
    a decision dated on or before it (lost and damaged copies stay in the register until a
    withdrawal decision writes them off, TT 02/2020)."""
    acquired = Q(acquired_on__lte=on) | Q(acquired_on__isnull=True, created_at__lt=_day_after(on))
    return (
        Item.objects.filter(acquired, home_library_id__in=list(library_ids))
        .exclude(withdrawal_decision__decided_on__lte=on)
        .order_by()
    )


def _added_between(library_ids: Iterable[int], start: dt.date, end: dt.date) -> QuerySet[Item]:
    """Copies added to `library_ids` from `start` to `end`, on the day catalog's items_added
    counts them (the day the copy was created, in Vietnam)."""
    return Item.objects.filter(
        home_library_id__in=list(library_ids),
        created_at__gte=_day_after(start - dt.timedelta(days=1)),
        created_at__lt=_day_after(end),
    ).order_by()


HoldingCounts = dict[str, tuple[int, int]]


def _by_class(copies: QuerySet[Item]) -> HoldingCounts:
    """main class → (titles, copies); a title counts once per library that holds it, as
    titles_added does, so a roll-up is the sum of its libraries."""
    counts: dict[str, list[int]] = {}
    rows = (
        copies.values_list("home_library_id", "bib__class_number")
        .annotate(titles=Count("bib_id", distinct=True), copies=Count("pk"))
        .order_by()
    )
    # Grouped by the full class number: a record has one, so titles add up within a class.
    for _library_id, class_number, titles, count in rows:
        total = counts.setdefault(policies.main_class(class_number or ""), [0, 0])
        total[0] += int(titles)
        total[1] += int(count)
    return {key: (titles, count) for key, (titles, count) in counts.items()}


def _by_format(copies: QuerySet[Item]) -> HoldingCounts:
    """item type → (titles, copies); a title with copies of two types counts in each."""
    counts: dict[str, list[int]] = {}
    rows = (
        copies.values_list("home_library_id", "item_type")
        .annotate(titles=Count("bib_id", distinct=True), copies=Count("pk"))
        .order_by()
    )
    for _library_id, item_type, titles, count in rows:
        total = counts.setdefault(item_type, [0, 0])
        total[0] += int(titles)
        total[1] += int(count)
    return {key: (titles, count) for key, (titles, count) in counts.items()}


def holdings_by_class(library_ids: Iterable[int], on: dt.date) -> HoldingCounts:
    """Return main class (policies.main_class) → (titles, copies) held at the end of `on`."""
    return _by_class(_held_on(library_ids, on))


def holdings_by_format(library_ids: Iterable[int], on: dt.date) -> HoldingCounts:
    """Return item type → (titles, copies) held at the end of `on`."""
    return _by_format(_held_on(library_ids, on))


def additions_by_class(library_ids: Iterable[int], start: dt.date, end: dt.date) -> dict[str, int]:
    """Return main class → copies added from `start` to `end` (they add up to items_added)."""
    return {
        key: count
        for key, (_t, count) in _by_class(_added_between(library_ids, start, end)).items()
    }


def additions_by_format(library_ids: Iterable[int], start: dt.date, end: dt.date) -> dict[str, int]:
    """Return item type → copies added from `start` to `end` (they add up to items_added)."""
    return {
        key: count
        for key, (_t, count) in _by_format(_added_between(library_ids, start, end)).items()
    }


def copies_held_by_library(library_ids: Iterable[int], on: dt.date) -> dict[int, int]:
    """Return library id → copies it held at the end of `on` (as `holdings_by_class`)."""
    rows = _held_on(library_ids, on).values_list("home_library_id").annotate(copies=Count("pk"))
    return {library_id: int(copies) for library_id, copies in rows}


def item_types() -> list[tuple[str, str]]:
    """Return (item type, its name) in order: the formats copies are counted by."""
    return [(str(value), str(label)) for value, label in ItemType.choices]


def restricted_items(library_ids: Iterable[int]) -> QuerySet[Item]:
    """The restricted copies owned by `library_ids` (the list each library keeps: Luật Thư
    viện Art. 7), by library and accession number."""
    return (
        Item.objects.filter(home_library_id__in=list(library_ids))
        .exclude(restriction="")
        .select_related("bib", "home_library")
        .order_by("home_library__code", "accession_number", "barcode")
    )
