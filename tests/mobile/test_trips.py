"""Planning, loading, leaving, coming back and closing a trip, through the services."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.db import IntegrityError

from libnet.catalog.models import Item, ItemStatus, ItemType
from libnet.core.models import AuditEntry
from libnet.mobile import selectors, services
from libnet.mobile.errors import LoadRefused, TripRefused
from libnet.mobile.models import StockState, TripState
from libnet.rotation.models import ClaimKind, ItemClaim
from tests.factories import ItemFactory
from tests.mobile.conftest import claim_for_batch, copies_of, restricted_shelf

LATER = dt.timedelta(hours=3)


def test_planned_trip_gets_the_stops_of_its_route_in_order(trip):
    """The stops of a trip are the route's, in the route's order."""
    names = [stop.route_stop.name for stop in trip.stops.select_related("route_stop")]
    assert names == ["UBND xã Tân Lập", "Thôn Đồng Xuân", "Trường THCS Tân Lập"]
    assert trip.state == TripState.PLANNED


def test_route_names_are_stored_in_nfc(mobile, at):
    """A name typed in decomposed Unicode is stored composed."""
    route = services.create_route(
        library=mobile, name="Tuye\u0302\u0301n Ba\u0309n", by=None, at=at
    )
    assert route.name == "Tuyến Bản"


def test_a_route_belongs_to_a_mobile_library_only(province, at):
    """Routes and vehicles are the mobile library's; a commune library has none."""
    with pytest.raises(TripRefused) as refused:
        services.create_route(library=province["commune"], name="Tuyến A", by=None, at=at)
    assert refused.value.code == "not_mobile_library"


def test_removing_a_stop_renumbers_the_later_ones(route, at):
    first = route.stops.get(order=1)
    services.remove_route_stop(stop=first, by=None, at=at)
    assert list(route.stops.values_list("order", "name")) == [
        (1, "Thôn Đồng Xuân"),
        (2, "Trường THCS Tân Lập"),
    ]


def test_a_stop_visited_by_a_trip_cannot_be_removed(trip, route, at):
    with pytest.raises(TripRefused) as refused:
        services.remove_route_stop(stop=route.stops.get(order=1), by=None, at=at)
    assert refused.value.code == "route_has_trips"


def test_loading_claims_the_copy_and_puts_it_on_the_vehicle(trip, stock, mobile, at):
    """A loaded copy is claimed for the trip, stays available, and is now at the mobile library."""
    row = services.load_copy(trip=trip, item=stock[0], by=None, at=at)
    item = Item.objects.get(pk=stock[0].pk)
    claim = ItemClaim.objects.get(item=item)
    assert (claim.kind, claim.holder_id) == (ClaimKind.MOBILE, trip.pk)
    assert item.status == ItemStatus.AVAILABLE
    assert item.current_library_id == mobile.pk
    assert row.state == StockState.OUT
    trip.refresh_from_db()
    assert trip.state == TripState.LOADED
    assert AuditEntry.objects.filter(action="mobile.trip.load").count() == 1


def test_the_mobile_library_carries_its_own_copies_too(trip, mobile, at):
    own = copies_of(mobile, "LD0001", "LD0002", "LD0003", title="Truyện Kiều")
    services.load_copy(trip=trip, item=own[0], by=None, at=at)
    assert trip.stock.count() == 1


def test_loading_is_refused_with_fewer_than_three_copies(trip, province, at):
    """TT 05/2022 Art. 5.1.b: the library must hold at least 3 copies of the title."""
    few = copies_of(province["provincial"], "FEW1", "FEW2", title="Nhật ký trong tù")
    with pytest.raises(LoadRefused) as refused:
        services.load_copy(trip=trip, item=few[0], by=None, at=at)
    assert refused.value.code == "too_few_copies"
    assert "2" in refused.value.message
    assert not ItemClaim.objects.exists()


def test_withdrawn_copies_do_not_count_towards_the_three(trip, province, at):
    copies = copies_of(province["provincial"], "W1", "W2", "W3", title="Vợ nhặt")
    Item.objects.filter(pk=copies[2].pk).update(status=ItemStatus.WITHDRAWN)
    with pytest.raises(LoadRefused) as refused:
        services.load_copy(trip=trip, item=copies[0], by=None, at=at)
    assert refused.value.code == "too_few_copies"


