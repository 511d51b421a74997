"""Batches through their services: each rule at the moment it applies, and the lifecycle."""

from __future__ import annotations

import datetime as dt

import pytest

from libnet.catalog.models import Item, ItemStatus, WeedingCandidate
from libnet.core.models import AuditEntry
from libnet.network.models import LibraryKind
from libnet.rotation import services
from libnet.rotation.errors import BatchRefused
from libnet.rotation.models import (
    BatchItemState,
    BatchState,
    ClaimKind,
    ItemClaim,
    PointArea,
)
from libnet.stats.models import DailyStat
from tests.factories import NOW, ItemFactory, LibraryFactory, ShelfLocationFactory, make_marc
from tests.rotation.conftest import stock


def refusal_code(call) -> str:
    with pytest.raises(BatchRefused) as caught:
        call()
    return caught.value.code


def test_a_batch_may_not_stay_more_than_six_months_at_a_normal_point(provincial, commune, lan):
    code = refusal_code(
        lambda: services.create_batch(
            from_library=provincial,
            to_library=commune,
            planned_start=dt.date(2026, 3, 1),
            planned_end=dt.date(2026, 9, 15),
            by=lan.user,
        )
    )
    assert code == "period_too_long"


def test_a_remote_point_takes_the_period_the_library_sets(provincial, bookcase, lan):
    services.set_point_profile(library=bookcase, area=PointArea.REMOTE, max_months=10, by=lan.user)
    batch = services.create_batch(
        from_library=provincial,
        to_library=bookcase,
        planned_start=dt.date(2026, 3, 1),
        planned_end=dt.date(2026, 12, 31),
        by=lan.user,
    )
    assert batch.state == BatchState.DRAFT
    with pytest.raises(BatchRefused) as caught:
        services.update_batch(batch=batch, planned_end=dt.date(2027, 1, 2), by=lan.user)
    assert caught.value.code == "period_too_long"
    assert "10" in caught.value.message


def test_the_period_message_cites_the_circular(provincial, commune, lan):
    with pytest.raises(BatchRefused) as caught:
        services.create_batch(
            from_library=provincial,
            to_library=commune,
            planned_start=dt.date(2026, 3, 1),
            planned_end=dt.date(2027, 3, 1),
            by=lan.user,
        )
    assert "05/2022" in caught.value.message
    assert "01/09/2026" in caught.value.message


def test_a_title_with_two_copies_cannot_rotate(draft, provincial, lan):
    two_copies = stock(provincial, titles=1, copies=2, prefix="TWO")
    assert (
        refusal_code(lambda: services.add_item(batch=draft, item=two_copies[0], by=lan.user))
        == "too_few_copies"
    )


def test_withdrawn_and_lost_copies_do_not_count_towards_three(draft, provincial, lan):
    items = stock(provincial, titles=1, copies=3, prefix="WD")
    Item.objects.filter(pk=items[2].pk).update(status=ItemStatus.LOST)
    assert (
        refusal_code(lambda: services.add_item(batch=draft, item=items[0], by=lan.user))
        == "too_few_copies"
    )


def test_copies_of_other_libraries_do_not_count_towards_three(draft, provincial, commune, lan):
    items = stock(provincial, titles=1, copies=2, prefix="OT")
    ItemFactory(bib=items[0].bib, home_library=commune)
    assert (
        refusal_code(lambda: services.add_item(batch=draft, item=items[0], by=lan.user))
        == "too_few_copies"
    )


def test_a_restricted_record_cannot_rotate(draft, provincial, lan, rotation_stock):
    bib = rotation_stock[0].bib
    marc = make_marc(title=bib.title)
    marc.add_field(
        __import__("pymarc").Field(
            tag="506",
            indicators=["1", " "],
            subfields=[__import__("pymarc").Subfield("a", "Tài liệu hạn chế sử dụng")],
        )
    )
    from libnet.catalog import marc as catalog_marc

    bib.marc_json = catalog_marc.record_to_json(marc)
    bib.save(update_fields=["marc_json"])
    assert (
        refusal_code(lambda: services.add_item(batch=draft, item=rotation_stock[0], by=lan.user))
        == "restricted"
    )


def test_a_copy_in_the_closed_reading_room_cannot_rotate(draft, provincial, lan, rotation_stock):
    room = ShelfLocationFactory(
        library=provincial,
        code="HC",
        name="Phòng tài liệu hạn chế",
        is_closed_stack=True,
        is_reference=True,
    )
    Item.objects.filter(pk=rotation_stock[0].pk).update(shelf_location=room)
    assert (
        refusal_code(lambda: services.add_item(batch=draft, item=rotation_stock[0], by=lan.user))
        == "restricted"
    )


