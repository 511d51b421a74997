"""Scoped getters for stocktakes.

A stocktake belongs to its library: its catalogue and desk staff (and those whose role covers
it from above in the tree) see it; anyone else gets NotFound, exactly as for one that does
not exist.
"""

from __future__ import annotations

from django.db.models import QuerySet

from libnet.catalog.models import ShelfLocation
from libnet.core import text
from libnet.network import access as network_access
from libnet.network.access import User
from libnet.network.errors import RoleRequired
from libnet.network.models import Library
from libnet.stock.errors import StocktakeNotFound
from libnet.stock.models import Stocktake

# Cataloguers and desk clerks count the stock (a commune library has one clerk for both).
PERMISSIONS = ("catalog", "circulation")


def stock_library_ids(user: User) -> frozenset[int]:
    """The libraries whose stock `user` may count."""
    return network_access.library_ids_for_any(user, PERMISSIONS)


def require_stock_role(user: User) -> frozenset[int]:
    """stock_library_ids, or a 403 saying what the page is for when there is none."""
    ids = stock_library_ids(user)
    if not ids:
        raise RoleRequired("catalog")
    return ids


def stocktakes_for_staff(user: User) -> QuerySet[Stocktake]:
    return Stocktake.objects.filter(library_id__in=stock_library_ids(user))


def get_stocktake_for_staff(user: User, stocktake_id: int) -> Stocktake:
    """The stocktake if `user` counts stock at its library; NotFound otherwise."""
    stocktake = (
        stocktakes_for_staff(user)
        .filter(pk=stocktake_id)
        .select_related("library", "opened_by", "closed_by")
        .first()
    )
    if stocktake is None:
        raise StocktakeNotFound("stocktake_not_found")
    return stocktake


def get_library_for_stocktake(user: User, code: str) -> Library:
    """A library whose stock `user` may count, by its code; NotFound otherwise."""
    library = Library.objects.filter(
        code=text.identifier(code), pk__in=stock_library_ids(user)
    ).first()
    if library is None:
        raise StocktakeNotFound("library_not_found")
    return library


def locations_of(library: Library, location_ids: list[int]) -> list[ShelfLocation]:
    """The shelf locations `location_ids` of `library`; NotFound for any other."""
    locations = list(ShelfLocation.objects.filter(library=library, pk__in=location_ids))
    if len(locations) != len(set(location_ids)):
        raise StocktakeNotFound("location_not_found")
    return locations
