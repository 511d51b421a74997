"""Scoped getters of acquisitions.

A library's budget lines, orders and invoices are seen by its cataloguers and administrators
(and those whose role covers it from above in the tree); anyone else gets NotFound, exactly
as for one that does not exist. Suppliers are listed for the whole network, like the
catalogue.
"""

from __future__ import annotations

from django.db.models import QuerySet

from libnet.acquisitions.errors import AcquisitionsNotFound
from libnet.acquisitions.models import Budget, Order, OrderLine, Supplier
from libnet.network import access as network_access
from libnet.network.access import User
from libnet.network.models import Library

# Buying books is the cataloguers' work (a commune library's clerk holds that role too).
PERMISSION = "catalog"


def acquisition_library_ids(user: User) -> frozenset[int]:
    """The libraries whose budget and orders `user` manages."""
    return network_access.visible_library_ids(user, PERMISSION)


def require_acquisitions_role(user: User) -> frozenset[int]:
    """acquisition_library_ids, or a 403 saying what the page is for when there is none."""
    return network_access.require_role(user, PERMISSION)


def libraries_for_staff(user: User) -> QuerySet[Library]:
    return Library.objects.filter(
        pk__in=acquisition_library_ids(user), is_active=True, runs_libnet=True
    ).order_by("sort_key", "code")


def budgets_for_staff(user: User) -> QuerySet[Budget]:
    return Budget.objects.filter(library_id__in=acquisition_library_ids(user))


def orders_for_staff(user: User) -> QuerySet[Order]:
    return Order.objects.filter(library_id__in=acquisition_library_ids(user))


def get_library_for_staff(user: User, code: str) -> Library:
    """A library whose acquisitions `user` manages, by its code; NotFound otherwise."""
    library = libraries_for_staff(user).filter(code=code.strip()).first()
    if library is None:
        raise AcquisitionsNotFound("library_not_found")
    return library


def get_budget_for_staff(user: User, budget_id: int) -> Budget:
    """The budget line if `user` manages its library's acquisitions; NotFound otherwise."""
    budget = budgets_for_staff(user).filter(pk=budget_id).select_related("library").first()
    if budget is None:
        raise AcquisitionsNotFound("budget_not_found")
    return budget


def get_order_for_staff(user: User, order_id: int) -> Order:
    """The order if `user` manages its library's acquisitions; NotFound otherwise."""
    order = (
        orders_for_staff(user)
        .filter(pk=order_id)
        .select_related("library", "supplier", "budget")
        .first()
    )
    if order is None:
        raise AcquisitionsNotFound("order_not_found")
    return order


def get_line(order: Order, line_id: int) -> OrderLine:
    """The line `line_id` of `order` (reached through an access getter); NotFound otherwise."""
    line = order.lines.filter(pk=line_id).select_related("bib").first()
    if line is None:
        raise AcquisitionsNotFound("line_not_found")
    line.order = order
    return line


def get_supplier(supplier_id: int) -> Supplier:
    supplier = Supplier.objects.filter(pk=supplier_id).first()
    if supplier is None:
        raise AcquisitionsNotFound("supplier_not_found")
    return supplier