def test_a_copy_in_the_mobile_library_stock_cannot_rotate(
    draft, provincial, lan, rotation_stock, at
):
    ItemClaim.objects.create(
        item=rotation_stock[0], kind=ClaimKind.MOBILE, holder_id=7, claimed_at=at
    )
    assert (
        refusal_code(lambda: services.add_item(batch=draft, item=rotation_stock[0], by=lan.user))
        == "in_mobile_stock"
    )


def test_a_copy_owned_by_the_mobile_library_cannot_rotate(provincial, commune, lan):
    mobile = LibraryFactory(
        code="SL-LD", name="Thư viện lưu động", kind=LibraryKind.MOBILE, parent=provincial
    )
    items = stock(mobile, titles=1, copies=3, prefix="MB")
    batch = services.create_batch(
        from_library=mobile,
        to_library=commune,
        planned_start=dt.date(2026, 3, 1),
        planned_end=dt.date(2026, 5, 1),
        by=lan.user,
    )
    assert (
        refusal_code(lambda: services.add_item(batch=batch, item=items[0], by=lan.user))
        == "in_mobile_stock"
    )


def test_a_copy_is_in_at_most_one_open_batch(draft, provincial, bookcase, lan, rotation_stock):
    services.add_item(batch=draft, item=rotation_stock[0], by=lan.user)
    other = services.create_batch(
        from_library=provincial,
        to_library=bookcase,
        planned_start=dt.date(2026, 3, 1),
        planned_end=dt.date(2026, 6, 1),
        by=lan.user,
    )
    with pytest.raises(BatchRefused) as caught:
        services.add_item(batch=other, item=rotation_stock[0], by=lan.user)
    assert caught.value.code == "already_claimed"
    assert f"#{draft.pk}" in caught.value.message


def test_the_database_refuses_a_second_claim_on_a_copy(draft, lan, rotation_stock, at):
    """The claim is a constraint, not only a check: a direct second row is refused."""
    from django.db import IntegrityError, transaction

    services.add_item(batch=draft, item=rotation_stock[0], by=lan.user)
    with pytest.raises(IntegrityError), transaction.atomic():
        ItemClaim.objects.create(
            item=rotation_stock[0], kind=ClaimKind.TRANSFER, holder_id=1, claimed_at=at
        )


def test_a_copy_on_loan_cannot_join(draft, lan, rotation_stock):
    Item.objects.filter(pk=rotation_stock[0].pk).update(status=ItemStatus.ON_LOAN)
    assert (
        refusal_code(lambda: services.add_item(batch=draft, item=rotation_stock[0], by=lan.user))
        == "not_on_shelf"
    )


def test_another_librarys_copy_cannot_join(draft, commune, lan):
    items = stock(commune, titles=1, copies=3, prefix="CM")
    assert (
        refusal_code(lambda: services.add_item(batch=draft, item=items[0], by=lan.user))
        == "not_owned_by_sender"
    )


def test_add_by_list_reports_each_refused_copy_and_adds_the_rest(
    draft, provincial, lan, rotation_stock
):
    two = stock(provincial, titles=1, copies=2, prefix="LS")
    result = services.add_items(batch=draft, items=[*rotation_stock[:4], two[0]], by=lan.user)
    assert len(result.added) == 4
    assert [(barcode, error.code) for barcode, error in result.refused] == [
        (two[0].barcode, "too_few_copies")
    ]
    assert draft.lines.count() == 4


def test_box_number_must_be_one_of_the_batch_boxes(draft, lan, rotation_stock):
    assert (
        refusal_code(
            lambda: services.add_item(
                batch=draft, item=rotation_stock[0], box_number=3, by=lan.user
            )
        )
        == "box_invalid"
    )


def test_removing_a_copy_frees_it(draft, lan, rotation_stock):
    services.add_item(batch=draft, item=rotation_stock[0], by=lan.user)
    services.remove_item(batch=draft, item=rotation_stock[0], by=lan.user)
    assert not ItemClaim.objects.filter(pk=rotation_stock[0].pk).exists()


def test_an_empty_batch_cannot_be_packed(draft, lan):
    assert refusal_code(lambda: services.pack_batch(batch=draft, by=lan.user)) == "batch_empty"


def test_a_packed_batch_takes_no_more_copies(draft, lan, rotation_stock):
    services.add_items(batch=draft, items=rotation_stock[:2], by=lan.user)
    services.pack_batch(batch=draft, by=lan.user)
    assert (
        refusal_code(lambda: services.add_item(batch=draft, item=rotation_stock[2], by=lan.user))
        == "batch_not_editable"
    )


