"""The mobile library lends through circulation's rules: only what is on the vehicle now."""

from __future__ import annotations

import datetime as dt
import uuid

from libnet.catalog.models import Item, ItemStatus
from libnet.circulation import services as circulation
from libnet.circulation.models import Loan
from libnet.mobile import services
from tests.factories import PatronFactory

SCANNED_AT = dt.datetime(2026, 3, 2, 2, 30, tzinfo=dt.UTC)  # 9:30 in Vietnam, at the stop
SYNCED_AT = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def op(trip, stop, action, barcode, card="", at=SCANNED_AT):
    return {
        "client_uuid": str(uuid.uuid4()),
        "trip_id": trip.pk,
        "stop_id": stop.pk,
        "action": action,
        "barcode": barcode,
        "card_number": card,
        "client_at": at.isoformat().replace("+00:00", "Z"),
    }


def test_a_copy_of_the_trip_that_is_back_on_its_librarys_shelf_is_not_lent_at_a_stop(
    hung, on_road, villager, stock, mobile, province
):
    """Lent at the first stop, brought back to the provincial library's desk the same
    morning: the vehicle's list still says "on loan", but the copy is not on the vehicle,
    and the tablet's next scan of it must not lend it from the provincial shelf."""
    stop = on_road.stops.first()
    provincial = province["provincial"]
    services.sync_operations(
        user=hung.user,
        operations=[op(on_road, stop, "checkout", "TVT0002", villager.card_number)],
        at=SYNCED_AT,
    )
    circulation.checkin_item(item=stock[1], desk=provincial, by=None, at=SCANNED_AT)
    neighbour = PatronFactory(home_library=mobile)
    (outcome,) = services.sync_operations(
        user=hung.user,
        operations=[
            op(
                on_road,
                stop,
                "checkout",
                "TVT0002",
                neighbour.card_number,
                at=SCANNED_AT + dt.timedelta(hours=1),
            )
        ],
        at=SYNCED_AT,
    )
    assert (outcome.result, outcome.code) == ("refused", "copy_not_here")
    assert not Loan.objects.filter(item=stock[1], patron=neighbour).exists()
    item = Item.objects.get(pk=stock[1].pk)
    assert (item.status, item.current_library_id) == (ItemStatus.AVAILABLE, provincial.pk)
