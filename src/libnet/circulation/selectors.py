"""Reads of circulation: loan rules, loans, holds and visit counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from libnet.catalog import policies as catalog_policies
from libnet.catalog.models import BibRecord, Item, ItemStatus
from libnet.circulation.models import (
    OPEN_HOLD_STATUSES,
    CirculationPolicy,
    Hold,
    HoldStatus,
    InLibraryUse,
    Loan,
    VisitCount,
)
from libnet.circulation.policies import LoanRules
from libnet.core import clock
from libnet.core.cache import TableCache
from libnet.network import selectors as network_selectors
from libnet.network.models import Library
from libnet.patrons import selectors as patrons_selectors
from libnet.patrons.models import Patron

_RULE_FIELDS = tuple(LoanRules.__dataclass_fields__)


def rules_from_policy(policy: CirculationPolicy) -> LoanRules:
    """Return the rules of one policy row as the frozen value the policies take."""
    return LoanRules(**{name: getattr(policy, name) for name in _RULE_FIELDS})


@dataclass(frozen=True)
class _RuleRow:
    library_id: int | None
    patron_category_id: int | None
    item_type: str
    rules: LoanRules


def _read_rule_rows() -> tuple[_RuleRow, ...]:
    # No ORDER BY: the model's ordering joins libraries and categories, for nothing here.
    return tuple(
        _RuleRow(row.library_id, row.patron_category_id, row.item_type, rules_from_policy(row))
        for row in CirculationPolicy.objects.order_by()
    )


# Every loan, return and renewal asks for the rules; a network has a few dozen rows that
# change a few times a year. Kept in process memory: read again when a rule is saved or
# deleted in this process, and after a minute for changes made by other processes (core.cache).
_rule_rows = TableCache(_read_rule_rows, models=[CirculationPolicy])


def loan_rules_for(*, library: Library, patron: Patron | None, item: Item) -> LoanRules:
    """Return the loan rules for `patron` borrowing `item` at `library`.

    Rules inherit down the network tree: a library without a row of its own uses its
    parent's, and so on up to the network-wide rows (library blank). Among the rows that
    match, the most specific one wins, WHOLE: no field is mixed in from another row.
    Specificity, in this order:

    1. the nearest library: the library's own rows, then its parent's, …, then the network's;
    2. at one library, a row for the item type before a row for any type;
    3. then a row for the reader's category before a row for any category.

    So a library that writes a row of its own for "any reader, any type" sets everything for
    its desk, including loan periods the network gives pupils for textbooks: copy those rows
    to the library as well. Item type before category because read-in-place is a property
    of the copy: a pupil's row must not let a map go home. (Reference books are read in
    place whatever the rows say: policies.is_read_in_place.) `patron` None (a copy checked
    in with no loan) matches rows for any category only.

    The rows and the library tree come from process memory (no query once read; see
    core.cache for how a change reaches every process).
    """
    category_id = patron.category_id if patron is not None else None
    rows = [
        row
        for row in _rule_rows.get()
        if row.patron_category_id in (None, category_id) and row.item_type in ("", item.item_type)
    ]
    if not rows:
        return LoanRules()
    # Most rows are the network's; the tree is walked only when some library has rows of its own.
    if any(row.library_id is not None for row in rows):
        chain = [library.pk, *network_selectors.ancestor_ids(library.pk)]
    else:
        chain = []
    distance = {library_id: position for position, library_id in enumerate(chain)}
    network = len(chain)

    def specificity(row: _RuleRow) -> tuple[int, bool, bool]:
        level = network if row.library_id is None else distance[row.library_id]
        return (level, row.item_type == "", row.patron_category_id is None)

    applicable = [row for row in rows if row.library_id is None or row.library_id in distance]
    if not applicable:
        return LoanRules()
    return min(applicable, key=specificity).rules


# --- loans ------------------------------------------------------------------------------------


def open_loans(*, patron: Patron) -> QuerySet[Loan]:
    """The reader's loans not yet returned, soonest due first, with their copy and title."""
    return (
        Loan.objects.filter(patron=patron, closed_at__isnull=True)
        .select_related("item__bib", "library")
        .order_by("due_on", "pk")
    )


def open_loan_count(*, patron: Patron) -> int:
    """How many copies the reader has on loan now, across the network."""
    return Loan.objects.filter(patron=patron, closed_at__isnull=True).count()


