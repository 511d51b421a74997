"""The vehicle's stock: copies loaded (and claimed) before a trip, and counted back after it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from libnet.catalog import services as catalog_services
from libnet.catalog.models import Item, ItemStatus
from libnet.core import audit, clock
from libnet.core.audit import Actor
from libnet.core.errors import LibnetError
from libnet.mobile import policies, selectors
from libnet.mobile.errors import LoadRefused, MobileNotFound, TripRefused
from libnet.mobile.models import MobileTrip, StockState, TripState, TripStock
from libnet.mobile.services._common import (
    move_copy,
    release_claim,
    set_state,
    trip_for_step,
    trip_note,
)
from libnet.rotation import selectors as rotation_selectors
from libnet.rotation.models import ClaimKind, ItemClaim


def load_copy(
    *, trip: MobileTrip, item: Item, by: Actor, at: dt.datetime | None = None
) -> TripStock:
    """Load `item` on `trip` and claim it; a planned trip becomes loaded.

    Raises LoadRefused (policies.load_refusal; TT 05/2022 Art. 5.1.b, 6.2.b) or TripRefused
    when the trip has left. When it does, nothing has been written.
    """
    at = at or clock.now()
    with transaction.atomic(), audit.batch():
        trip = trip_for_step(trip, allowed=policies.LOADING_STATES, refused="trip_not_loading")
        mobile = trip.route.library
        item = (
            Item.objects.select_for_update(of=("self",))
            .select_related("bib", "shelf_location", "home_library")
            .get(pk=item.pk)
        )
        owner = item.home_library
        # The facts a rotation batch asks too (TT 05/2022 Art. 5.1.b, 6.2.b), with the mobile
        # library as the desk that lends the copy.
        facts = rotation_selectors.copy_facts([item], owner_id=owner.pk, desk=mobile)[item.pk]
        refusal = policies.load_refusal(
            owned_by_source=item.home_library_id in selectors.source_library_ids(mobile),
            status=item.status,
            at_home=item.current_library_id == item.home_library_id,
            restricted=facts.restricted,
            read_in_place=facts.read_in_place,
            copies_of_title=facts.copies_of_title,
            claimed=facts.claim is not None,
            already_on_trip=TripStock.objects.filter(trip=trip, item=item).exists(),
        )
        params = {
            "barcode": item.barcode,
            "owner": owner.name,
            "status": ItemStatus(item.status).label,
            "count": facts.copies_of_title,
        }
        if refusal is not None:
            raise LoadRefused(refusal, **params)
        try:
            with transaction.atomic():
                ItemClaim.objects.create(
                    item=item, kind=ClaimKind.MOBILE, holder_id=trip.pk, claimed_at=at
                )
        except IntegrityError:
            # A rotation batch or transfer claimed the copy between our read and our write.
            raise LoadRefused("copy_claimed", **params) from None
        stock = TripStock.objects.create(trip=trip, item=item, loaded_at=at)
        move_copy(item=item, to=mobile, by=by, at=at, note=trip_note(trip))
        if trip.state == TripState.PLANNED:
            set_state(trip, TripState.LOADED)
        audit.record(
            "mobile.trip.load",
            subject=trip,
            by=by,
            at=at,
            library_id=mobile.pk,
            after={"item": item.pk, "barcode": item.barcode},
        )
        return stock


@dataclass
class LoadOutcome:
    """What loading a list of barcodes did: the copies loaded and, per barcode, refusals."""

    loaded: list[TripStock]
    refused: list[tuple[str, LibnetError]]


def load_copies(
    *, trip: MobileTrip, barcodes: Sequence[str], by: Actor, at: dt.datetime | None = None
) -> LoadOutcome:
    """Load each barcode in its own transaction; a refused one is reported, the others load."""
    outcome = LoadOutcome(loaded=[], refused=[])
    mobile = trip.route.library
    for raw in barcodes:
        barcode = raw.strip()
        if not barcode:
            continue
        try:
            item = selectors.source_copy_by_barcode(mobile=mobile, barcode=barcode)
            if item is None:
                raise MobileNotFound("item_not_found")
            outcome.loaded.append(load_copy(trip=trip, item=item, by=by, at=at))
        except LibnetError as error:
            outcome.refused.append((barcode, error))
    return outcome


def check_back_copy(
    *,
    trip: MobileTrip,
    item: Item,
    by: Actor,
    damaged: bool = False,
    at: dt.datetime | None = None,
) -> TripStock:
    """Count a copy back off the vehicle: it returns to its library's shelf and is unclaimed.

    A damaged copy is marked damaged (TT 05/2022 Art. 5.7: inventoried after service). Raises
    TripRefused when the trip is not back, the copy did not go out on it, is already back or
    is on loan to a reader.
    """
    at = at or clock.now()
    with transaction.atomic(), audit.batch():
        trip = trip_for_step(trip, allowed=policies.CHECK_BACK_STATES, refused="check_back_locked")
        row = TripStock.objects.filter(trip=trip, item_id=item.pk).first()
        if row is None:
            raise TripRefused("not_on_trip", barcode=item.barcode)
        if row.state == StockState.ON_LOAN:
            raise TripRefused("copy_on_loan", barcode=item.barcode)
        if row.state != StockState.OUT:
            raise TripRefused("already_back", barcode=item.barcode)
        item = (
            Item.objects.select_for_update(of=("self",))
            .select_related("home_library")
            .get(pk=item.pk)
        )
        if damaged and item.status == ItemStatus.AVAILABLE:
            catalog_services.change_locked_item_status(
                item=item,
                to=ItemStatus.DAMAGED,
                by=by,
                at=at,
                reason=audit.note(_("damaged on mobile trip no. %(number)s"), number=trip.pk),
                current_library=item.home_library,
            )
        else:
            move_copy(item=item, to=item.home_library, by=by, at=at, note=trip_note(trip))
        row.state = StockState.DAMAGED if damaged else StockState.BACK
        row.returned_at = at
        row.save(update_fields=["state", "returned_at"])
        release_claim(trip=trip, item_ids=[item.pk])
        audit.record(
            "mobile.trip.check_back",
            subject=trip,
            by=by,
            at=at,
            library_id=trip.route.library_id,
            after={"item": item.pk, "state": row.state},
        )
        return row
