"""The general register (sổ đăng ký tổng quát, DOMAIN.md §4.3) of a library for a year, read
from the copies' own history: nothing is written for it, so it cannot disagree with them.

- **Part I, intake**: a row per intake batch (catalog's IntakeBatch: date, source, document
  number, supplier) received that year, and one "other" row per month for the copies added
  without a batch (every copy added before batches existed, imports, copies typed in one by
  one). A copy counts on its batch's day; without a batch on its acquisition date, else the
  day it was added to the catalogue (in Vietnam).
- **Part II, withdrawals**: a row per withdrawal decision (catalog's WithdrawalDecision)
  dated that year, with the copies withdrawn by it per reason; copies withdrawn without a
  decision on record (imported as withdrawn, or before decisions were recorded) form one
  "other" row per month, dated by the copy's last change.
- **Part III, the stock**: at the end of the year before, at each closed stocktake of the
  year (the register's figure beside the count) and at the end of the year: the copies added
  up to that day less the copies withdrawn up to that day, from the same two dates as Parts I
  and II. So Part III at the end of a year is the end of the year before + Part I − Part II.

Counts are by kind (the copy's type) and by language (its record's); value is the sum of
the prices, and the copies without a price are counted and said. Each part is one or two
GROUP BY queries over the library's copies.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum, Value
from django.db.models.fields import CharField
from django.db.models.functions import Coalesce, TruncDate

from libnet.catalog.models import (
    IntakeBatch,
    Item,
    ItemStatus,
    ItemType,
    WithdrawalDecision,
    WithdrawalReason,
)
from libnet.core import clock
from libnet.core.errors import NotFound
from libnet.network.models import Library
from libnet.stock.models import Stocktake, StocktakeState

# The Part I and Part II rows of copies without a batch or a decision carry this source.
OTHER = "other"
# A record with no language code: its own column, never folded into another language.
NO_LANGUAGE = ""


def intake_day() -> Coalesce:
    """The day a copy entered the register, in SQL: its batch's day, else its acquisition
    date, else the day it was added to the catalogue (Vietnam's calendar day)."""
    return Coalesce(
        "intake_batch__received_on",
        "acquired_on",
        TruncDate("created_at", tzinfo=clock.VIETNAM),
    )


def withdrawal_day() -> Coalesce:
    """The day a withdrawn copy left the register, in SQL: its decision's day, else the day
    of its last change (a copy imported as withdrawn, or withdrawn before decisions were
    recorded)."""
    return Coalesce(
        "withdrawal_decision__decided_on", TruncDate("updated_at", tzinfo=clock.VIETNAM)
    )


def _copies(library: Library) -> QuerySet[Item]:
    return Item.objects.filter(home_library=library)


def _withdrawn(library: Library) -> QuerySet[Item]:
    return _copies(library).filter(status=ItemStatus.WITHDRAWN)


@dataclass
class Figures:
    """What a group of copies adds up to: how many, by kind and by language, their value
    (the prices written) and how many have no price."""

    copies: int = 0
    titles: int = 0
    by_kind: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    by_language: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    by_reason: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    value_vnd: int = 0
    without_price: int = 0

    def add(
        self,
        *,
        copies: int,
        kind: str,
        value_vnd: int | None,
        without_price: int,
        language: str | None = None,
        reason: str | None = None,
    ) -> None:
        self.copies += copies
        self.by_kind[kind] += copies
        if language is not None:
            self.by_language[language] += copies
        if reason is not None:
            self.by_reason[reason] += copies
        self.value_vnd += value_vnd or 0
        self.without_price += without_price

    def plus(self, other: Figures) -> None:
        self.copies += other.copies
        self.value_vnd += other.value_vnd
        self.titles += other.titles
        self.without_price += other.without_price
        for target, source in (
            (self.by_kind, other.by_kind),
            (self.by_language, other.by_language),
            (self.by_reason, other.by_reason),
        ):
            for key, count in source.items():
                target[key] += count


@dataclass
class IntakeRow:
    """A Part I line: a batch, or the month's copies added without one (`batch` None)."""

    received_on: dt.date
    source: str
    figures: Figures
    batch: IntakeBatch | None = None
    number: int = 0

    @property
    def document_number(self) -> str:
        return self.batch.document_number if self.batch else ""

    @property
    def supplier(self) -> str:
        return self.batch.supplier if self.batch else ""


@dataclass
class WithdrawalRow:
    """A Part II line: a decision, or the month's copies withdrawn without one."""

    decided_on: dt.date
    figures: Figures
    decision: WithdrawalDecision | None = None
    number: int = 0

    @property
    def decision_number(self) -> str:
        return self.decision.number if self.decision else ""


@dataclass
class StockRow:
    """A Part III line: the stock on `on`, by kind, with its value; at a stocktake also the
    stocktake and what it counted."""

    on: dt.date
    figures: Figures
    stocktake: Stocktake | None = None
    is_year_end: bool = False


@dataclass
class Register:
    library: Library
    year: int
    intake: list[IntakeRow]
    withdrawals: list[WithdrawalRow]
    stock: list[StockRow]
    intake_total: Figures
    withdrawal_total: Figures

    @property
    def opening(self) -> StockRow:
        return self.stock[0]

    @property
    def closing(self) -> StockRow:
        return self.stock[-1]

    def kinds(self) -> list[str]:
        """The kinds with a copy anywhere in the register, in ItemType's order."""
        used = set(self.intake_total.by_kind) | set(self.withdrawal_total.by_kind)
        for row in self.stock:
            used |= {kind for kind, count in row.figures.by_kind.items() if count}
        return [kind for kind in ItemType.values if kind in used] + sorted(
            used - set(ItemType.values)
        )

    def languages(self) -> list[str]:
        """The languages of the year's intake: Vietnamese first, then by copies."""
        counts = self.intake_total.by_language
        return sorted(
            (code for code, count in counts.items() if count),
            key=lambda code: (code != "vie", code == NO_LANGUAGE, -counts[code], code),
        )

    def reasons(self) -> list[str]:
        used = {reason for reason, count in self.withdrawal_total.by_reason.items() if count}
        return [reason for reason in WithdrawalReason.values if reason in used] + sorted(
            used - set(WithdrawalReason.values)
        )


def _year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def intake_rows(library: Library, year: int) -> list[IntakeRow]:
    """Part I of `library`'s register for `year`: each batch received that year (one with no
    copy yet too), then the months' copies added without a batch, by day; numbered 1…n."""
    first, last = _year_bounds(year)
    added = (
        _copies(library)
        .annotate(
            register_day=intake_day(),
            language=Coalesce("bib__language", Value(NO_LANGUAGE, output_field=CharField())),
        )
        .filter(register_day__range=(first, last))
    )
    groups = (
        added.values_list("intake_batch_id", "register_day", "item_type", "language")
        .annotate(
            copies=Count("pk"),
            value=Sum("price_vnd"),
            without_price=Count("pk", filter=Q(price_vnd__isnull=True)),
        )
        .order_by()
    )
    by_batch: dict[int, Figures] = defaultdict(Figures)
    by_month: dict[dt.date, Figures] = defaultdict(Figures)
    for batch_id, day, kind, language, copies, value, without_price in groups:
        figures = by_batch[batch_id] if batch_id is not None else by_month[_month(day)]
        figures.add(
            copies=copies,
            kind=kind,
            language=language,
            value_vnd=value,
            without_price=without_price,
        )
    batch_titles = (
        added.filter(intake_batch__isnull=False)
        .values_list("intake_batch_id")
        .annotate(titles=Count("bib_id", distinct=True))
        .values_list("intake_batch_id", "titles")
        .order_by()
    )
    # Titles are counted per batch, and per month for the rest: a title with copies on two
    # days of one month is one title of that month's row.
    month_titles = (
        added.filter(intake_batch__isnull=True)
        .values_list("register_day", "bib_id")
        .distinct()
        .order_by()
    )
    seen: set[tuple[dt.date, int]] = set()
    for day, bib_id in month_titles:
        key = (_month(day), bib_id)
        if key not in seen:
            seen.add(key)
            by_month[key[0]].titles += 1
    for batch_id, count in batch_titles:
        by_batch[batch_id].titles = count
    batches = IntakeBatch.objects.filter(
        Q(library=library, received_on__range=(first, last)) | Q(pk__in=list(by_batch))
    ).order_by("received_on", "pk")
    rows = [
        IntakeRow(
            received_on=batch.received_on,
            source=batch.source,
            figures=by_batch.get(batch.pk) or Figures(),
            batch=batch,
        )
        for batch in batches
    ]
    rows += [
        IntakeRow(received_on=month, source=OTHER, figures=figures)
        for month, figures in by_month.items()
    ]
    rows.sort(
        key=lambda row: (row.received_on, row.batch is None, row.batch.pk if row.batch else 0)
    )
    for number, row in enumerate(rows, start=1):
        row.number = number
    return rows


def withdrawal_rows(library: Library, year: int) -> list[WithdrawalRow]:
    """Part II of `library`'s register for `year`: each decision dated that year (one with no
    copy yet too), then the months' copies withdrawn without a decision; numbered 1…n."""
    first, last = _year_bounds(year)
    groups = (
        _withdrawn(library)
        .annotate(left_on=withdrawal_day())
        .filter(left_on__range=(first, last))
        .values_list("withdrawal_decision_id", "left_on", "item_type", "withdrawal_reason")
        .annotate(
            copies=Count("pk"),
            value=Sum("price_vnd"),
            without_price=Count("pk", filter=Q(price_vnd__isnull=True)),
        )
        .order_by()
    )
    by_decision: dict[int, Figures] = defaultdict(Figures)
    by_month: dict[dt.date, Figures] = defaultdict(Figures)
    for decision_id, day, kind, reason, copies, value, without_price in groups:
        figures = by_decision[decision_id] if decision_id is not None else by_month[_month(day)]
        figures.add(
            copies=copies,
            kind=kind,
            reason=reason or WithdrawalReason.OTHER,
            value_vnd=value,
            without_price=without_price,
        )
    decisions = WithdrawalDecision.objects.filter(
        Q(library=library, decided_on__range=(first, last)) | Q(pk__in=list(by_decision))
    ).order_by("decided_on", "pk")
    rows = [
        WithdrawalRow(
            decided_on=decision.decided_on,
            figures=by_decision.get(decision.pk) or Figures(),
            decision=decision,
        )
        for decision in decisions
    ]
    rows += [
        WithdrawalRow(decided_on=month, figures=figures) for month, figures in by_month.items()
    ]
    rows.sort(
        key=lambda row: (
            row.decided_on,
            row.decision is None,
            row.decision.pk if row.decision else 0,
        )
    )
    for number, row in enumerate(rows, start=1):
        row.number = number
    return rows


def stock_on(library: Library, days: Iterable[dt.date]) -> dict[dt.date, Figures]:
    """The register's stock of `library` at the end of each of `days`: the copies added up to
    then less those withdrawn up to then, by kind, with their value (two queries)."""
    days = sorted(set(days))
    stock: dict[dt.date, Figures] = {day: Figures() for day in days}
    if not days:
        return stock

    def aggregates(day_field: str) -> dict[str, Any]:
        named: dict[str, Any] = {}
        for index, day in enumerate(days):
            within = Q(**{f"{day_field}__lte": day})
            named[f"copies_{index}"] = Count("pk", filter=within)
            named[f"value_{index}"] = Sum("price_vnd", filter=within)
            named[f"unpriced_{index}"] = Count("pk", filter=within & Q(price_vnd__isnull=True))
        return named

    for queryset, day_field, sign in (
        (_copies(library).annotate(register_day=intake_day()), "register_day", 1),
        (_withdrawn(library).annotate(left_on=withdrawal_day()), "left_on", -1),
    ):
        grouped = queryset.values("item_type").annotate(**aggregates(day_field)).order_by()
        for group in grouped:
            for index, day in enumerate(days):
                figures = stock[day]
                copies = group[f"copies_{index}"] * sign
                figures.copies += copies
                figures.by_kind[group["item_type"]] += copies
                figures.value_vnd += (group[f"value_{index}"] or 0) * sign
                figures.without_price += group[f"unpriced_{index}"] * sign
    return stock


def closed_stocktakes(library: Library, year: int) -> list[Stocktake]:
    """`library`'s stocktakes closed in `year` (Vietnam's calendar), in order."""
    first, last = _year_bounds(year)
    return [
        stocktake
        for stocktake in Stocktake.objects.filter(
            library=library,
            state=StocktakeState.CLOSED,
            closed_at__date__range=(first - dt.timedelta(days=1), last + dt.timedelta(days=1)),
        ).order_by("closed_at", "pk")
        if first <= clock.local_date(stocktake.closed_at) <= last
    ]


def stock_rows(library: Library, year: int) -> list[StockRow]:
    """Part III of `library`'s register for `year`: the stock at the end of the year before,
    at each stocktake closed in the year, and at the end of the year."""
    first, last = _year_bounds(year)
    opening = first - dt.timedelta(days=1)
    stocktakes = closed_stocktakes(library, year)
    stocktake_days = [clock.local_date(stocktake.closed_at) for stocktake in stocktakes]
    stock = stock_on(library, [opening, last, *stocktake_days])
    rows = [StockRow(on=opening, figures=stock[opening], is_year_end=True)]
    rows += [
        StockRow(on=day, figures=stock[day], stocktake=stocktake)
        for stocktake, day in zip(stocktakes, stocktake_days, strict=True)
    ]
    rows.append(StockRow(on=last, figures=stock[last], is_year_end=True))
    return rows


def _total(figures: Iterable[Figures]) -> Figures:
    total = Figures()
    for each in figures:
        total.plus(each)
    return total


def general_register(library: Library, year: int) -> Register:
    """`library`'s general register for `year`: its three parts and the totals of I and II."""
    intake = intake_rows(library, year)
    withdrawals = withdrawal_rows(library, year)
    return Register(
        library=library,
        year=year,
        intake=intake,
        withdrawals=withdrawals,
        stock=stock_rows(library, year),
        intake_total=_total(row.figures for row in intake),
        withdrawal_total=_total(row.figures for row in withdrawals),
    )


# A register older than the catalogue's earliest acquisition date is empty, not an error.
FIRST_REGISTER_YEAR = 1900


def register_year(value: str | int | None, *, today: dt.date) -> int:
    """The year asked for (this year when none); NotFound for one not begun yet or before
    1900, or not a year."""
    if value in (None, ""):
        return today.year
    try:
        year = int(value)  # type: ignore[arg-type]  # str or int, checked
    except (TypeError, ValueError):
        raise NotFound("not_found") from None
    if not FIRST_REGISTER_YEAR <= year <= today.year:
        raise NotFound("not_found")
    return year


def register_years(library: Library, *, today: dt.date) -> list[int]:
    """The years `library`'s register can be read for: from its first copy or batch to this
    year, the newest first."""
    first_copy = (
        _copies(library)
        .annotate(register_day=intake_day())
        .order_by("register_day")
        .values_list("register_day", flat=True)
        .first()
    )
    first_batch = (
        IntakeBatch.objects.filter(library=library)
        .order_by("received_on")
        .values_list("received_on", flat=True)
        .first()
    )
    known = [day.year for day in (first_copy, first_batch) if day is not None]
    start = min([*known, today.year])
    return list(range(today.year, start - 1, -1))