def open_loan_count_expression(*, patron: Patron) -> Coalesce:
    """open_loan_count as an expression, to ask in the same query as another read."""
    return Coalesce(
        Subquery(
            Loan.objects.filter(patron=patron, closed_at__isnull=True)
            .order_by()
            .values("patron")
            .annotate(count=Count("pk"))
            .values("count")
        ),
        0,
    )


def open_loan_for_item(*, item: Item) -> Loan | None:
    """The loan the copy is out on now, if any, with its reader."""
    return Loan.objects.filter(item=item, closed_at__isnull=True).select_related("patron").first()


def copies_on_loan(item_ids: QuerySet[Any]) -> set[int]:
    """The copies among `item_ids` (a query of copy ids, read by the database as a subquery)
    out on an open loan: a stocktake counts them not missing."""
    return set(
        Loan.objects.filter(item_id__in=item_ids, closed_at__isnull=True).values_list(
            "item_id", flat=True
        )
    )


def copies_lent_or_returned_since(item_ids: QuerySet[Any], since: dt.datetime) -> set[int]:
    """The copies among `item_ids` (a query of copy ids) lent or returned at or after
    `since`: copies that moved through the desk while their shelf was being counted."""
    return set(
        Loan.objects.filter(item_id__in=item_ids)
        .filter(Q(loaned_at__gte=since) | Q(closed_at__gte=since))
        .values_list("item_id", flat=True)
    )


def last_loan_days(item_ids: QuerySet[Any]) -> dict[int, dt.date]:
    """The day (in Vietnam) each copy among `item_ids` (a query of copy ids) was last lent;
    copies never lent are absent. Weeding's "unused for 5 years" reads it."""
    last = (
        Loan.objects.filter(item_id__in=item_ids)
        .values("item_id")
        .annotate(last=Max("loaned_at"))
        .values_list("item_id", "last")
    )
    return {item_id: clock.local_date(moment) for item_id, moment in last}


def overdue_loans(*, library_ids: Iterable[int], on: dt.date) -> QuerySet[Loan]:
    """Open loans made at `library_ids` whose due day was before `on`, most overdue first."""
    return (
        Loan.objects.filter(library_id__in=list(library_ids), closed_at__isnull=True, due_on__lt=on)
        .select_related("patron", "item__bib", "library")
        .order_by("due_on", "pk")
    )


def has_title_on_loan(*, patron: Patron, bib: BibRecord) -> bool:
    return Loan.objects.filter(patron=patron, item__bib=bib, closed_at__isnull=True).exists()


# --- holds ------------------------------------------------------------------------------------


def open_holds(*, patron: Patron) -> QuerySet[Hold]:
    """The reader's holds still waiting, travelling or ready, oldest first."""
    return (
        Hold.objects.filter(patron=patron, closed_at__isnull=True)
        .select_related("bib", "pickup_library", "item")
        .order_by("placed_at", "pk")
    )


def ready_holds(*, library_ids: Iterable[int]) -> QuerySet[Hold]:
    """Holds whose copy is set aside at one of `library_ids`: the hold shelf, oldest first."""
    return (
        Hold.objects.filter(
            pickup_library_id__in=list(library_ids),
            status=HoldStatus.READY,
            closed_at__isnull=True,
        )
        .select_related("bib", "patron", "item", "pickup_library")
        .order_by("pickup_until", "pk")
    )


def hold_for_item(*, item: Item) -> Hold | None:
    """The open hold the copy is set aside for, or travelling to fill, if any."""
    return Hold.objects.filter(item=item, closed_at__isnull=True).first()


def holds_for_returned_copy(*, item: Item, desk_id: int) -> tuple[Hold | None, Hold | None]:
    """For a copy just returned at `desk_id`, in one query: the open hold it is set aside for
    or travelling to fill (hold_for_item), and the oldest hold on its title waiting for a
    copy at that desk (next_waiting_hold). (circulation.hot_sql runs it as plain SQL.)"""
    holds = list(
        Hold.objects.filter(
            Q(item=item)
            | Q(bib_id=item.bib_id, pickup_library_id=desk_id, status=HoldStatus.WAITING),
            closed_at__isnull=True,
        ).order_by("placed_at", "pk")
    )
    return returned_copy_holds(holds, item=item, desk_id=desk_id)