@pytest.mark.parametrize(
    "restriction",
    ["reference_type", "closed_stack"],
)
def test_restricted_copies_stay_home(trip, province, restriction, at):
    """Reference books and closed stacks are read in the library only (TT 05/2022 Art. 5)."""
    library = province["provincial"]
    fields = (
        {"item_type": ItemType.REFERENCE}
        if restriction == "reference_type"
        else {"shelf_location": restricted_shelf(library)}
    )
    copies = copies_of(library, "R1", "R2", "R3", title="Đại Việt sử ký toàn thư", **fields)
    with pytest.raises(LoadRefused) as refused:
        services.load_copy(trip=trip, item=copies[0], by=None, at=at)
    assert refused.value.code == "copy_restricted"


def test_a_copy_in_a_rotation_batch_cannot_go_on_the_vehicle(trip, stock, at):
    """TT 05/2022 Art. 6.2.b: a copy chosen for rotation is not in the mobile stock too."""
    claim_for_batch(stock[0])
    with pytest.raises(LoadRefused) as refused:
        services.load_copy(trip=trip, item=stock[0], by=None, at=at)
    assert refused.value.code == "copy_claimed"
    assert "6.2.b" in refused.value.message or "Điều 6" in refused.value.message


def test_a_claim_written_between_check_and_insert_is_a_clear_refusal(trip, stock, at):
    """The database refuses the second claim; the service turns it into copy_claimed."""
    with (
        mock.patch.object(ItemClaim.objects, "create", side_effect=IntegrityError("pk")),
        pytest.raises(LoadRefused) as refused,
    ):
        services.load_copy(trip=trip, item=stock[0], by=None, at=at)
    assert refused.value.code == "copy_claimed"
    assert not trip.stock.exists()


def test_a_copy_on_two_trips_is_refused(trip, route, vehicle, stock, at):
    services.load_copy(trip=trip, item=stock[0], by=None, at=at)
    second = services.plan_trip(route=route, vehicle=vehicle, date=trip.date, by=None, at=at)
    with pytest.raises(LoadRefused) as refused:
        services.load_copy(trip=second, item=stock[0], by=None, at=at)
    # Already on the first trip: not at home any more, and claimed.
    assert refused.value.code in {"copy_claimed", "copy_not_available"}


def test_loading_a_copy_twice_is_refused(trip, stock, at):
    services.load_copy(trip=trip, item=stock[0], by=None, at=at)
    with pytest.raises(LoadRefused) as refused:
        services.load_copy(trip=trip, item=stock[0], by=None, at=at)
    assert refused.value.code == "already_loaded"


def test_copies_of_other_libraries_are_not_found_for_loading(trip, province, at):
    """The commune's copies are not the mobile library's to carry."""
    ItemFactory(home_library=province["commune"], barcode="TL9")
    outcome = services.load_copies(trip=trip, barcodes=["TL9"], by=None, at=at)
    assert [(barcode, error.code) for barcode, error in outcome.refused] == [
        ("TL9", "item_not_found")
    ]


def test_load_copies_reports_each_barcode_and_loads_the_good_ones(trip, stock, at):
    claim_for_batch(stock[1])
    outcome = services.load_copies(
        trip=trip, barcodes=["TVT0001", "TVT0002", "", "NOPE", "TVT0003"], by=None, at=at
    )
    assert [row.item.barcode for row in outcome.loaded] == ["TVT0001", "TVT0003"]
    assert [(barcode, error.code) for barcode, error in outcome.refused] == [
        ("TVT0002", "copy_claimed"),
        ("NOPE", "item_not_found"),
    ]


@pytest.mark.parametrize(
    ("roles", "code"),
    [
        (["librarian", "librarian"], "crew_needs_driver"),
        (["driver", "librarian"], "crew_needs_librarians"),
        (["driver", "librarian", "other"], "crew_needs_librarians"),
    ],
)
def test_a_trip_does_not_leave_without_its_crew(trip, stock, roles, code, at):
    """TT 05/2022 Art. 8: one driver or operator and two library staff."""
    services.load_copy(trip=trip, item=stock[0], by=None, at=at)
    for number, role in enumerate(roles):
        services.add_crew_member(trip=trip, person_name=f"Người {number}", role=role, by=None)
    with pytest.raises(TripRefused) as refused:
        services.change_trip_state(trip=trip, action="depart", by=None, at=at)
    assert refused.value.code == code
    trip.refresh_from_db()
    assert trip.state == TripState.LOADED


