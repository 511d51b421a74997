"""Lending and returns at a stop, as the tablet's queue sends them (perhaps much later)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from libnet.catalog.models import Item, ItemStatus
from libnet.circulation.models import Loan, LoanStatus
from libnet.mobile import services
from libnet.mobile.models import MobileOperation, StockState
from libnet.stats.models import DailyStat
from tests.factories import PatronFactory

SCANNED_AT = dt.datetime(2026, 3, 2, 2, 30, tzinfo=dt.UTC)  # 9:30 in Vietnam, at the stop
SYNCED_AT = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)  # back in town with a network


def op(trip, stop, action, barcode, card="", at=SCANNED_AT, client_uuid=None):
    return {
        "client_uuid": str(client_uuid or uuid.uuid4()),
        "trip_id": trip.pk,
        "stop_id": stop.pk,
        "action": action,
        "barcode": barcode,
        "card_number": card,
        "client_at": at.isoformat().replace("+00:00", "Z"),
    }


@pytest.fixture
def first_stop(on_road):
    return on_road.stops.select_related("route_stop").first()


def test_a_loan_at_a_stop_is_made_at_the_moment_of_the_scan(
    hung, on_road, first_stop, villager, stock, mobile
):
    """Synced hours later, the loan is dated when it was scanned and counted that day."""
    results = services.sync_operations(
        user=hung.user,
        operations=[op(on_road, first_stop, "checkout", "TVT0001", villager.card_number)],
        at=SYNCED_AT,
    )
    assert [(r.result, r.code) for r in results] == [("ok", "lent")]
    loan = Loan.objects.get(item=stock[0])
    assert loan.loaned_at == SCANNED_AT
    assert loan.library_id == mobile.pk
    assert loan.patron_id == villager.pk
    assert Item.objects.get(pk=stock[0].pk).status == ItemStatus.ON_LOAN
    assert on_road.stock.get(item=stock[0]).state == StockState.ON_LOAN
    assert DailyStat.objects.get(library=mobile, indicator="loans").value == 1
    operation = MobileOperation.objects.get()
    assert (operation.trip_stop_id, operation.loan_id) == (first_stop.pk, loan.pk)


def test_the_same_queue_sent_twice_lends_once(hung, on_road, first_stop, villager):
    """The tablet lost the answer and sent the queue again: nothing is applied twice."""
    queue = [
        op(on_road, first_stop, "checkout", "TVT0001", villager.card_number),
        op(on_road, first_stop, "checkout", "TVT0002", villager.card_number),
    ]
    first = services.sync_operations(user=hung.user, operations=queue, at=SYNCED_AT)
    second = services.sync_operations(user=hung.user, operations=queue, at=SYNCED_AT)
    assert [r.as_dict() for r in first] == [r.as_dict() for r in second]
    assert Loan.objects.count() == 2
    assert MobileOperation.objects.count() == 2


def test_operations_are_applied_in_order_and_a_refusal_does_not_stop_the_queue(
    hung, on_road, first_stop, villager, mobile
):
    """A copy lent, lent again (refused: on loan), returned and lent to another reader."""
    other = PatronFactory(home_library=mobile, full_name="Lò Văn Páo")
    queue = [
        op(on_road, first_stop, "checkout", "TVT0001", villager.card_number),
        op(on_road, first_stop, "checkout", "TVT0001", other.card_number),
        op(on_road, first_stop, "checkin", "TVT0001", at=SCANNED_AT + dt.timedelta(minutes=5)),
        op(
            on_road,
            first_stop,
            "checkout",
            "TVT0001",
            other.card_number,
            at=SCANNED_AT + dt.timedelta(minutes=6),
        ),
        op(on_road, first_stop, "checkout", "NOPE", other.card_number),
        op(on_road, first_stop, "checkout", "TVT0002", "KHONG-CO-THE"),
    ]
    results = services.sync_operations(user=hung.user, operations=queue, at=SYNCED_AT)
    assert [(r.result, r.code) for r in results] == [
        ("ok", "lent"),
        ("refused", "item_on_loan"),
        ("ok", "returned"),
        ("ok", "lent"),
        ("refused", "item_not_found"),
        ("refused", "patron_not_found"),
    ]
    assert all(r.message and r.message != r.code for r in results if r.result == "refused")
    loans = list(Loan.objects.order_by("loaned_at").values_list("patron_id", "status"))
    assert loans == [(villager.pk, LoanStatus.RETURNED), (other.pk, LoanStatus.OPEN)]


def test_a_provincial_copy_returned_on_the_same_trip_stays_on_the_vehicle(
    hung, on_road, first_stop, villager, stock, mobile
):
    """Circulation would send it home from this desk; it is on the vehicle, still available."""
    services.sync_operations(
        user=hung.user,
        operations=[
            op(on_road, first_stop, "checkout", "TVT0001", villager.card_number),
            op(on_road, first_stop, "checkin", "TVT0001", at=SCANNED_AT + dt.timedelta(minutes=3)),
        ],
        at=SYNCED_AT,
    )
    item = Item.objects.get(pk=stock[0].pk)
    assert (item.status, item.current_library_id) == (ItemStatus.AVAILABLE, mobile.pk)
    assert on_road.stock.get(item=stock[0]).state == StockState.OUT


def test_only_what_the_vehicle_carries_is_lent_at_a_stop(
    hung, on_road, first_stop, villager, province
):
    from tests.mobile.conftest import copies_of

    home = copies_of(province["provincial"], "H1", "H2", "H3", title="Chí Phèo")
    results = services.sync_operations(
        user=hung.user,
        operations=[op(on_road, first_stop, "checkout", home[0].barcode, villager.card_number)],
        at=SYNCED_AT,
    )
    assert (results[0].result, results[0].code) == ("refused", "not_on_trip")
    assert not Loan.objects.exists()


def test_a_scan_on_a_closed_trip_is_refused(hung, on_road, first_stop, villager, at):
    trip = services.change_trip_state(trip=on_road, action="return", by=None, at=at)
    services.change_trip_state(trip=trip, action="close", confirm=True, by=None, at=at)
    results = services.sync_operations(
        user=hung.user,
        operations=[op(trip, first_stop, "checkout", "TVT0001", villager.card_number)],
        at=SYNCED_AT,
    )
    assert (results[0].result, results[0].code) == ("refused", "trip_not_lending")


def test_another_librarys_trip_is_not_found_in_the_queue(
    other_mobile_clerk, on_road, first_stop, villager
):
    results = services.sync_operations(
        user=other_mobile_clerk.user,
        operations=[op(on_road, first_stop, "checkout", "TVT0001", villager.card_number)],
        at=SYNCED_AT,
    )
    assert (results[0].result, results[0].code) == ("refused", "trip_not_found")
    assert not MobileOperation.objects.exists()
    assert not Loan.objects.exists()


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"action": "renew"}, "invalid_action"),
        ({"client_at": "yesterday"}, "invalid_time"),
        ({"client_at": "2026-03-02T09:30:00"}, "invalid_time"),  # no time zone: ambiguous
        ({"client_uuid": "not-a-uuid"}, "invalid_operation"),
        ({"trip_id": None}, "invalid_operation"),
    ],
)
def test_malformed_operations_are_refused_one_by_one(
    hung, on_road, first_stop, villager, change, code
):
    good = op(on_road, first_stop, "checkout", "TVT0001", villager.card_number)
    results = services.sync_operations(
        user=hung.user,
        operations=[{**good, **change}, {**good, "client_uuid": str(uuid.uuid4())}],
        at=SYNCED_AT,
    )
    assert [(r.result, r.code) for r in results] == [("refused", code), ("ok", "lent")]


def test_a_scan_time_in_the_future_is_taken_as_the_time_received(
    hung, on_road, first_stop, villager, stock
):
    """A tablet whose clock runs ahead does not date loans in the future."""
    services.sync_operations(
        user=hung.user,
        operations=[
            op(
                on_road,
                first_stop,
                "checkout",
                "TVT0001",
                villager.card_number,
                at=SYNCED_AT + dt.timedelta(days=2),
            )
        ],
        at=SYNCED_AT,
    )
    assert Loan.objects.get().loaned_at == SYNCED_AT


def test_loans_made_after_the_trip_is_back_still_sync(hung, on_road, first_stop, villager, at):
    """The tablet found a network only in town, after the vehicle was back."""
    trip = services.change_trip_state(trip=on_road, action="return", by=None, at=at)
    results = services.sync_operations(
        user=hung.user,
        operations=[op(trip, first_stop, "checkout", "TVT0001", villager.card_number)],
        at=SYNCED_AT,
    )
    assert results[0].result == "ok"


def test_a_used_uuid_with_other_content_is_refused_and_applies_nothing(
    hung, on_road, first_stop, villager
):
    """A resend carries the same scan; another scan under the same UUID is a broken tablet."""
    first = op(on_road, first_stop, "checkout", "TVT0001", villager.card_number)
    services.sync_operations(user=hung.user, operations=[first], at=SYNCED_AT)
    forged = {**first, "barcode": "TVT0002"}
    (outcome,) = services.sync_operations(user=hung.user, operations=[forged], at=SYNCED_AT)
    assert (outcome.result, outcome.code) == ("refused", "duplicate_operation")
    assert Loan.objects.count() == 1


def test_an_invalid_stop_kind_or_crew_role_is_refused(route, trip):
    from libnet.mobile.errors import TripRefused

    with pytest.raises(TripRefused) as refused:
        services.add_route_stop(route=route, name="Chợ", kind="market", by=None)
    assert refused.value.code == "invalid_choice"
    with pytest.raises(TripRefused) as refused:
        services.add_crew_member(trip=trip, person_name="A", role="cook", by=None)
    assert refused.value.code == "invalid_choice"


@pytest.mark.parametrize(
    "client_at",
    [
        dt.datetime(1, 1, 2, tzinfo=dt.UTC),
        dt.datetime(1990, 1, 1, tzinfo=dt.UTC),
        # 6:59 on 2 March in Vietnam is the trip's day; 16:59 UTC on 1 March is the day before.
        dt.datetime(2026, 3, 1, 16, 59, tzinfo=dt.UTC),
    ],
)
def test_a_scan_dated_before_the_trips_day_is_refused_and_stored(
    hung, on_road, first_stop, villager, stock, client_at
):
    """A tablet whose clock was reset cannot date loans back to 1990 or the year 1."""
    results = services.sync_operations(
        user=hung.user,
        operations=[
            op(on_road, first_stop, "checkout", "TVT0001", villager.card_number, at=client_at)
        ],
        at=SYNCED_AT,
    )
    assert [(r.result, r.code) for r in results] == [("refused", "scan_time_out_of_range")]
    assert "02/03/2026" in results[0].message
    assert not Loan.objects.exists()
    assert Item.objects.get(pk=stock[0].pk).status == ItemStatus.AVAILABLE
    stored = MobileOperation.objects.get()
    assert (stored.result, stored.code) == ("refused", "scan_time_out_of_range")


def test_a_scan_more_than_two_days_old_when_synced_is_refused(hung, on_road, first_stop, villager):
    synced = SCANNED_AT + dt.timedelta(days=2, minutes=1)
    late = services.sync_operations(
        user=hung.user,
        operations=[op(on_road, first_stop, "checkout", "TVT0001", villager.card_number)],
        at=synced,
    )
    assert late[0].code == "scan_time_out_of_range"
    in_time = services.sync_operations(
        user=hung.user,
        operations=[op(on_road, first_stop, "checkout", "TVT0002", villager.card_number)],
        at=SCANNED_AT + dt.timedelta(days=1, hours=23),
    )
    assert (in_time[0].result, in_time[0].code) == ("ok", "lent")
    assert Loan.objects.get().loaned_at == SCANNED_AT


def test_a_time_no_database_can_hold_is_refused_not_a_crash(hung, on_road, first_stop):
    raw = op(on_road, first_stop, "checkin", "TVT0001")
    raw["client_at"] = "0001-01-01T00:00:00+14:00"
    results = services.sync_operations(user=hung.user, operations=[raw], at=SYNCED_AT)
    assert results[0].code == "invalid_time"
    assert not MobileOperation.objects.exists()


def test_a_used_uuid_sent_by_another_librarys_staff_reveals_nothing(
    hung, other_mobile_clerk, on_road, first_stop, villager
):
    """Staff of another library replaying Hùng's UUID get `trip_not_found`, not his result
    (the reader's loan), whatever trip they name."""
    client_uuid = uuid.uuid4()
    scan = op(
        on_road, first_stop, "checkout", "TVT0001", villager.card_number, client_uuid=client_uuid
    )
    first = services.sync_operations(user=hung.user, operations=[scan], at=SYNCED_AT)
    assert first[0].loan_id is not None
    replay = services.sync_operations(user=other_mobile_clerk.user, operations=[scan], at=SYNCED_AT)
    assert [(r.result, r.code, r.loan_id) for r in replay] == [("refused", "trip_not_found", None)]
    other = {**scan, "trip_id": on_road.pk + 1000, "barcode": "X"}
    replay = services.sync_operations(
        user=other_mobile_clerk.user, operations=[other], at=SYNCED_AT
    )
    assert [(r.result, r.code, r.loan_id) for r in replay] == [("refused", "trip_not_found", None)]
    assert MobileOperation.objects.count() == 1
    # Hùng's own resend still gets his first answer.
    again = services.sync_operations(user=hung.user, operations=[scan], at=SYNCED_AT)
    assert again[0].as_dict() == first[0].as_dict()