def returned_copy_holds(
    holds: Iterable[Hold], *, item: Item, desk_id: int
) -> tuple[Hold | None, Hold | None]:
    """Of the open holds on a returned copy or waiting for its title at `desk_id` (oldest
    first): (the one the copy is set aside for or travelling to fill, the oldest waiting)."""
    holds = list(holds)
    for_item = next((hold for hold in holds if hold.item_id == item.pk), None)
    waiting = next(
        (
            hold
            for hold in holds
            if hold.status == HoldStatus.WAITING
            and hold.pickup_library_id == desk_id
            and hold.bib_id == item.bib_id
        ),
        None,
    )
    return for_item, waiting


def next_waiting_hold(*, bib_id: int, pickup_library_id: int) -> Hold | None:
    """The oldest hold on the title waiting for a copy at the pickup library, if any."""
    return (
        Hold.objects.filter(
            bib_id=bib_id,
            pickup_library_id=pickup_library_id,
            status=HoldStatus.WAITING,
            closed_at__isnull=True,
        )
        .order_by("placed_at", "pk")
        .first()
    )


def others_waiting_for_title(*, bib_id: int, patron: Patron | None) -> bool:
    """Whether a reader other than `patron` waits for a copy of the title anywhere."""
    holds = Hold.objects.filter(bib_id=bib_id, status=HoldStatus.WAITING, closed_at__isnull=True)
    if patron is not None:
        holds = holds.exclude(patron=patron)
    return holds.exists()


def open_hold_count(*, patron: Patron) -> int:
    return Hold.objects.filter(patron=patron, status__in=OPEN_HOLD_STATUSES).count()


def copies_at_pickup(*, bib: BibRecord, library: Library) -> tuple[int, int, Item | None]:
    """Return (copies `library` owns that circulate, of them on its shelf now, one of them)."""
    set_aside = Hold.objects.filter(item=OuterRef("pk"), closed_at__isnull=True)
    owned = list(
        Item.objects.filter(bib=bib, home_library=library)
        .exclude(status__in=[ItemStatus.WITHDRAWN, ItemStatus.LOST, ItemStatus.MISSING])
        .annotate(is_set_aside=Exists(set_aside))
        .order_by("pk")
    )
    on_shelf = [
        item
        for item in owned
        if item.status == ItemStatus.AVAILABLE
        and item.current_library_id == library.pk
        and not item.is_set_aside
    ]
    return len(owned), len(on_shelf), (owned[0] if owned else None)


def pickup_libraries(*, bib: BibRecord, patron: Patron) -> list[Library]:
    """Libraries where `patron` may collect a copy of `bib`: the reader's own library first,
    then the others by name.

    A pickup library runs libnet, is open, owns a copy of the title that circulates (a hold
    is filled by one of its own copies: services.place_hold) and honours the reader's card
    (the card's library, or a joint-card area holding both: patrons.selectors.card_honoured_at).
    """
    card_valid_at = {
        patron.home_library_id,
        *patrons_selectors.joint_card_library_ids(library=patron.home_library),
    }
    owners = (
        Item.objects.filter(bib=bib, home_library_id__in=card_valid_at)
        .exclude(status__in=[ItemStatus.WITHDRAWN, ItemStatus.LOST, ItemStatus.MISSING])
        .values("home_library_id")
    )
    libraries = Library.objects.filter(pk__in=owners, runs_libnet=True, is_active=True).order_by(
        "sort_key", "code"
    )
    return sorted(libraries, key=lambda library: library.pk != patron.home_library_id)


# --- the reads of a loan and a return -------------------------------------------------------
# What the desk reads first at every loan and return. circulation.hot_sql runs each of these as
# one plain statement (services call hot_sql); these are their definitions, and
# tests/circulation/test_hot_reads.py runs both on the same rows, on SQLite and PostgreSQL.


def _locked_copy(item_id: int, *, holds: QuerySet[Hold]) -> tuple[Item, bool]:
    """The copy locked for this transaction, with its shelf location; whether any of `holds`
    (about this copy: OuterRef "pk" and "bib") exists."""
    item = (
        Item.objects.select_for_update(of=("self",))
        .select_related("shelf_location")
        .annotate(any_hold=Exists(holds))
        .get(pk=item_id)
    )
    return item, bool(item.any_hold)


