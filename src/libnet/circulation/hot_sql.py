"""The reads of a loan and a return (checkout_item, checkin_item) as plain SQL.

Why: building these queries through the ORM costs more than running them (core.plain_sql),
and a desk scan runs each of them once. Each function here is the plain form of the selector
of the same name in circulation.selectors, which defines it: same rows, same model
instances (tests/circulation/test_hot_reads.py compares them on SQLite and PostgreSQL).
"""

from __future__ import annotations

from typing import Any

from libnet.catalog.models import Item, ShelfLocation
from libnet.circulation import selectors
from libnet.circulation.models import Hold, HoldStatus, Loan
from libnet.core import plain_sql
from libnet.core.plain_sql import column, table
from libnet.patrons.models import Patron


def _copy_sql(extra: str, *, with_open_loan: bool = False) -> str:
    items = plain_sql.shape(Item)
    shelves = plain_sql.shape(ShelfLocation)
    loan_columns = loan_joins = ""
    if with_open_loan:  # at most one: the partial unique index "one open loan per item"
        loan_columns = f"{plain_sql.shape(Loan).select}, {plain_sql.shape(Patron).select}, "
        loan_joins = (
            f"LEFT OUTER JOIN {table(Loan)} ON {column(Loan, 'item')} = {column(Item, 'id')} "
            f"AND {column(Loan, 'closed_at')} IS NULL "
            f"LEFT OUTER JOIN {table(Patron)} "
            f"ON {column(Loan, 'patron')} = {column(Patron, 'id')} "
        )
    return (
        f"SELECT {items.select}, {shelves.select}, {loan_columns}{extra} FROM {table(Item)} "
        f"LEFT OUTER JOIN {table(ShelfLocation)} "
        f"ON {column(Item, 'shelf_location')} = {column(ShelfLocation, 'id')} "
        f"{loan_joins}"
        f"WHERE {column(Item, 'id')} = %s{plain_sql.for_update(of=Item)}"
    )


def _any_open_hold(where: str) -> str:
    return (
        f"EXISTS (SELECT 1 FROM {table(Hold)} WHERE ({where}) "
        f"AND {column(Hold, 'closed_at')} IS NULL)"
    )


@plain_sql.cached_sql
def _copy_for_loan_sql() -> str:
    open_loans = (
        f"(SELECT COUNT(*) FROM {table(Loan)} WHERE {column(Loan, 'patron')} = %s "
        f"AND {column(Loan, 'closed_at')} IS NULL)"
    )
    holds = _any_open_hold(
        f"{column(Hold, 'item')} = {column(Item, 'id')} OR "
        f"({column(Hold, 'patron')} = %s AND {column(Hold, 'bib')} = {column(Item, 'bib')})"
    )
    return _copy_sql(f"{open_loans}, {holds}")


@plain_sql.cached_sql
def _copy_for_return_sql() -> str:
    return _copy_sql(
        _any_open_hold(
            f"{column(Hold, 'item')} = {column(Item, 'id')} OR "
            f"({column(Hold, 'bib')} = {column(Item, 'bib')} "
            f"AND {column(Hold, 'pickup_library')} = %s AND {column(Hold, 'status')} = %s)"
        ),
        with_open_loan=True,
    )


def _locked_copy(sql: str, params: list[Any]) -> tuple[Item, tuple[Any, ...]]:
    items = plain_sql.shape(Item)
    shelves = plain_sql.shape(ShelfLocation)
    with plain_sql.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        raise Item.DoesNotExist("Item matching query does not exist.")
    item = items.build(row)
    plain_sql.cache_related(item, shelf_location=shelves.build(row, items.width))
    return item, tuple(row[items.width + shelves.width :])


def copy_for_loan(*, item_id: int, patron_id: int) -> tuple[Item, int, bool]:
    """selectors.copy_for_loan in one statement: the copy locked, with its shelf location,
    the reader's open loans and whether any hold concerns the loan.

    Raises Item.DoesNotExist like `Item.objects.get`."""
    item, (open_loans, any_hold) = _locked_copy(
        _copy_for_loan_sql(), [patron_id, patron_id, item_id]
    )
    return item, int(open_loans), bool(any_hold)


def copy_for_return(*, item_id: int, desk_id: int) -> tuple[Item, Loan | None, bool]:
    """selectors.copy_for_return in one statement: the copy locked, with its shelf location,
    its open loan with the reader, and whether any hold is on the copy or waits for its
    title at `desk_id`.

    Raises Item.DoesNotExist like `Item.objects.get`."""
    loans = plain_sql.shape(Loan)
    patrons = plain_sql.shape(Patron)
    item, rest = _locked_copy(_copy_for_return_sql(), [desk_id, str(HoldStatus.WAITING), item_id])
    loan: Loan | None = loans.build(rest)
    if loan is not None:
        plain_sql.cache_related(loan, patron=patrons.build(rest, loans.width))
    return item, loan, bool(rest[-1])


def _open_holds_sql(where: str) -> str:
    return (
        f"SELECT {plain_sql.shape(Hold).select} FROM {table(Hold)} WHERE ({where}) "
        f"AND {column(Hold, 'closed_at')} IS NULL "
        f"ORDER BY {column(Hold, 'placed_at')}, {column(Hold, 'id')}"
    )


def _holds(sql: str, params: list[Any]) -> list[Hold]:
    holds = plain_sql.shape(Hold)
    with plain_sql.cursor() as cursor:
        cursor.execute(sql, params)
        return [holds.build(row) for row in cursor.fetchall()]


@plain_sql.cached_sql
def _holds_at_checkout_sql() -> str:
    return _open_holds_sql(
        f"{column(Hold, 'item')} = %s OR "
        f"({column(Hold, 'patron')} = %s AND {column(Hold, 'bib')} = %s)"
    )


def holds_at_checkout(*, item: Item, patron_id: int) -> list[Hold]:
    """selectors.holds_at_checkout: the open holds on the copy and the reader's open holds on
    its title, oldest first."""
    return _holds(_holds_at_checkout_sql(), [item.pk, patron_id, item.bib_id])


@plain_sql.cached_sql
def _holds_for_returned_copy_sql() -> str:
    return _open_holds_sql(
        f"{column(Hold, 'item')} = %s OR ({column(Hold, 'bib')} = %s "
        f"AND {column(Hold, 'pickup_library')} = %s AND {column(Hold, 'status')} = %s)"
    )


def holds_for_returned_copy(*, item: Item, desk_id: int) -> tuple[Hold | None, Hold | None]:
    """selectors.holds_for_returned_copy: (the open hold the copy is set aside for or
    travelling to fill, the oldest hold on its title waiting at `desk_id`)."""
    holds = _holds(
        _holds_for_returned_copy_sql(), [item.pk, item.bib_id, desk_id, str(HoldStatus.WAITING)]
    )
    return selectors.returned_copy_holds(holds, item=item, desk_id=desk_id)