def test_cancelling_a_packed_batch_frees_its_copies(draft, lan, rotation_stock):
    services.add_items(batch=draft, items=rotation_stock[:3], by=lan.user)
    services.pack_batch(batch=draft, by=lan.user)
    batch = services.cancel_batch(batch=draft, by=lan.user)
    assert batch.state == BatchState.CANCELLED
    assert not ItemClaim.objects.filter(item__in=rotation_stock[:3]).exists()


def test_a_shipped_batch_cannot_be_cancelled(draft, lan, rotation_stock):
    services.add_items(batch=draft, items=rotation_stock[:2], by=lan.user)
    services.pack_batch(batch=draft, by=lan.user)
    services.ship_batch(batch=draft, by=lan.user, at=NOW)
    with pytest.raises(BatchRefused) as caught:
        services.cancel_batch(batch=draft, by=lan.user)
    assert caught.value.code == "invalid_transition"


def test_shipping_puts_copies_in_transit_and_counts_at_the_sender(
    draft, provincial, lan, rotation_stock, at
):
    services.add_items(batch=draft, items=rotation_stock[:5], by=lan.user)
    services.pack_batch(batch=draft, by=lan.user, at=at)
    services.ship_batch(batch=draft, by=lan.user, at=at)
    assert set(
        Item.objects.filter(pk__in=[i.pk for i in rotation_stock[:5]]).values_list(
            "status", flat=True
        )
    ) == {ItemStatus.IN_TRANSIT}
    figures = dict(
        DailyStat.objects.filter(library=provincial, day=dt.date(2026, 3, 2)).values_list(
            "indicator", "value"
        )
    )
    assert figures["rotation_batches_sent"] == 1
    assert figures["rotation_items_sent"] == 5
    assert AuditEntry.objects.filter(action="batch.ship", subject_id=str(draft.pk)).exists()


def test_shipping_after_the_planned_end_is_refused(draft, lan, rotation_stock):
    """The period rule is checked again on the day the boxes leave."""
    services.add_items(batch=draft, items=rotation_stock[:2], by=lan.user)
    services.pack_batch(batch=draft, by=lan.user)
    too_late = dt.datetime(2026, 9, 1, 3, 0, tzinfo=dt.UTC)
    assert (
        refusal_code(lambda: services.ship_batch(batch=draft, by=lan.user, at=too_late))
        == "period_invalid"
    )
    late = dt.datetime(2026, 6, 1, 3, 0, tzinfo=dt.UTC)  # from 1/6 to 31/8: still allowed
    assert services.ship_batch(batch=draft, by=lan.user, at=late).state == BatchState.SHIPPED


def test_receipt_records_the_copies_that_did_not_arrive(
    draft, commune, lan, minh, rotation_stock, at
):
    services.add_items(batch=draft, items=rotation_stock[:4], by=lan.user)
    services.pack_batch(batch=draft, by=lan.user)
    services.ship_batch(batch=draft, by=lan.user, at=NOW)
    for item in rotation_stock[:3]:
        services.scan_arrival(batch=draft, item=item, by=minh.user)
    services.receive_batch(batch=draft, confirm=True, by=minh.user)
    states = dict(draft.lines.values_list("item_id", "state"))
    assert states[rotation_stock[3].pk] == BatchItemState.MISSING_ON_ARRIVAL
    assert states[rotation_stock[0].pk] == BatchItemState.RECEIVED
    first = Item.objects.get(pk=rotation_stock[0].pk)
    assert (first.status, first.current_library_id) == (ItemStatus.ON_ROTATION, commune.pk)
    assert Item.objects.get(pk=rotation_stock[3].pk).status == ItemStatus.MISSING


def test_scanning_a_copy_of_another_batch_on_arrival_is_refused(draft, lan, minh, rotation_stock):
    services.add_items(batch=draft, items=[rotation_stock[0], rotation_stock[2]], by=lan.user)
    services.pack_batch(batch=draft, by=lan.user)
    services.ship_batch(batch=draft, by=lan.user, at=NOW)
    with pytest.raises(BatchRefused) as caught:
        services.scan_arrival(batch=draft, item=rotation_stock[1], by=minh.user)
    assert caught.value.code == "not_in_batch"