def _open_holds_touching_loan(*, item: Item | OuterRef, bib: object, patron_id: int) -> Q:
    """Holds a loan of `item` to `patron_id` concerns: on the copy (set aside or travelling
    for someone), or the reader's own on its title."""
    return Q(item=item) | Q(patron_id=patron_id, bib=bib)


def copy_for_loan(*, item_id: int, patron_id: int) -> tuple[Item, int, bool]:
    """The copy `item_id`, locked for this transaction, with its shelf location; the reader's
    open loans (open_loan_count); whether any open hold concerns the loan (holds_at_checkout
    would find one). Raises Item.DoesNotExist."""
    any_hold = Hold.objects.filter(
        _open_holds_touching_loan(item=OuterRef("pk"), bib=OuterRef("bib"), patron_id=patron_id),
        closed_at__isnull=True,
    )
    item, any_hold_found = _locked_copy(item_id, holds=any_hold)
    open_loans = Loan.objects.filter(patron_id=patron_id, closed_at__isnull=True).count()
    return item, open_loans, any_hold_found


def holds_at_checkout(*, item: Item, patron_id: int) -> list[Hold]:
    """The open holds on the copy (set aside or travelling for someone) and the reader's open
    holds on its title, oldest first."""
    return list(
        Hold.objects.filter(
            _open_holds_touching_loan(item=item, bib=item.bib_id, patron_id=patron_id),
            closed_at__isnull=True,
        ).order_by("placed_at", "pk")
    )


def copy_for_return(*, item_id: int, desk_id: int) -> tuple[Item, Loan | None, bool]:
    """The copy `item_id`, locked for this transaction, with its shelf location; its open loan
    with the reader (open_loan_for_item); whether any open hold is on the copy or waits for
    its title at `desk_id` (holds_for_returned_copy would find one). Raises Item.DoesNotExist."""
    any_hold = Hold.objects.filter(
        Q(item=OuterRef("pk"))
        | Q(bib=OuterRef("bib"), pickup_library_id=desk_id, status=HoldStatus.WAITING),
        closed_at__isnull=True,
    )
    item, any_hold_found = _locked_copy(item_id, holds=any_hold)
    return item, open_loan_for_item(item=item), any_hold_found


# --- visits -----------------------------------------------------------------------------------


def visits_on(*, library: Library, day: dt.date) -> int:
    """Visits to `library` on `day`: desk button, gate counter and daily entry added up."""
    total = VisitCount.objects.filter(library=library, day=day).aggregate(total=Sum("count"))
    return int(total["total"] or 0)


# --- uses by subject class in the statistics (TT 18/2014 Art. 13) ----------------------------


def _moment_after(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=clock.VIETNAM)


def uses_by_class(
    library_ids: Iterable[int], start: dt.date, end: dt.date
) -> dict[str, tuple[int, int]]:
    """Return main class (catalog.policies.main_class) → (uses in the library, loans) at
    `library_ids` from `start` to `end`, on the days the daily counters count them: a loan at
    the lending desk on the day it was lent, an in-library use as many times as counted.

    Only uses recorded against a copy have a class: a count typed for the day with no copy,
    a deposit point's monthly loans and a mobile stop's loans on paper are in the daily
    counters (in_library_uses, loans) and not here; the report shows them as "no class".
    """
    ids = list(library_ids)
    since, until = _moment_after(start - dt.timedelta(days=1)), _moment_after(end)
    result: dict[str, list[int]] = {}
    in_place = (
        InLibraryUse.objects.filter(
            library_id__in=ids, used_at__gte=since, used_at__lt=until, item__isnull=False
        )
        .values_list("item__bib__class_number")
        .annotate(uses=Sum("count"))
        .order_by()
    )
    for class_number, uses in in_place:
        result.setdefault(catalog_policies.main_class(class_number or ""), [0, 0])[0] += int(
            uses or 0
        )
    lent = (
        Loan.objects.filter(library_id__in=ids, loaned_at__gte=since, loaned_at__lt=until)
        .values_list("item__bib__class_number")
        .annotate(loans=Count("pk"))
        .order_by()
    )
    for class_number, loans in lent:
        result.setdefault(catalog_policies.main_class(class_number or ""), [0, 0])[1] += int(loans)
    return {key: (uses, loans) for key, (uses, loans) in result.items()}