def test_a_trip_with_no_stock_cannot_leave(crew, at):
    with pytest.raises(TripRefused) as refused:
        services.change_trip_state(trip=crew, action="depart", by=None, at=at)
    assert refused.value.code == "invalid_transition"  # still planned: nothing loaded


def test_the_crew_is_fixed_once_the_trip_has_left(on_road, at):
    with pytest.raises(TripRefused) as refused:
        services.add_crew_member(trip=on_road, person_name="Muộn", role="other", by=None)
    assert refused.value.code == "crew_locked"


def test_no_loading_once_the_trip_has_left(on_road, province, at):
    more = copies_of(province["provincial"], "M1", "M2", "M3", title="Lão Hạc")
    with pytest.raises(TripRefused) as refused:
        services.load_copy(trip=on_road, item=more[0], by=None, at=at)
    assert refused.value.code == "trip_not_loading"


def test_check_back_returns_copies_home_and_releases_claims(on_road, stock, province, at):
    trip = services.change_trip_state(trip=on_road, action="return", by=None, at=at + LATER)
    services.check_back_copy(trip=trip, item=stock[0], by=None, at=at + LATER)
    services.check_back_copy(trip=trip, item=stock[1], damaged=True, by=None, at=at + LATER)
    first, second = Item.objects.get(pk=stock[0].pk), Item.objects.get(pk=stock[1].pk)
    assert first.current_library_id == province["provincial"].pk
    assert first.status == ItemStatus.AVAILABLE
    assert second.status == ItemStatus.DAMAGED
    assert list(ItemClaim.objects.values_list("item_id", flat=True)) == [stock[2].pk]
    check = selectors.trip_check(trip)
    assert [row.item.barcode for row in check.came_back] == ["TVT0001"]
    assert [row.item.barcode for row in check.damaged] == ["TVT0002"]
    assert [row.item.barcode for row in check.missing] == ["TVT0003"]


@pytest.mark.parametrize(
    ("setup", "code"),
    [
        ("twice", "already_back"),
        ("not_loaded", "not_on_trip"),
        ("still_on_road", "check_back_locked"),
    ],
)
def test_check_back_refusals(on_road, stock, province, setup, code, at):
    trip = on_road
    item = stock[0]
    if setup != "still_on_road":
        trip = services.change_trip_state(trip=on_road, action="return", by=None, at=at)
    if setup == "twice":
        services.check_back_copy(trip=trip, item=item, by=None, at=at)
    if setup == "not_loaded":
        item = ItemFactory(home_library=province["provincial"])
    with pytest.raises(TripRefused) as refused:
        services.check_back_copy(trip=trip, item=item, by=None, at=at)
    assert refused.value.code == code


def test_closing_marks_what_did_not_come_back_lost(on_road, stock, province, at):
    """After the round the stock is counted (TT 05/2022 Art. 11.1.g); missing copies are lost."""
    trip = services.change_trip_state(trip=on_road, action="return", by=None, at=at)
    services.check_back_copy(trip=trip, item=stock[0], by=None, at=at)
    services.change_trip_state(trip=trip, action="close", confirm=True, by=None, at=at + LATER)
    lost = Item.objects.get(pk=stock[2].pk)
    assert lost.status == ItemStatus.LOST
    assert lost.current_library_id == province["provincial"].pk
    assert not ItemClaim.objects.exists()
    check = selectors.trip_check(trip)
    assert sorted(row.item.barcode for row in check.lost) == ["TVT0002", "TVT0003"]
    assert AuditEntry.objects.filter(action="mobile.trip.copy_lost").count() == 2
    trip.refresh_from_db()
    assert trip.state == TripState.CLOSED
    assert trip.closed_at == at + LATER


def test_cancelling_puts_the_copies_back_and_releases_the_claims(trip, stock, province, at):
    services.load_copy(trip=trip, item=stock[0], by=None, at=at)
    services.change_trip_state(trip=trip, action="cancel", by=None, at=at)
    item = Item.objects.get(pk=stock[0].pk)
    assert item.current_library_id == province["provincial"].pk
    assert not ItemClaim.objects.exists()
    # Free for a rotation batch again.
    claim_for_batch(item)


def test_an_invalid_transition_is_refused_with_a_sentence(trip, at):
    with pytest.raises(TripRefused) as refused:
        services.change_trip_state(trip=trip, action="close", by=None, at=at)
    assert refused.value.code == "invalid_transition"
    assert refused.value.message != "invalid_transition"