def test_return_and_close_send_losses_and_damage_to_the_weeding_list(
    draft, provincial, lan, minh, rotation_stock
):
    services.add_items(batch=draft, items=rotation_stock[:4], by=lan.user)
    services.pack_batch(batch=draft, by=lan.user)
    services.ship_batch(batch=draft, by=lan.user, at=NOW)
    services.receive_batch(batch=draft, by=minh.user)
    services.start_use(batch=draft, by=minh.user)
    services.send_back(batch=draft, point_requests="Truyện tranh\nSách nông nghiệp", by=minh.user)
    services.scan_return(batch=draft, item=rotation_stock[0], by=lan.user)
    services.scan_return(batch=draft, item=rotation_stock[1], by=lan.user)
    services.scan_return(batch=draft, item=rotation_stock[2], damaged=True, by=lan.user)
    batch = services.close_batch(batch=draft, confirm=True, by=lan.user)
    assert batch.state == BatchState.CLOSED
    statuses = {
        item.pk: item.status
        for item in Item.objects.filter(pk__in=[i.pk for i in rotation_stock[:4]])
    }
    assert statuses == {
        rotation_stock[0].pk: ItemStatus.AVAILABLE,
        rotation_stock[1].pk: ItemStatus.AVAILABLE,
        rotation_stock[2].pk: ItemStatus.DAMAGED,
        rotation_stock[3].pk: ItemStatus.LOST,
    }
    assert Item.objects.get(pk=rotation_stock[0].pk).current_library_id == provincial.pk
    weeding = dict(WeedingCandidate.objects.values_list("item_id", "reason"))
    assert weeding == {rotation_stock[2].pk: "damaged", rotation_stock[3].pk: "lost"}
    assert not ItemClaim.objects.filter(item__in=rotation_stock[:4]).exists()
    assert batch.point_requests == "Truyện tranh\nSách nông nghiệp"


def test_the_point_side_cannot_close(draft, lan, minh, rotation_stock):
    from libnet.core.errors import PermissionDenied
    from libnet.rotation import access

    with pytest.raises(PermissionDenied):
        access.check_batch_action(minh.user, draft, "close")
    access.check_batch_action(minh.user, draft, "receive")
    access.check_batch_action(lan.user, draft, "receive")  # on behalf of a deposit point


def test_a_weeding_candidate_leaves_the_list_when_withdrawn(lan, rotation_stock):
    from libnet.catalog import services as catalog_services

    copy = rotation_stock[0]
    catalog_services.change_item_status(item=copy, to=ItemStatus.LOST, by=lan.user)
    catalog_services.note_weeding_candidate(item=copy, reason="lost", source="test", by=lan.user)
    assert WeedingCandidate.objects.filter(resolved_at__isnull=True).count() == 1
    catalog_services.change_item_status(
        item=copy, to=ItemStatus.WITHDRAWN, withdrawal_reference="12/QĐ-TV", by=lan.user
    )
    assert WeedingCandidate.objects.filter(resolved_at__isnull=True).count() == 0


def test_arrival_and_return_scans_are_audited(draft, lan, minh, rotation_stock):
    services.add_items(batch=draft, items=rotation_stock[:2], by=lan.user)
    services.pack_batch(batch=draft, by=lan.user)
    services.ship_batch(batch=draft, by=lan.user, at=NOW)
    services.scan_arrival(batch=draft, item=rotation_stock[0], by=minh.user)
    arrival = AuditEntry.objects.get(action="batch.scan_arrival")
    assert (arrival.actor, arrival.library_id) == (minh.user, draft.to_library_id)
    assert arrival.after["barcode"] == rotation_stock[0].barcode
    services.receive_batch(batch=draft, confirm=True, by=minh.user)
    services.send_back(batch=draft, by=minh.user)
    services.scan_return(batch=draft, item=rotation_stock[0], by=lan.user)
    services.scan_return(batch=draft, item=rotation_stock[1], damaged=True, by=lan.user)
    returns = list(AuditEntry.objects.filter(action="batch.scan_return").order_by("pk"))
    assert [(entry.actor, entry.library_id) for entry in returns] == [
        (lan.user, draft.from_library_id)
    ] * 2
    assert returns[1].after == {
        "barcode": rotation_stock[1].barcode,
        "return_scanned": True,
        "return_damaged": True,
    }
    assert returns[1].before["return_damaged"] is False


@pytest.mark.parametrize("boxes", [0, -1, 100, 100000])
def test_a_batch_travels_in_1_to_99_boxes(provincial, commune, lan, draft, boxes):
    with pytest.raises(BatchRefused) as caught:
        services.create_batch(
            from_library=provincial,
            to_library=commune,
            planned_start=dt.date(2026, 3, 2),
            planned_end=dt.date(2026, 8, 31),
            boxes=boxes,
            by=lan.user,
        )
    assert caught.value.code == "boxes_out_of_range"
    with pytest.raises(BatchRefused) as caught:
        services.update_batch(batch=draft, boxes=boxes, by=lan.user)
    assert caught.value.code == "boxes_out_of_range"
    draft.refresh_from_db()
    assert draft.boxes == 2
    assert services.update_batch(batch=draft, boxes=99, by=lan.user).boxes == 99
